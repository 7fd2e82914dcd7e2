"""Survey rounds of a district-level unit (Plan 202 II.2.c counts a huyện or Long Khánh city with its own online
survey on NTM results): the Front of the district creates one through the page, with the district rule's
thresholds marked confirmed, and imports households from the hamlets of all its communes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.programme.tests.factories import old_dong_nai
from ntm.surveys import thresholds
from ntm.surveys.models import Campaign, Household
from ntm.surveys.services.campaigns import campaign_create
from ntm.surveys.services.households import households_import
from ntm.surveys.tests.factories import HamletFactory, campaign_data, workbook
from ntm.testing.factories import RoleFactory, UnitFactory, UserFactory
from ntm.units.models import Level

pytestmark = pytest.mark.django_db


def test_district_thresholds_are_the_district_rule_as_written():
    district = thresholds.defaults_for("recognition", "district")
    commune = thresholds.defaults_for("recognition", "commune")
    assert (district["overall"].value, district["overall"].provenance) == (90, "confirmed")
    assert (district["content"].value, district["content"].provenance) == (80, "confirmed")
    assert commune["content"].provenance == "partial"  # applied to one commune by analogy
    assert thresholds.resolve("recognition", "content", None, level="district").provenance == "confirmed"


@pytest.fixture
def district(cast):
    old = old_dong_nai(cast)
    front = UserFactory(username="mttq_huyen", full_name="Mai Thị Huyện")
    RoleFactory(user=front, role=Role.FRONT_OFFICER, unit=old.long_thanh)
    # Two communes of the district each have an "Ấp 1".
    HamletFactory(unit=old.old_long_phuoc, name="Ấp 1")
    HamletFactory(unit=old.old_township, name="Ấp 1")
    HamletFactory(unit=old.old_bao_hoa, name="Ấp 9")  # another district
    return old, front


def test_front_of_a_district_creates_its_round_on_the_page(client, district):
    old, front = district
    client.force_login(front)
    form = client.get(reverse("surveys:create")).content.decode()
    assert "Huyện Long Thành" in form and "Huyện Xuân Lộc" not in form
    today = timezone.localdate()
    response = client.post(
        reverse("surveys:create"),
        {
            "unit": old.long_thanh.pk,
            "title": "Khảo sát sự hài lòng huyện Long Thành",
            "purpose": "recognition",
            "recognition_level": "ntm",
            "year": 2024,
            "questionnaire_code": "ntm-xa-2021-2025",
            "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=10)).isoformat(),
            "officers": [front.pk],
        },
    )
    campaign = Campaign.objects.get(title="Khảo sát sự hài lòng huyện Long Thành")
    assert response.status_code == 302 and campaign.unit == old.long_thanh
    assert (campaign.threshold_overall, campaign.threshold_overall_provenance) == (90, "confirmed")
    assert (campaign.threshold_content, campaign.threshold_content_provenance) == (80, "confirmed")


def test_households_of_a_district_round_name_their_commune(district):
    old, front = district
    campaign = campaign_create(actor=front, data=campaign_data(old.long_thanh, officers=(front,)))
    households_import(
        campaign=campaign,
        data=workbook(
            [
                ("LP-001", "Nguyễn Văn An", "Ấp 1 (Xã Long Phước)"),
                ("TT-001", "Trần Thị Bình", "ap 1 (thi tran long thanh)"),
            ]
        ),
    )
    hamlets = {h.code: h.hamlet.unit for h in Household.objects.filter(campaign=campaign)}
    assert hamlets == {"LP-001": old.old_long_phuoc, "TT-001": old.old_township}
    # A hamlet of another district is not one of this round's.
    with pytest.raises(Exception, match="Ấp 9"):
        households_import(campaign=campaign, data=workbook([("BH-001", "Lê Văn C", "Ấp 9 (Xã Bảo Hoà)")]))
    assert Household.objects.filter(campaign=campaign).count() == 2


def test_a_ward_or_a_province_runs_no_round_on_ntm_results(cast, district):
    old, front = district
    ward = UnitFactory(
        code="99", name="Quận Một", parent=old.province, level=Level.DISTRICT, unit_type="quan"
    )
    RoleFactory(user=front, role=Role.FRONT_OFFICER, unit=ward)
    with pytest.raises(ServiceError):
        campaign_create(actor=front, data=campaign_data(ward, officers=(front,)))
