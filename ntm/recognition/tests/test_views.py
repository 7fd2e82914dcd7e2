"""Pages of the dossier workflow: the permission matrix of every view, and what the pages show and refuse."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ntm.audit.models import AuditEntry
from ntm.core.models import Notification
from ntm.jobs.models import Job
from ntm.recognition import documents
from ntm.recognition.models import (
    Dossier,
    PostingEntry,
    ProcedureStepSetting,
    ReturnReason,
    TemplateOverride,
)
from ntm.recognition.notifications import notify_users
from ntm.recognition.services import dossiers
from ntm.recognition.tests.factories import (
    PDF,
    Journey,
    criteria_version,
    load_data,
    make_dossier,
    pdf,
    people,
    procedure,
)
from ntm.testing.factories import UnitFactory
from ntm.testing.permissions import assert_access, rows_of

pytestmark = pytest.mark.django_db

EVERYONE = {"coordinator": 200, "officer_a": 200, "officer_b": 200, "department": 200, "auditor": 200}
COORDINATOR_ONLY = {"coordinator": 200, "officer_a": 403, "officer_b": 403, "department": 403, "auditor": 403}
SCOPED = {"coordinator": 200, "officer_a": 200, "officer_b": 404, "department": 200, "auditor": 200}


@pytest.fixture
def dossier(cast):
    load_data()
    return make_dossier(cast)


def matrix(client_as, cast, url, expected, anonymous=302, **kwargs):
    assert_access(client_as, cast, url, {**expected, "anonymous": anonymous}, **kwargs)


def test_read_pages_permission_matrix(client_as, cast, dossier):
    document = dossiers.dossier_document_add(dossier=dossier, code="khac", upload=pdf(), actor=cast.officer_a)
    matrix(client_as, cast, reverse("recognition:dossier_list"), EVERYONE)
    matrix(client_as, cast, reverse("recognition:dossier_list") + "?mine=1", EVERYONE)
    matrix(client_as, cast, reverse("recognition:dossier_export"), EVERYONE)
    matrix(client_as, cast, reverse("recognition:dossier_detail", args=[dossier.pk]), SCOPED)
    matrix(client_as, cast, reverse("recognition:document_download", args=[document.pk]), SCOPED)
    matrix(client_as, cast, reverse("recognition:procedure_list"), EVERYONE)
    matrix(client_as, cast, reverse("recognition:procedure_detail", args=[dossier.procedure_id]), EVERYONE)
    matrix(client_as, cast, reverse("recognition:templates"), COORDINATOR_ONLY)
    matrix(client_as, cast, reverse("recognition:template_download", args=["to_trinh"]), COORDINATOR_ONLY)
    # Revocation suggestions: every role of the recognition area reads those of its scope (AREA_ROLES).
    matrix(client_as, cast, reverse("recognition:revocations"), EVERYONE)
    matrix(client_as, cast, reverse("notifications:list"), EVERYONE)
    creators = {"coordinator": 200, "officer_a": 200, "officer_b": 200, "department": 403, "auditor": 403}
    matrix(client_as, cast, reverse("recognition:dossier_create"), creators)
    assert (
        client_as(cast.coordinator).get(reverse("recognition:dossier_detail", args=[999999])).status_code
        == 404
    )


def test_posting_proof_is_scoped(client_as, cast, dossier):
    Journey(dossier, people(cast)).run_to("public_posting")
    proof = SimpleUploadedFile("anh.pdf", PDF, content_type="application/pdf")
    entry = dossiers.posting_add(
        dossier=dossier,
        posted_on=timezone.localdate(),
        place="Trụ sở UBND xã",
        method="notice_board",
        proof=proof,
        actor=cast.officer_a,
    )
    matrix(client_as, cast, reverse("recognition:posting_proof", args=[entry.pk]), SCOPED)


def recognition_rows():
    """Every row of the recognition app, its jobs and the audit log: what a refused write must leave as it was."""
    return rows_of(*apps.get_app_config("recognition").get_models(), Job, AuditEntry)()


def test_write_endpoints_permission_matrix(client_as, cast, dossier):
    """Out of scope → 404; in scope but the role does not act here → 403; the actor → 302 back to the page
    (with the service's refusal when a check fails)."""
    pk = dossier.pk
    worker = {"coordinator": 403, "officer_a": 302, "officer_b": 404, "department": 403, "auditor": 403}
    post = {"method": "post", "unchanged": recognition_rows}
    matrix(
        client_as,
        cast,
        reverse("recognition:dossier_transition", args=[pk]),
        worker,
        data={"action": "complete", "expected_state": "self_assessment"},
        **post,
    )
    matrix(
        client_as, cast, reverse("recognition:document_add", args=[pk]), worker, data={"code": "khac"}, **post
    )
    matrix(client_as, cast, reverse("recognition:posting_add", args=[pk]), worker, data={}, **post)
    matrix(client_as, cast, reverse("recognition:survey_attach", args=[pk]), worker, **post)
    matrix(client_as, cast, reverse("recognition:decision_details", args=[pk]), worker, data={}, **post)
    matrix(
        client_as,
        cast,
        reverse("recognition:document_generate", args=[pk]),
        {**worker, "coordinator": 302},
        data={},
        **post,
    )
    coordinator = {"coordinator": 302, "officer_a": 403, "officer_b": 404, "department": 403, "auditor": 403}
    matrix(client_as, cast, reverse("recognition:council_add", args=[pk]), coordinator, data={}, **post)
    members = {"coordinator": 403, "officer_a": 403, "officer_b": 404, "department": 403, "auditor": 403}
    matrix(client_as, cast, reverse("recognition:council_vote", args=[pk]), members, data={}, **post)
    document = dossiers.dossier_document_add(dossier=dossier, code="khac", upload=pdf(), actor=cast.officer_a)
    matrix(client_as, cast, reverse("recognition:document_withdraw", args=[document.pk]), worker, **post)
    settings_url = reverse(
        "recognition:procedure_step_settings", args=[dossier.procedure_id, "public_posting"]
    )
    admin = {"coordinator": 302, "officer_a": 403, "officer_b": 403, "department": 403, "auditor": 403}
    matrix(client_as, cast, settings_url, admin, data={}, **post)
    matrix(client_as, cast, reverse("recognition:revocation_create"), admin, data={}, **post)
    matrix(
        client_as,
        cast,
        reverse("notifications:read"),
        {"coordinator": 302, "officer_a": 302, "officer_b": 302, "department": 302, "auditor": 302},
        **post,
    )
    assert Dossier.objects.get(pk=pk).state == "self_assessment"


def test_return_answer_endpoint_permission_matrix(client_as, cast, dossier):
    Journey(dossier, people(cast)).run_to("provincial_appraisal")
    dossiers.dossier_transition(
        dossier_id=dossier.pk,
        action="return",
        expected_state="provincial_appraisal",
        actor=cast.coordinator,
        reasons=[dossiers.Reason("5", "Thiếu")],
    )
    reason = dossier.return_reasons.get()
    matrix(
        client_as,
        cast,
        reverse("recognition:return_answer", args=[reason.pk]),
        {"coordinator": 403, "officer_a": 302, "officer_b": 404, "department": 403, "auditor": 403},
        data={"answer": "Đã bổ sung"},
        method="post",
        unchanged=rows_of(ReturnReason, AuditEntry),
    )
    reason.refresh_from_db()
    assert reason.answer == "Đã bổ sung"


@pytest.mark.sqlite_journey
def test_commune_officer_opens_a_dossier_and_sees_what_is_needed(client_as, cast):
    load_data()
    client = client_as(cast.officer_a)
    form = client.get(reverse("recognition:dossier_create")).content.decode()
    assert "Xã Long Phước" in form and "Phường Bảo Vinh" not in form
    response = client.post(
        reverse("recognition:dossier_create"),
        {
            "unit": cast.commune_a.pk,
            "criteria_set": procedure_set_id(),
            "year": 2025,
            "procedure": procedure().pk,
        },
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/ho-so/{dossier.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "Tự đánh giá, lập báo cáo kết quả xây dựng NTM của xã" in page
    assert 'data-document="bao_cao_ket_qua"' in page and 'class="missing"' in page
    assert 'data-action="complete"' in page and 'data-action="withdraw"' in page
    again = client.post(
        reverse("recognition:dossier_create"),
        {
            "unit": cast.commune_a.pk,
            "criteria_set": procedure_set_id(),
            "year": 2025,
            "procedure": procedure().pk,
        },
    )
    assert again.status_code == 400 and "đã có một hồ sơ đang mở" in again.content.decode()


def procedure_set_id():
    return criteria_version().pk


def test_refusals_are_shown_and_change_nothing(client_as, cast, dossier):
    client = client_as(cast.officer_a)
    url = reverse("recognition:dossier_transition", args=[dossier.pk])
    response = client.post(url, {"action": "complete", "expected_state": "self_assessment"}, follow=True)
    assert "Thiếu tài liệu bắt buộc" in response.content.decode()
    stale = client.post(url, {"action": "complete", "expected_state": "public_posting"}, follow=True)
    assert "không còn ở bước mong đợi" in stale.content.decode()
    exe = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00\x03", content_type="application/pdf")
    upload = client.post(
        reverse("recognition:document_add", args=[dossier.pk]),
        {"code": "bao_cao_ket_qua", "file": exe},
        follow=True,
    )
    assert "không đúng loại cho phép" in upload.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == "self_assessment" and not dossier.documents.exists()


def test_posting_log_page_checks_the_rule(client_as, cast, dossier):
    Journey(dossier, people(cast)).run_to("public_posting")
    client = client_as(cast.officer_a)
    today = timezone.localdate()
    for offset in (0, 20):
        client.post(
            reverse("recognition:posting_add", args=[dossier.pk]),
            {
                "posted_on": (today - dt.timedelta(days=offset)).strftime("%d/%m/%Y"),
                "place": "Nhà văn hóa ấp Bà Ký",
                "method": "notice_board",
            },
        )
    assert PostingEntry.objects.count() == 2
    page = client.get(reverse("recognition:dossier_detail", args=[dossier.pk])).content.decode()
    assert "Nhà văn hóa ấp Bà Ký" in page and "Cần ít nhất 5 lần công khai trong 15 ngày" in page
    refused = client.post(
        reverse("recognition:dossier_transition", args=[dossier.pk]),
        {"action": "complete", "expected_state": "public_posting"},
        follow=True,
    )
    assert "Nhật ký công khai chưa đạt quy định" in refused.content.decode()
    bad = client.post(
        reverse("recognition:posting_add", args=[dossier.pk]),
        {"posted_on": "31/02/2025", "place": "X", "method": "notice_board"},
        follow=True,
    )
    assert PostingEntry.objects.count() == 2 and "chưa ghi nhận gì" in bad.content.decode()


def test_council_page_shows_the_missing_threshold_and_the_member_votes(client_as, cast, dossier):
    cast_people = people(cast)
    Journey(dossier, cast_people).run_to("council_vote")
    coordinator = client_as(cast.coordinator)
    page = coordinator.get(reverse("recognition:dossier_detail", args=[dossier.pk])).content.decode()
    assert "there is no default" in page or "không có giá trị mặc định" in page
    coordinator.post(
        reverse("recognition:council_add", args=[dossier.pk]),
        {"user": cast_people.council.pk, "position": "chair"},
    )
    member = client_as(cast_people.council)
    assert member.get(reverse("recognition:dossier_detail", args=[dossier.pk])).status_code == 200
    member.post(reverse("recognition:council_vote", args=[dossier.pk]), {"agree": "1", "remarks": "Đồng ý"})
    coordinator = client_as(cast.coordinator)
    coordinator.post(
        reverse("recognition:procedure_step_settings", args=[dossier.procedure_id, "council_vote"]),
        {
            "council_vote-council_threshold": "60",
            "council_vote-source": "QĐ 18/2022/QĐ-TTg, Điều 7",
            "council_vote-documents": "",
        },
    )
    assert ProcedureStepSetting.objects.get(step_code="council_vote").council_threshold == 60
    page = coordinator.get(reverse("recognition:dossier_detail", args=[dossier.pk])).content.decode()
    assert 'data-member="hoidong"' in page and "100,0" in page


def test_step_settings_refuse_bad_values(client_as, cast, dossier):
    client = client_as(cast.coordinator)
    url = reverse("recognition:procedure_step_settings", args=[dossier.procedure_id, "self_assessment"])
    response = client.post(
        url,
        {"self_assessment-council_threshold": "90", "self_assessment-source": "QĐ 18/2022/QĐ-TTg"},
        follow=True,
    )
    assert "Chỉ bước biểu quyết" in response.content.decode()
    bad_docs = client.post(
        url,
        {"self_assessment-documents": "không có dấu gạch", "self_assessment-source": "QĐ 18/2022/QĐ-TTg"},
        follow=True,
    )
    assert "mã | tên tài liệu" in bad_docs.content.decode()
    assert not ProcedureStepSetting.objects.exists()


def test_notifications_page_and_home_count(client_as, cast, dossier):
    Notification.objects.all().delete()
    notify_users([cast.officer_a], "Hồ sơ thử nghiệm chờ bạn.", dossier)
    client = client_as(cast.officer_a)
    home = client.get("/").content.decode()
    assert 'data-testid="unread-count">1<' in home
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Hồ sơ thử nghiệm chờ bạn." in page
    client.post(reverse("notifications:read"))
    assert not Notification.objects.filter(user=cast.officer_a, read_at__isnull=True).exists()


def test_list_filters_and_waiting_on_me(client_as, cast, dossier):
    client = client_as(cast.officer_a)
    listing = client.get(reverse("recognition:dossier_list") + "?q=long phuoc").content.decode()
    assert f'data-dossier="{dossier.pk}"' in listing
    assert (
        f'data-dossier="{dossier.pk}"'
        not in client.get(reverse("recognition:dossier_list") + "?year=2024").content.decode()
    )
    mine = client.get(reverse("recognition:dossier_list") + "?mine=1").content.decode()
    assert f'data-dossier="{dossier.pk}"' in mine
    coordinator_mine = client_as(cast.coordinator).get(reverse("recognition:dossier_list") + "?mine=1")
    assert f'data-dossier="{dossier.pk}"' not in coordinator_mine.content.decode()
    export = client_as(cast.coordinator).get(reverse("recognition:dossier_export"))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_dossier_list_query_count_does_not_grow_with_dossiers(
    client_as, cast, dossier, django_assert_max_num_queries
):
    for code in ("26414", "26415", "26416", "26417"):
        make_dossier(
            cast,
            unit=UnitFactory(code=code, name=f"Xã Thử {code}", parent=cast.province),
            actor=cast.coordinator,
        )
    client = client_as(cast.coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("recognition:dossier_list"))
    assert response.content.decode().count("data-dossier=") == 5


def test_template_pages_permission_matrix_and_upload(client_as, cast, dossier):
    shipped = documents.shipped_template("to_trinh").read_bytes()
    upload = SimpleUploadedFile("mau-tinh.docx", shipped, content_type="application/octet-stream")
    response = client_as(cast.coordinator).post(
        reverse("recognition:templates"), {"kind": "to_trinh", "file": upload}
    )
    assert response.status_code == 302
    override = TemplateOverride.objects.get()
    wrong = SimpleUploadedFile("mau.docx", PDF, content_type="application/octet-stream")
    refused = client_as(cast.coordinator).post(
        reverse("recognition:templates"), {"kind": "to_trinh", "file": wrong}
    )
    assert refused.status_code == 400 and "không đúng loại" in refused.content.decode()
    matrix(
        client_as,
        cast,
        reverse("recognition:template_deactivate", args=[override.pk]),
        {**COORDINATOR_ONLY, "coordinator": 302},
        method="post",
        unchanged=rows_of(TemplateOverride, AuditEntry),
    )
    override.refresh_from_db()
    assert not override.is_active and TemplateOverride.objects.count() == 1
