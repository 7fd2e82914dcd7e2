"""A set without thresholds says so wherever it is used (one helper, ``{% threshold_notice %}``): the gap page, a
commune's values page and the map (public and internal); the how-to links (Excel round trip) only for those who
can edit sets, and nothing when every threshold is in."""

import re

import pytest
from django.urls import reverse

from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.services import criteria_sets_load_shipped

pytestmark = pytest.mark.django_db
NOTICE = 'data-testid="threshold-notice"'
NEW_SET = "xa-ntm-2026-2030"


@pytest.fixture
def sets():
    criteria_sets_load_shipped()
    version = CriteriaSetVersion.objects.filter(code=NEW_SET).order_by("-version").first()
    assert version.stats["missing"] > 0  # the 2026-2030 set ships with placeholder thresholds
    return version


def notice(html: str) -> str:
    found = re.search(rf"<div[^>]*{NOTICE}.*?</div>", html, re.S)
    return found.group(0) if found else ""


def values_url(unit, year):
    return reverse("assessment:unit", args=[unit.structure, unit.code]) + f"?year={year}&set={NEW_SET}"


def test_values_page_of_a_commune_says_the_set_has_no_thresholds(client_as, cast, sets):
    page = client_as(cast.officer_a).get(values_url(cast.commune_a, 2026)).content.decode()
    text = notice(page)
    assert text and str(sets.stats["missing"]) in text
    assert reverse("criteria:import") not in text  # a commune cannot import: no link to a 403
    assert reverse("criteria:detail", args=[NEW_SET]) in text
    page = client_as(cast.coordinator).get(values_url(cast.commune_a, 2026)).content.decode()
    assert reverse("criteria:import") in notice(page)  # the coordinator is told how to enter them


def test_no_notice_once_every_threshold_is_entered(client_as, cast, sets):
    CriteriaSetVersion.objects.filter(pk=sets.pk).update(stats={**sets.stats, "missing": 0})
    page = client_as(cast.officer_a).get(values_url(cast.commune_a, 2026)).content.decode()
    assert NOTICE not in page
    assert NOTICE not in client_as(None).get(reverse("maps:public") + "?year=2026").content.decode()


def test_public_and_internal_map_say_the_year_set_has_no_thresholds(client_as, cast, sets):
    public = client_as(None).get(reverse("maps:public") + "?year=2026").content.decode()
    text = notice(public)
    assert text and sets.name in text
    assert "/bo-tieu-chi/" not in text  # the public is not sent to pages that need a sign-in
    internal = client_as(cast.coordinator).get(reverse("maps:internal") + "?year=2026").content.decode()
    assert reverse("criteria:import") in notice(internal)


def test_gap_page_uses_the_same_notice(client_as, cast, sets):
    page = client_as(cast.coordinator).get(reverse("assessment:gaps") + "?year=2026").content.decode()
    assert sets.name in notice(page) and reverse("criteria:import") in notice(page)
