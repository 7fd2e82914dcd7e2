from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from ntm.core.paging import is_htmx_partial, paginate
from ntm.jobs.selectors import job_for, jobs_for


@login_required
def job_list(request):
    return render(request, "jobs/list.html", {"page": paginate(request, jobs_for(request.user))})


@login_required
def job_detail(request, job_id):
    job = job_for(request.user, job_id)
    template = "jobs/_progress.html" if is_htmx_partial(request) else "jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, job_id):
    job = job_for(request.user, job_id)
    if not job.result_file:
        raise Http404(_("The job has no result file yet."))
    filename = job.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=filename)
