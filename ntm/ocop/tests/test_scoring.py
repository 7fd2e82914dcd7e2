"""The pure scoring module against hand-worked sheets and properties (no database)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ntm.core.messages import gettext as _
from ntm.ocop.scoring import (
    ScoringError,
    band_star,
    council_result,
    member_total,
    missing_values,
    part_totals,
)
from ntm.ocop.sheetfile import (
    SHEETS_DIR,
    TAXONOMY_FILE,
    SheetFileError,
    read_sheet,
    read_taxonomy,
    shipped_sheet_paths,
)
from ntm.ocop.tests.sheets import test_sheet_toml

SHEET = read_sheet(test_sheet_toml()).sheet


def choices(a: str, b: str, c: str) -> dict[str, str]:
    return {"A.1.1": a, "B.1.1": b, "C.1.1": c}


def test_member_total_and_parts_by_hand():
    assert member_total(SHEET, choices("c", "b", "b")) == Decimal(65)  # 40 + 10 + 15
    assert part_totals(SHEET, choices("b", "c", "c")) == {"A": 20, "B": 25, "C": 35}


def test_council_average_band_and_disagreement_by_hand():
    result = council_result(SHEET, [choices("c", "b", "b"), choices("c", "c", "b"), choices("b", "c", "b")])
    assert result.totals == (65, 80, 60)
    assert result.average == Decimal("68.33")  # 205 / 3 rounded half-up to 2 decimals
    assert (result.band_star, result.star, result.provincial_star) == (3, 3, 3)
    assert result.spread == 20 and result.disagreement  # 80 - 60 > 10
    assert not result.propose_national


def test_five_star_average_is_proposed_to_the_ministry_and_recognised_four_star_by_the_province():
    result = council_result(SHEET, [choices("c", "c", "c")] * 3)
    assert (result.average, result.star, result.provincial_star) == (100, 5, 4)
    assert result.propose_national and not result.disagreement


def test_a_failed_mandatory_criterion_caps_the_star_below_it():
    result = council_result(SHEET, [choices("c", "c", "a")] * 3)  # 65 points but C.1.1 at 0 < 15
    assert result.band_star == 3
    assert result.star == 2 and not result.certified
    assert result.failed_mandatory == {3: ("C.1.1",)}


def test_mandatory_is_judged_on_the_council_average_of_the_criterion():
    # C.1.1: 35, 0, 15 → mean 16.67 ≥ 15: met
    result = council_result(SHEET, [choices("c", "c", "c"), choices("c", "c", "a"), choices("c", "c", "b")])
    assert result.failed_mandatory == {} and result.star == 4


def test_rounding_decides_the_band_as_the_sheet_says():
    c_points = (0, 15, 24, 25, 35)  # options a…e of C.1.1
    two = read_sheet(test_sheet_toml(decimals=2, c_points=c_points)).sheet
    whole = read_sheet(test_sheet_toml(decimals=0, c_points=c_points)).sheet
    # 20 + 25 + 25 = 70, 70, and 20 + 25 + 24 = 69: 209 / 3 = 69.666…
    edge = [{"A.1.1": "b", "B.1.1": "c", "C.1.1": "d"}] * 2 + [{"A.1.1": "b", "B.1.1": "c", "C.1.1": "c"}]
    assert council_result(two, edge).average == Decimal("69.67") and council_result(two, edge).star == 3
    assert council_result(whole, edge).average == Decimal(70) and council_result(whole, edge).star == 4
    # half-up: 69.5 → 70 at whole points (two members: 70 and 69)
    assert council_result(whole, edge[1:]).average == Decimal(70)


def test_the_threshold_can_be_set_per_call():
    members = [choices("c", "b", "b"), choices("c", "c", "b")]  # 65, 80
    assert council_result(SHEET, members).disagreement
    assert not council_result(SHEET, members, threshold=Decimal(15)).disagreement


def test_unanswered_or_unknown_options_are_refused_with_every_problem():
    with pytest.raises(ScoringError) as caught:
        member_total(SHEET, {"A.1.1": "z", "X.9": "a"})
    text = str(caught.value)
    assert "A.1.1" in text and "B.1.1" in text and "C.1.1" in text and "X.9" in text


def test_a_sheet_with_unknown_points_refuses_scoring_and_names_them():
    sheet = read_sheet(test_sheet_toml(c_points=(0, "unknown", 35))).sheet
    expected = _("%(code)s %(name)s, option “%(option)s”: points unknown") % {
        "code": "C.1.1",
        "name": "Tiêu chí C.1.1",
        "option": "Mức b",
    }
    assert missing_values(sheet) == [expected]
    with pytest.raises(ScoringError, match=re.escape(expected)):
        council_result(sheet, [choices("a", "a", "a")])


def test_parts_must_add_up_to_their_maximum():
    sheet = read_sheet(test_sheet_toml(c_points=(0, 15, 30))).sheet
    part_c = _("Part %(part)s: its criteria add up to %(total)s points, not %(max)s") % {
        "part": "C",
        "total": 30,
        "max": 35,
    }
    assert missing_values(sheet) == [part_c]


def test_shipped_sheets_load_but_refuse_scoring_naming_the_missing_sections():
    paths = shipped_sheet_paths()
    assert paths, f"no sheets in {SHEETS_DIR}"
    for path in paths:
        sheet_file = read_sheet(path.read_bytes())
        assert sheet_file.legal_document == "QĐ 148/QĐ-TTg"
        assert {p.code: p.max_points for p in sheet_file.sheet.parts} == {"A": 40, "B": 25, "C": 35}
        missing = missing_values(sheet_file.sheet)
        assert any("A.1 Tổ chức sản xuất" in m for m in missing)
        refusal = _("This score sheet cannot be used for scoring until these values are filled in:")
        with pytest.raises(ScoringError, match=re.escape(refusal)):
            council_result(sheet_file.sheet, [{}])
        assert all(band.source for band in sheet_file.sheet.bands)


def test_taxonomy_has_six_groups_and_26_leaves():
    legal, categories = read_taxonomy(TAXONOMY_FILE.read_bytes())
    assert legal == "QĐ 148/QĐ-TTg"
    groups = [c for c in categories if not c.parent]
    assert [g.code for g in groups] == ["I", "II", "III", "IV", "V", "VI"]
    parents = {c.parent for c in categories}
    assert len([c for c in categories if c.code not in parents]) == 26


def test_a_broken_sheet_file_lists_every_problem():
    with pytest.raises(SheetFileError) as caught:
        read_sheet('schema = 2\ncode = ""\n[[parts]]\ncode = "Z"\n')
    errors = caught.value.errors
    assert len(errors) >= 4
    with pytest.raises(SheetFileError):
        read_sheet(b"\xff\xfe")


# --- properties ---------------------------------------------------------------------------------------------------

member = st.fixed_dictionaries(
    {"A.1.1": st.sampled_from("abc"), "B.1.1": st.sampled_from("abc"), "C.1.1": st.sampled_from("abc")}
)
councils = st.lists(member, min_size=1, max_size=9)


@settings(deadline=None)
@given(councils)
def test_the_average_lies_between_the_lowest_and_highest_total(members):
    result = council_result(SHEET, members)
    assert min(result.totals) - Decimal("0.01") <= result.average <= max(result.totals) + Decimal("0.01")
    assert 0 <= result.average <= 100


@settings(deadline=None)
@given(councils)
def test_the_star_never_exceeds_the_band_and_mandatory_only_lowers_it(members):
    result = council_result(SHEET, members)
    assert result.star <= result.band_star
    if not result.failed_mandatory:
        assert result.star == result.band_star


@settings(deadline=None)
@given(councils, st.randoms())
def test_the_order_of_members_does_not_matter(members, rng):
    shuffled = list(members)
    rng.shuffle(shuffled)
    first, second = council_result(SHEET, members), council_result(SHEET, shuffled)
    assert (first.average, first.star, first.disagreement) == (
        second.average,
        second.star,
        second.disagreement,
    )


@settings(deadline=None)
@given(councils, st.integers(min_value=0, max_value=100))
def test_disagreement_is_exactly_a_spread_over_the_threshold(members, threshold):
    result = council_result(SHEET, members, threshold=Decimal(threshold))
    assert result.disagreement == (max(result.totals) - min(result.totals) > threshold)


@settings(deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1), st.integers(min_value=0, max_value=100))
def test_a_higher_average_never_gives_a_lower_band(totals, other):
    low, high = sorted((Decimal(totals[0]), Decimal(other)))
    assert band_star(SHEET, low) <= band_star(SHEET, high)
