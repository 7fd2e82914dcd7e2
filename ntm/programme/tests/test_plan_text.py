"""Plan 202's targets as its section II.2 writes them (no database).

``data/kh-202-muc-II-2.txt`` is the public text of KH 202/KH-UBND ngày 18/8/2023 (its title and section II.2,
verbatim). Every target row of the shipped plan file must quote a sentence of its own section (II.2.a-d), its
``text`` must be pieces of that sentence in order, and the structured fields (number, comparison, deadline, criteria
set, indicator, unit level) must be what the sentence says, read by the rules below. ``disagreements`` is the checker;
a test proves it catches a wrong field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from ntm.programme import planfile

DATA = Path(__file__).parent / "data" / "kh-202-muc-II-2.txt"
PLAN = planfile.load_path(planfile.PLANS_DIR / "plan-202.toml")
ELLIPSIS = " … "

# The criteria set a sentence names, by its wording in the plan.
SET_WORDING = (
    (r"Bộ tiêu chí (?:quốc gia )?về xã nông thôn mới nâng cao", "xa-nang-cao-2021-2025"),
    (r"Bộ tiêu chí (?:quốc gia )?về xã nông thôn mới giai đoạn", "xa-ntm-2021-2025"),
    (r"Bộ tiêu chí (?:quốc gia )?về huyện nông thôn mới nâng cao", "huyen-nang-cao-2021-2025"),
    (r"Bộ tiêu chí (?:quốc gia )?về huyện nông thôn mới giai đoạn", "huyen-ntm-2021-2025"),
)
# The unit level the subject of a clause names, first match wins.
SUBJECT_LEVEL = (
    (r"\(cấp xã, huyện\)", "commune_district"),
    (r"cấp tỉnh", "province"),
    (r"cấp huyện", "district"),
    (r"cấp xã", "commune"),
    (r"mô hình|cán bộ|các cấp|địa phương, đơn vị", "province"),
    (r"\bxã\b", "commune"),
)
NUMBER = re.compile(r"\b0*(\d+)\s*%|\b0(\d) (?:mô hình|xã)\b")
VERB = re.compile(r" (?:đạt|có|được|sử dụng|cung cấp|hoàn thành|tham gia)\b")
INDICATOR = re.compile(r"chỉ tiêu (?:số )?(\d+\.\d+)")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def plan_text() -> tuple[str, dict[str, str]]:
    """The plan's title, and the text of each lettered part of section II.2 (letter → text)."""
    lines = DATA.read_text(encoding="utf-8").splitlines()
    title, blocks, letter = lines[1], {}, None
    for line in lines[2:]:
        found = re.match(r"^([a-zđ])\) ", line)
        if found:
            letter = found.group(1)
        if letter:
            blocks[letter] = norm(blocks.get(letter, "") + " " + line.removeprefix("- "))
    return title, blocks


TITLE, BLOCKS = plan_text()


def numbers(text: str) -> list[int]:
    return [int(a or b) for a, b in NUMBER.findall(text)]


def subject_level(subject: str) -> str | None:
    return next((level for pattern, level in SUBJECT_LEVEL if re.search(pattern, subject)), None)


def level_of(quote: str, head: str) -> str | None:
    """The level of the head clause's subject (the words after its number, up to the verb). A clause with no
    subject ("ít nhất 25% đạt chỉ tiêu 9.2") has the subject of the clause before it in the sentence."""
    start = quote.index(head)
    subjects = []
    for match in NUMBER.finditer(quote[: start + len(head)]):
        rest = quote[match.end(match.lastindex) :]  # after the digits: "01 mô hình" keeps its noun
        verb = VERB.search(rest)
        subjects.append(rest[: verb.start()] if verb else rest)
    for subject in reversed(subjects):
        level = subject_level(subject)
        if level is not None:
            return level
    return None


def set_named(quote: str, head: str) -> str | None:
    """The criteria set of the head clause: the first set the sentence names at or after the clause."""
    rest = quote[quote.index(head) :]
    found = [(m.start(), code) for pattern, code in SET_WORDING for m in re.finditer(pattern, rest)]
    return min(found)[1] if found else None


def disagreements(target: planfile.TargetSpec) -> list[str]:
    """What in the row does not agree with the plan's sentence (empty when everything does)."""
    problems = []
    letter = target.section.removeprefix("II.2.")
    if not re.fullmatch(r"II\.2\.[a-d]", target.section):
        return [f"section {target.section!r} is not II.2.a-d"]
    quote = norm(target.quote)
    if quote not in BLOCKS[letter]:
        return [f"the quote is not a sentence of II.2.{letter}"]
    pieces = [norm(piece) for piece in target.text.split(ELLIPSIS)]
    position = 0
    for piece in pieces:
        found = quote.find(piece, position)
        if found < 0:
            return [f"“{piece}” is not in the quote (in order)"]
        position = found + len(piece)
    text = " ".join(pieces)
    head = next((piece for piece in pieces if numbers(piece)), None)
    if head is None or len(numbers(text)) != 1:
        return [f"the text names {numbers(text)} instead of one number"]
    (value,) = numbers(text)
    if Decimal(value) != target.target_value:
        problems.append(f"number {target.target_value} but the plan says {value}")
    unit = "percent" if "%" in head else "count"
    if target.measure_unit != unit:
        problems.append(f"unit {target.measure_unit} but the plan gives a {unit}")
    comparison = "<=" if re.search(r"tối đa|không quá|không vượt", text) else ">="
    if target.comparison != comparison:
        problems.append(f"comparison {target.comparison} but the plan says {comparison}")
    year = int(re.search(r"ĐẾN NĂM (\d{4})", TITLE).group(1))
    if target.deadline != dt.date(year, 12, 31) or target.year != year:
        problems.append(f"deadline {target.deadline} but the plan runs to the end of {year}")
    indicators = INDICATOR.findall(text)
    if target.method == "indicator_share":
        if indicators != [target.params["indicator_code"]]:
            problems.append(f"indicator {target.params['indicator_code']} but the plan names {indicators}")
        named = set_named(quote, head)
        if named != target.params["set_code"]:
            problems.append(f"criteria set {target.params['set_code']} but the plan names {named}")
        huyen_only = ("huyen",) if named and named.startswith("huyen-") else ()
        if target.basis.unit_types != huyen_only:
            problems.append(f"unit types {target.basis.unit_types} but the set applies to {huyen_only}")
    elif indicators:
        problems.append(f"the plan names indicators {indicators} but the target is not measured on one")
    level = level_of(quote, head)
    if target.basis.level != level:
        problems.append(f"unit level {target.basis.level} but the plan's subject is {level}")
    return problems


@pytest.mark.parametrize("target", PLAN.targets, ids=lambda t: t.code)
def test_each_target_agrees_with_the_plans_sentence(target):
    assert disagreements(target) == []
    assert target.provenance == "confirmed"
    assert target.source == f"KH 202/KH-UBND ngày 18/8/2023, mục {target.section}"


@pytest.mark.parametrize(
    ("code", "change", "expected"),
    [
        ("KH202-14", {"target_value": Decimal(95)}, "the plan says 90"),
        (
            "KH202-05",
            {"params": {"set_code": "huyen-ntm-2021-2025", "indicator_code": "6.5"}},
            "names huyen-nang",
        ),
        (
            "KH202-02",
            {"params": {"set_code": "xa-nang-cao-2021-2025", "indicator_code": "15.2"}},
            "names ['8.4']",
        ),
        (
            "KH202-06",
            {"basis": planfile.Basis("legacy", "75", "commune", (), dt.date(2025, 6, 30))},
            "subject",
        ),
        ("KH202-09", {"comparison": "<="}, "comparison"),
        ("KH202-10", {"deadline": dt.date(2026, 12, 31)}, "end of 2025"),
        ("KH202-12", {"text": "03 xã hoàn thành thí điểm"}, "not in the quote"),
        ("KH202-07", {"section": "II.2.b"}, "not a sentence of II.2.b"),
    ],
)
def test_the_checker_catches_a_field_that_disagrees(code, change, expected):
    target = next(t for t in PLAN.targets if t.code == code)
    problems = disagreements(dataclasses.replace(target, **change))
    assert any(expected in problem for problem in problems), problems


def test_every_number_of_ii_2_a_to_d_is_one_target():
    """Each figure the plan sets in II.2.a-d (percentages, 01 model, 03 communes) has exactly one target row."""
    for letter in "abcd":
        in_plan = Counter(numbers(BLOCKS[letter]))
        rows = Counter(int(t.target_value) for t in PLAN.targets if t.section == f"II.2.{letter}")
        assert rows == in_plan, letter
    assert len(PLAN.targets) == 17


def test_the_scope_is_the_plans_units():
    scope = PLAN.scope
    assert (scope.structure, scope.province, scope.as_of) == ("legacy", "75", dt.date(2025, 6, 30))
    district = scope.level("district")
    assert district.wording == "các huyện, thành phố Long Khánh"
    assert "731" not in district.codes and len(district.codes) == 10  # Biên Hòa is not one of them
    assert scope.level("commune").unit_types == ("xa",)
    assert all(t.basis.structure == "legacy" and t.basis.province == "75" for t in PLAN.targets)
    huyen_only = [t.code for t in PLAN.targets if t.basis.unit_types == ("huyen",)]
    assert huyen_only == ["KH202-04", "KH202-05", "KH202-06"]
    assert all("Long Khánh" in t.basis.why for t in PLAN.targets if t.code in huyen_only)


def test_plan_state():
    assert planfile.plan_state(2023, 2025, dt.date(2026, 1, 1)) == planfile.PLAN_CLOSED
    assert planfile.plan_state(2023, 2025, dt.date(2025, 12, 31)) == planfile.PLAN_IN_FORCE
    assert planfile.plan_state(2026, 2030, dt.date(2025, 12, 31)) == planfile.PLAN_UPCOMING
