"""The OCOP app's lines on "my work": registration dossiers waiting for the commune's pre-check (commune officers)
and products waiting for the council's scores (OCOP council members), within the user's scope."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from ntm.core.choices import Role
from ntm.core.worklist import WorkItem
from ntm.ocop.models import EvaluationState
from ntm.ocop.selectors import evaluations_visible


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
    return items
