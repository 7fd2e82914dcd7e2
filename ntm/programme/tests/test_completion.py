"""The province completing the NTM task: condition sets as data (QĐ 321/QĐ-TTg, QĐ 51/2025/QĐ-TTg Annex III),
evaluated over hand-worked unit sets and over the register; shown on the programme page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ntm.maps.tests.factories import decision
from ntm.maps.tests.legacy_world import legacy_world
from ntm.programme.completion import CompletionFileError, Facts, evaluate, load_bytes, shipped_sets
from ntm.programme.selectors.completion import facts_on, province_completion
from ntm.testing.factories import UnitFactory
from ntm.units.models import Level, Structure

D = dt.date

SET = """
schema = 1
code = "thu-nghiem"
name = "Bộ thử nghiệm"
legal_source = "QĐ 321/QĐ-TTg ngày 08/3/2022"
year_from = 2021
year_to = 2025
structure = "legacy"
provenance = "partial"
source = "QĐ 321/QĐ-TTg ngày 08/3/2022"

[[conditions]]
code = "DK1"
name = "Tỷ lệ xã đạt chuẩn NTM"
measure = "communes_share"
levels = ["ntm", "nang_cao", "kieu_mau"]
threshold = 100
threshold_provenance = "partial"
threshold_source = "QĐ 321/QĐ-TTg ngày 08/3/2022"
provenance = "partial"
source = "QĐ 321/QĐ-TTg ngày 08/3/2022"

[[conditions]]
code = "DK2"
name = "Tỷ lệ huyện đạt chuẩn NTM"
measure = "districts_share"
levels = ["ntm", "nang_cao", "kieu_mau"]
threshold = 75
threshold_provenance = "confirmed"
threshold_source = "QĐ 321/QĐ-TTg ngày 08/3/2022"
provenance = "partial"
source = "QĐ 321/QĐ-TTg ngày 08/3/2022"

[[conditions]]
code = "DK3"
name = "Tỷ lệ xã đạt chuẩn NTM nâng cao"
measure = "communes_share"
levels = ["nang_cao", "kieu_mau"]
provenance = "unconfirmed"
source = "QĐ 321/QĐ-TTg ngày 08/3/2022"
"""


def by_code(results):
    return {result.condition.code: result for result in results}


def test_hand_worked_units_meet_or_miss_each_condition():
    completion = load_bytes(SET.encode())
    # 4 communes: NTM, advanced, none, revoked → 2/4 = 50% < 100; 4 districts, 3 recognised → 75% ≥ 75.
    results = by_code(
        evaluate(
            completion, Facts(("ntm", "nang_cao", "none", "thu_hoi"), ("ntm", "nang_cao", "ntm", "none"))
        )
    )
    assert (results["DK1"].hits, results["DK1"].total, results["DK1"].value, results["DK1"].status) == (
        2,
        4,
        50,
        "not_met",
    )
    assert (results["DK2"].value, results["DK2"].status) == (75, "met")
    assert (results["DK3"].value, results["DK3"].status) == (25, "no_threshold")
    assert results["DK1"].provisional and not results["DK2"].provisional

    everyone = by_code(evaluate(completion, Facts(("ntm", "kieu_mau", "nang_cao"), ("ntm", "ntm", "none"))))
    assert everyone["DK1"].status == "met"
    assert (everyone["DK2"].value, everyone["DK2"].status) == (pytest.approx(66.67, abs=0.01), "not_met")
    assert by_code(evaluate(completion, Facts()))["DK1"].status == "missing"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('levels = ["nang_cao", "kieu_mau"]', 'levels = ["huyen"]'), "levels"),
        (
            (
                'threshold_source = "QĐ 321/QĐ-TTg ngày 08/3/2022"\nprovenance = "partial"',
                'provenance = "partial"',
            ),
            "threshold_source",
        ),
        (('measure = "districts_share"', 'measure = "provinces"'), "measure"),
        (
            (
                'source = "QĐ 321/QĐ-TTg ngày 08/3/2022"\n\n[[conditions]]',
                'source = "ghi chú nội bộ"\n\n[[conditions]]',
            ),
            "source",
        ),
    ],
)
def test_a_bad_set_file_is_refused_whole(change, message):
    old, new = change
    assert old in SET
    with pytest.raises(CompletionFileError, match=message):
        load_bytes(SET.replace(old, new, 1).encode())


def test_shipped_sets_invent_no_threshold():
    sets = {s.code: s for s in shipped_sets()}
    assert set(sets) == {"qd321-2021-2025", "qd51-2025-phu-luc-iii"}
    assert sets["qd321-2021-2025"].structure == "legacy" and sets["qd51-2025-phu-luc-iii"].structure == "2025"
    for completion in sets.values():
        for condition in completion.conditions:
            assert condition.threshold is None and condition.threshold_provenance == "placeholder"
            assert condition.provenance == "unconfirmed"


@pytest.mark.django_db
def test_the_province_facts_come_from_the_register_and_show_on_the_programme_page(client_as, cast):
    world = legacy_world(cast)
    decision(world.communes[0], "nang_cao", "QĐ 66/QĐ-UBND", D(2023, 1, 10))
    decision(world.communes[1], "ntm", "QĐ 67/QĐ-UBND", D(2022, 1, 10))
    decision(world.xuan_loc, "ntm", "QĐ 1/QĐ-TTg", D(2024, 1, 10))
    decision(world.long_khanh, "ntm", "QĐ 2/QĐ-TTg", D(2022, 1, 10), is_published=False)
    legacy = facts_on(Structure.LEGACY, D(2025, 6, 30))
    assert sorted(legacy.communes) == ["nang_cao", "none", "none", "ntm"]  # 3 of Xuân Lộc + Bảo Quang
    assert sorted(legacy.districts) == ["none", "ntm"]  # Long Khánh's decision is not published

    UnitFactory(code="26500", name="Xã Mới", parent=cast.province, level=Level.COMMUNE)
    decision(cast.commune_a, "ntm", "QĐ 2150/QĐ-UBND", D(2025, 9, 15))
    views = {view.completion.code: view for view in province_completion(D(2026, 3, 1))}
    old = {line.condition.code: line for line in views["qd321-2021-2025"].lines}
    assert (old["DK1"].result.hits, old["DK1"].result.total, old["DK1"].value) == (2, 4, "50%")
    assert (old["DK2"].result.hits, old["DK2"].result.total) == (1, 2)
    new = {line.condition.code: line for line in views["qd51-2025-phu-luc-iii"].lines}
    assert (new["DK1"].result.hits, new["DK1"].result.total, new["DK1"].value) == (1, 2, "50%")
    assert views["qd51-2025-phu-luc-iii"].current and not views["qd321-2021-2025"].current

    page = client_as(cast.coordinator).get(reverse("programme:progress")).content.decode()
    assert 'id="province-completion"' in page
    assert 'data-completion="qd321-2021-2025"' in page and 'data-completion="qd51-2025-phu-luc-iii"' in page
    assert "Chưa xác nhận" in page and "Chưa có ngưỡng" in page
    assert "QĐ 321/QĐ-TTg" in page
