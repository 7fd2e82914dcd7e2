"""The periodic environment report as a Word document in the Decree 30/2020 layout (docxtpl template built by
``templates_docx/build_template.py``), made from the data of ``selectors.environment_report``: household water
coverage against the province's target, water samples and their compliance, waste collection rates and the
facilities meeting environmental-protection requirements. The wording of an official document is Vietnamese in
every language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ntm.core.models import InstanceState
from ntm.core.vocabulary import CONFIRMED, PARTIAL, PLACEHOLDER, UNCONFIRMED
from ntm.core.wordtemplates import render
from ntm.environment import coverage
from ntm.environment.models import SupplyKind
from ntm.environment.selectors import EnvironmentReport, catalogue_of
from ntm.legal.selectors import source_text
from ntm.units.models import Level

TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "bao-cao-moi-truong.docx"
MARKS = {
    CONFIRMED: "đã xác nhận",
    PARTIAL: "xác nhận một phần",
    UNCONFIRMED: "chưa xác nhận",
    PLACEHOLDER: "chưa có ngưỡng",
}
PERIOD_TEXT = {"year": "năm {year}", "h1": "6 tháng đầu năm {year}", "h2": "6 tháng cuối năm {year}"}
KIND_TEXT = {
    SupplyKind.CENTRALISED: "công trình cấp nước tập trung",
    SupplyKind.HOUSEHOLD: "công trình quy mô hộ gia đình",
    SupplyKind.MONITORING: "điểm quan trắc",
}
DASH = "—"


def percent_vi(value: Decimal | None) -> str:
    return DASH if value is None else f"{value:.1f}".replace(".", ",")


def number_vi(value: int | None) -> str:
    return DASH if value is None else f"{value:,}".replace(",", ".")


def _rate(done: int, total: int) -> str:
    return percent_vi(coverage.rate(done, total))


def _verdict(met: bool | None) -> str:
    return {True: "Đạt", False: "Chưa đạt", None: DASH}[met]


def coverage_sentence(report: EnvironmentReport) -> str:
    counts = report.households
    if counts is None:
        return f"Chưa có xã nào nhập số liệu nước sạch hộ gia đình năm {report.year}."
    shares = coverage.shares(counts)
    entered = sum(1 for row in report.rows if row.coverage)
    text = (
        f"Số liệu của {entered}/{len(report.rows)} xã: tổng số {number_vi(counts.total)} hộ; "
        f"{percent_vi(shares.hygienic)}% hộ sử dụng nước hợp vệ sinh; {percent_vi(shares.clean)}% hộ sử dụng "
        f"nước sạch đạt quy chuẩn, trong đó {percent_vi(shares.clean_piped)}% từ công trình cấp nước tập trung."
    )
    if report.target:
        met = sum(1 for row in report.rows if row.meets_target)
        text += (
            f" Mục tiêu của tỉnh năm {report.year}: ít nhất {percent_vi(report.target.clean_min)}% hộ dùng nước "
            f"sạch đạt quy chuẩn, trong đó ít nhất {percent_vi(report.target.piped_min)}% nước máy; "
            f"{met}/{entered} xã đạt."
        )
    return text


def report_context(report: EnvironmentReport, *, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    unit = report.unit
    province = getattr(settings, "NTM_PROVINCE_NAME", "Đồng Nai")
    period = PERIOD_TEXT[report.period].format(year=report.year)
    numbered = list(enumerate(report.rows, start=1))
    coverage_rows = [
        {
            "number": n,
            "name": row.unit.name,
            "households": number_vi(row.coverage.households) if row.coverage else DASH,
            "hygienic": percent_vi(row.shares.hygienic) if row.shares else DASH,
            "clean": percent_vi(row.shares.clean) if row.shares else DASH,
            "piped": percent_vi(row.shares.clean_piped) if row.shares else DASH,
            "target": _verdict(row.meets_target),
        }
        for n, row in numbered
    ]
    sample_rows = [
        {
            "number": n,
            "name": row.unit.name,
            "samples": row.samples,
            "passing": row.passing,
            "failing": row.failing,
            "rate": _rate(row.passing, row.samples),
        }
        for n, row in numbered
    ]
    exceedance_rows = [
        {
            "number": n,
            "point": f"{item.sample.point.code} — {item.sample.point.name}",
            "commune": item.sample.point.unit.name,
            "date": item.sample.sampled_on.strftime("%d/%m/%Y"),
            "parameters": "; ".join(
                f"{j.parameter.name}: {j.raw} / {j.parameter.limit_text()} {j.parameter.unit}".strip()
                for j in item.failed
            ),
        }
        for n, item in enumerate(report.exceedances, start=1)
    ]
    waste_rows = [
        {
            "number": n,
            "name": row.unit.name,
            **{
                stream: percent_vi(row.waste_rates.get(stream)) if row.waste_rates else DASH
                for stream in ("domestic", "packaging", "medical")
            },
        }
        for n, row in numbered
    ]
    facility_rows = [
        {
            "number": n,
            "name": row.unit.name,
            "facilities": row.facilities,
            "compliant": row.compliant,
            "rate": _rate(row.compliant, row.facilities),
        }
        for n, row in numbered
    ]
    points = ", ".join(
        f"{count} {KIND_TEXT.get(kind, kind)}" for kind, count in sorted(report.points.items()) if count
    )
    waste_entered = sum(1 for row in report.rows if row.waste_rates)
    notes = [
        "Kết quả xét nghiệm được đánh giá theo danh mục thông số áp dụng vào ngày lấy mẫu: "
        + (
            "; ".join(
                f"{row.name} phiên bản {row.version} ({MARKS.get(catalogue_of(row).provenance, '')}): "
                f"{source_text(catalogue_of(row).source)}"
                for row in report.catalogues
            )
            or "không có mẫu trong kỳ"
        )
        + ".",
        "Chỉ tính mẫu chưa bị đính chính; mẫu có ít nhất một thông số vượt giới hạn là mẫu không đạt.",
        "Tỷ lệ hộ = số hộ ÷ tổng số hộ của xã (QĐ 1893/QĐ-BNN-TL ngày 24/6/2024: nước hợp vệ sinh, nước sạch "
        "đạt quy chuẩn, trong đó từ công trình cấp nước tập trung), làm tròn một chữ số thập phân.",
        "Tỷ lệ chất thải = khối lượng được thu gom, xử lý ÷ khối lượng phát sinh do xã báo cáo.",
        "Cơ sở đạt yêu cầu bảo vệ môi trường: lần kiểm tra gần nhất đến hết năm kết luận đạt; cơ sở chưa được "
        "kiểm tra tính là chưa chứng minh đạt.",
    ]
    if report.target:
        notes.append(
            f"Mục tiêu nước sạch của tỉnh ({MARKS.get(report.target.provenance, report.target.provenance)}): "
            f"{source_text(report.target.source)}."
        )
    # "các xã thuộc tỉnh Đồng Nai": the unit type in lower case inside the sentence
    scope = (
        unit.name if unit.level == Level.COMMUNE else f"các xã thuộc {unit.name[:1].lower()}{unit.name[1:]}"
    )
    commune_level = unit.level == Level.COMMUNE
    return {
        "parent_body": "" if unit.level == Level.PROVINCE else f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}",
        "issuing_body": f"ỦY BAN NHÂN DÂN {unit.name.upper()}",
        "number": "       /BC-UBND",
        "place": unit.short_name or province,
        "day": f"{today.day:02d}",
        "month": f"{today.month:02d}",
        "year": today.year,
        "summary": f"Tình hình môi trường nông thôn và nước sạch {period} của {scope}",
        "demo_note": "DỮ LIỆU MINH HỌA — KHÔNG PHẢI VĂN BẢN CHÍNH THỨC" if InstanceState.is_demo() else "",
        "opening": (
            f"Thực hiện nhiệm vụ giám sát chất lượng môi trường, quản lý các nguồn chất thải, chất ô nhiễm và "
            f"cấp nước sạch nông thôn (KH 202/KH-UBND ngày 18/8/2023, mục IV.2.d), Ủy ban nhân dân "
            f"{unit.name} báo cáo tình hình môi trường nông thôn và nước sạch {period} "
            f"(từ ngày {report.start:%d/%m/%Y} đến ngày {report.end:%d/%m/%Y}), tổng hợp từ số liệu đã nhập "
            f"trên hệ thống đến ngày {today:%d/%m/%Y}, như sau:"
        ),
        "coverage_text": coverage_sentence(report),
        "coverage_rows": coverage_rows,
        "points_text": (
            f"Điểm cấp nước đang hoạt động: {points}."
            if points
            else "Chưa có điểm cấp nước nào được đăng ký."
        ),
        "samples_text": (
            f"Trong kỳ có {report.samples} mẫu nước có kết quả xét nghiệm: {report.passing} mẫu đạt, "
            f"{report.failing} mẫu có thông số vượt giới hạn (tỷ lệ đạt {_rate(report.passing, report.samples)}%)."
        ),
        "sample_rows": sample_rows,
        "exceedance_rows": exceedance_rows,
        "waste_text": (
            f"Số liệu thu gom, xử lý chất thải năm {report.year} của {waste_entered}/{len(report.rows)} xã "
            "(tỷ lệ được thu gom, xử lý theo khối lượng phát sinh):"
        ),
        "waste_rows": waste_rows,
        "facilities_text": (
            f"Có {report.facilities} cơ sở đang hoạt động trong danh mục nguồn thải, {report.compliant} cơ sở "
            f"đạt yêu cầu về bảo vệ môi trường (tỷ lệ {_rate(report.compliant, report.facilities)}%)."
        ),
        "facility_rows": facility_rows,
        "notes": notes,
        "recipients": [
            "Văn phòng Điều phối nông thôn mới tỉnh;",
            "Sở Nông nghiệp và Môi trường;" if not commune_level else "UBND tỉnh (qua Văn phòng Điều phối);",
            "Lưu: VT.",
        ],
        "signer_capacity": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "",
    }


def report_docx(report: EnvironmentReport, *, today: dt.date | None = None) -> bytes:
    return render(TEMPLATE, report_context(report, today=today))


def report_filename(report: EnvironmentReport) -> str:
    return f"bao-cao-moi-truong-{report.unit.code}-{report.year}-{report.period}.docx"
