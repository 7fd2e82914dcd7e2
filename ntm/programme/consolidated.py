"""The consolidated provincial report of a cycle (Plan 202 VI.6): what it says, the Word document (docxtpl, Decree
30/2020 layout), and the Excel annex. The background job (``services.consolidation.consolidated_report_make``)
calls these and the PDF step.

``gather`` reads everything once (targets with actuals from the system, expected and submitted reports, task entries,
texts, budget lines of the year's annual plans); ``docx_context`` and ``annex_workbook`` only format it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ntm.accounts.models import Organisation
from ntm.core.excel_writer import Sheet, Style, workbook_bytes
from ntm.core.models import InstanceState
from ntm.core.vocabulary import CONFIRMED, PARTIAL, PLACEHOLDER, UNCONFIRMED
from ntm.core.wordtemplates import render
from ntm.legal.selectors import source_text
from ntm.programme import actuals
from ntm.programme.measure import Measurer, TargetResult
from ntm.programme.models import BudgetLine, BudgetSource, Report, ReportCycle, ReportState, TargetMethod
from ntm.programme.reporters import Reporter, expected_reporters, reporter_of

TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "bao-cao-tong-hop.docx"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
PROVENANCE_VI = {
    CONFIRMED: "đã xác nhận",
    PARTIAL: "xác nhận một phần",
    UNCONFIRMED: "chưa xác nhận",
    PLACEHOLDER: "chưa có dữ liệu",
}


def number_vi(value: float | int | Decimal | None, decimals: int = 1) -> str:
    """1234.5 → "1.234,5" (Vietnamese separators); None → "—"."""
    if value is None:
        return "—"
    text = f"{float(value):,.{decimals}f}" if decimals else f"{round(float(value)):,}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def target_text(result: TargetResult) -> str:
    target = result.target
    sign = "≥" if target.comparison == ">=" else "≤"
    if target.measure_unit == "count":
        return f"{sign} {number_vi(target.target_value, 0)}"
    return f"{sign} {number_vi(target.target_value, 0 if target.target_value == int(target.target_value) else 1)}%"


def actual_text(result: TargetResult) -> str:
    actual = result.actual
    if actual is None:
        return "Chưa có số liệu"
    if result.value is None:
        return f"Chưa tính được ({actual.numerator}/{actual.denominator})"
    if result.target.measure_unit == "count":
        return f"{actual.numerator}/{actual.denominator}"
    return f"{number_vi(result.value)}% ({actual.numerator}/{actual.denominator})"


@dataclass
class Entry:
    reporter: str
    text: str


@dataclass
class Consolidation:
    cycle: ReportCycle
    today: dt.date
    results: list[TargetResult]
    expected: list[Reporter]
    submitted: list[Report]
    missing: list[Reporter]
    task_entries: list[tuple[Any, list[Entry]]]
    text_entries: list[tuple[dict[str, Any], list[Entry]]]
    reported_sums: dict[str, actuals.Actual | None] = field(default_factory=dict)
    budget: list[dict[str, Any]] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)

    @property
    def late(self) -> list[Report]:
        return [r for r in self.submitted if r.is_late]


def gather(
    cycle: ReportCycle, *, today: dt.date | None = None, measurer: Measurer | None = None, progress=None
) -> Consolidation:
    """Everything the consolidated report shows, read once."""
    today = today or timezone.localdate()
    measurer = measurer or Measurer(today=today)
    targets = list(cycle.plan.targets.active().select_related("plan").order_by("position", "code"))
    results = []
    for index, target in enumerate(targets, start=1):
        results.append(measurer.result(target))
        if progress is not None:
            progress(
                5 + int(45 * index / max(len(targets), 1)),
                _("Computing target %(code)s") % {"code": target.code},
            )
    expected = expected_reporters(cycle)
    submitted = list(
        Report.objects.filter(cycle=cycle, state=ReportState.SUBMITTED)
        .select_related("unit", "organisation")
        .order_by("organisation__name", "unit__name")
    )
    submitted.sort(key=lambda r: (r.organisation_id is None, r.reporter_name))
    done = {reporter_of(r).key for r in submitted}
    missing = [r for r in expected if r.key not in done]
    tasks = list(cycle.plan.tasks.order_by("position", "code"))
    task_entries = [
        (
            task,
            [
                Entry(r.reporter_name, text)
                for r in submitted
                if (text := str((r.content.get("tasks") or {}).get(task.code, "")).strip())
            ],
        )
        for task in tasks
    ]
    text_sections = [s for s in cycle.form.content.get("sections", []) if s["kind"] == "text"]
    text_entries = [
        (
            section,
            [
                Entry(r.reporter_name, text)
                for r in submitted
                if (text := str(r.content.get(section["key"], "")).strip())
            ],
        )
        for section in text_sections
    ]
    reported_sums = {}
    for result in results:
        if result.target.method != TargetMethod.REPORTED:
            continue
        rows = []
        for report in submitted:
            entry = (report.content.get("targets") or {}).get(result.target.code) or {}
            if isinstance(entry.get("numerator"), int) and isinstance(entry.get("denominator"), int):
                rows.append((report.reporter_name, entry["numerator"], entry["denominator"]))
        reported_sums[result.target.code] = actuals.summed(rows)
    lines = list(
        BudgetLine.objects.filter(plan__year=cycle.year, plan__programme=cycle.plan)
        .select_related("plan__unit", "plan__organisation")
        .order_by("plan__unit__name", "source", "id")
    )
    totals = {
        row["source"]: row
        for row in BudgetLine.objects.filter(plan__year=cycle.year, plan__programme=cycle.plan)
        .values("source")
        .annotate(planned=Sum("planned"), actual=Sum("actual"))
    }
    budget = [
        {
            "source": source,
            "label": str(label),
            "planned": totals.get(source, {}).get("planned") or Decimal(0),
            "actual": totals.get(source, {}).get("actual") or Decimal(0),
        }
        for source, label in BudgetSource.choices
    ]
    return Consolidation(
        cycle,
        today,
        results,
        expected,
        submitted,
        missing,
        task_entries,
        text_entries,
        reported_sums,
        budget,
        lines,
    )


def _note(result: TargetResult, summed: actuals.Actual | None) -> str:
    parts = [result.denominator_label]
    if result.actual is not None and result.actual.derived_count:
        parts.append(f"{result.actual.derived_count} đơn vị quy đổi theo đơn vị mới")
    parts.extend(result.warnings)
    if summed is not None:
        parts.append(
            f"Tổng hợp báo cáo kỳ này: {summed.numerator}/{summed.denominator} ({number_vi(summed.percent)}%)"
        )
    target = result.target
    parts.append(
        f"Nguồn: {source_text(target.source)} ({PROVENANCE_VI.get(target.provenance, target.provenance)})"
    )
    return "; ".join(part for part in parts if part)


def department_name_on(name: str, day: dt.date) -> str:
    """``name`` (a department's current name) as the department was named on ``day``."""
    organisation = Organisation.objects.filter(name=name).prefetch_related("former_names").first()
    return organisation.name_on(day) if organisation is not None else name


def docx_context(data: Consolidation, *, number: str = "") -> dict[str, Any]:
    cycle, today = data.cycle, data.today
    rules = cycle.plan.rules()
    budget_rows = [
        {
            "number": index,
            "source": row["label"],
            "planned": number_vi(row["planned"], 1),
            "actual": number_vi(row["actual"], 1),
            "rate": number_vi(row["actual"] * 100 / row["planned"]) if row["planned"] else "—",
        }
        for index, row in enumerate(data.budget, start=1)
    ]
    total_planned = sum((row["planned"] for row in data.budget), Decimal(0))
    total_actual = sum((row["actual"] for row in data.budget), Decimal(0))
    budget_rows.append(
        {
            "number": "",
            "source": "Tổng cộng",
            "planned": number_vi(total_planned, 1),
            "actual": number_vi(total_actual, 1),
            "rate": number_vi(total_actual * 100 / total_planned) if total_planned else "—",
        }
    )
    departments = sum(1 for r in data.expected if r.is_department)
    localities = len(data.expected) - departments
    sections_start = 5  # I-IV are fixed in the template
    # The consolidating department under its name in the period reported (the 3/2025 mergers renamed it).
    coordinator = department_name_on(rules.coordinator or "Sở Nông nghiệp và Môi trường", cycle.due_on)
    issuing_body = rules.issuing_body or "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    if rules.coordinator and issuing_body.upper() == rules.coordinator.upper():
        issuing_body = coordinator.upper()
    return {
        "parent_body": rules.parent_body or f"ỦY BAN NHÂN DÂN TỈNH {settings.NTM_PROVINCE_NAME.upper()}",
        "issuing_body": issuing_body,
        "number": number or f"        /{rules.symbol or 'BC'}",
        "place": rules.place or settings.NTM_PROVINCE_NAME,
        "day": f"{today.day:02d}",
        "month": f"{today.month:02d}",
        "year": today.year,
        "summary": f"Kết quả thực hiện {cycle.plan.short_name} {cycle.period_label}",
        "demo_note": "DỮ LIỆU MINH HỌA — không phải số liệu chính thức" if InstanceState.is_demo() else "",
        "opening": (
            f"Thực hiện chế độ báo cáo của {cycle.plan.short_name} (báo cáo trước ngày "
            f"{cycle.due_on:%d/%m/%Y}), trên cơ sở báo cáo của {len(data.submitted)}/{len(data.expected)} sở, ngành "
            f"và địa phương cùng số liệu của hệ thống quản lý nông thôn mới, "
            f"{coordinator} tổng hợp kết quả thực hiện "
            f"{cycle.period_label} như sau:"
        ),
        "targets_intro": (
            f"Số liệu tính từ hệ thống ngày {today:%d/%m/%Y}; tỷ lệ tính trên mẫu số nêu ở cột Ghi chú, cùng mục "
            "của Kế hoạch mà chỉ tiêu được trích."
        ),
        "target_rows": [
            {
                "number": index,
                "text": f"{r.target.code}. {r.target.text}",
                "target": f"{target_text(r)} (đến {r.target.deadline:%d/%m/%Y})",
                "actual": actual_text(r),
                "status": r.status_label,
                "note": _note(r, data.reported_sums.get(r.target.code)),
            }
            for index, r in enumerate(data.results, start=1)
        ],
        "tasks": [
            {"number": index, "title": f"{task.code}. {task.title}", "entries": entries}
            for index, (task, entries) in enumerate(data.task_entries, start=1)
        ],
        "submission_text": (
            f"Đã nhận {len(data.submitted)}/{len(data.expected)} báo cáo ({departments} sở, ngành và "
            f"{localities} địa phương phải báo cáo); trong đó {len(data.late)} báo cáo gửi sau hạn "
            f"{cycle.due_on:%d/%m/%Y}."
        ),
        "missing_text": (
            f"Chưa gửi báo cáo ({len(data.missing)}): " + ", ".join(r.name for r in data.missing) + "."
            if data.missing
            else ""
        ),
        "year_of_cycle": cycle.year,
        "budget_rows": budget_rows,
        "text_sections": [
            {
                "heading": f"{ROMAN[sections_start - 1 + index]}. {section['title'].split('. ', 1)[-1].upper()}",
                "entries": entries,
            }
            for index, (section, entries) in enumerate(data.text_entries)
        ],
        "notes_heading": f"{ROMAN[min(sections_start - 1 + len(data.text_entries), len(ROMAN) - 1)]}. GHI CHÚ VỀ SỐ LIỆU",
        "notes": [
            "Tình trạng công nhận chính thức chỉ lấy từ quyết định công nhận; kết quả đánh giá chỉ tiêu là tự đánh giá.",
            "Xã của tỉnh cũ chưa có số liệu riêng được quy đổi theo đơn vị mới mà xã đã hợp thành (đạt khi mọi đơn vị "
            "kế thừa đều đạt).",
            "Chỉ tiêu cấp huyện: không còn cấp huyện từ 1/7/2025, chỉ dùng số liệu lịch sử.",
            "Phụ lục Excel kèm theo: chi tiết từng đơn vị, hồ sơ sau mỗi số liệu và toàn văn báo cáo của các đơn vị.",
        ],
        "closing": f"Trên đây là báo cáo kết quả thực hiện {cycle.plan.short_name} {cycle.period_label}.",
        "recipients": [
            f"UBND tỉnh {settings.NTM_PROVINCE_NAME} (b/c)",
            "Văn phòng Điều phối nông thôn mới Trung ương",
            "Các sở, ngành thành viên Ban Chỉ đạo",
            "UBND cấp huyện" if any(r.level == "district" for r in data.expected) else "UBND các xã, phường",
            "Lưu: VT, VPĐP.",
        ],
        "signer_capacity": "KT. GIÁM ĐỐC",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signer_name": "",
    }


def render_docx(context: dict[str, Any], template: Path = TEMPLATE) -> bytes:
    return render(template, context)


_HEADER = Style(bold=True, wrap=True, vertical="top")


def _sheet(sheets: list[Sheet], title: str, headers: list[str], rows, widths: list[int]) -> None:
    sheets.append(Sheet(title, header=headers, header_style=_HEADER, rows=rows, widths=widths, freeze="A2"))


def annex_workbook(data: Consolidation) -> bytes:
    """The Excel annex: targets, the units and records behind each number, report status, task entries, reported
    figures, texts and budget lines."""
    sheets: list[Sheet] = []
    _sheet(
        sheets,
        "Chỉ tiêu",
        [
            "STT",
            "Mã",
            "Chỉ tiêu",
            "Mục tiêu",
            "Hạn",
            "Tử số",
            "Mẫu số",
            "Thực hiện",
            "Đánh giá",
            "Mẫu số gồm",
            "Nguồn",
            "Cảnh báo",
        ],
        (
            [
                index,
                r.target.code,
                r.target.text,
                target_text(r),
                r.target.deadline.strftime("%d/%m/%Y"),
                r.actual.numerator if r.actual else None,
                r.actual.denominator if r.actual else None,
                r.value,
                r.status_label,
                r.denominator_label,
                f"{source_text(r.target.source)} ({PROVENANCE_VI.get(r.target.provenance, r.target.provenance)})"
                + (f"; {r.target.reference}" if r.target.reference else ""),
                " ".join(r.warnings),
            ]
            for index, r in enumerate(data.results, start=1)
        ),
        [5, 10, 60, 10, 11, 8, 8, 10, 16, 40, 50, 50],
    )
    _sheet(
        sheets,
        "Chi tiết chỉ tiêu",
        ["Mã chỉ tiêu", "Đơn vị / hồ sơ", "Trạng thái", "Được tính", "Quy đổi", "Ghi chú", "Hồ sơ"],
        (
            [
                r.target.code,
                line.label,
                line.status_text,
                "Có" if line.counted else "Không",
                "Có" if line.derived else "",
                line.detail,
                "; ".join(line.records),
            ]
            for r in data.results
            if r.actual is not None
            for line in r.actual.lines
        ),
        [12, 45, 16, 10, 9, 60, 60],
    )
    submitted = {reporter_of(r).key: r for r in data.submitted}
    _sheet(
        sheets,
        "Tình hình báo cáo",
        ["Đơn vị", "Loại", "Trạng thái", "Ngày gửi", "Trễ hạn"],
        (
            [
                reporter.name,
                "Sở, ngành" if reporter.is_department else "Xã, phường",
                "Đã gửi" if reporter.key in submitted else "Chưa gửi",
                timezone.localtime(submitted[reporter.key].submitted_at).strftime("%d/%m/%Y %H:%M")
                if reporter.key in submitted and submitted[reporter.key].submitted_at
                else "",
                "Có" if reporter.key in submitted and submitted[reporter.key].is_late else "",
            ]
            for reporter in data.expected
        ),
        [45, 14, 12, 18, 10],
    )
    _sheet(
        sheets,
        "Nhiệm vụ",
        ["Mã nhiệm vụ", "Nhiệm vụ", "Đơn vị", "Nội dung báo cáo"],
        (
            [task.code, task.title, entry.reporter, entry.text]
            for task, entries in data.task_entries
            for entry in entries
        ),
        [12, 50, 35, 90],
    )
    _sheet(
        sheets,
        "Số liệu báo cáo",
        ["Đơn vị", "Mã chỉ tiêu", "Tử số", "Mẫu số", "Ghi chú"],
        (
            [
                report.reporter_name,
                code,
                entry.get("numerator"),
                entry.get("denominator"),
                entry.get("comment", ""),
            ]
            for report in data.submitted
            for code, entry in sorted((report.content.get("targets") or {}).items())
            if entry.get("numerator") is not None
        ),
        [45, 12, 10, 10, 60],
    )
    _sheet(
        sheets,
        "Khó khăn - đề xuất",
        ["Mục", "Đơn vị", "Nội dung"],
        (
            [section["title"], entry.reporter, entry.text]
            for section, entries in data.text_entries
            for entry in entries
        ),
        [30, 40, 100],
    )
    _sheet(
        sheets,
        "Kinh phí",
        ["Đơn vị", "Nguồn vốn", "Nội dung", "Kế hoạch (triệu đồng)", "Thực hiện (triệu đồng)"],
        (
            [
                line.plan.owner_name,
                line.get_source_display(),
                line.description,
                float(line.planned),
                float(line.actual) if line.actual is not None else None,
            ]
            for line in data.budget_lines
        ),
        [40, 30, 50, 16, 16],
    )
    return workbook_bytes(sheets)


def summary_of(data: Consolidation) -> dict[str, Any]:
    """The figures the consolidated report used, kept with it (JSON)."""
    return {
        "generated_on": data.today.isoformat(),
        "expected": len(data.expected),
        "submitted": len(data.submitted),
        "late": len(data.late),
        "missing": [r.name for r in data.missing],
        "targets": {
            r.target.code: {
                "numerator": r.actual.numerator if r.actual else None,
                "denominator": r.actual.denominator if r.actual else None,
                "value": r.value,
                "status": r.status,
            }
            for r in data.results
        },
    }


def build_documents(cycle: ReportCycle, *, number: str = "", today: dt.date | None = None, progress=None):
    """(docx bytes, xlsx bytes, summary) of the consolidated report, in Vietnamese whatever the active language."""
    with translation.override(settings.LANGUAGE_CODE):
        data = gather(cycle, today=today, progress=progress)
        if progress is not None:
            progress(55, _("Writing the Word document"))
        docx = render_docx(docx_context(data, number=number))
        if progress is not None:
            progress(70, _("Writing the Excel annex"))
        xlsx = annex_workbook(data)
    return docx, xlsx, summary_of(data)
