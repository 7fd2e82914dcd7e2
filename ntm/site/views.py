from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.audit.selectors import audit_entries_for
from ntm.core.choices import Role
from ntm.core.notifications import notifications_for, unread_count
from ntm.core.worklist import work_items_for
from ntm.jobs.services import job_start
from ntm.site.tasks import export_audit_log

NOTICES = 5


def home(request):
    """Public landing for visitors; a signed-in user lands on "my work"."""
    if not request.user.is_authenticated:
        return render(request, "site/landing.html")
    return my_work(request)


@login_required
def my_work(request):
    """What waits for the user: every registered provider's items (``ntm.core.worklist``) with counts and links,
    the unread notifications, and the roles the user holds."""
    context = {
        "assignments": request.user.active_roles(),
        "items": work_items_for(request.user),
        "notifications": list(notifications_for(request.user).filter(read_at__isnull=True)[:NOTICES]),
        "unread": unread_count(request.user),
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
