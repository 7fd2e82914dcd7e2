"""The registry import (both structures, lineage), search, and the public units API — on both databases."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ntm.audit.models import AuditEntry
from ntm.units.models import AdministrativeUnit, Level, Structure, UnitLineage
from ntm.units.registry import RegistryError

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(capsys):
    call_command("import_units")
    return capsys.readouterr().out


def units(structure, **filters):
    return AdministrativeUnit.objects.filter(structure=structure, **filters)


@pytest.mark.sqlite_journey
def test_import_gives_dong_nai_in_both_structures(imported):
    province = units(Structure.REFORM_2025).get(level=Level.PROVINCE, code="75")
    communes = units(Structure.REFORM_2025, parent=province, level=Level.COMMUNE)
    assert communes.count() == 95
    assert communes.filter(unit_type="xa").count() == 72
    assert communes.filter(unit_type="phuong").count() == 23
    old_dong_nai = units(Structure.LEGACY).get(level=Level.PROVINCE, code="75")
    districts = units(Structure.LEGACY, parent=old_dong_nai)
    assert sorted(districts.values_list("code", flat=True)) == ["731", "732", *map(str, range(734, 743))]
    assert units(Structure.LEGACY, parent__parent=old_dong_nai, level=Level.COMMUNE).count() == 159
    binh_phuoc = units(Structure.LEGACY).get(level=Level.PROVINCE, code="70")
    assert units(Structure.LEGACY, parent__parent=binh_phuoc).count() == 111
    assert all(unit.valid_to.isoformat() == "2025-06-30" for unit in units(Structure.LEGACY)[:50])
    without_predecessor = communes.filter(predecessor_links__isnull=True)
    assert not without_predecessor.exists()
    assert "added 95 commune unit(s) in structure 2025" in imported


def test_import_is_idempotent_and_reports_changes(imported, capsys):
    call_command("import_units")
    assert "nothing to change" in capsys.readouterr().out
    unit = units(Structure.REFORM_2025).get(code="26413")
    AdministrativeUnit.objects.filter(pk=unit.pk).update(name="Xã Sai Tên")
    call_command("import_units")
    out = capsys.readouterr().out
    assert "changed 2025/26413 Xã Long Phước: name" in out
    unit.refresh_from_db()
    assert unit.name == "Xã Long Phước" and unit.name_folded == "xa long phuoc"
    assert AuditEntry.objects.filter(action="units.import").count() == 2


def test_malformed_source_stops_the_import_with_nothing_written(monkeypatch):
    def broken(*args, **kwargs):
        raise RegistryError(["Mã 26413 bị trùng."])

    monkeypatch.setattr("ntm.units.management.commands.import_units.load_province", broken)
    with pytest.raises(CommandError, match="không ghi gì"):
        call_command("import_units")
    assert not AdministrativeUnit.objects.exists()


def test_search_ignores_diacritics_case_and_tone_placement(imported):
    assert list(
        AdministrativeUnit.objects.search("long phuoc")
        .filter(structure="2025")
        .values_list("name", flat=True)
    ) == ["Xã Long Phước"]
    for text in ("bao hoa", "BẢO HÒA", "Bảo Hoà"):
        assert "Xã Bảo Hoà" in AdministrativeUnit.objects.search(text).values_list("name", flat=True)


@pytest.mark.sqlite_journey
def test_units_api_counts_and_detail(client, imported):
    body = client.get("/api/v1/units", {"structure": "2025", "level": "commune", "parent": "75"}).json()
    assert body["count"] == 95 and len(body["items"]) == 50
    second = client.get(
        "/api/v1/units", {"structure": "2025", "level": "commune", "parent": "75", "page": 2}
    ).json()
    assert len(second["items"]) == 45
    districts = client.get(
        "/api/v1/units", {"structure": "legacy", "level": "district", "parent": "75"}
    ).json()
    assert districts["count"] == 11
    found = client.get("/api/v1/units", {"q": "long phuoc", "structure": "2025"}).json()
    assert [item["code"] for item in found["items"]] == ["26413"]
    assert set(found["items"][0]) == {
        "code",
        "name",
        "type",
        "level",
        "parent_code",
        "structure",
        "valid_from",
        "valid_to",
    }
    detail = client.get("/api/v1/units/2025/26413").json()
    assert detail["valid_from"] == "2025-07-01" and detail["parent_code"] == "75"
    assert {p["name"] for p in detail["predecessors"]} == {"Xã Bàu Cạn", "Xã Long Phước"}
    old = client.get("/api/v1/units/legacy/26410").json()
    assert old["successors"] == [
        {"structure": "2025", "code": "26413", "name": "Xã Long Phước", "partial": False}
    ]


def test_units_api_unknown_code_and_bad_structure(client, imported):
    missing = client.get("/api/v1/units/2025/99999")
    assert missing.status_code == 404 and missing.json()["error"]
    assert client.get("/api/v1/units/1990/26413").status_code == 422
    assert client.get("/api/v1/units", {"level": "hamlet"}).status_code == 422


def test_lineage_links_carry_their_source(imported):
    link = UnitLineage.objects.select_related("new_unit").filter(new_unit__code="26413").first()
    assert link.source


def test_import_all_loads_the_whole_country_in_both_structures(capsys):
    call_command("import_units", "--all")
    counts = {
        (structure, level): AdministrativeUnit.objects.filter(structure=structure, level=level).count()
        for structure in Structure.values
        for level in Level.values
    }
    assert counts[("2025", "province")] == 34 and counts[("2025", "commune")] == 3321
    assert counts[("2025", "district")] == 0
    assert counts[("legacy", "province")] == 63 and counts[("legacy", "district")] == 696
    assert counts[("legacy", "commune")] == 10051
    assert UnitLineage.objects.count() == 10618
    call_command("import_units", "--all")
    assert "nothing to change" in capsys.readouterr().out
