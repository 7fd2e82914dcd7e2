"""The procedure files and the state machine: pure, no database."""

import datetime as dt
from pathlib import Path

import pytest

from ntm.recognition import procedure as p

ROLES = {
    "commune_officer",
    "front_officer",
    "district_officer",
    "province_coordinator",
    "council_member",
    "auditor",
    "department_officer",
}
SHIPPED = Path(__file__).resolve().parents[1] / "procedures"
D = dt.date

MINIMAL = """
schema = 1
code = "thu-nghiem"
name = "Quy trình thử nghiệm"
kind = "recognition"
unit_structure = "2025"
legal_source = "QĐ 18/2022/QĐ-TTg (thử nghiệm)"
provenance = "placeholder"

[[steps]]
code = "a"
name = "Bước A"
role = "commune_officer"
actions = { submit = "b" }
effects = { submit = ["snapshot"] }

[[steps]]
code = "b"
name = "Bước B"
role = "province_coordinator"
actions = { decide = "done", return = "a" }
effects = { decide = ["decision", "announce"] }
[steps.decision]
document = "quyet_dinh"

[[steps]]
code = "done"
name = "Xong"
terminal = true
outcome = "recognised"
"""


def load(text: str) -> p.Procedure:
    return p.load_bytes(text.encode(), roles=ROLES)


def shipped(name: str) -> p.Procedure:
    return p.load_bytes((SHIPPED / name).read_bytes(), roles=ROLES)


def test_the_shipped_procedures_load_and_differ_by_the_district_step():
    two_tier = shipped("hai-cap-tu-1-7-2025.toml")
    legacy = shipped("qd18-2022-truoc-1-7-2025.toml")
    revocation = shipped("thu-hoi-hai-cap-tu-1-7-2025.toml")
    assert [s.code for s in legacy.working_steps()] == [
        "self_assessment",
        "public_posting",
        "front_comments",
        "satisfaction_survey",
        "commune_meeting",
        "district_verification",
        "provincial_appraisal",
        "publish_draft",
        "council_vote",
        "decision",
        "announcement",
    ]
    assert [s.code for s in two_tier.working_steps()] == [
        s.code for s in legacy.working_steps() if s.code != "district_verification"
    ]
    assert not any(step.role == "district_officer" for step in two_tier.steps)
    assert legacy.step("announcement").role == "district_officer"
    assert (legacy.unit_structure, two_tier.unit_structure) == ("legacy", "2025")
    assert two_tier.valid_on(D(2025, 7, 1)) and not legacy.valid_on(D(2025, 7, 1))
    assert "tạm dừng" in two_tier.note
    assert revocation.kind == "revocation"


@pytest.mark.parametrize("name", sorted(path.name for path in SHIPPED.glob("*.toml")))
def test_shipped_files_carry_no_invented_limits_or_thresholds(name):
    procedure = shipped(name)
    for step in procedure.steps:
        assert step.time_limit is None, "no day limit of 18/2022 is confirmed: leave it empty"
        if step.unclear:
            assert step.note.strip()
    council = [step for step in procedure.steps if step.council_vote]
    assert all("threshold" not in str(step.council_vote) for step in council)
    posting = procedure.steps[1].posting_rule if procedure.kind == "recognition" else None
    if posting is not None:
        assert (posting.min_count, posting.within_days, posting.provenance) == (5, 15, "confirmed")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('role = "commune_officer"', 'role = "mayor"'), "vai trò “mayor”"),
        (('actions = { submit = "b" }', 'actions = { submit = "nowhere" }'), "không có"),
        (
            ('actions = { decide = "done", return = "a" }', 'actions = { decide = "done", return = "done" }'),
            "trả lại phải về một bước làm việc đứng trước",
        ),
        (('effects = { decide = ["decision", "announce"] }', ""), "effect “decision”"),
        (('name = "Bước A"', 'name = "Bước A"\ncolour = "red"'), "khóa “colour”"),
        (('name = "Bước A"', 'name = "Bước A"\ntime_limit_days = 10'), "time_limit_source"),
        (('name = "Bước A"', 'name = "Bước A"\nunclear = true'), "cần note"),
        (('actions = { submit = "b" }', 'actions = { fly = "b" }'), "thao tác “fly”"),
        (("schema = 1", "schema = 2"), "schema"),
    ],
)
def test_invalid_files_name_the_problem(change, message):
    with pytest.raises(p.ProcedureFileError) as error:
        load(MINIMAL.replace(*change))
    assert any(message in item for item in error.value.errors), error.value.errors


def test_a_council_threshold_cannot_be_written_in_the_file():
    text = MINIMAL.replace("[steps.decision]", "[steps.council_vote]\nthreshold = 90\n[steps.decision]")
    with pytest.raises(p.ProcedureFileError, match="cấu hình trên giao diện"):
        load(text)


def test_unreachable_steps_and_bad_toml_are_refused():
    text = MINIMAL + '\n[[steps]]\ncode = "orphan"\nname = "Mồ côi"\nterminal = true\noutcome = "withdrawn"\n'
    with pytest.raises(p.ProcedureFileError, match="orphan"):
        load(text)
    with pytest.raises(p.ProcedureFileError, match="TOML"):
        load("code = ")


def test_state_machine_offers_actions_by_role_and_refuses_the_rest():
    procedure = load(MINIMAL)
    assert p.actions_for(procedure, "a", {"commune_officer"}) == ("submit",)
    assert p.actions_for(procedure, "a", {"province_coordinator"}) == ()
    assert p.actions_for(procedure, "b", {"province_coordinator"}) == ("decide", "return")
    assert p.actions_for(procedure, "done", ROLES) == ()
    assert p.next_state(procedure, "b", "return") == "a"
    with pytest.raises(p.TransitionRefused, match="không có thao tác “decide”"):
        p.next_state(procedure, "a", "decide")
    with pytest.raises(p.TransitionRefused, match="đã kết thúc"):
        p.next_state(procedure, "done", "submit")
    assert p.action_kind("return") == p.RETURN and p.action_kind("withdraw") == p.CLOSE


def test_action_roles_override_who_may_act():
    procedure = shipped("thu-hoi-hai-cap-tu-1-7-2025.toml")
    step = procedure.step("risk_assessment")
    assert step.roles_for("complete") == ("commune_officer", "province_coordinator")
    assert p.actions_for(procedure, "risk_assessment", {"province_coordinator"}) == ("complete",)


@pytest.mark.parametrize(
    ("days", "ok", "best"),
    [
        ([D(2025, 8, d) for d in (1, 4, 7, 10, 15)], True, 5),  # 5 times within 15 days (1st-15th)
        ([D(2025, 8, d) for d in (1, 4, 7, 10, 16)], False, 4),  # the 5th falls on day 16
        ([D(2025, 8, d) for d in (1, 2, 3, 4)], False, 4),
        ([D(2025, 8, 1)] * 2 + [D(2025, 9, d) for d in (1, 2, 3, 4, 5)], True, 5),
    ],
)
def test_posting_rule_five_within_fifteen_days(days, ok, best):
    rule = p.PostingRule(min_count=5, within_days=15)
    verdict = p.check_posting(days, rule)
    assert (verdict.ok, verdict.best_window) == (ok, best)
    assert "5 lần công khai trong 15 ngày" in verdict.message


def test_posting_rule_without_a_window_counts_postings():
    assert p.check_posting([D(2025, 1, 1)], p.PostingRule(min_count=1, within_days=None)).ok
    assert not p.check_posting([], p.PostingRule(min_count=1, within_days=None)).ok


def test_overrides_change_deadlines_and_documents_only_where_configured():
    procedure = shipped("hai-cap-tu-1-7-2025.toml")
    documents = (p.DocumentSpec("bien_ban", "Biên bản"),)
    changed = p.with_overrides(
        procedure,
        {
            "public_posting": p.StepOverride(time_limit_days=20, source="QĐ x"),
            "commune_meeting": p.StepOverride(documents=documents),
        },
    )
    assert changed.step("public_posting").time_limit.days == 20
    assert changed.step("commune_meeting").required_documents == documents
    assert changed.step("self_assessment") == procedure.step("self_assessment")
    cleared = p.with_overrides(changed, {"public_posting": p.StepOverride(no_time_limit=True)})
    assert cleared.step("public_posting").time_limit is None
    entered = dt.datetime(2025, 8, 1, 8, 0)
    assert p.due_on(entered, changed.step("public_posting").time_limit) == dt.datetime(2025, 8, 21, 8, 0)
    assert p.due_on(entered, None) is None


def test_content_round_trips_through_the_database_form():
    procedure = shipped("hai-cap-tu-1-7-2025.toml")
    again = p.from_dict(procedure.to_dict(), roles=ROLES)
    assert again.steps == procedure.steps
    assert p.content_digest(again.to_dict()) == p.content_digest(procedure.to_dict())
    assert procedure.to_dict()["valid_from"] == "2025-07-01"
