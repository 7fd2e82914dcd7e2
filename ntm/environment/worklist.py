"""The environment app's line on "my work": this year's water samples outside a limit in the user's scope."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core.permissions import ENVIRONMENT, may_use_area
from ntm.core.worklist import WorkItem
from ntm.environment.selectors import exceedances


def environment_work(user) -> list[WorkItem]:
    if not may_use_area(user, ENVIRONMENT):
        return []
    year = timezone.localdate().year
    items = exceedances(user, year)
    return [
        WorkItem(
            key="environment.exceedances",
            label=_("Water samples outside a limit this year"),
            count=len(items),
            url=f"{reverse('environment:exceedances')}?year={year}",
            details=tuple(
                (
                    f"{item.sample.point.name} ({item.sample.sampled_on:%d/%m/%Y}): "
                    + ", ".join(j.parameter.name for j in item.failed),
                    reverse("environment:point", args=[item.sample.point_id]),
                )
                for item in items[:3]
            ),
            urgent=True,
        )
    ]
