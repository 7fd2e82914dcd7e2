from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from ntm.core.files import serve_file
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
    return serve_file(
        request,
        job.result_file,
        content_type=job.result_type,
        download_name=job.result_name or job.result_file.name.rsplit("/", 1)[-1],
        attachment=True,
    )
