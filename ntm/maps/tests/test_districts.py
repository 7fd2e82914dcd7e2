"""District-level units before 1/7/2025: their decisions imported into the register, their conditions over
communes computed from the register (and survey results), shown on the legacy map and the unit page."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from ntm.core.excel import ExcelImportError
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.maps import districts
from ntm.maps.districts import district_rows, legacy_districts
from ntm.maps.tests.factories import decision
from ntm.maps.tests.legacy_world import district_row, legacy_world, register_workbook
from ntm.status.models import StatusRecord
from ntm.status.register_import import status_register_import, template_workbook
from ntm.status.selectors import register_units

pytestmark = pytest.mark.django_db
D = dt.date
ON = D(2024, 12, 31)


@pytest.fixture
def world(cast):
    criteria_sets_load_shipped()
    return legacy_world(cast)


def _import(cast, *rows):
    return status_register_import(
        data=register_workbook(*rows), allowed_units=register_units(cast.coordinator), actor=cast.coordinator
    )


def lines(row, code):
    check = next(check for check in row.checks if check.code == code)
    return {line.code: line for line in check.lines}


def test_the_coordinator_imports_a_district_and_a_city_decision(cast, world):
    count = _import(
        cast,
        district_row("740", "Huyện Xuân Lộc", "Huyện NTM nâng cao", "QĐ 1556/QĐ-TTg"),
        district_row("732", "Thành phố Long Khánh", "Hoàn thành nhiệm vụ xây dựng NTM", "QĐ 1440/QĐ-TTg"),
    )
    assert count == 2
    assert StatusRecord.objects.get(unit=world.xuan_loc).level == "nang_cao"
    assert StatusRecord.objects.get(unit=world.long_khanh).level == "ntm"
    rows = {row.unit.code: row for row in district_rows(legacy_districts(), dt.date.today())}
    assert rows["740"].label == "Huyện đạt chuẩn NTM nâng cao"
    assert rows["732"].label == "Hoàn thành nhiệm vụ xây dựng NTM"


def test_the_import_is_all_or_nothing_with_vietnamese_errors_per_row(cast, world):
    with pytest.raises(ExcelImportError) as error:
        _import(
            cast,
            district_row("740", "Huyện Xuân Lộc", "Huyện NTM", "QĐ 1/QĐ-TTg"),
            district_row("740", "Huyện Xuân Lộc", "Hoàn thành nhiệm vụ xây dựng NTM", "QĐ 2/QĐ-TTg"),
            district_row("999", "Huyện Không Có", "Huyện NTM", "QĐ 3/QĐ-TTg"),
        )
    text = "\n".join(error.value.lines)
    assert "dòng 3" in text and "chỉ thị xã hoặc thành phố" in text
    assert "dòng 4" in text and "“999”" in text
    assert not StatusRecord.objects.exists()


def test_a_commune_officer_cannot_write_legacy_units(cast, world):
    assert register_units(cast.coordinator).filter(pk=world.xuan_loc.pk).exists()
    assert not register_units(cast.officer_a).filter(pk=world.xuan_loc.pk).exists()


def test_the_template_shows_a_city_completing_the_ntm_task():
    assert b"Ho\xc3\xa0n th\xc3\xa0nh nhi\xe1\xbb\x87m v\xe1\xbb\xa5" in _sheet_text(template_workbook())


def _sheet_text(data: bytes) -> bytes:
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).active
    return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value).encode()


def test_district_conditions_are_worked_out_from_the_register(world):
    """Hand-worked: 3 rural communes (2 advanced, 1 NTM) → 100% NTM (≥ 100 met), 66.67% advanced (≥ 10 met);
    the township's civilised-urban standard is unknown (missing); no survey → satisfaction missing."""
    first, second, third = world.communes
    decision(first, "nang_cao", "QĐ 66/QĐ-UBND", D(2023, 1, 10))
    decision(second, "nang_cao", "QĐ 67/QĐ-UBND", D(2023, 1, 10))
    decision(third, "ntm", "QĐ 68/QĐ-UBND", D(2019, 1, 10))
    row = next(r for r in district_rows(legacy_districts(), ON) if r.unit == world.xuan_loc)
    assert (row.at_least_ntm, row.at_least_advanced, row.model) == ((3, 3), (2, 3), (0, 3))
    ntm = lines(row, "huyen-ntm-2021-2025")
    assert (ntm["DK1"].status, ntm["DK1"].value) == ("met", "100%")
    assert (ntm["DK2"].status, ntm["DK2"].value) == ("met", "66,67%")
    assert ntm["DK3"].status == "missing"
    assert ntm["DK4.1"].status == "missing"
    assert next(c for c in row.checks if c.code == "huyen-ntm-2021-2025").met == 2

    # Mid-2023 every commune is already NTM or higher; before 2021 no district set applies.
    early = next(r for r in district_rows(legacy_districts(), D(2023, 6, 30)) if r.unit == world.xuan_loc)
    assert lines(early, "huyen-ntm-2021-2025")["DK1"].status == "met"
    before = next(r for r in district_rows(legacy_districts(), D(2018, 6, 30)) if r.unit == world.xuan_loc)
    assert before.checks == []  # no district set before 2021
    revoked = decision(third, "thu_hoi", "QĐ 9/QĐ-UBND", D(2024, 2, 1), revokes=third.status_records.get())
    assert revoked.pk
    after = next(r for r in district_rows(legacy_districts(), ON) if r.unit == world.xuan_loc)
    assert (
        lines(after, "huyen-ntm-2021-2025")["DK1"].status,
        lines(after, "huyen-ntm-2021-2025")["DK1"].value,
    ) == (
        "not_met",
        "66,67%",
    )


def test_satisfaction_conditions_come_from_the_communes_survey_results(world):
    for commune in world.communes:
        decision(commune, "ntm", f"QĐ {commune.code}", D(2022, 1, 10))
    results = {
        world.communes[0].pk: {"overall": 95.0, "by_content": {"giao_thong": 85.0, "moi_truong": 79.5}},
        world.communes[1].pk: {"overall": 92.0, "by_content": {"giao_thong": 90.0}},
        world.communes[2].pk: {"overall": 91.0, "by_content": {"giao_thong": 88.0}},
        world.xuan_loc.pk: {"overall": 93.5, "by_content": {}},
    }
    with mock.patch.object(districts, "_survey_results", lambda units, year: results):
        row = next(r for r in district_rows(legacy_districts(), ON) if r.unit == world.xuan_loc)
    ntm = lines(row, "huyen-ntm-2021-2025")
    assert (ntm["DK4.1"].status, ntm["DK4.1"].value) == ("met", "93,5%")
    assert (ntm["DK4.2"].status, ntm["DK4.2"].value) == ("not_met", "79,5%")
    assert "moi_truong" in ntm["DK4.2"].reason
    assert row.surveyed == 3


def test_a_district_without_township_has_that_condition_not_applicable(world):
    world.township.delete()
    row = next(r for r in district_rows(legacy_districts(), ON) if r.unit == world.xuan_loc)
    assert lines(row, "huyen-ntm-2021-2025")["DK3"].status == "not_applicable"


def test_the_legacy_map_and_the_district_page_show_status_and_conditions(client, cast, world):
    decision(world.xuan_loc, "nang_cao", "QĐ 1556/QĐ-TTg", D(2023, 12, 15))
    decision(world.long_khanh, "ntm", "QĐ 1440/QĐ-TTg", D(2022, 11, 20))
    decision(world.communes[0], "nang_cao", "QĐ 66/QĐ-UBND", D(2023, 1, 10))
    page = client.get(reverse("maps:public"), {"structure": "legacy", "year": 2024}).content.decode()
    assert 'id="districts"' in page
    assert "Huyện đạt chuẩn NTM nâng cao" in page and "QĐ 1556/QĐ-TTg" in page
    assert "Hoàn thành nhiệm vụ xây dựng NTM" in page
    assert "1/3" in page  # one of Xuân Lộc's three rural communes is recognised

    current = client.get(reverse("maps:public"), {"structure": "2025"}).content.decode()
    assert 'id="districts"' not in current

    unit = client.get(reverse("maps:unit", args=["legacy", "740"])).content.decode()
    assert 'id="district-conditions"' in unit and 'data-condition="DK1"' in unit
    assert "Huyện đạt chuẩn NTM nâng cao" in unit
    assert "QĐ 320/QĐ-TTg" in unit
    city = client.get(reverse("maps:unit", args=["legacy", "732"])).content.decode()
    assert "Hoàn thành nhiệm vụ xây dựng NTM" in city and "Phụ lục II" in city
    assert 'data-condition="DK1"' not in city


def test_an_unpublished_district_decision_stays_off_the_public_map(client, cast, world):
    decision(world.xuan_loc, "ntm", "QĐ 5/QĐ-TTg", D(2021, 3, 1), is_published=False)
    page = client.get(reverse("maps:public"), {"structure": "legacy", "year": 2024}).content.decode()
    assert "QĐ 5/QĐ-TTg" not in page
