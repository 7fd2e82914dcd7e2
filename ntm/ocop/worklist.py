"""The OCOP app's lines on "my work": registration dossiers waiting for the commune's pre-check (commune officers)
products waiting for the council's scores (OCOP council members), and certificates expiring or expired that
are not being re-evaluated yet (the coordinator; a producer for its own), within the user's scope."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core.choices import Role
from ntm.core.worklist import WorkItem
from ntm.ocop.models import EvaluationState
from ntm.ocop.selectors import evaluations_visible, reevaluation_due


def ocop_work(user) -> list[WorkItem]:
    items = []
    if user.is_superuser or user.has_role(Role.COMMUNE_OFFICER):
        count = evaluations_visible(user).filter(state=EvaluationState.SUBMITTED).count()
        items.append(
            WorkItem(
                key="ocop.precheck",
                label=_("OCOP dossiers to pre-check"),
                count=count,
                url=f"{reverse('ocop:work_list')}?state={EvaluationState.SUBMITTED}",
            )
        )
    if user.is_superuser or user.has_role(Role.OCOP_COUNCIL_MEMBER):
        count = evaluations_visible(user).filter(state=EvaluationState.SCORING).count()
        items.append(
            WorkItem(
                key="ocop.scoring",
                label=_("OCOP products to score"),
                count=count,
                url=f"{reverse('ocop:work_list')}?state={EvaluationState.SCORING}",
            )
        )
    if user.is_superuser or user.has_role(Role.PROVINCE_COORDINATOR) or user.has_role(Role.PRODUCER):
        due = list(reevaluation_due(user, timezone.localdate()).select_related("product")[:200])
        today = timezone.localdate()
        items.append(
            WorkItem(
                key="ocop.reevaluation",
                label=_("OCOP certificates expiring or expired: re-evaluate"),
                count=len(due),
                url=reverse("ocop:reevaluations"),
                details=tuple(
                    (
                        f"{c.product.name} — {c.number} ({c.expires_on:%d/%m/%Y})",
                        reverse("ocop:reevaluations"),
                    )
                    for c in due[:3]
                ),
                urgent=any(c.expires_on < today for c in due),
            )
        )
    return items
