"""Pure logic without the database: computed actuals against hand-worked examples, progress status, report
periods, the plan and report-form files."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from ntm.programme import actuals, cycles, formfile, planfile, tracking
from ntm.programme.actuals import Attribution, BasisUnit, Record, Resolved, Successor

D = dt.date


def basis(*names: str) -> list[BasisUnit]:
    return [BasisUnit(name, name, name) for name in names]


# --- Indicator shares -----------------------------------------------------------------------------------------


def test_indicator_share_converts_old_communes_through_their_successors():
    """Hand-worked: five old communes.
    A has its own value (met), B its own value (not met); C has none and became part of X (met) → met, converted;
    D was split between X (met) and Y (no data) → missing; E has no successor → missing.
    Numerator 2 (A, C), denominator 5 → 40%."""
    units = basis("A", "B", "C", "D", "E")
    own = {"A": actuals.MET, "B": actuals.NOT_MET}
    successors = {"C": [Successor("X", "Xã X")], "D": [Successor("X", "Xã X"), Successor("Y", "Xã Y")]}
    resolved = actuals.resolve_statuses(units, own, successors, {"X": actuals.MET})
    result = actuals.indicator_share(units, resolved)
    assert (result.numerator, result.denominator) == (2, 5)
    assert result.share == Fraction(2, 5) and result.percent == 40.0
    by_unit = {line.key: line for line in result.lines}
    assert by_unit["C"].counted and by_unit["C"].derived and "Xã X" in by_unit["C"].detail
    assert by_unit["D"].status == actuals.MISSING and by_unit["D"].derived
    assert by_unit["E"].status == actuals.MISSING and by_unit["E"].detail == "Không có đơn vị kế thừa"
    assert not by_unit["B"].counted and not by_unit["B"].derived
    assert result.derived_count == 2


def test_a_split_commune_is_met_only_when_every_successor_is_met_and_not_met_when_any_is_not():
    units = basis("D")
    successors = {"D": [Successor("X", "X"), Successor("Y", "Y")]}
    both = actuals.resolve_statuses(units, {}, successors, {"X": actuals.MET, "Y": actuals.MET})
    one_fails = actuals.resolve_statuses(units, {}, successors, {"X": actuals.MET, "Y": actuals.NOT_MET})
    assert both["D"].status == actuals.MET
    assert one_fails["D"].status == actuals.NOT_MET


def test_an_old_commune_that_became_part_of_a_ward_stays_in_the_denominator_as_missing():
    units = basis("Bình Lợi")
    resolved = actuals.resolve_statuses(
        units, {}, {"Bình Lợi": [Successor("TT", "Phường Tân Triều")]}, {"TT": actuals.NOT_APPLICABLE}
    )
    result = actuals.indicator_share(units, resolved)
    assert (result.numerator, result.denominator) == (0, 1)
    assert result.lines[0].status == actuals.MISSING
    assert "Phường Tân Triều không đánh giá" in result.lines[0].detail


def test_placeholder_indicators_are_noted_and_never_met():
    units = basis("H1", "H2")
    resolved = {"H1": Resolved(actuals.NO_THRESHOLD), "H2": Resolved(actuals.NO_THRESHOLD)}
    result = actuals.indicator_share(units, resolved)
    assert result.numerator == 0 and result.denominator == 2
    assert result.notes and "chưa có ngưỡng" in result.notes[0]


def test_combine_rules():
    assert actuals.combine([]) == actuals.MISSING
    assert actuals.combine([actuals.MET, actuals.NO_THRESHOLD]) == actuals.NO_THRESHOLD
    assert actuals.combine([actuals.MET, actuals.MISSING]) == actuals.MISSING


# --- Registries -----------------------------------------------------------------------------------------------


def test_units_with_records_counts_live_records_and_flags_converted_ones():
    """Hand-worked: four new communes P, Q, R, S on 1/7/2025.
    coop1 in P (running) counts; coop2 in Q was dissolved on 31/12/2024; coop3 is registered at old commune L, which
    became part of R → R counts, converted; coop4 in S only starts in 2026. → 2/4 = 50%."""
    units = basis("P", "Q", "R", "S")
    records = [
        Record(1, "P", "HTX 1", D(2019, 1, 1)),
        Record(2, "Q", "HTX 2", D(2018, 1, 1), D(2024, 12, 31)),
        Record(3, "L", "HTX 3", None),
        Record(4, "S", "HTX 4", D(2026, 3, 1)),
    ]

    def to_basis(unit_key):
        return [Attribution("R", derived=True)] if unit_key == "L" else [Attribution(unit_key)]

    result = actuals.units_with_records(units, records, to_basis, D(2025, 7, 1))
    assert (result.numerator, result.denominator, result.percent) == (2, 4, 50.0)
    lines = {line.key: line for line in result.lines}
    assert lines["P"].records == ("HTX 1",) and not lines["P"].derived
    assert lines["R"].counted and lines["R"].derived
    assert not lines["Q"].counted and not lines["S"].counted


def test_records_that_do_not_qualify_explain_why_the_unit_is_not_counted():
    units = basis("P")
    records = [
        Record(1, "P", "Dịch vụ y tế", D(2024, 1, 1), qualifies=False, reason="Chưa lấy ý kiến trực tuyến")
    ]
    result = actuals.units_with_records(units, records, lambda key: [Attribution(key)], D(2025, 7, 1))
    assert result.numerator == 0
    assert result.lines[0].detail == "Chưa lấy ý kiến trực tuyến"


def test_record_share_of_linkage_models_tied_to_a_digital_area():
    """Three models running on 31/12/2025, one of them tied to a digital raw-material area; a fourth ended → 1/3."""
    records = [
        Record(1, "u", "Sầu riêng", D(2023, 1, 1), qualifies=True),
        Record(2, "u", "Tiêu", D(2024, 1, 1), qualifies=False),
        Record(3, "u", "Bưởi", None, qualifies=False),
        Record(4, "u", "Cà phê", D(2020, 1, 1), D(2022, 1, 1), qualifies=True),
    ]
    result = actuals.record_share(records, D(2025, 12, 31))
    assert (result.numerator, result.denominator, result.percent) == (1, 3, 33.3)


def test_managers_trained_counts_courses_ended_by_the_day_and_leaves_out_those_who_left():
    """m1 finished a course on 10/4/2025; m2's course ends on 5/1/2026 (after the day); m3 has none; m4 left office
    → 1 of 3 active managers."""
    managers = [
        actuals.ManagerRow(1, "m1", True, (("Tập huấn 1", D(2025, 4, 10)),)),
        actuals.ManagerRow(2, "m2", True, (("Tập huấn 2", D(2026, 1, 5)),)),
        actuals.ManagerRow(3, "m3", True, ()),
        actuals.ManagerRow(4, "m4", False, (("Tập huấn 1", D(2025, 4, 10)),)),
    ]
    result = actuals.managers_trained(managers, D(2025, 12, 31))
    assert (result.numerator, result.denominator) == (1, 3)
    assert [line.label for line in result.lines if line.counted] == ["m1"]


def test_pilots_count_only_with_an_approval_decision_dated_by_the_day():
    pilots = [
        actuals.PilotRow(1, "Long Phước", "completed", "123/QĐ-UBND", D(2025, 10, 1)),
        actuals.PilotRow(2, "Bình Lợi", "completed", "45/QĐ-UBND", D(2026, 2, 1)),
        actuals.PilotRow(3, "Bảo Hòa", "in_progress"),
        actuals.PilotRow(4, "Khác", "cancelled"),
    ]
    result = actuals.pilots_completed(pilots, D(2025, 12, 31))
    assert (result.numerator, result.denominator) == (1, 3)
    assert result.value("count") == 1.0
    assert "123/QĐ-UBND" in result.lines[0].detail


def test_reported_takes_the_latest_figure_on_or_before_the_day():
    rows = [
        actuals.ReportedRow(1, D(2025, 6, 30), 45, 100),
        actuals.ReportedRow(2, D(2025, 12, 31), 90, 120),
    ]
    assert actuals.reported(rows, D(2025, 1, 1)) is None
    mid = actuals.reported(rows, D(2025, 9, 1))
    assert (mid.numerator, mid.denominator, mid.percent) == (45, 100, 45.0)
    assert actuals.reported(rows, D(2026, 1, 1)).percent == 75.0


def test_summed_reports_add_numerators_and_denominators():
    result = actuals.summed([("Xã A", 30, 50), ("Xã B", 20, 50), ("Xã C", 0, 0)])
    assert (result.numerator, result.denominator, result.percent) == (50, 100, 50.0)
    assert actuals.summed([]) is None


def test_active_on():
    assert actuals.active_on(None, None, D(2025, 1, 1))
    assert not actuals.active_on(D(2025, 2, 1), None, D(2025, 1, 1))
    assert not actuals.active_on(D(2024, 1, 1), D(2025, 1, 1), D(2025, 1, 1))


# --- Progress status ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "today", "expected"),
    [
        (None, D(2024, 7, 2), tracking.NO_DATA),
        (100.0, D(2024, 7, 2), tracking.MET),
        (60.0, D(2024, 7, 2), tracking.ON_TRACK),  # the line is at 50.05% on 2/7/2024
        (40.0, D(2024, 7, 2), tracking.AT_RISK),
        (90.0, D(2026, 1, 1), tracking.MISSED),
    ],
)
def test_progress_status_against_the_straight_line_to_the_deadline(value, today, expected):
    status = tracking.progress_status(
        value=value,
        target=100,
        comparison=">=",
        start=D(2023, 1, 1),
        deadline=D(2025, 12, 31),
        today=today,
        baseline=0,
    )
    assert status == expected


def test_expected_value_and_at_most_targets():
    assert tracking.expected_on(
        D(2024, 7, 2), start=D(2023, 1, 1), deadline=D(2025, 12, 31), baseline=0, target=100
    ) == pytest.approx(50.05, abs=0.01)
    assert (
        tracking.progress_status(
            value=5,
            target=10,
            comparison="<=",
            start=D(2023, 1, 1),
            deadline=D(2025, 12, 31),
            today=D(2024, 1, 1),
        )
        == tracking.MET
    )


# --- Report periods -------------------------------------------------------------------------------------------


def test_periods_and_reminders():
    rules = planfile.ReportingRules()
    semi = cycles.period_for(cycles.SEMI_ANNUAL, 2026, rules)
    assert (semi.due_on, semi.opens_on, semi.closes_on) == (D(2026, 6, 15), D(2026, 5, 16), D(2026, 6, 30))
    assert semi.label == "6 tháng đầu năm 2026"
    assert [p.kind for p in cycles.periods_open_on(D(2026, 11, 23), rules)] == [cycles.ANNUAL]
    assert cycles.periods_open_on(D(2026, 9, 1), rules) == []
    annual = cycles.period_for(cycles.ANNUAL, 2026, rules)
    assert cycles.reminder_stage(D(2026, 12, 1), annual.due_on, annual.closes_on, rules) is None
    assert cycles.reminder_stage(D(2026, 12, 8), annual.due_on, annual.closes_on, rules) == cycles.BEFORE_DUE
    assert cycles.reminder_stage(D(2026, 12, 16), annual.due_on, annual.closes_on, rules) == cycles.OVERDUE
    assert cycles.reminder_stage(D(2027, 1, 1), annual.due_on, annual.closes_on, rules) is None


# --- Files ----------------------------------------------------------------------------------------------------


def test_the_shipped_plan_file_names_indicators_that_exist_in_the_shipped_sets():
    from ntm.criteria.setload import load_path, shipped_set_paths

    plan = planfile.load_path(planfile.PLANS_DIR / "plan-202.toml")
    assert len(plan.targets) == 17 and len(plan.tasks) == 17 and len(plan.pilots) == 3
    assert {p.unit_code for p in plan.pilots} == {"26464", "26413", "26185"}
    known = {}
    for path in shipped_set_paths():
        criteria_set = load_path(path)
        known[criteria_set.code] = {ind.code for _group, ind in criteria_set.iter_indicators()}
    assert planfile.check_indicators(plan.indicator_refs(), known) == []
    reported = [t for t in plan.targets if t.method == "reported"]
    assert {t.code for t in reported} == {"KH202-14", "KH202-15", "KH202-16", "KH202-17"}
    assert all(t.source.startswith("KH 202/KH-UBND ngày 18/8/2023") for t in plan.targets)
    assert not any("đề bài" in t.source or "issue" in t.source for t in plan.targets)


def test_an_unknown_indicator_or_set_is_named_clearly():
    problems = planfile.check_indicators(
        [("T1", "xa-ntm-2021-2025", "99.9"), ("T2", "khong-co", "1.1")], {"xa-ntm-2021-2025": {"8.4"}}
    )
    assert problems == [
        "Chỉ tiêu T1: bộ tiêu chí xa-ntm-2021-2025 không có chỉ tiêu 99.9.",
        "Chỉ tiêu T2: không có bộ tiêu chí “khong-co” (hãy nạp bộ tiêu chí trước).",
    ]


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        (5, 4, "Tử số (5) lớn hơn mẫu số (4)"),
        (1, 0, "Mẫu số phải là số nguyên lớn hơn 0"),
        (-1, 4, "Tử số phải"),
    ],
)
def test_check_fraction(numerator, denominator, message):
    assert message in " ".join(planfile.check_fraction(numerator, denominator))
    assert planfile.check_fraction(3, 4) == []


def test_a_broken_plan_file_lists_every_problem():
    text = b"""
schema = 1
code = "Ke Hoach"
name = "x"
legal_source = "x"
year_from = 2025
year_to = 2023
provenance = "sure"
source = "x"
[[targets]]
code = "A"
text = "x"
measure = "x"
measure_unit = "percent"
target_value = 150
deadline = 2025-12-31
year = 2025
method = "indicator_share"
params = { set_code = "xa" }
basis = { structure = "legacy", province = "75", level = "commune", as_of = 2025-06-30 }
provenance = "partial"
source = "x"
[[targets]]
code = "A"
text = "x"
measure = "x"
measure_unit = "percent"
target_value = 50
deadline = 2025-12-31
year = 2025
method = "reported"
params = { reporter_level = "everyone" }
basis = { structure = "legacy", province = "75", level = "commune", as_of = 2025-06-30 }
provenance = "partial"
source = "x"
"""
    with pytest.raises(planfile.PlanFileError) as caught:
        planfile.load_bytes(text)
    errors = "\n".join(caught.value.errors)
    assert "mã kế hoạch “Ke Hoach” không hợp lệ" in errors
    assert "“year_to” phải không nhỏ hơn “year_from”" in errors
    assert "“provenance” phải là một trong" in errors
    assert "cần tham số “indicator_code”" in errors
    assert "từ 0 đến 100" in errors
    assert "tham số “reporter_level” phải là một trong" in errors
    assert "mã chỉ tiêu “A” bị trùng" in errors


def test_the_shipped_report_form_and_a_broken_one():
    spec = formfile.load_bytes((formfile.FORMS_DIR / "bao-cao-dinh-ky.toml").read_bytes())
    assert [s.kind for s in spec.sections] == ["targets", "tasks", "text", "text", "attachments"]
    assert spec.section("text").required
    with pytest.raises(formfile.FormFileError) as caught:
        formfile.from_dict(
            {
                "code": "x",
                "title": "x",
                "source": "x",
                "version": 1,
                "sections": [
                    {"key": "a", "kind": "targets", "title": "A"},
                    {"key": "b", "kind": "targets", "title": "B"},
                    {"key": "c", "kind": "chart", "title": "C"},
                ],
            }
        )
    assert any("chỉ được một mục loại “targets”" in e for e in caught.value.errors)
    assert any("“kind” phải là một trong" in e for e in caught.value.errors)


@pytest.mark.parametrize("module", ["actuals", "tracking", "cycles", "planfile", "formfile"])
def test_pure_modules_import_no_django(module):
    import ast
    from pathlib import Path

    tree = ast.parse((Path(actuals.__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
    imported = {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
        )
    }
    assert not any(name.startswith("django") for name in imported), imported


def test_units_with_all_needs_every_kind_of_record_on_the_day():
    """A: service and survey → counted. B: service only → not counted, says what it lacks. C: survey without
    online answers (does not qualify) and a service that ended before the day → not counted."""
    units = basis("A", "B", "C")
    services = (
        Record("s1", "A", "svc A", D(2024, 1, 1)),
        Record("s2", "B", "svc B", D(2024, 1, 1)),
        Record("s3", "C", "svc C", D(2024, 1, 1), D(2025, 1, 1)),
    )
    surveys = (
        Record("v1", "A", "survey A", D(2025, 3, 1)),
        Record("v3", "C", "survey C", D(2025, 3, 1), None, False),
    )
    kinds = [actuals.RecordKind(services, "no service"), actuals.RecordKind(surveys, "no survey")]
    result = actuals.units_with_all(units, kinds, lambda key: [Attribution(key)], D(2025, 12, 31))
    lines = {line.key: line for line in result.lines}
    assert (result.numerator, result.denominator) == (1, 3)
    assert lines["A"].counted and lines["A"].records == ("survey A", "svc A")
    assert lines["B"].detail == "no survey"
    assert lines["C"].detail == "no service; no survey"
    early = actuals.units_with_all(units, kinds, lambda key: [Attribution(key)], D(2025, 2, 1))
    assert early.numerator == 0  # the survey closed after that day
