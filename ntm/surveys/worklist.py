"""The surveys app's lines on the "my work" home: survey rounds the Front officer should open (opening day
reached) or close (closing day reached). Registered in ``SurveysConfig.ready``."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ntm.core.permissions import SURVEYS
from ntm.core.scoping import CHANGE
from ntm.core.worklist import WorkItem
from ntm.surveys.models import Campaign, CampaignStatus
from ntm.surveys.selectors import can_manage_surveys


def _line(campaign: Campaign, day) -> tuple[str, str]:
    return (
        _("%(title)s (%(unit)s), %(date)s")
        % {"title": campaign.title, "unit": campaign.unit.name, "date": formats.date_format(day, "d/m/Y")},
        reverse("surveys:detail", args=[campaign.pk]),
    )


def surveys_work(user) -> list[WorkItem]:
    if user.is_superuser or not can_manage_surveys(user):
        return []
    today = timezone.localdate()
    mine = Campaign.objects.restrict(user, CHANGE, area=SURVEYS).select_related("unit")
    to_open = list(mine.filter(status=CampaignStatus.DRAFT, opens_on__lte=today).order_by("opens_on"))
    to_close = list(mine.filter(status=CampaignStatus.OPEN, closes_on__lt=today).order_by("closes_on"))
    items = []
    if to_open:
        items.append(
            WorkItem(
                key="surveys.open",
                label=_("Survey rounds whose opening day has come: open them"),
                count=len(to_open),
                url=reverse("surveys:detail", args=[to_open[0].pk]),
                details=tuple(_line(c, c.opens_on) for c in to_open[:5]),
            )
        )
    if to_close:
        items.append(
            WorkItem(
                key="surveys.close",
                label=_("Survey rounds past their closing day: close them"),
                count=len(to_close),
                url=reverse("surveys:detail", args=[to_close[0].pk]),
                details=tuple(_line(c, c.closes_on) for c in to_close[:5]),
            )
        )
    return items
