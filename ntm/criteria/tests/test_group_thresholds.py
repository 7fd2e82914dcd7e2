"""2026-2030 set (QĐ 51/2025/QĐ-TTg): thresholds per commune group entered through the Excel round trip, and
communes of each group evaluated differently (no database). The figures are test data, not the official ones."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from ntm.criteria.engine import UnitContext, evaluate
from ntm.criteria.setload import from_dict, load_path, shipped_set_paths
from ntm.criteria.versioning import content_digest
from ntm.criteria.workbook import export_workbook
from ntm.criteria.workbook_import import apply_workbook, open_workbook

SOURCE = "QĐ 51/2025/QĐ-TTg, Phụ lục I (bản gốc)"
GROUP_VALUES = {1: 90, 2: 80, 3: 70}


@pytest.fixture(scope="module")
def with_group_thresholds() -> dict:
    base = load_path(next(p for p in shipped_set_paths() if p.stem == "xa-ntm-2026-2030")).to_dict()
    data = export_workbook(base, version=1, content_hash=content_digest(base), exported_at="01/03/2026")
    book = load_workbook(io.BytesIO(data))
    row = next(r for r in book["Chỉ tiêu"].iter_rows(min_row=2) if r[0].value == "1.1")
    row[4].value, row[5].value, row[3].value = "percentage", ">=", "%"
    row[7].value, row[8].value = "confirmed", SOURCE
    for group, value in GROUP_VALUES.items():
        book["Ngưỡng"].append(
            ["1.1", None, group, None, None, ">=", value, *[None] * 7, "confirmed", SOURCE, None]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return apply_workbook(open_workbook(buffer.getvalue()), base)


def test_the_group_thresholds_come_back_from_the_workbook(with_group_thresholds) -> None:
    indicator = next(
        i for g in with_group_thresholds["criteria"] for i in g["indicators"] if i["code"] == "1.1"
    )
    assert [(rule["group"], rule["value"]) for rule in indicator["thresholds"]] == list(GROUP_VALUES.items())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (85, {1: "not_met", 2: "met", 3: "met"}),
        (75, {1: "not_met", 2: "not_met", 3: "met"}),
        (95, {1: "met", 2: "met", 3: "met"}),
    ],
)
def test_communes_of_each_group_are_judged_against_their_group(
    with_group_thresholds, value, expected
) -> None:
    criteria_set = from_dict(with_group_thresholds)
    found = {}
    for group in (1, 2, 3):
        result = evaluate(criteria_set, UnitContext(commune_group=group), 2026, {"1.1": value}).indicator(
            "1.1"
        )
        found[group] = result.status
        assert result.threshold.selection.rule.group == group
    assert found == expected


def test_a_commune_without_a_group_is_not_judged(with_group_thresholds) -> None:
    result = evaluate(from_dict(with_group_thresholds), UnitContext(), 2026, {"1.1": 95}).indicator("1.1")
    assert result.status != "met"
