"""The user's notifications (``ntm.core.notifications``): the list and marking them read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ntm.core.notifications import notification_mark_read, notifications_for, unread_count
from ntm.core.paging import paginate


@login_required
def notification_list(request):
    page = paginate(request, notifications_for(request.user))
    return render(request, "core/notifications.html", {"page": page, "unread": unread_count(request.user)})


@login_required
@require_POST
def notification_read(request):
    ids = request.POST.getlist("id")
    notification_mark_read(
        user=request.user, notification_ids=[int(i) for i in ids if i.isdigit()] if ids else None
    )
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("notifications:list")
