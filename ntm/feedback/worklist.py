"""The feedback inbox's lines on "my work": items a commune officer has to answer, and for the province the items
past their deadline (escalated)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from ntm.core.permissions import FEEDBACK, may_use_area
from ntm.core.worklist import WorkItem
from ntm.feedback import selectors


def feedback_work(user) -> list[WorkItem]:
    if not may_use_area(user, FEEDBACK):
        return []
    result = []
    waiting = list(selectors.to_answer(user).select_related("unit").order_by("due_on", "pk")[:50])
    if waiting:
        result.append(
            WorkItem(
                key="feedback.to_answer",
                label=_("Citizen feedback to answer"),
                count=len(waiting),
                url=f"{reverse('feedback:inbox')}?trang-thai=new",
                details=tuple(
                    (
                        _("%(category)s, due %(due)s")
                        % {"category": item.get_category_display(), "due": f"{item.due_on:%d/%m/%Y}"},
                        reverse("feedback:item", args=[item.pk]),
                    )
                    for item in waiting[:3]
                ),
            )
        )
    overdue = list(selectors.escalated(user)[:50])
    if overdue:
        result.append(
            WorkItem(
                key="feedback.escalated",
                label=_("Citizen feedback past its deadline (escalated to the province)"),
                count=len(overdue),
                url=reverse("feedback:escalated"),
                details=tuple(
                    (
                        f"{item.unit.name}: {item.get_category_display()}",
                        reverse("feedback:item", args=[item.pk]),
                    )
                    for item in overdue[:3]
                ),
                urgent=True,
            )
        )
    return result
