"""Illustrative programme data for the run command's demo (never on a database with real data).

The shipped plan (Plan 202's targets, tasks and the pilot list) is plan data and loads as in production. Everything
else here is invented to make the pages show something and is labelled "Dữ liệu minh họa": a few cooperatives, linkage
models, an online service, managers with a course, an illustrative outstanding-field model, an annual plan with budget
lines, and the report cycle of the current (or next) period. The real pilots' outcomes are never faked: the three
pilot communes stay "planned" until the province records the real decisions.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ntm.accounts.models import Organisation, User
from ntm.core.choices import Role
from ntm.programme import cycles
from ntm.programme.models import Cooperative, CourseAudience, PilotKind, PilotStatus, ReportCycle
from ntm.programme.services.cycles import cycle_open, plan_for_year
from ntm.programme.services.plans import annual_plan_create, budget_line_save, plan_activity_save
from ntm.programme.services.registries import (
    attendance_set,
    cooperative_save,
    course_unit_attendance_set,
    linkage_model_save,
    manager_save,
    online_service_save,
    pilot_save,
    training_course_save,
)
from ntm.programme.services.targets import programme_load_shipped, report_forms_load_shipped
from ntm.units.models import AdministrativeUnit

NOTE = "Dữ liệu minh họa"


def open_demo_cycle(today: dt.date | None = None) -> ReportCycle | None:
    """The cycle of the period open today, or else of the next period (so the demo always has one open)."""
    today = today or timezone.localdate()
    plan = plan_for_year(today.year)
    if plan is None:
        return None
    rules = plan.rules()
    periods = cycles.periods_open_on(today, rules)
    if not periods:
        upcoming = [
            cycles.period_for(kind, year, rules)
            for year in (today.year, today.year + 1)
            for kind in cycles.KINDS
        ]
        periods = [min((p for p in upcoming if p.due_on >= today), key=lambda p: p.due_on)]
    cycle, _created = cycle_open(period=periods[0])
    return cycle


@transaction.atomic
def load_programme_demo(province: AdministrativeUnit) -> None:
    programme_load_shipped()
    report_forms_load_shipped()
    if Cooperative.objects.exists():  # already loaded
        open_demo_cycle()
        return
    coordinator = User.objects.filter(role_assignments__role=Role.PROVINCE_COORDINATOR, is_demo=True).first()
    communes = {
        unit.name: unit
        for unit in AdministrativeUnit.objects.subtree(province).filter(
            name__in=("Xã Long Phước", "Xã Xuân Lộc", "Xã Xuân Định", "Xã Bình Lợi", "Xã Trị An")
        )
    }
    long_phuoc, xuan_loc = communes.get("Xã Long Phước"), communes.get("Xã Xuân Lộc")
    if coordinator is None or long_phuoc is None or xuan_loc is None:
        return
    year = timezone.localdate().year
    coop = cooperative_save(
        actor=coordinator,
        cooperative=None,
        data={
            "unit": long_phuoc,
            "name": f"HTX Nông nghiệp Long Phước ({NOTE})",
            "key_products": "Sầu riêng, chôm chôm",
            "established_on": dt.date(2019, 5, 1),
            "uses_digital": True,
            "digital_note": "Nhật ký điện tử, tem QR",
            "note": NOTE,
        },
    )
    cooperative_save(
        actor=coordinator,
        cooperative=None,
        data={
            "unit": xuan_loc,
            "name": f"HTX Dịch vụ nông nghiệp Xuân Lộc ({NOTE})",
            "key_products": "Tiêu, cà phê",
            "established_on": dt.date(2021, 3, 15),
            "note": NOTE,
        },
    )
    linkage_model_save(
        actor=coordinator,
        linkage=None,
        data={
            "unit": long_phuoc,
            "name": f"Liên kết tiêu thụ sầu riêng ({NOTE})",
            "key_product": "Sầu riêng",
            "cooperative": coop,
            "partner": "Doanh nghiệp thu mua (minh họa)",
            "raw_material_area": "Vùng trồng sầu riêng có mã số (minh họa)",
            "digital_technology": "Truy xuất nguồn gốc bằng mã QR",
            "digital_raw_material_area": True,
            "started_on": dt.date(2023, 1, 1),
            "note": NOTE,
        },
    )
    linkage_model_save(
        actor=coordinator,
        linkage=None,
        data={
            "unit": xuan_loc,
            "name": f"Liên kết sản xuất tiêu ({NOTE})",
            "key_product": "Hồ tiêu",
            "started_on": dt.date(2024, 6, 1),
            "note": NOTE,
        },
    )
    online_service_save(
        actor=coordinator,
        service=None,
        data={
            "unit": long_phuoc,
            "field": "health",
            "name": f"Đặt lịch khám trạm y tế trực tuyến ({NOTE})",
            "url": "https://example.org/dat-lich",
            "started_on": dt.date(2024, 9, 1),
            "note": NOTE,
        },
    )
    department = Organisation.objects.filter(short_name="SNNMT").first()
    managers = [
        manager_save(
            actor=coordinator,
            manager=None,
            data={
                "unit": unit,
                "full_name": name,
                "position": position,
                "organisation": org,
                "is_active": True,
                "note": NOTE,
            },
        )
        for unit, name, position, org in (
            (province, "Nguyễn Minh Quản (minh họa)", "Phó Giám đốc Sở", department),
            (long_phuoc, "Trần Thị Lý (minh họa)", "Phó Chủ tịch UBND xã", None),
            (xuan_loc, "Lê Văn Điều (minh họa)", "Chủ tịch UBND xã", None),
            (xuan_loc, "Phạm Thị Hành (minh họa)", "Công chức Văn phòng - Thống kê", None),
        )
    ]
    course = training_course_save(
        actor=coordinator,
        course=None,
        data={
            "unit": province,
            "title": f"Tập huấn chuyển đổi số trong xây dựng nông thôn mới ({NOTE})",
            "organiser": "Văn phòng Điều phối nông thôn mới tỉnh",
            "topic": "Chuyển đổi số, dữ liệu NTM",
            "starts_on": dt.date(2025, 4, 8),
            "ends_on": dt.date(2025, 4, 10),
            "note": NOTE,
        },
    )
    for manager in managers[:2]:
        attendance_set(actor=coordinator, course=course, manager=manager, completed=True)
    course_unit_attendance_set(actor=coordinator, course=course, unit=long_phuoc, officers=3, residents=0)
    course_unit_attendance_set(actor=coordinator, course=course, unit=xuan_loc, officers=4, residents=0)
    residents_course = training_course_save(
        actor=coordinator,
        course=None,
        data={
            "unit": province,
            "title": f"Hướng dẫn người dân dùng dịch vụ công trực tuyến và thanh toán số ({NOTE})",
            "organiser": "Văn phòng Điều phối nông thôn mới tỉnh",
            "topic": "Kỹ năng số cho người dân",
            "audience": CourseAudience.RESIDENTS,
            "starts_on": dt.date(2025, 6, 14),
            "ends_on": dt.date(2025, 6, 14),
            "note": NOTE,
        },
    )
    course_unit_attendance_set(
        actor=coordinator, course=residents_course, unit=long_phuoc, officers=0, residents=45
    )
    course_unit_attendance_set(
        actor=coordinator, course=residents_course, unit=xuan_loc, officers=0, residents=38
    )
    pilot_save(
        actor=coordinator,
        pilot=None,
        data={
            "kind": PilotKind.OUTSTANDING_FIELD,
            "unit": long_phuoc,
            "field": "rural_tourism",
            "name": f"Mô hình du lịch nông thôn thông minh ({NOTE})",
            "status": PilotStatus.IN_PROGRESS,
            "note": NOTE,
        },
    )
    programme = plan_for_year(year)
    if programme is not None:
        plan = annual_plan_create(
            actor=coordinator,
            programme=programme,
            year=year,
            unit=long_phuoc,
            title=f"Kế hoạch chuyển đổi số xây dựng NTM năm {year} ({NOTE})",
        )
        task = programme.tasks.order_by("position").first()
        if task is not None:
            plan_activity_save(
                actor=coordinator,
                plan=plan,
                activity=None,
                task=task,
                description=f"Tuyên truyền trên trang thông tin điện tử xã ({NOTE})",
                responsible="UBND xã",
            )
        for source, description, planned, actual in (
            ("local_budget", "Trang thiết bị một cửa điện tử", Decimal("350"), Decimal("280.5")),
            ("socialised", "Camera an ninh do người dân đóng góp", Decimal("120"), None),
            ("integrated", "Lồng ghép chương trình chuyển đổi số quốc gia", Decimal("200"), Decimal("150")),
        ):
            budget_line_save(
                actor=coordinator,
                plan=plan,
                line=None,
                source=source,
                description=f"{description} ({NOTE})",
                planned=planned,
                actual=actual,
            )
    open_demo_cycle()
