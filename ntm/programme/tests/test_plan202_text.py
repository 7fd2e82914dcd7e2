"""Plan 202 as written: section IV's lettered tasks, the reporters of VI.6 per period (data, not code), the report
window as a setting of the system, existing rows mapped onto the new tasks, departments named by the record's year."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ntm.accounts.models import OrganisationName
from ntm.accounts.services import organisation_create
from ntm.legal.citations import team_notes
from ntm.programme import cycles, planfile
from ntm.programme.models import AnnualPlan, PlanActivity, PlanTask, Report, ReportCycle
from ntm.programme.reporters import expected_reporters, reporter_rule, reporters_of
from ntm.programme.services import cycles as services_cycles
from ntm.programme.tests.factories import load_plan
from ntm.testing.factories import RoleFactory, UnitFactory, UserFactory
from ntm.units.models import Level, Structure

# Section IV of KH 202/KH-UBND ngày 18/8/2023: the lettered items of each subsection and how each one opens.
SECTION_IV = {
    "IV.1": (["a", "b", "c", "d", "đ"], "1. Tăng cường công tác thông tin, tuyên truyền, nâng cao nhận thức"),
    "IV.2": (["a", "b", "c", "d"], "2. Đẩy mạnh xây dựng chính quyền số trong xây dựng nông thôn mới"),
    "IV.3": (["a", "b", "c"], "3. Thúc đẩy kinh tế số trong phát triển kinh tế nông thôn"),
    "IV.4": (["a", "b", "c"], "4. Phát triển xã hội số trong xây dựng nông thôn mới"),
    "IV.5": (["a", "b"], "5. Huy động nguồn lực triển khai Chương trình"),
}
OPENINGS = {
    "IV.1.đ": "Phát động các phong trào, các đợt thi đua tham gia hoạt động chuyển đổi số",
    "IV.2.b": "Nâng cao khả năng tiếp cận dịch vụ viễn thông",
    "IV.3.b": "Đẩy mạnh quá trình số hóa, xây dựng bản đồ số nông nghiệp nông thôn",
    "IV.4.c": "Tăng cường cơ sở vật chất cho hoạt động thông tin và truyền thông cơ sở",
    "IV.5.a": "Huy động các nguồn lực tham gia thực hiện Chương trình",
}
# VI.6: "các sở, ngành và Ủy ban nhân dân các huyện, thành phố Long Khánh" — 9 huyện and Long Khánh, not Biên Hòa.
DISTRICTS = {
    "731": ("Thành phố Biên Hòa", "thanh_pho"),
    "732": ("Thành phố Long Khánh", "thanh_pho"),
    **{code: (f"Huyện Thử {code}", "huyen") for code in map(str, range(734, 743))},
}


def test_the_shipped_plan_lists_section_iv_exactly_as_written():
    plan = planfile.load_path(planfile.PLANS_DIR / "plan-202.toml")
    expected = [f"{section}.{letter}" for section, (letters, _h) in SECTION_IV.items() for letter in letters]
    assert [task.code for task in plan.tasks] == expected
    for task in plan.tasks:
        section = task.code.rsplit(".", 1)[0]
        assert task.pillar.startswith(SECTION_IV[section][1])
        assert (
            task.provenance == "confirmed"
            and task.source == f"KH 202/KH-UBND ngày 18/8/2023, mục {task.code}"
        )
        assert not task.title.startswith(("a)", "b)")) and "Suy luận" not in task.title
    titles = {task.code: task.title for task in plan.tasks}
    for code, opening in OPENINGS.items():
        assert titles[code].startswith(opening)
    # IV.2.d keeps its two dashed items, in the plan's words.
    assert titles["IV.2.d"].count("\n- ") == 2


def test_the_plan_names_who_reports_per_period_and_no_window():
    rules = planfile.load_path(planfile.PLANS_DIR / "plan-202.toml").reporting
    before, after = rules.reporters
    assert (before.valid_from, before.valid_to) == (dt.date(2023, 8, 18), dt.date(2025, 6, 30))
    assert before.departments and before.unit_structure == "legacy" and not before.unit_level
    assert sorted(before.unit_codes) == sorted(set(DISTRICTS) - {"731"}) and len(before.unit_codes) == 10
    assert before.source == "KH 202/KH-UBND ngày 18/8/2023, mục VI.6" and before.provenance == "confirmed"
    # After the reform: the departments still; localities only once the province's instruction is entered.
    assert (
        after.departments and not after.unit_codes and not after.unit_level and after.provenance == "partial"
    )
    assert "open_days_before" not in rules.to_dict() and "remind_days_before" not in rules.to_dict()


@pytest.fixture
def legacy_districts(cast):
    province = UnitFactory(
        structure=Structure.LEGACY, code="75", name="Tỉnh Đồng Nai", level=Level.PROVINCE, unit_type="tinh"
    )
    units = {
        code: UnitFactory(
            structure=Structure.LEGACY,
            code=code,
            name=name,
            unit_type=kind,
            level=Level.DISTRICT,
            parent=province,
        )
        for code, (name, kind) in DISTRICTS.items()
    }
    UnitFactory(structure=Structure.LEGACY, code="26413", name="Xã Long Phước", parent=units["740"])
    return units


def _cycle(kind: str, year: int) -> ReportCycle:
    cycle, _created = services_cycles.cycle_open(period=cycles.period_for(kind, year, load_plan().rules()))
    return cycle


@pytest.mark.django_db
def test_before_july_2025_departments_and_the_ten_district_level_units_report_not_communes(
    cast, legacy_districts, client_as
):
    cycle = _cycle(cycles.SEMI_ANNUAL, 2025)
    expected = expected_reporters(cycle)
    assert [r.name for r in expected if r.is_department] == [cast.organisation.name]
    localities = [r for r in expected if not r.is_department]
    assert len(localities) == 10 and all(r.level == Level.DISTRICT for r in localities)
    assert legacy_districts["731"].pk not in {r.unit_id for r in localities}  # Biên Hòa is not one of them
    assert legacy_districts["732"].pk in {r.unit_id for r in localities}  # Long Khánh city is
    assert cast.commune_a.pk not in {r.unit_id for r in expected}
    # A commune officer files nothing under Plan 202 before 1/7/2025; a district officer does.
    assert reporters_of(cast.officer_a, cycle) == []
    with pytest.raises(PermissionDenied):
        services_cycles.report_start(
            actor=cast.officer_a, cycle=cycle, reporter=reporters_of(cast.officer_a)[0]
        )
    district_officer = UserFactory(username="huyen_lt")
    RoleFactory(user=district_officer, role="district_officer", unit=legacy_districts["740"])
    [mine] = reporters_of(district_officer, cycle)
    report = services_cycles.report_start(actor=district_officer, cycle=cycle, reporter=mine)
    assert Report.objects.filter(pk=report.pk, unit=legacy_districts["740"]).exists()
    # The page says who reports (with the plan's section) and that the window is the system's setting.
    page = client_as(cast.coordinator).get(reverse("programme:cycle", args=[cycle.pk])).content.decode()
    assert "Các sở, ngành và Ủy ban nhân dân các huyện, thành phố Long Khánh" in page and "mục VI.6" in page
    assert "Thiết lập của hệ thống, không do kế hoạch quy định" in page
    progress = client_as(cast.coordinator).get(reverse("programme:progress")).content.decode()
    assert not team_notes(page) and not team_notes(progress) and "chưa đối chiếu" not in progress


@pytest.mark.django_db
def test_after_the_reform_who_reports_is_the_data_entered_for_the_period(cast, legacy_districts):
    plan = load_plan(instruction=False)
    cycle = _cycle(cycles.ANNUAL, 2025)
    assert reporter_rule(cycle).who == "Các sở, ngành"
    assert [r.organisation_id for r in expected_reporters(cycle)] == [cast.organisation.pk]
    # No rule at all for a period: no one is expected (the page asks for the instruction), never a fallback.
    plan.reporting = {**plan.reporting, "reporters": []}
    plan.save(update_fields=["reporting"])
    cycle = ReportCycle.objects.get(pk=cycle.pk)
    assert reporter_rule(cycle) is None and expected_reporters(cycle) == []


@pytest.mark.django_db
def test_existing_rows_move_from_the_invented_tasks_to_the_lettered_items(cast):
    plan = load_plan()
    PlanTask.objects.filter(plan=plan).delete()
    old = {
        code: PlanTask.objects.create(
            plan=plan, code=code, title=f"Nhiệm vụ cũ {code}", provenance="unconfirmed"
        )
        for code in ("IV.1", "IV.3", "IV.5", "IV.7")
    }
    cycle = _cycle(cycles.ANNUAL, 2026)
    report = services_cycles.report_start(
        actor=cast.officer_a, cycle=cycle, reporter=reporters_of(cast.officer_a, cycle)[0]
    )
    report.content = {"tasks": {"IV.3": "Số hóa hồ sơ.", "IV.7": "Thí điểm xã thông minh.", "IV.5": ""}}
    report.save()
    annual = AnnualPlan.objects.create(
        programme=plan, unit=cast.commune_a, year=2026, title="Kế hoạch năm 2026", created_by=cast.coordinator
    )
    activity = PlanActivity.objects.create(plan=annual, task=old["IV.3"], description="Số hóa một cửa")
    migration = importlib.import_module("ntm.programme.migrations.0007_plan202_tasks_as_written")
    migration.forwards(django_apps, None)
    codes = list(PlanTask.objects.filter(plan=plan).order_by("position").values_list("code", flat=True))
    assert codes[0] == "IV.1.a" and len(codes) == 17 and not set(old) & set(codes)
    activity.refresh_from_db()
    assert activity.task.code == "IV.2.c"
    report.refresh_from_db()
    assert report.content["tasks"] == {"IV.2.c": "Số hóa hồ sơ.\nThí điểm xã thông minh.", "IV.4.b": ""}


@pytest.mark.django_db
def test_a_department_is_named_as_it_was_in_the_year_of_the_record(cast):
    department = organisation_create(
        name="Sở Nông nghiệp và Môi trường", short_name="SNNMT-THU", unit=cast.province
    )
    [former] = OrganisationName.objects.filter(organisation=department)
    assert (former.name, former.valid_to, former.source) == (
        "Sở Nông nghiệp và Phát triển nông thôn",
        dt.date(2025, 2, 28),
        "NĐ 45/2025/NĐ-CP ngày 28/2/2025",
    )
    assert department.name_on(dt.date(2024, 12, 15)) == "Sở Nông nghiệp và Phát triển nông thôn"
    assert department.name_on(dt.date(2025, 3, 1)) == "Sở Nông nghiệp và Môi trường"
