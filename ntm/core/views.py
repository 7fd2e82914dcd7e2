from django.shortcuts import render

from ntm.audit.selectors import can_read_audit
from ntm.core.choices import Role


def home(request):
    """Public landing for visitors; for a signed-in user, one card per role with the unit it is bound to."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    assignments = request.user.active_roles()
    context = {
        "assignments": assignments,
        "can_read_audit": can_read_audit(request.user),
        "Role": Role,
    }
    return render(request, "core/home.html", context)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
