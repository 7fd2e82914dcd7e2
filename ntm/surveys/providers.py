"""Computed indicator sources for the criteria engine (the assessment issue registers them).

``satisfaction_results(unit, year)`` gives a commune's survey results in the shape the engine's district inputs
use for a commune (``ntm/criteria/engine.py``: ``{"satisfaction": {"overall": …, "by_content": {…}}}``), read
only from CLOSED campaigns (results frozen at close), never from a campaign still taking answers.

Two scalar providers for the assessment app's registry (``ntm.assessment.providers``: ``fn(unit, year) -> value |
None``), registered from ``SurveysConfig.ready()`` when that app is installed:
``survey_satisfaction_overall`` (overall %) and ``survey_satisfaction_min_content`` (the lowest content %, what
QĐ 320 checks in every commune). The province maps an indicator to one with an ``IndicatorSource`` row.

``online_survey_communes(year)`` lists the communes that collected answers online in a closed campaign of that
year (the QĐ 924 / Plan 202 target: ≥ 40% of units survey satisfaction online).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from ntm.surveys.models import Campaign, CampaignStatus, Purpose
from ntm.surveys.selectors import results_of
from ntm.units.models import AdministrativeUnit


def _closed(unit: AdministrativeUnit, year: int):
    return (
        Campaign.objects.filter(
            unit=unit, year=year, purpose=Purpose.RECOGNITION, status=CampaignStatus.CLOSED
        )
        .exclude(frozen_results__isnull=True)
        .select_related("unit", "questionnaire")
        .order_by("-closed_at")
    )


def satisfaction_results(unit: AdministrativeUnit, year: int) -> dict[str, Any] | None:
    """The latest closed recognition campaign of ``unit`` in ``year``, or None when there is none.

    Returns ``{"overall": pct | None, "by_content": {question key: pct}, "answers": n, "households": n,
    "frozen": True, "campaign_id": id, "recognition_level": "ntm" | "nang_cao" | "kieu_mau",
    "thresholds": {"overall": (value, provenance), "content": (…), "coverage": (…)}}``. Percentages are floats
    with one decimal. With fewer than 10 answers the figures are withheld: ``overall`` is None and
    ``by_content`` is empty (``"suppressed": True``).
    """
    campaign = _closed(unit, year).first()
    if campaign is None:
        return None
    results = results_of(campaign)
    commune = results.commune
    return {
        "campaign_id": campaign.pk,
        "recognition_level": campaign.recognition_level,
        "frozen": True,
        "answers": commune.answers,
        "households": commune.households,
        "suppressed": commune.suppressed,
        "overall": None if commune.suppressed else commune.overall.percent,
        "by_content": {}
        if commune.suppressed
        else {c.key: c.share.percent for c in commune.contents if c.share.percent is not None},
        "thresholds": {
            "overall": (campaign.threshold_overall, campaign.threshold_overall_provenance),
            "content": (campaign.threshold_content, campaign.threshold_content_provenance),
            "coverage": (campaign.coverage_target, campaign.coverage_provenance),
        },
    }


def satisfaction_overall(unit: AdministrativeUnit, year: int) -> float | None:
    result = satisfaction_results(unit, year)
    return None if result is None else result["overall"]


def satisfaction_min_content(unit: AdministrativeUnit, year: int) -> float | None:
    result = satisfaction_results(unit, year)
    return min(result["by_content"].values()) if result and result["by_content"] else None


SCALAR_PROVIDERS = (
    (
        "survey_satisfaction_overall",
        _("Overall satisfaction share (Fatherland Front survey, closed rounds)"),
        satisfaction_overall,
    ),
    (
        "survey_satisfaction_min_content",
        _("Lowest satisfaction share by topic (Fatherland Front survey, closed rounds)"),
        satisfaction_min_content,
    ),
)


def online_survey_communes(year: int) -> list[AdministrativeUnit]:
    """Communes with at least one online answer in a closed campaign of ``year`` (any purpose)."""
    unit_ids = {
        campaign.unit_id
        for campaign in Campaign.objects.filter(year=year, status=CampaignStatus.CLOSED)
        if campaign.frozen_results
        and any(group.get("online", 0) > 0 for group in campaign.frozen_results.get("hamlets", []))
    }
    return list(AdministrativeUnit.objects.filter(pk__in=unit_ids).order_by("name"))
