"""The traceability app's line on "my work": growing areas registered and waiting for a code, for those who issue
codes (the coordinator and department officers) within their scope."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from ntm.core.choices import Role
from ntm.core.worklist import WorkItem
from ntm.traceability.models import AreaStatus
from ntm.traceability.selectors import areas_for


def traceability_work(user) -> list[WorkItem]:
    if not (user.is_superuser or user.has_role(Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER)):
        return []
    waiting = areas_for(user).filter(status=AreaStatus.REGISTERED).count()
    return [
        WorkItem(
            key="traceability.awaiting_code",
            label=_("Growing areas awaiting a code"),
            count=waiting,
            url=f"{reverse('traceability:areas')}?status={AreaStatus.REGISTERED}",
        )
    ]
