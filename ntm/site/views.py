from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.audit.selectors import audit_entries_for, can_read_audit
from ntm.core.choices import Role
from ntm.core.permissions import OCOP, may_use_area
from ntm.jobs.services import job_start
from ntm.site.tasks import export_audit_log


def home(request):
    """Public landing for visitors; for a signed-in user, one card per role with the unit it is bound to."""
    if not request.user.is_authenticated:
        return render(request, "site/landing.html")
    assignments = request.user.active_roles()
    context = {
        "assignments": assignments,
        "can_read_audit": can_read_audit(request.user),
        "can_use_ocop": may_use_area(request.user, OCOP),
        "Role": Role,
    }
    return render(request, "site/home.html", context)


@login_required
@require_POST
def audit_export(request):
    """Queue the Excel export of the audit log (with the list page's filters) as a background job."""
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


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
