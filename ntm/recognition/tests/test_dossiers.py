"""The dossier workflow through its services: journeys, snapshot, checks, returns, council, decision, revocation,
procedure versions, notifications and reminders."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ntm.accounts.models import User
from ntm.assessment.services import value_set
from ntm.audit.models import AuditEntry
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.models import Notification
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.recognition.demo import load_recognition_demo
from ntm.recognition.documents import template_override_upload
from ntm.recognition.models import (
    Dossier,
    DossierEvent,
    PostingEntry,
    ProcedureVersion,
    TemplateOverride,
)
from ntm.recognition.notifications import deadline_reminders
from ntm.recognition.selectors import dossiers_waiting_on, revocation_candidates
from ntm.recognition.services import dossiers
from ntm.recognition.services.procedures import (
    procedure_step_configure,
    procedures_load,
    shipped_procedure_paths,
)
from ntm.recognition.tests.factories import (
    LEGACY,
    REVOCATION,
    SET,
    Journey,
    criteria_version,
    load_data,
    make_dossier,
    pdf,
    people,
    person,
    procedure,
)
from ntm.status.models import StatusRecord
from ntm.status.selectors import official_status_of
from ntm.status.services import status_record_create
from ntm.surveys.selectors import satisfaction_results
from ntm.surveys.services.answers import answer_submit
from ntm.surveys.services.campaigns import campaign_close
from ntm.surveys.tests.factories import all_satisfied, make_survey
from ntm.testing.factories import UnitFactory
from ntm.units.models import Level, Structure

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def cast_people(cast):
    load_data()
    return people(cast)


def move(dossier, action, actor, **extra):
    dossier.refresh_from_db()
    return dossiers.dossier_transition(
        dossier_id=dossier.pk, action=action, expected_state=dossier.state, actor=actor, **extra
    )


@pytest.mark.sqlite_journey
def test_two_tier_journey_records_then_announces_the_decision(cast, cast_people):
    dossier = make_dossier(cast)
    journey = Journey(dossier, cast_people)
    journey.run_to("announcement")
    record = dossier.status_record
    assert (record.level, record.source, record.is_published) == ("ntm", "workflow", False)
    assert record.criteria_set == criteria_version().ref and record.document.name.endswith(".pdf")
    assert official_status_of([cast.commune_a])[cast.commune_a.pk].level == "ntm"
    journey.run_to("recognised")
    record.refresh_from_db()
    assert record.is_published and not dossier.is_open and dossier.outcome == "recognised"
    assert criteria_version().is_frozen
    transitions = DossierEvent.objects.filter(dossier=dossier, kind="transition")
    assert list(transitions.values_list("to_state", flat=True))[-1] == "recognised"
    assert transitions.count() == 10
    assert AuditEntry.objects.filter(action__startswith="dossier.", object_id=str(dossier.pk)).count() >= 10
    assert AuditEntry.objects.filter(action="status_record.publish").exists()


def test_submission_snapshot_does_not_change_when_values_change(cast, cast_people):
    value_set(
        unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=85, actor=cast.officer_a
    )
    dossier = make_dossier(cast)
    Journey(dossier, cast_people).run_to("provincial_appraisal")
    frozen = dict(dossier.snapshot)
    assert next(v for v in frozen["values"] if v["code"] == "3.1")["value"] == 85
    value_set(
        unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=40, actor=cast.officer_a
    )
    dossier.refresh_from_db()
    assert dossier.snapshot == frozen
    indicator = next(
        i for c in dossier.snapshot["evaluation"]["criteria"] for i in c["indicators"] if i["code"] == "3.1"
    )
    assert indicator["value_text"] == "85" and indicator["requirement"].startswith("≥ 80")


def test_missing_documents_refuse_the_step_and_change_nothing(cast, cast_people):
    dossier = make_dossier(cast)
    with pytest.raises(ServiceError, match="Thiếu tài liệu bắt buộc: Báo cáo kết quả"):
        move(dossier, "complete", cast.officer_a)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.revision) == ("self_assessment", 0)
    assert not DossierEvent.objects.filter(kind="transition").exists()


def test_a_posting_log_breaking_five_in_fifteen_days_is_refused(cast, cast_people):
    dossier = make_dossier(cast)
    Journey(dossier, cast_people).run_to("public_posting")
    start = TODAY() - dt.timedelta(days=30)
    for offset in (0, 4, 8, 12, 16):  # five postings, but spread over 17 days
        dossiers.posting_add(
            dossier=dossier,
            posted_on=start + dt.timedelta(days=offset),
            place="Nhà văn hóa ấp",
            method="notice_board",
            actor=cast.officer_a,
        )
    with pytest.raises(ServiceError, match="nhiều nhất là 4 lần trong một khoảng 15 ngày"):
        move(dossier, "complete", cast.officer_a)
    dossier.refresh_from_db()
    assert dossier.state == "public_posting"
    dossiers.posting_add(
        dossier=dossier,
        posted_on=start + dt.timedelta(days=14),
        place="Loa truyền thanh xã",
        method="loudspeaker",
        actor=cast.officer_a,
    )
    assert move(dossier, "complete", cast.officer_a).state == "front_comments"


def test_bad_postings_and_uploads_are_refused(cast, cast_people):
    dossier = make_dossier(cast)
    Journey(dossier, cast_people).run_to("public_posting")
    with pytest.raises(ServiceError, match="tương lai"):
        dossiers.posting_add(
            dossier=dossier,
            posted_on=TODAY() + dt.timedelta(days=1),
            place="X",
            method="notice_board",
            actor=cast.officer_a,
        )
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(ServiceError, match="không đúng loại"):
        dossiers.posting_add(
            dossier=dossier,
            posted_on=TODAY(),
            place="X",
            method="notice_board",
            proof=fake,
            actor=cast.officer_a,
        )
    with pytest.raises(ServiceError, match="không đúng loại"):
        dossiers.dossier_document_add(dossier=dossier, code="khac", upload=fake, actor=cast.officer_a)
    with pytest.raises(PermissionDenied):
        dossiers.posting_add(
            dossier=dossier, posted_on=TODAY(), place="X", method="notice_board", actor=cast_people.front
        )
    assert not PostingEntry.objects.exists() and dossier.documents.count() == 1


@pytest.mark.parametrize("entry", ["document", "posting proof", "Word template"])
@pytest.mark.parametrize(
    ("name", "content", "refusal"),
    [
        ("bien-ban.pdf", b"%PDF-1.4\n" + b" " * 2048, "quá lớn"),
        ("bien-ban.docx", b"MZ\x90\x00 a program", "không đúng loại"),
    ],
)
def test_every_upload_entry_refuses_oversized_and_renamed_files(
    cast, cast_people, settings, entry, name, content, refusal
):
    settings.NTM_MAX_UPLOAD_BYTES = 1024
    dossier = make_dossier(cast)
    Journey(dossier, cast_people).run_to("public_posting")
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ServiceError, match=refusal):
        if entry == "document":
            dossiers.dossier_document_add(dossier=dossier, code="khac", upload=upload, actor=cast.officer_a)
        elif entry == "posting proof":
            dossiers.posting_add(
                dossier=dossier,
                posted_on=TODAY(),
                place="X",
                method="notice_board",
                proof=upload,
                actor=cast.officer_a,
            )
        else:
            template_override_upload(kind="to_trinh", upload=upload, actor=cast.coordinator)
    assert not PostingEntry.objects.exists() and dossier.documents.count() == 1
    assert not TemplateOverride.objects.exists()


def test_wrong_role_is_forbidden_and_a_stale_state_conflicts(cast, cast_people):
    dossier = make_dossier(cast)
    Journey(dossier, cast_people).prepare()
    with pytest.raises(PermissionDenied):
        move(dossier, "complete", cast.coordinator)
    with pytest.raises(PermissionDenied):
        move(dossier, "complete", cast.auditor)
    with pytest.raises(StateConflict) as conflict:
        dossiers.dossier_transition(
            dossier_id=dossier.pk, action="complete", expected_state="public_posting", actor=cast.officer_a
        )
    assert conflict.value.detail == {"expected_state": "public_posting", "actual_state": "self_assessment"}
    with pytest.raises(StateConflict, match="không có thao tác “approve”"):
        move(dossier, "approve", cast.officer_a)
    assert move(dossier, "complete", cast.officer_a).state == "public_posting"


@pytest.mark.sqlite_journey
def test_return_with_reasons_per_criterion_then_answer_and_resubmit(cast, cast_people):
    dossier = make_dossier(cast)
    Journey(dossier, cast_people).run_to("provincial_appraisal")
    first_snapshot_at = dossier.snapshot["taken_at"]
    with pytest.raises(ServiceError, match="ít nhất một lý do"):
        move(dossier, "return", cast.coordinator, comment="Thiếu")
    reasons = [
        dossiers.Reason("17", "Thiếu minh chứng chỉ tiêu 17.1"),
        dossiers.Reason("", "Bổ sung biên bản họp"),
    ]
    returned = move(dossier, "return", cast.coordinator, comment="Trả lại để bổ sung", reasons=reasons)
    assert returned.state == "commune_meeting"
    with pytest.raises(ServiceError, match="chưa được trả lời"):
        move(dossier, "submit", cast.officer_a)
    for reason in dossier.return_reasons.all():
        dossiers.return_answer(reason=reason, answer=f"Đã bổ sung: {reason.reason}", actor=cast.officer_a)
    with pytest.raises(StateConflict, match="đã được trả lời"):
        dossiers.return_answer(reason=dossier.return_reasons.first(), answer="lần hai", actor=cast.officer_a)
    resubmitted = move(dossier, "submit", cast.officer_a)
    assert resubmitted.state == "provincial_appraisal"
    assert resubmitted.snapshot["taken_at"] != first_snapshot_at
    kinds = list(DossierEvent.objects.filter(dossier=dossier).values_list("kind", "action"))
    assert ("transition", "return") in kinds and kinds.count(("answer", "")) == 2
    assert kinds.count(("transition", "submit")) == 2
    assert {r.criterion for r in dossier.return_reasons.all()} == {"17", ""}


def test_the_council_tally_needs_a_configured_threshold(cast, cast_people):
    dossier = make_dossier(cast)
    journey = Journey(dossier, cast_people)
    journey.run_to("council_vote")
    dossiers.council_member_add(
        dossier=dossier, user=cast_people.council, position="chair", actor=cast.coordinator
    )
    dossiers.council_vote_cast(dossier=dossier, actor=cast_people.council, agree=True, remarks="Đạt")
    with pytest.raises(ServiceError, match="Chưa cấu hình ngưỡng"):
        move(dossier, "approve", cast.coordinator)
    second = person("hoidong2", "Lâm Văn Hai", Role.COUNCIL_MEMBER, cast.province)
    dossiers.council_member_add(dossier=dossier, user=second, position="member", actor=cast.coordinator)
    dossiers.council_vote_cast(dossier=dossier, actor=second, agree=False, remarks="Chưa đạt 17")
    procedure_step_configure(
        version=dossier.procedure,
        step_code="council_vote",
        time_limit_days=None,
        no_time_limit=False,
        documents=None,
        council_threshold=Decimal("75"),
        council_quorum=Decimal("100"),
        source="Văn bản thử nghiệm",
        actor=cast.coordinator,
    )
    dossiers.dossier_document_add(
        dossier=dossier, code="bien_ban_hoi_dong", upload=pdf(), actor=cast.coordinator
    )
    with pytest.raises(ServiceError, match="50,0% chưa đạt ngưỡng 75"):
        move(dossier, "approve", cast.coordinator)
    with pytest.raises(ServiceError, match="Ghi lý do"):
        move(dossier, "reject", cast.coordinator)
    rejected = move(dossier, "reject", cast.coordinator, comment="Hội đồng không thông qua")
    assert (rejected.state, rejected.outcome, rejected.is_open) == ("not_recognised", "not_recognised", False)
    tally = DossierEvent.objects.get(dossier=dossier, action="reject").data["tally"]
    assert tally == {
        "members": 2,
        "agree": 1,
        "disagree": 1,
        "cast": 2,
        "share": "50,0",
        "threshold": "75.00",
        "basis": "members",
        "passed": False,
        "round": 1,
    }
    assert not StatusRecord.objects.exists()


def test_only_council_members_vote_and_only_holders_of_the_role_are_appointed(cast, cast_people):
    dossier = make_dossier(cast)
    Journey(dossier, cast_people).run_to("council_vote")
    with pytest.raises(ServiceError, match="không có vai trò thành viên Hội đồng"):
        dossiers.council_member_add(
            dossier=dossier, user=cast.officer_a, position="member", actor=cast.coordinator
        )
    with pytest.raises(PermissionDenied):
        dossiers.council_member_add(
            dossier=dossier, user=cast_people.council, position="member", actor=cast.officer_a
        )
    with pytest.raises(PermissionDenied):
        dossiers.council_vote_cast(dossier=dossier, actor=cast_people.council, agree=True)
    with pytest.raises(PermissionDenied):
        dossiers.council_vote_cast(dossier=dossier, actor=cast.coordinator, agree=True)


def test_the_decision_needs_its_number_and_date(cast, cast_people):
    dossier = make_dossier(cast)
    journey = Journey(dossier, cast_people)
    journey.run_to("decision")
    dossiers.dossier_document_add(
        dossier=dossier, code="quyet_dinh", upload=pdf("qd.pdf"), actor=cast.coordinator
    )
    with pytest.raises(ServiceError, match="Chưa ghi số và ngày"):
        move(dossier, "decide", cast.coordinator)
    with pytest.raises(ServiceError, match="tương lai"):
        dossiers.decision_details_set(
            dossier=dossier,
            number="1/QĐ-UBND",
            date=TODAY() + dt.timedelta(days=3),
            signer="",
            actor=cast.coordinator,
        )
    assert not StatusRecord.objects.exists()


def test_legacy_procedure_goes_through_the_district(cast, cast_people):
    """A historical dossier of a pre-2025 commune: the coordinator acts through a role on the old province."""
    old_province = UnitFactory(
        structure=Structure.LEGACY,
        code="75",
        name="Tỉnh Đồng Nai (cũ)",
        unit_type="tinh",
        level=Level.PROVINCE,
    )
    person(cast.coordinator.username, "", Role.PROVINCE_COORDINATOR, old_province)
    person(cast_people.council.username, "", Role.COUNCIL_MEMBER, old_province)
    district = UnitFactory(
        structure=Structure.LEGACY,
        parent=old_province,
        code="750",
        name="Huyện Long Thành",
        unit_type="huyen",
        level=Level.DISTRICT,
    )
    commune = UnitFactory(structure=Structure.LEGACY, code="26500", name="Xã Bình Sơn", parent=district)
    officer = person("xa_binhson", "Cán bộ Bình Sơn", Role.COMMUNE_OFFICER, commune)
    front = person("mttq_binhson", "MTTQ Bình Sơn", Role.FRONT_OFFICER, commune)
    verifier = person("huyen_lt", "Ngô Văn Huyện", Role.DISTRICT_OFFICER, district)
    dossier = make_dossier(cast, LEGACY, year=2024, actor=officer, unit=commune)
    with pytest.raises(ServiceError, match="trước 1/7/2025"):
        make_dossier(cast, LEGACY, year=2024, actor=cast.coordinator)
    journey = Journey(
        dossier,
        cast_people,
        extra_actors={
            Role.COMMUNE_OFFICER: officer,
            Role.FRONT_OFFICER: front,
            Role.DISTRICT_OFFICER: verifier,
        },
    )
    journey.run_to("district_verification")
    with pytest.raises(PermissionDenied):
        journey.prepare() and move(dossier, "complete", cast.coordinator)
    journey.run_to("recognised")
    events = DossierEvent.objects.filter(dossier=dossier, kind="transition")
    assert events.get(from_state="district_verification").actor == verifier
    assert events.get(from_state="announcement").actor == verifier
    assert dossier.status_record.is_published


THIRD = """
schema = 1
code = "thu-nghiem-ba-buoc"
name = "Quy trình thử nghiệm ba bước"
kind = "recognition"
subject = "commune"
unit_structure = "2025"
legal_source = "QĐ 18/2022/QĐ-TTg (tệp thử nghiệm, không phải quy trình thật)"
provenance = "placeholder"

[[steps]]
code = "lap_ho_so"
name = "Mặt trận lập hồ sơ"
role = "front_officer"
actions = { submit = "tinh_xet" }
effects = { submit = ["snapshot"] }
time_limit_days = 3
time_limit_source = "QĐ 18/2022/QĐ-TTg (tệp thử nghiệm)"
[[steps.required_documents]]
code = "phieu"
name = "Phiếu thử nghiệm"

[[steps]]
code = "tinh_xet"
name = "Tỉnh xét và quyết định"
role = "province_coordinator"
actions = { decide = "xong", return = "lap_ho_so" }
effects = { decide = ["decision", "announce"] }
[steps.decision]
issuing_body = "UBND tỉnh thử nghiệm"
signer_title = "Chủ tịch"

[[steps]]
code = "xong"
name = "Xong"
terminal = true
outcome = "recognised"
"""


@pytest.mark.sqlite_journey
def test_a_third_procedure_file_runs_without_code_change(cast, cast_people, tmp_path):
    path = tmp_path / "thu-nghiem.toml"
    path.write_text(THIRD, encoding="utf-8")
    [result] = procedures_load(paths=[path])
    assert result.status == "created"
    dossier = dossiers.dossier_create(
        unit=cast.commune_a,
        criteria_version=criteria_version(),
        year=2025,
        procedure_version=procedure("thu-nghiem-ba-buoc"),
        actor=cast.coordinator,
    )
    assert (
        dossier.due_at is not None and dossier.due_at.date() <= (timezone.now() + dt.timedelta(days=3)).date()
    )
    with pytest.raises(PermissionDenied):  # this file gives the first step to the Front, not the commune
        Journey(dossier, cast_people).prepare() and move(dossier, "submit", cast.officer_a)
    Journey(dossier, cast_people).run_to("xong")
    record = dossier.status_record
    assert (record.issuing_body, record.is_published, record.source) == (
        "UBND tỉnh thử nghiệm",
        True,
        "workflow",
    )
    assert dossier.snapshot["set"]["ref"] == criteria_version().ref


def test_a_changed_file_is_a_new_version_and_open_dossiers_stay_pinned(cast, cast_people, tmp_path):
    path = tmp_path / "thu-nghiem.toml"
    path.write_text(THIRD, encoding="utf-8")
    procedures_load(paths=[path])
    dossier = dossiers.dossier_create(
        unit=cast.commune_a,
        criteria_version=criteria_version(),
        year=2025,
        procedure_version=procedure("thu-nghiem-ba-buoc"),
        actor=cast.coordinator,
    )
    assert procedures_load(paths=[path])[0].status == "unchanged"
    path.write_text(THIRD.replace("time_limit_days = 3", "time_limit_days = 5"), encoding="utf-8")
    assert procedures_load(paths=[path])[0].status == "new_version"
    assert ProcedureVersion.objects.filter(code="thu-nghiem-ba-buoc").count() == 2
    dossier.refresh_from_db()
    assert dossier.procedure.version == 1
    with pytest.raises(ServiceError, match="không hợp lệ"):
        path.write_text(THIRD.replace('role = "front_officer"', 'role = "king"'), encoding="utf-8")
        procedures_load(paths=[path])


def test_revocation_dossier_revokes_the_standing_recognition(cast, cast_people):
    recognition = status_record_create(
        unit=cast.commune_a,
        level="ntm",
        decision_number="QĐ 5/QĐ-UBND",
        decision_date=dt.date(2022, 3, 1),
        source="register",
    )
    with pytest.raises(PermissionDenied):
        make_dossier(cast, REVOCATION, actor=cast.officer_a)
    dossier = make_dossier(cast, REVOCATION, actor=cast.coordinator)
    assert (dossier.kind, dossier.target_level, dossier.revokes) == ("revocation", "thu_hoi", recognition)
    Journey(dossier, cast_people).run_to("revoked")
    record = dossier.status_record
    assert (record.level, record.revokes, record.is_published) == ("thu_hoi", recognition, True)
    assert official_status_of([cast.commune_a])[cast.commune_a.pk].level == "thu_hoi"


def test_revocation_needs_a_standing_recognition(cast, cast_people):
    with pytest.raises(ServiceError, match="không có quyết định công nhận còn hiệu lực"):
        make_dossier(cast, REVOCATION, actor=cast.coordinator)


def test_the_engine_suggests_revocation_of_a_recognised_commune_at_risk(cast, cast_people):
    status_record_create(
        unit=cast.commune_a,
        level="ntm",
        decision_number="QĐ 5/QĐ-UBND",
        decision_date=dt.date(2022, 3, 1),
        source="register",
    )
    version = criteria_version()
    for criterion in version.criteria_set().criteria:
        for indicator in criterion.indicators:
            if indicator.kind == "boolean" and indicator.is_entered and indicator.thresholds:
                value_set(
                    unit=cast.commune_a,
                    year=2025,
                    set_code=SET,
                    indicator_code=indicator.code,
                    value=False,
                    actor=cast.officer_a,
                )
                break
    [candidate] = revocation_candidates(cast.coordinator, 2025)
    assert candidate.unit == cast.commune_a and "thuộc diện xem xét thu hồi" in candidate.reason
    # Every role of the recognition area reads the suggestions of its scope; only the coordinator opens a dossier.
    assert [c.unit for c in revocation_candidates(cast.officer_a, 2025)] == [cast.commune_a]
    assert revocation_candidates(cast.officer_b, 2025) == []
    client = Client()
    url = reverse("recognition:revocations") + "?year=2025"
    client.force_login(cast.officer_a)
    page = client.get(url).content.decode()
    assert f'data-unit="{cast.commune_a.code}"' in page
    assert reverse("recognition:revocation_create") not in page
    client.force_login(cast.coordinator)
    assert reverse("recognition:revocation_create") in client.get(url).content.decode()


def test_one_open_dossier_per_unit_level_and_year(cast, cast_people):
    make_dossier(cast)
    with pytest.raises(ServiceError, match="đã có một hồ sơ đang mở"):
        make_dossier(cast, actor=cast.coordinator)
    with pytest.raises(PermissionDenied):
        make_dossier(cast, actor=cast.officer_b)
    ward_officer_unit = cast.commune_b
    with pytest.raises((ServiceError, PermissionDenied)):
        make_dossier(cast, actor=cast.coordinator, unit=ward_officer_unit)
    with pytest.raises(ServiceError, match="ngoài giai đoạn"):
        make_dossier(cast, year=2026, actor=cast.coordinator)
    assert Dossier.objects.count() == 1


def test_a_closed_survey_campaign_is_attached_to_the_survey_step(cast, cast_people):
    survey = make_survey(cast, year=2025)
    dossier = make_dossier(cast)
    Journey(dossier, cast_people).run_to("satisfaction_survey")
    with pytest.raises(ServiceError, match="chưa có đợt khảo sát sự hài lòng đã đóng"):
        dossiers.survey_attach(dossier=dossier, actor=cast_people.front)
    for household in survey.households:
        answer_submit(household=household, responses=all_satisfied(survey.campaign), comments={})
    campaign_close(campaign=survey.campaign)
    with pytest.raises(PermissionDenied):
        dossiers.survey_attach(dossier=dossier, actor=cast.officer_a)
    attached = dossiers.survey_attach(dossier=dossier, actor=cast_people.front)
    assert attached.survey_result["campaign_id"] == survey.campaign.pk
    assert attached.survey_result["overall"] == 100.0
    # Read from the assessment app's computed values, the snapshot holds every figure of the campaign's results.
    figures = {key: value for key, value in attached.survey_result.items() if key != "attached_at"}
    assert figures == satisfaction_results(dossier.unit, dossier.year)
    assert set(figures) == {
        "campaign_id",
        "recognition_level",
        "frozen",
        "answers",
        "households",
        "suppressed",
        "overall",
        "by_content",
        "thresholds",
    }
    assert all(isinstance(pair, list) and len(pair) == 2 for pair in figures["thresholds"].values())
    assert move(dossier, "complete", cast_people.front).state == "commune_meeting"
    Journey(dossier, cast_people).run_to("provincial_appraisal")
    assert dossier.snapshot["survey"]["answers"] == len(survey.households)


def test_the_next_actors_are_notified_in_app_and_by_mail(
    cast, cast_people, django_capture_on_commit_callbacks
):
    cast_people.front.email = "mttq@example.vn"
    cast_people.front.save()
    dossier = make_dossier(cast)
    journey = Journey(dossier, cast_people)
    journey.run_to("public_posting")
    with django_capture_on_commit_callbacks(execute=True):
        journey.advance()
    note = Notification.objects.get(user=cast_people.front)
    assert "chờ bạn" in note.text and note.url.endswith(f"/ho-so/{dossier.pk}/")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mttq@example.vn"]
    assert list(dossiers_waiting_on(cast_people.front)) == [dossier]
    assert list(dossiers_waiting_on(cast.officer_a)) == []
    assert list(dossiers_waiting_on(cast.auditor)) == []


def test_overdue_reminders_are_sent_once_from_run_scheduled(cast, cast_people):
    version = procedure()
    procedure_step_configure(
        version=version,
        step_code="self_assessment",
        time_limit_days=10,
        no_time_limit=False,
        documents=None,
        council_threshold=None,
        source="Kế hoạch của tỉnh (thử nghiệm)",
        actor=cast.coordinator,
    )
    dossier = make_dossier(cast)
    assert dossier.due_at is not None
    Dossier.objects.filter(pk=dossier.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    assert deadline_reminders(timezone.now()).startswith("1 nhắc hạn")
    assert deadline_reminders(timezone.now()).startswith("0 nhắc hạn")
    out = StringIO()
    call_command("run_scheduled", stdout=out)
    assert "recognition.deadlines: 0 nhắc hạn" in out.getvalue()
    assert Notification.objects.filter(user=cast.officer_a, key__startswith="overdue:").count() == 1


def test_step_configuration_is_validated_and_audited(cast, cast_people):
    version = procedure()
    with pytest.raises(ServiceError, match="Chỉ bước biểu quyết"):
        procedure_step_configure(
            version=version,
            step_code="self_assessment",
            time_limit_days=None,
            no_time_limit=False,
            documents=None,
            council_threshold=Decimal("90"),
            source="x",
            actor=cast.coordinator,
        )
    with pytest.raises(ServiceError, match="Ghi nguồn"):
        procedure_step_configure(
            version=version,
            step_code="council_vote",
            time_limit_days=None,
            no_time_limit=False,
            documents=None,
            council_threshold=Decimal("90"),
            source="",
            actor=cast.coordinator,
        )
    procedure_step_configure(
        version=version,
        step_code="commune_meeting",
        time_limit_days=7,
        no_time_limit=False,
        documents=[{"code": "to_trinh", "name": "Tờ trình"}],
        council_threshold=None,
        source="Kế hoạch 202",
        actor=cast.coordinator,
    )
    entry = AuditEntry.objects.get(action="procedure.step_configure")
    assert entry.changes["fields"]["time_limit_days"] == [None, 7]
    dossier = make_dossier(cast)
    Journey(dossier, cast_people).run_to("commune_meeting")
    assert dossier.due_at is not None
    assert [
        spec.code for spec in dossiers.effective_procedure(version).step("commune_meeting").required_documents
    ] == ["to_trinh"]


def test_criteria_set_version_used_by_a_submitted_dossier_is_frozen(cast, cast_people):
    dossier = make_dossier(cast)
    assert not CriteriaSetVersion.objects.get(pk=dossier.criteria_version_id).is_frozen
    Journey(dossier, cast_people).run_to("provincial_appraisal")
    assert CriteriaSetVersion.objects.get(pk=dossier.criteria_version_id).is_frozen


def test_demo_loader_opens_one_illustrative_dossier(cast):
    criteria_sets_load_shipped()
    User.objects.filter(pk=cast.officer_a.pk).update(is_demo=True)
    dossier = load_recognition_demo()
    assert dossier.unit == cast.commune_a and dossier.state == "self_assessment" and dossier.year == 2025
    assert load_recognition_demo() is None
    assert ProcedureVersion.objects.count() == len(shipped_procedure_paths()) == 5


def test_a_campaign_closed_earlier_is_attached_when_the_dossier_reaches_the_survey(cast, cast_people):
    survey = make_survey(cast, year=2025)
    for household in survey.households[:12]:
        answer_submit(household=household, responses=all_satisfied(survey.campaign), comments={})
    campaign_close(campaign=survey.campaign)
    dossier = make_dossier(cast)
    Journey(dossier, cast_people).run_to("satisfaction_survey")
    dossier.refresh_from_db()
    assert dossier.survey_result["campaign_id"] == survey.campaign.pk
    assert DossierEvent.objects.filter(dossier=dossier, kind="survey").exists()
    assert move(dossier, "complete", cast_people.front).state == "commune_meeting"
