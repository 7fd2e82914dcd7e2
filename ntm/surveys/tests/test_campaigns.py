"""Campaigns: creation with marked thresholds, lifecycle, freezing, scoping and the permission matrix."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.jobs.models import Job
from ntm.surveys.models import Answer, Campaign, CampaignStatus, Household, Receipt
from ntm.surveys.services.answers import CampaignNotOpen, answer_submit
from ntm.surveys.services.campaigns import campaign_close, campaign_create, campaign_open
from ntm.surveys.services.households import households_purge, purge_expired_household_lists
from ntm.surveys.tests.factories import all_satisfied, campaign_data, front_officer, make_survey
from ntm.testing.factories import UnitFactory
from ntm.testing.permissions import assert_access, rows_of
from ntm.units.models import Level

pytestmark = pytest.mark.django_db


def test_recognition_defaults_carry_their_provenance_marks(survey):
    campaign = survey.campaign
    assert (campaign.threshold_overall, campaign.threshold_overall_provenance) == (
        Decimal("90"),
        "unconfirmed",
    )
    # 80% per content is a condition of the district's recognition (QĐ 320): partial for a commune campaign.
    assert (campaign.threshold_content, campaign.threshold_content_provenance) == (Decimal("80"), "partial")
    assert (campaign.coverage_target, campaign.coverage_provenance) == (Decimal("70"), "unconfirmed")
    assert "320" in campaign.threshold_content_source
    assert list(campaign.officers.all()) == [survey.front_a]
    entry = AuditEntry.objects.get(action="survey.campaign_create")
    assert entry.actor is None or entry.unit == survey.cast.commune_a


def test_a_local_threshold_is_marked_as_set_by_the_front(cast):
    officer = front_officer("mttq_x", cast.commune_a)
    campaign = campaign_create(
        actor=officer, data=campaign_data(cast.commune_a, threshold_overall=Decimal("85"))
    )
    assert (
        campaign.threshold_overall == Decimal("85") and campaign.threshold_overall_provenance == "unconfirmed"
    )
    assert "Mặt trận" in campaign.threshold_overall_source or "MTTQ" in campaign.threshold_overall_source


def test_service_rules(cast):
    officer = front_officer("mttq_x", cast.province)
    with pytest.raises(ServiceError, match="không phải xã"):
        campaign_create(
            actor=officer, data=campaign_data(cast.commune_b)
        )  # a phường cannot be NTM-recognised
    service = campaign_create(
        actor=officer,
        data=campaign_data(
            cast.commune_b,
            purpose="service",
            recognition_level="",
            service_name="Trạm y tế phường",
            questionnaire_code="dich-vu-thiet-yeu",
        ),
    )
    assert service.threshold_overall is None and service.threshold_overall_provenance == "placeholder"
    with pytest.raises(ServiceError, match="Mẫu phiếu"):
        campaign_create(
            actor=officer, data=campaign_data(cast.commune_a, questionnaire_code="dich-vu-thiet-yeu")
        )
    stranger = front_officer("mttq_y", cast.commune_b)
    with pytest.raises(ServiceError, match="Không phải cán bộ MTTQ"):
        campaign_create(actor=officer, data=campaign_data(cast.commune_a, officers=(stranger,)))
    district = UnitFactory(code="731", name="Huyện Cũ", level=Level.DISTRICT, parent=cast.province)
    with pytest.raises(ServiceError, match="huyện, thị xã"):
        campaign_create(actor=officer, data=campaign_data(district))


def test_open_needs_households_and_close_freezes_results(cast):
    empty = make_survey(cast, per_hamlet=0)
    with pytest.raises(ServiceError, match="danh sách hộ"):
        campaign_open(campaign=empty.campaign)


def test_close_freezes_results_stops_answers_and_survives_a_purge(survey):
    for household in survey.households[:12]:
        answer_submit(household=household, responses=all_satisfied(survey.campaign), comments={})
    closed = campaign_close(campaign=survey.campaign)
    assert closed.status == CampaignStatus.CLOSED and closed.is_frozen
    frozen = closed.frozen_results["hamlets"]
    assert sum(group["answers"] for group in frozen) == 12
    assert sum(group["households"] for group in frozen) == 36
    with pytest.raises(CampaignNotOpen):
        answer_submit(household=survey.households[20], responses=all_satisfied(closed), comments={})
    with pytest.raises(StateConflict):
        campaign_close(campaign=closed)
    assert households_purge(campaign=closed) == 36
    assert not Household.objects.exists() and not Receipt.objects.exists()
    assert Answer.objects.count() == 12
    closed.refresh_from_db()
    assert closed.frozen_results["hamlets"] == frozen


def test_household_lists_are_purged_a_year_after_closing(survey):
    closed = campaign_close(campaign=survey.campaign)
    assert purge_expired_household_lists(timezone.now()).startswith("0 ")
    Campaign.objects.filter(pk=closed.pk).update(closed_at=timezone.now() - dt.timedelta(days=400))
    assert purge_expired_household_lists(timezone.now()).startswith("1 ")
    assert not Household.objects.filter(campaign=closed).exists()


@pytest.mark.sqlite_journey
def test_front_officer_creates_edits_and_opens_a_campaign_through_the_pages(client, cast):
    survey = make_survey(cast, per_hamlet=0)
    client.force_login(survey.front_a)
    today = timezone.localdate()
    form = client.get(reverse("surveys:create"))
    assert form.status_code == 200 and "Ngưỡng mặc định" in form.content.decode()
    response = client.post(
        reverse("surveys:create"),
        {
            "unit": cast.commune_a.pk,
            "title": "Khảo sát xét công nhận NTM nâng cao",
            "purpose": "recognition",
            "recognition_level": "nang_cao",
            "year": today.year,
            "questionnaire_code": "ntm-xa-nang-cao-2021-2025",
            "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=10)).strftime("%d/%m/%Y"),
            "officers": [survey.front_a.pk, survey.front_province.pk],
        },
    )
    campaign = Campaign.objects.get(title="Khảo sát xét công nhận NTM nâng cao")
    assert response["Location"] == reverse("surveys:detail", args=[campaign.pk])
    assert set(campaign.officers.all()) == {survey.front_a, survey.front_province}
    detail = client.get(response["Location"]).content.decode()
    assert "Chưa xác nhận" in detail and "Xác nhận một phần" in detail and "Nhập danh sách hộ" in detail

    bad = client.post(reverse("surveys:edit", args=[campaign.pk]), {"title": ""})
    assert bad.status_code == 400
    opened = client.post(reverse("surveys:open", args=[campaign.pk]), follow=True)
    assert "Hãy nhập danh sách hộ" in opened.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.DRAFT


def test_create_form_refuses_dates_in_the_wrong_order(client, cast):
    officer = front_officer("mttq_x", cast.commune_a)
    client.force_login(officer)
    response = client.post(
        reverse("surveys:create"),
        {
            "unit": cast.commune_a.pk,
            "title": "X",
            "purpose": "recognition",
            "recognition_level": "ntm",
            "year": 2025,
            "questionnaire_code": "ntm-xa-2021-2025",
            "opens_on": "2025-05-10",
            "closes_on": "2025-05-01",
        },
    )
    assert (
        response.status_code == 400
        and "Ngày kết thúc không được trước ngày bắt đầu" in response.content.decode()
    )
    assert not Campaign.objects.exists()


def test_permission_matrix_of_the_campaign_pages(client_as, survey):
    cast = survey.cast
    pk = survey.campaign.pk
    readers = {
        "coordinator": 200,
        "officer_a": 200,
        "officer_b": 404,
        "department": 404,  # a campaign id: a role outside the area learns nothing of it
        "auditor": 200,
        "anonymous": 302,
    }
    for name in ("detail", "results", "results_export", "report_docx"):
        assert_access(client_as, cast, reverse(f"surveys:{name}", args=[pk]), readers)
    assert_access(
        client_as,
        cast,
        reverse("surveys:list"),
        {
            "coordinator": 200,
            "officer_a": 200,
            "officer_b": 200,
            "department": 403,
            "auditor": 200,
            "anonymous": 302,
        },
    )
    managers_only = {
        "coordinator": 403,
        "officer_a": 403,
        "officer_b": 403,
        "department": 403,
        "auditor": 403,
        "anonymous": 302,
    }
    for name in ("create", "household_template"):
        assert_access(client_as, cast, reverse(f"surveys:{name}"), managers_only)
    # On a campaign id, a role that may not run surveys gets 404 (the id tells it nothing).
    managers_only_id = {**managers_only, **{actor: 404 for actor in managers_only if actor != "anonymous"}}
    for name in ("edit", "paper"):
        assert_access(client_as, cast, reverse(f"surveys:{name}", args=[pk]), managers_only_id)
    for name in ("open", "close", "import", "slips", "purge"):
        assert_access(
            client_as,
            cast,
            reverse(f"surveys:{name}", args=[pk]),
            managers_only_id,
            method="post",
            unchanged=rows_of(Campaign, Household, Answer, Receipt, Job, AuditEntry),
        )
    household_readers = {
        "coordinator": 404,
        "officer_a": 404,
        "officer_b": 404,
        "department": 404,
        "auditor": 200,
        "anonymous": 302,
    }
    assert_access(client_as, cast, reverse("surveys:households", args=[pk]), household_readers)
    assert_access(client_as, cast, reverse("surveys:households_export", args=[pk]), household_readers)


def test_front_officers_act_only_where_they_are_bound(client, survey):
    pk = survey.campaign.pk
    client.force_login(survey.front_b)  # Front officer of another commune
    assert client.get(reverse("surveys:detail", args=[pk])).status_code == 404
    status = Campaign.objects.get(pk=pk).status
    assert client.post(reverse("surveys:close", args=[pk])).status_code == 404
    assert Campaign.objects.get(pk=pk).status == status
    assert client.get(reverse("surveys:paper", args=[pk])).status_code == 404
    client.force_login(survey.front_province)  # province Front officer: manages, but is not on this campaign
    assert client.get(reverse("surveys:households", args=[pk])).status_code == 200
    assert client.get(reverse("surveys:paper", args=[pk])).status_code == 403
    client.force_login(survey.front_a)
    assert client.get(reverse("surveys:paper", args=[pk])).status_code == 200
    listing = client.get(reverse("surveys:list")).content.decode()
    assert survey.campaign.title in listing


def test_list_filters_and_empty_states(client, survey):
    client.force_login(survey.cast.coordinator)
    listed = client.get(reverse("surveys:list"), {"q": "long phuoc", "status": "open"}).content.decode()
    assert survey.campaign.title in listed
    empty = client.get(reverse("surveys:list"), {"status": "closed"}).content.decode()
    assert "Không có đợt khảo sát nào khớp bộ lọc" in empty
    client.force_login(survey.cast.officer_b)
    assert "Đơn vị của bạn chưa có đợt khảo sát nào" in client.get(reverse("surveys:list")).content.decode()


def test_close_through_the_page_is_audited(client, survey):
    client.force_login(survey.front_a)
    response = client.post(reverse("surveys:close", args=[survey.campaign.pk]), follow=True)
    assert "đã được chốt" in response.content.decode()
    entry = AuditEntry.objects.get(action="survey.campaign_close")
    assert entry.actor == survey.front_a and entry.unit == survey.cast.commune_a
    assert entry.changes["extra"]["households"] == 36
