"""Report cycles: opened by run_scheduled, reports of departments and localities, reminders, closing, and the
consolidated report (Word in the Decree 30 layout, Excel annex) generated as a background job."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.models import Notification
from ntm.core.wordtemplates import open_document
from ntm.jobs.models import Job, JobStatus
from ntm.legal.citations import team_notes
from ntm.programme import cycles
from ntm.programme.models import (
    ConsolidatedReport,
    PlanTask,
    Reminder,
    Report,
    ReportCycle,
    ReportState,
    Target,
)
from ntm.programme.reporters import Reporter, expected_reporters
from ntm.programme.services import cycles as services_cycles
from ntm.programme.tests.factories import load_plan, pdf_upload
from ntm.testing.permissions import assert_access, rows_of

pytestmark = pytest.mark.django_db


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))


def open_annual(year: int = 2026) -> ReportCycle:
    load_plan()
    cycle, _created = services_cycles.cycle_open(
        period=cycles.period_for(cycles.ANNUAL, year, load_plan().rules())
    )
    return cycle


def content(**extra):
    data = {
        "targets": {},
        "tasks": {"IV.2.c": "Đã số hóa 100% hồ sơ một cửa."},
        "difficulties": "Thiếu kinh phí duy trì phần mềm.",
        "proposals": "",
    }
    data.update(extra)
    return data


def commune_a(cast) -> Reporter:
    return Reporter(cast.commune_a.pk, None, cast.commune_a.name)


def department(cast) -> Reporter:
    return Reporter(cast.organisation.unit_id, cast.organisation.pk, cast.organisation.name)


def test_run_scheduled_opens_the_cycle_once_reminds_and_closes_it(cast, django_capture_on_commit_callbacks):
    cast.officer_a.email = "xa.a@example.org"
    cast.officer_a.save()
    load_plan()  # with the (illustrative) instruction naming the 2026 reporters
    report = services_cycles.programme_scheduled(at(dt.date(2026, 11, 23)))
    assert "opened 1" in report
    cycle = ReportCycle.objects.get()
    assert (cycle.kind, cycle.year, cycle.due_on, cycle.closes_on) == (
        "annual",
        2026,
        dt.date(2026, 12, 15),
        dt.date(2026, 12, 30),
    )
    assert "opened 0" in services_cycles.programme_scheduled(at(dt.date(2026, 11, 24)))
    assert ReportCycle.objects.count() == 1 and not Reminder.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        services_cycles.programme_scheduled(at(dt.date(2026, 12, 8)))
        services_cycles.programme_scheduled(at(dt.date(2026, 12, 9)))  # the same stage is not sent twice
    assert Reminder.objects.filter(stage="before_due").count() == len(expected_reporters(cycle)) == 3
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["xa.a@example.org"]
    assert "15/12/2026" in mail.outbox[0].subject
    assert Notification.objects.filter(user=cast.officer_a, url=reverse("programme:cycles")).count() == 1

    services_cycles.report_start(actor=cast.officer_a, cycle=cycle, reporter=commune_a(cast))
    services_cycles.report_save(
        actor=cast.officer_a, report=Report.objects.get(), content=content(), submit=True
    )
    services_cycles.programme_scheduled(at(dt.date(2026, 12, 16)))
    overdue = Reminder.objects.filter(stage="overdue")
    assert overdue.count() == 2 and not overdue.filter(unit=cast.commune_a).exists()
    assert Report.objects.get().is_late is False

    services_cycles.programme_scheduled(at(dt.date(2026, 12, 31)))
    cycle.refresh_from_db()
    assert cycle.state == "closed"


def test_run_scheduled_command_includes_the_programme_job(cast, capsys):
    call_command("run_scheduled")
    assert "programme.report_cycles:" in capsys.readouterr().out


def test_reports_refuse_bad_figures_missing_texts_and_closed_cycles_changing_nothing(cast):
    cycle = open_annual()
    report = services_cycles.report_start(actor=cast.officer_a, cycle=cycle, reporter=commune_a(cast))
    with pytest.raises(ServiceError, match=r"KH202-16: Tử số \(70\) lớn hơn mẫu số \(50\)"):
        services_cycles.report_save(
            actor=cast.officer_a,
            report=report,
            content=content(targets={"KH202-16": {"numerator": 70, "denominator": 50}}),
        )
    with pytest.raises(ServiceError):
        services_cycles.report_save(
            actor=cast.officer_a, report=report, content=content(difficulties=""), submit=True
        )
    report.refresh_from_db()
    assert report.content == {} and report.state == ReportState.DRAFT
    with pytest.raises(Exception, match=r"own unit|của đơn vị mình"):
        services_cycles.report_save(actor=cast.officer_b, report=report, content=content())
    services_cycles.cycle_close(actor=cast.coordinator, cycle=cycle)
    with pytest.raises(StateConflict) as caught:
        services_cycles.report_save(actor=cast.officer_a, report=report, content=content(), submit=True)
    assert caught.value.expected_state == "open"
    with pytest.raises(StateConflict):
        services_cycles.report_attachment_add(actor=cast.officer_a, report=report, upload=pdf_upload())
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.content == {} and not report.attachments.exists()


def test_a_submitted_report_is_final_until_the_coordinator_returns_it(cast):
    cycle = open_annual()
    report = services_cycles.report_start(actor=cast.department, cycle=cycle, reporter=department(cast))
    services_cycles.report_save(actor=cast.department, report=report, content=content(), submit=True)
    with pytest.raises(StateConflict):
        services_cycles.report_save(actor=cast.department, report=report, content=content(proposals="x"))
    services_cycles.report_return(actor=cast.coordinator, report=report, note="Bổ sung số liệu KH202-14")
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.return_note.startswith("Bổ sung")
    services_cycles.report_save(
        actor=cast.department, report=report, content=content(proposals="Thêm"), submit=True
    )
    report.refresh_from_db()
    assert report.is_submitted and report.return_note == ""


def test_cycle_pages_permission_matrix(client_as, cast):
    cycle = open_annual()
    report = services_cycles.report_start(actor=cast.officer_a, cycle=cycle, reporter=commune_a(cast))
    everyone = {
        "coordinator": 200,
        "department": 200,
        "auditor": 200,
        "officer_a": 200,
        "officer_b": 200,
        "anonymous": 302,
    }
    assert_access(client_as, cast, reverse("programme:cycles"), everyone)
    followers = {
        "coordinator": 200,
        "auditor": 200,
        "department": 403,
        "officer_a": 403,
        "officer_b": 403,
        "anonymous": 302,
    }
    assert_access(client_as, cast, reverse("programme:cycle", args=[cycle.pk]), followers)
    assert_access(
        client_as,
        cast,
        reverse("programme:my_report", args=[cycle.pk]),
        {
            "coordinator": 404,
            "auditor": 404,
            "department": 200,
            "officer_a": 200,
            "officer_b": 200,
            "anonymous": 302,
        },
    )
    assert_access(
        client_as,
        cast,
        reverse("programme:report", args=[report.pk]),
        {
            "coordinator": 200,
            "auditor": 200,
            "department": 404,
            "officer_a": 200,
            "officer_b": 404,
            "anonymous": 302,
        },
    )
    coordinator_only = {
        "coordinator": 302,
        "auditor": 403,
        "department": 403,
        "officer_a": 403,
        "officer_b": 403,
        "anonymous": 302,
    }
    for name in ("cycle_remind", "cycle_close"):
        assert_access(
            client_as,
            cast,
            reverse(f"programme:{name}", args=[cycle.pk]),
            coordinator_only,
            method="post",
            unchanged=rows_of(ReportCycle, Reminder, AuditEntry),
        )


def test_opening_ones_report_stores_nothing_until_the_first_save(client_as, cast):
    """The report page is a GET (a link, a prefetch, another site's image tag): it shows the empty form without
    creating the report; saving the draft creates it, and files are attached to it from then on."""
    cycle = open_annual()
    officer = client_as(cast.officer_a)
    url = reverse("programme:my_report", args=[cycle.pk])
    audits = AuditEntry.objects.count()
    page = officer.get(url)
    assert page.status_code == 200 and "Lưu bản nháp trước, rồi đính kèm tệp" in page.content.decode()
    assert not Report.objects.exists() and AuditEntry.objects.count() == audits
    saved = officer.post(
        url, {"action": "save", "reporter": f"unit:{cast.commune_a.pk}", "text_difficulties": "x"}
    )
    assert saved.status_code == 302
    report = Report.objects.get(unit=cast.commune_a)
    page = officer.get(url).content.decode()
    assert reverse("programme:report_attachment", args=[report.pk]) in page


@pytest.mark.sqlite_journey
def test_consolidated_report_from_submitted_reports(client_as, cast, monkeypatch):
    monkeypatch.setattr("ntm.programme.services.consolidation.docx_to_pdf", lambda data: b"%PDF-1.4 test")
    cycle = open_annual()
    officer = client_as(cast.officer_a)
    url = reverse("programme:my_report", args=[cycle.pk])
    page = officer.get(url).content.decode()
    assert "KH202-16" in page and "IV.2.c" in page
    form = {"action": "submit", "reporter": f"unit:{cast.commune_a.pk}"}
    t16 = Target.objects.get(code="KH202-16")
    task = PlanTask.objects.get(code="IV.4.b")
    bad = officer.post(
        url, {**form, f"t{t16.pk}_numerator": "70", f"t{t16.pk}_denominator": "50", "text_difficulties": "x"}
    )
    assert bad.status_code == 400 and not Report.objects.filter(state="submitted").exists()
    ok = officer.post(
        url,
        {
            **form,
            f"t{t16.pk}_numerator": "40",
            f"t{t16.pk}_denominator": "50",
            f"task_{task.pk}": "Mở dịch vụ đặt lịch khám trực tuyến.",
            "text_difficulties": "Đường truyền yếu ở ấp xa.",
            "text_proposals": "Hỗ trợ thiết bị.",
        },
    )
    assert ok.status_code == 302
    services_cycles.report_save(
        actor=cast.department,
        report=services_cycles.report_start(actor=cast.department, cycle=cycle, reporter=department(cast)),
        content=content(),
        submit=True,
    )
    coordinator = client_as(cast.coordinator)
    status_page = coordinator.get(reverse("programme:cycle", args=[cycle.pk])).content.decode()
    assert "Đã nhận 2/3 báo cáo" in status_page
    assert coordinator.post(reverse("programme:cycle_remind", args=[cycle.pk])).status_code == 302
    assert list(Reminder.objects.values_list("unit__name", flat=True)) == [cast.commune_b.name]
    response = coordinator.post(
        reverse("programme:cycle_consolidate", args=[cycle.pk]), {"number": "123/BC-SNNMT"}
    )
    job = Job.objects.get(kind="programme.consolidate")
    assert response.status_code == 302 and job.status == JobStatus.SUCCEEDED and job.progress == 100
    consolidated = ConsolidatedReport.objects.get()
    assert consolidated.summary["submitted"] == 2 and consolidated.summary["expected"] == 3

    document = open_document(consolidated.docx.read())
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI" in cells and "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in cells
    assert (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Số: 123/BC-SNNMT" in cells and "Nơi nhận:" in cells
    )
    assert "BÁO CÁO" in text and "Kết quả thực hiện Kế hoạch 202/KH-UBND năm 2026" in text
    assert "Đã nhận 2/3 báo cáo" in text and f"Chưa gửi báo cáo (1): {cast.commune_b.name}." in text
    assert "- Xã Long Phước: Mở dịch vụ đặt lịch khám trực tuyến." in text
    assert "- Xã Long Phước: Đường truyền yếu ở ấp xa." in text
    assert "KH202-01. 100% xã đạt chuẩn chỉ tiêu 8.4" in cells
    assert "Tổng hợp báo cáo kỳ này: 40/50 (80,0%)" in cells
    # Sources are the registry record (symbol, date, issuer) and the part of the plan cited.
    assert "Nguồn: KH 202/KH-UBND ngày 18/8/2023 của Ủy ban nhân dân tỉnh Đồng Nai, mục II.2.a" in cells
    assert not team_notes(text + cells) and "chưa đối chiếu" not in cells

    annex = load_workbook(io.BytesIO(consolidated.xlsx.open("rb").read()))
    assert annex.sheetnames == [
        "Chỉ tiêu",
        "Chi tiết chỉ tiêu",
        "Tình hình báo cáo",
        "Nhiệm vụ",
        "Số liệu báo cáo",
        "Khó khăn - đề xuất",
        "Kinh phí",
    ]
    figures = list(annex["Số liệu báo cáo"].iter_rows(min_row=2, values_only=True))
    assert figures == [("Xã Long Phước", "KH202-16", 40, 50, None)]
    statuses = {row[0]: row[2] for row in annex["Tình hình báo cáo"].iter_rows(min_row=2, values_only=True)}
    assert statuses[cast.commune_b.name] == "Chưa gửi" and statuses["Xã Long Phước"] == "Đã gửi"

    for kind in ("docx", "xlsx", "pdf"):
        url = reverse("programme:consolidated", args=[consolidated.pk, kind])
        assert_access(
            client_as,
            cast,
            url,
            {
                "coordinator": 200,
                "auditor": 200,
                "department": 403,
                "officer_a": 403,
                "officer_b": 403,
                "anonymous": 302,
            },
        )
    assert (
        consolidated.docx.name.startswith("programme/consolidated/")
        and cycle.kind not in consolidated.docx.name
    )
    stem = f"bao-cao-tong-hop-{cycle.kind}-{cycle.year}"
    for kind, content_type, disposition in (
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment"),
        ("pdf", "application/pdf", "inline"),
    ):
        response = client_as(cast.coordinator).get(
            reverse("programme:consolidated", args=[consolidated.pk, kind])
        )
        assert response["Content-Type"] == content_type
        name = f"{stem}-phu-luc.xlsx" if kind == "xlsx" else f"{stem}.{kind}"
        assert response["Content-Disposition"] == f'{disposition}; filename="{name}"'
    assert job.result_name == f"{stem}.docx"


def test_consolidation_is_started_only_by_the_coordinator(client_as, cast):
    cycle = open_annual()
    url = reverse("programme:cycle_consolidate", args=[cycle.pk])
    for user in (cast.auditor, cast.department, cast.officer_a):
        assert client_as(user).post(url, {}).status_code == 403
    assert not Job.objects.exists()
