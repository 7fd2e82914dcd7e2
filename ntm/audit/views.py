from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.audit.selectors import audit_entries_for
from ntm.audit.tasks import export_audit_log
from ntm.core.paging import is_htmx_partial, paginate, querystring_without_page
from ntm.jobs.services import job_start


@login_required
def audit_list(request):
    entries, entry_filter = audit_entries_for(request.user, request.GET)
    context = {
        "page": paginate(request, entries),
        "filter": entry_filter,
        "querystring": querystring_without_page(request),
    }
    template = "audit/_table.html" if is_htmx_partial(request) else "audit/list.html"
    return render(request, template, context)


@login_required
@require_POST
def audit_export(request):
    audit_entries_for(request.user)  # refuses users who may not read the log
    filters = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken" and value}
    job = job_start(
        owner=request.user,
        kind="audit.export",
        label=_("Audit log export"),
        task=export_audit_log,
        params={"filters": filters},
    )
    return redirect("jobs:detail", job_id=job.pk)
