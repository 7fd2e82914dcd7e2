"""Plan 202's scope and denominators on the real unit registry (``manage.py import_units``): 10 district-level
units ("các huyện, thành phố Long Khánh", not Biên Hòa), 9 huyện for the district sets, the former province's xã,
never a unit of the former Bình Phước nor a ward; after 1/7/2025 a unit is measured through its successor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from ntm.programme.measure import Measurer
from ntm.programme.models import Cooperative
from ntm.programme.tests.factories import load_plan, target
from ntm.units.models import AdministrativeUnit, UnitLineage

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def registry():
    call_command("import_units", verbosity=0)
    load_plan()


def basis(code: str) -> list[AdministrativeUnit]:
    return Measurer(today=TODAY).basis_units(target(code))


def test_denominators_on_the_real_registry(registry):
    districts = basis("KH202-10")
    assert len(districts) == 10
    assert {unit.name for unit in districts} >= {"Thành phố Long Khánh", "Huyện Xuân Lộc", "Huyện Long Thành"}
    assert "Thành phố Biên Hòa" not in {unit.name for unit in districts}
    huyen = basis("KH202-04")
    assert len(huyen) == 9 and {unit.unit_type for unit in huyen} == {"huyen"}
    assert basis("KH202-05") == huyen and basis("KH202-06") == huyen
    communes = basis("KH202-01")
    legacy_xa = AdministrativeUnit.objects.filter(
        structure="legacy", tree_path__startswith="/legacy/75/", level="commune", unit_type="xa"
    )
    assert len(communes) == legacy_xa.count() == 117
    assert len(basis("KH202-07")) == 117 + 10
    for code in ("KH202-01", "KH202-07", "KH202-09", "KH202-10", "KH202-04", "KH202-08", "KH202-12"):
        units = basis(code)
        assert all(unit.structure == "legacy" and unit.tree_path.startswith("/legacy/75/") for unit in units)
        assert not any(unit.unit_type in ("phuong", "thi_tran") for unit in units), code
    label = Measurer(today=TODAY).result(target("KH202-04"), with_trend=False).denominator_label
    assert "9 huyện" in label and "Long Khánh" in target("KH202-04").basis_note
    label = Measurer(today=TODAY).result(target("KH202-10"), with_trend=False).denominator_label
    assert "10 đơn vị cấp huyện (các huyện, thành phố Long Khánh)" in label


def test_after_the_reform_successors_measure_the_old_units_and_binh_phuoc_never_counts(registry):
    old_dn = UnitLineage.objects.filter(
        old_unit__tree_path__startswith="/legacy/75/", old_unit__unit_type="xa", new_unit__level="commune"
    ).select_related("old_unit", "new_unit")
    successor = old_dn.first().new_unit
    from_binh_phuoc = next(
        link.new_unit
        for link in UnitLineage.objects.filter(
            old_unit__tree_path__startswith="/legacy/70/", new_unit__level="commune"
        ).select_related("new_unit")
        if not link.new_unit.predecessor_links.filter(old_unit__tree_path__startswith="/legacy/75/").exists()
    )
    Cooperative.objects.create(unit=successor, name="HTX kế thừa", established_on=dt.date(2025, 8, 1))
    Cooperative.objects.create(
        unit=from_binh_phuoc, name="HTX Bình Phước cũ", established_on=dt.date(2020, 1, 1)
    )
    result = Measurer(today=TODAY).result(target("KH202-09"), with_trend=False)
    covered = {link.old_unit.name for link in old_dn.filter(new_unit=successor)}
    counted = {line.label for line in result.actual.lines if line.counted}
    assert counted == covered and result.actual.denominator == 117
    assert all(line.derived for line in result.actual.lines if line.counted)
    assert not any("Bình Phước" in record for line in result.actual.lines for record in line.records)


def test_pages_show_the_plan_closed_its_scope_and_each_targets_sentence(registry, client_as, cast):
    client = client_as(cast.coordinator)
    page = client.get(reverse("programme:progress")).content.decode()
    assert "Đã kết thúc (2023\u20132025)" in page  # en dash, as the page writes a period
    assert "các huyện, thành phố Long Khánh" in page and "Mục II.2.a:" in page
    detail = client.get(reverse("programme:target", args=[target("KH202-05").pk])).content.decode()
    assert (
        'data-testid="quote"' in detail
        and "theo Bộ tiêu chí quốc gia về huyện nông thôn mới nâng cao" in detail
    )
    assert "mục II.2.a" in detail and "Lý do:" in detail and "không gồm thành phố Long Khánh" in detail
