"""Benchmark: the annual consolidated provincial report (Plan 202 VI.6) for every unit of the province, against the
same template rendered with empty tables in the same run.

Run: ``.venv/bin/python bench/programme_report.py`` (``make bench`` runs every bench script).

What it does:

1. Makes a fresh PostgreSQL database ``BENCH_PROG_DATABASE_URL`` (default
   ``postgres://postgres@127.0.0.1:5432/ntm_bench_prog``; dropped and created again), migrates, imports every
   administrative unit of the country (``import_units --all``), loads the shipped criteria sets, Plan 202 and the
   report form.
2. Writes synthetic data for the province (Đồng Nai, 2025 code 75, and the two old provinces it took over):
   every entered indicator of the commune NTM and advanced sets for every 2025 xã in 2023-2025 and for every old
   xã in 2023-2024; for every commune-level unit two cooperatives, a linkage model, an online service (half with a
   closed feedback campaign answered online), six managers (two thirds trained), an annual plan with activities
   and four budget lines; ten departments; and, in the annual 2025 cycle, a submitted report from every
   department and every commune-level unit (figures for the reported targets, a paragraph per section IV task,
   difficulties and proposals).
3. Measures, as medians: the consolidated report — gathering every target's actual from the system (with
   trends), every report, the budget — and writing the Word document and the Excel annex
   (``consolidated.build_documents``), against the baseline of the same template and annex written with empty
   tables. Budget: 5 s. The PDF conversion (LibreOffice) is measured apart, against the PDF of the empty
   document.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get("BENCH_PROG_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ntm_bench_prog")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
REPORT_BUDGET_MS = 5000.0
PDF_BUDGET_MS = 20000.0
TEXT = (
    "Đơn vị đã triển khai các nội dung theo kế hoạch: tuyên truyền trên hệ thống loa truyền thanh và trang thông tin "
    "điện tử, tập huấn cho cán bộ ấp, cập nhật dữ liệu vào hệ thống, phối hợp với doanh nghiệp viễn thông hỗ trợ người "
    "dân cài đặt ứng dụng; kết quả cụ thể nêu trong phụ lục kèm theo."
)


def log(message: str) -> None:
    print(f"[programme bench] {message}", file=sys.stderr, flush=True)


def fresh_database() -> None:
    url = urllib.parse.urlparse(PG_URL)
    name = url.path.lstrip("/")
    args = ["-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres"]
    subprocess.run(["dropdb", *args, "--if-exists", "--force", name], check=True)  # noqa: S603, S607
    subprocess.run(["createdb", *args, name], check=True)  # noqa: S603, S607


def setup_django() -> None:
    os.environ["DATABASE_URL"] = PG_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("NTM_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from ntm.core.runtime import settle

    settle()  # as a web worker does once loaded (config/wsgi.py)


def median_ms(function, runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _values(rng, units, set_code, years, indicators):
    from django.utils import timezone

    from ntm.assessment.models import IndicatorValue

    now = timezone.now()
    rows = []
    for unit in units:
        for year in years:
            for indicator in indicators:
                if indicator.kind == "boolean":
                    raw = rng.random() < 0.8
                elif indicator.kind == "percentage":
                    raw = round(rng.uniform(60, 100), 1)
                elif indicator.kind == "count":
                    raw = rng.randint(0, 20)
                else:
                    raw = round(rng.uniform(0, 100), 1)
                rows.append(
                    IndicatorValue(
                        unit=unit,
                        year=year,
                        set_code=set_code,
                        indicator_code=indicator.code,
                        value=raw,
                        entered_at=now,
                    )
                )
    IndicatorValue.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def load_data() -> dict:
    from django.core.management import call_command
    from django.utils import timezone

    from ntm.accounts.models import Organisation
    from ntm.accounts.services import role_assign, user_create
    from ntm.core.choices import Role
    from ntm.criteria.models import CriteriaSetVersion
    from ntm.criteria.services import criteria_sets_load_shipped
    from ntm.programme import cycles
    from ntm.programme.models import (
        ActivityStatus,
        AnnualPlan,
        Attendance,
        BudgetLine,
        Cooperative,
        LinkageModel,
        Manager,
        OnlineService,
        PlanActivity,
        Report,
        ReportState,
        TargetMethod,
        TargetPlan,
        TrainingCourse,
    )
    from ntm.programme.services.cycles import cycle_open
    from ntm.programme.services.targets import programme_load_shipped, report_forms_load_shipped
    from ntm.surveys.models import Campaign, CampaignStatus, Purpose, Questionnaire
    from ntm.units.models import AdministrativeUnit, Level

    started = time.perf_counter()
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("migrate", verbosity=0, **quiet)
    call_command("import_units", all=True, verbosity=0, **quiet)
    criteria_sets_load_shipped()
    programme_load_shipped()
    report_forms_load_shipped()
    log(f"units, sets and plan loaded in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    rng = random.Random(202)
    province = AdministrativeUnit.objects.get(structure="2025", code="75", level=Level.PROVINCE)
    coordinator = user_create(username="bench.dieuphoi", password=None)
    role_assign(user=coordinator, role=Role.PROVINCE_COORDINATOR, unit=province)
    organisations = [
        Organisation.objects.create(name=f"Sở thử nghiệm {i}", short_name=f"SO{i}", unit=province)
        for i in range(10)
    ]
    localities = list(
        AdministrativeUnit.objects.subtree(province).filter(level=Level.COMMUNE).order_by("code")
    )
    new_xa = [u for u in localities if u.unit_type == "xa"]
    old_xa = list(
        AdministrativeUnit.objects.filter(
            structure="legacy", level=Level.COMMUNE, unit_type="xa", successor_links__new_unit__in=localities
        ).distinct()
    )
    values = 0
    for set_code, units, years in (
        ("xa-ntm-2021-2025", new_xa, (2023, 2024, 2025)),
        ("xa-nang-cao-2021-2025", new_xa, (2023, 2024, 2025)),
        ("xa-ntm-2021-2025", old_xa, (2023, 2024)),
    ):
        version = CriteriaSetVersion.objects.filter(code=set_code).order_by("-version").first()
        indicators = [
            ind for _g, ind in version.criteria_set().iter_indicators() if ind.is_entered and ind.thresholds
        ]
        values += _values(rng, units, set_code, years, indicators)
    questionnaire = Questionnaire.objects.create(
        code="bench-dich-vu",
        version=1,
        title="Phiếu ý kiến dịch vụ",
        purpose=Purpose.SERVICE,
        provenance="unconfirmed",
        source="bench",
        content_hash="b" * 64,
    )
    course = TrainingCourse.objects.create(
        unit=province,
        title="Tập huấn chuyển đổi số",
        organiser="VPĐP",
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2025, 4, 3),
    )
    programme = TargetPlan.objects.get(code="ke-hoach-202")
    tasks = list(programme.tasks.order_by("position"))
    managers, attendances, activities, lines = [], [], [], []
    for index, unit in enumerate(localities):
        for n in range(2):
            Cooperative.objects.create(
                unit=unit, name=f"HTX {unit.name} {n}", established_on=dt.date(2018, 1, 1)
            )
        LinkageModel.objects.create(
            unit=unit,
            name=f"Liên kết {unit.name}",
            key_product="Sầu riêng",
            raw_material_area="Vùng A" if index % 2 else "",
            digital_technology="QR" if index % 2 else "",
            started_on=dt.date(2022, 1, 1),
        )
        campaign = None
        if index % 2:
            campaign = Campaign.objects.create(
                unit=unit,
                title=f"Ý kiến dịch vụ {unit.name}",
                purpose=Purpose.SERVICE,
                service_name="Đặt lịch",
                year=2025,
                questionnaire=questionnaire,
                opens_on=dt.date(2025, 3, 1),
                closes_on=dt.date(2025, 3, 31),
                status=CampaignStatus.CLOSED,
                threshold_overall_provenance="placeholder",
                threshold_overall_source="x",
                threshold_content_provenance="placeholder",
                threshold_content_source="x",
                coverage_provenance="placeholder",
                coverage_source="x",
                frozen_results={"hamlets": [{"online": 20, "paper": 5, "answers": 25}]},
                closed_at=timezone.make_aware(dt.datetime(2025, 4, 1)),
                created_by=coordinator,
            )
        OnlineService.objects.create(
            unit=unit,
            field="health",
            name=f"Đặt lịch khám {unit.name}",
            url="https://example.org",
            started_on=dt.date(2024, 1, 1),
            feedback_campaign=campaign,
        )
        for n in range(6):
            managers.append(Manager(unit=unit, full_name=f"Cán bộ {unit.code}-{n}", position="Công chức"))
        plan = AnnualPlan.objects.create(
            programme=programme, year=2025, unit=unit, title=f"KH {unit.name}", created_by=coordinator
        )
        for task in tasks:
            activities.append(
                PlanActivity(
                    plan=plan, task=task, description=f"Hoạt động {task.code}", status=ActivityStatus.DONE
                )
            )
        for source in ("local_budget", "socialised", "integrated", "other"):
            lines.append(
                BudgetLine(
                    plan=plan,
                    source=source,
                    description="Nội dung",
                    planned=rng.randint(50, 500),
                    actual=rng.randint(0, 400),
                )
            )
    Manager.objects.bulk_create(managers)
    for n, manager in enumerate(Manager.objects.all()):
        if n % 3:
            attendances.append(Attendance(course=course, manager=manager, completed=True))
    Attendance.objects.bulk_create(attendances)
    PlanActivity.objects.bulk_create(activities)
    BudgetLine.objects.bulk_create(lines)

    cycle, _created = cycle_open(period=cycles.period_for(cycles.ANNUAL, 2025, programme.rules()))
    reported = [t for t in programme.targets.all() if t.method == TargetMethod.REPORTED]
    reports = []
    reporters = [(o.unit, o) for o in organisations] + [(u, None) for u in localities]
    for unit, organisation in reporters:
        content = {
            "targets": {t.code: {"numerator": 40, "denominator": 50, "comment": ""} for t in reported},
            "tasks": {task.code: TEXT for task in tasks},
            "difficulties": TEXT,
            "proposals": TEXT,
        }
        reports.append(
            Report(
                cycle=cycle,
                unit=unit,
                organisation=organisation,
                content=content,
                state=ReportState.SUBMITTED,
                submitted_at=timezone.now(),
                submitted_by=coordinator,
            )
        )
    Report.objects.bulk_create(reports)
    log(f"synthetic data written in {time.perf_counter() - started:.1f} s")
    return {
        "cycle": cycle,
        "values": values,
        "localities": len(localities),
        "old_communes": len(old_xa),
        "departments": len(organisations),
        "reports": len(reports),
        "managers": len(managers),
        "budget_lines": len(lines),
    }


def measure(data: dict) -> list[dict]:
    from ntm.core.documents import PdfError, docx_to_pdf, soffice_path
    from ntm.programme import consolidated

    cycle = data["cycle"]
    result = {}

    today = dt.date(2026, 1, 10)

    def full():
        result["docx"], result["xlsx"], result["summary"] = consolidated.build_documents(cycle, today=today)

    def empty():
        blank = consolidated.Consolidation(cycle, today, [], [], [], [], [], [], {}, [], [])
        result["empty_docx"] = consolidated.render_docx(consolidated.docx_context(blank))
        consolidated.annex_workbook(blank)

    full()  # warm imports and caches alike for both sides
    empty()
    value_ms, baseline_ms = [], []
    for _ in range(RUNS):
        value_ms.append(median_ms(full, 1))
        baseline_ms.append(median_ms(empty, 1))
    value, baseline = statistics.median(value_ms), statistics.median(baseline_ms)
    scale = {key: value for key, value in data.items() if key != "cycle"}
    scale.update(
        {
            "targets": len(result["summary"]["targets"]),
            "docx_kb": round(len(result["docx"]) / 1024, 1),
            "xlsx_kb": round(len(result["xlsx"]) / 1024, 1),
            "database": "postgresql",
        }
    )
    lines = [
        {
            "bench": "programme_report.annual_consolidated",
            "value": round(value, 1),
            "unit": "ms",
            "baseline": round(baseline, 1),
            "ratio": round(value / baseline, 2) if baseline else None,
            "budget": REPORT_BUDGET_MS,
            "ok": value <= REPORT_BUDGET_MS,
            "scale": scale,
            "note": "baseline: the same template and annex written with empty tables",
        }
    ]
    if soffice_path() is not None:
        try:
            started = time.perf_counter()
            empty_pdf = docx_to_pdf(result["empty_docx"])
            pdf_baseline = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            pdf = docx_to_pdf(result["docx"])
            pdf_value = (time.perf_counter() - started) * 1000
        except PdfError as exc:
            log(f"PDF not measured: {exc}")
        else:
            lines.append(
                {
                    "bench": "programme_report.pdf",
                    "value": round(pdf_value, 1),
                    "unit": "ms",
                    "baseline": round(pdf_baseline, 1),
                    "ratio": round(pdf_value / pdf_baseline, 2) if pdf_baseline else None,
                    "budget": PDF_BUDGET_MS,
                    "ok": pdf_value <= PDF_BUDGET_MS,
                    "scale": {
                        "pdf_kb": round(len(pdf) / 1024, 1),
                        "empty_pdf_kb": round(len(empty_pdf) / 1024, 1),
                    },
                    "note": "LibreOffice headless; baseline: the PDF of the same template with empty tables",
                }
            )
    return lines


def main() -> int:
    fresh_database()
    setup_django()
    data = load_data()
    lines = measure(data)
    for line in lines:
        print(json.dumps(line, ensure_ascii=False), flush=True)
    return 0 if all(line["ok"] for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
