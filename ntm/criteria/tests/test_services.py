"""Versioned sets in the database: the loader, new versions, freezing, the Excel import, the audit trail."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.criteria.engine import MET, NO_THRESHOLD, NOT_APPLICABLE, NOT_MET, UnitContext
from ntm.criteria.evaluation import evaluate_version
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.selectors import criteria_set_version
from ntm.criteria.services import (
    criteria_set_freeze,
    criteria_set_import_workbook,
    criteria_set_save_version,
    criteria_set_update_indicator,
    criteria_sets_load_shipped,
)
from ntm.criteria.setload import shipped_set_paths
from ntm.criteria.tests.factories import INVENTED, INVENTED_CODE, edit_workbook, load_invented, write_set
from ntm.criteria.workbook import export_workbook

pytestmark = pytest.mark.django_db

DNB = UnitContext(region="DNB")


def workbook_of(version: CriteriaSetVersion) -> bytes:
    return export_workbook(version.content, version=version.version, content_hash=version.content_hash)


# --- Loader --------------------------------------------------------------------------------------------------


@pytest.mark.sqlite_journey
def test_loading_the_shipped_files_twice_creates_each_set_once():
    first = criteria_sets_load_shipped()
    assert {r.status for r in first} == {"created"}
    assert len(first) == len(shipped_set_paths()) == 9
    second = criteria_sets_load_shipped()
    assert {(r.status, r.version) for r in second} == {("unchanged", 1)}
    assert CriteriaSetVersion.objects.count() == 9
    commune = CriteriaSetVersion.objects.get(code="xa-ntm-2021-2025")
    assert commune.source == "file:xa-ntm-2021-2025.toml"
    assert commune.stats["indicators"] == 57 and commune.stats["criteria"] == 19
    advanced = CriteriaSetVersion.objects.get(code="xa-nang-cao-2021-2025").stats
    assert (advanced["criteria"], advanced["indicators"], advanced["conditions"]) == (19, 75, 1)
    assert commune.criteria_set().find_indicator("8.4") is not None
    assert AuditEntry.objects.filter(action="criteria_set.version_create").count() == 9


def test_a_changed_file_becomes_a_new_version_and_comment_changes_do_nothing(tmp_path):
    version = load_invented(tmp_path)
    write_set(tmp_path, "# chỉ thêm một dòng chú thích\n" + INVENTED)
    assert criteria_sets_load_shipped(paths=[tmp_path / f"{INVENTED_CODE}.toml"])[0].status == "unchanged"
    write_set(tmp_path, INVENTED.replace("value = 70", "value = 72"))
    [result] = criteria_sets_load_shipped(paths=[tmp_path / f"{INVENTED_CODE}.toml"])
    assert (result.status, result.version) == ("new_version", 2)
    new = CriteriaSetVersion.objects.get(code=INVENTED_CODE, version=2)
    assert new.content["version"] == 2
    assert "thay đổi" in new.change_note
    assert [(c["code"], list(c["fields"])) for c in new.changes] == [("S1.1", ["thresholds"])]
    version.refresh_from_db()
    assert version.content["version"] == 1  # the old version is untouched
    # reloading the old file content again is known (version 1): nothing happens
    write_set(tmp_path, INVENTED)
    assert criteria_sets_load_shipped(paths=[tmp_path / f"{INVENTED_CODE}.toml"])[0].status == "unchanged"


def test_a_version_edited_in_the_database_is_not_replaced_by_a_changed_file_unless_forced(tmp_path, cast):
    base = load_invented(tmp_path)
    criteria_set_update_indicator(
        base=base,
        indicator_code="S2.1",
        fields={"kind": "count", "op": ">="},
        thresholds=[{"value": 12, "provenance": "confirmed", "source": "QĐ giả định, Phụ lục"}],
        change_note="Nhập ngưỡng chính thức",
        actor=cast.coordinator,
    )
    path = write_set(tmp_path, INVENTED.replace("value = 70", "value = 72"))
    assert criteria_sets_load_shipped(paths=[path])[0].status == "kept"
    assert CriteriaSetVersion.objects.filter(code=INVENTED_CODE).count() == 2
    assert criteria_sets_load_shipped(paths=[path], force=True)[0].status == "new_version"
    assert CriteriaSetVersion.objects.filter(code=INVENTED_CODE).count() == 3


def test_an_invalid_file_loads_nothing_and_names_the_problem(tmp_path):
    good = write_set(tmp_path, INVENTED)
    bad = write_set(tmp_path, INVENTED.replace('provenance = "confirmed"\n', ""), name="hong.toml")
    with pytest.raises(ServiceError) as caught:
        criteria_sets_load_shipped(paths=[good, bad])
    assert any("hong.toml" in line and "S1.1" in line for line in caught.value.detail)
    assert not CriteriaSetVersion.objects.exists()


def test_an_invented_province_set_loads_through_the_database_and_evaluates(tmp_path):
    version = load_invented(tmp_path)
    assert version.ref == f"{INVENTED_CODE}@1"
    assert version.stats["missing"] == 1 and version.stats["unconfirmed"] == 2
    coast = UnitContext(region="VEN_BIEN", flags={"co_cho_dem": False})
    _cs, result = evaluate_version(version, year=2027, unit=coast, values={"S1.1": 75.5, "S2.1": 30})
    assert result.indicator("S1.1").status == MET
    assert result.indicator("S1.1").threshold.selected_by == "region+year"
    assert result.indicator("S1.2").status == NOT_APPLICABLE
    assert result.indicator("S2.1").status == NO_THRESHOLD
    assert (result.criteria_met, result.criteria_total, result.level_reached) == (1, 2, None)
    _cs, other_year = evaluate_version(version, year=2026, unit=coast, values={"S1.1": 70})
    assert other_year.indicator("S1.1").status == MET  # the general 70% applies outside 2027


# --- New versions --------------------------------------------------------------------------------------------


def test_saving_refuses_an_empty_note_no_change_invalid_content_and_a_stale_base(tmp_path, cast):
    base = load_invented(tmp_path)
    content = dict(base.content)
    with pytest.raises(ServiceError, match="ghi chú"):
        criteria_set_save_version(
            base=base, content=content, change_note="  ", source="ui", actor=cast.coordinator
        )
    with pytest.raises(ServiceError, match="Không có thay đổi"):
        criteria_set_save_version(
            base=base, content=content, change_note="x", source="ui", actor=cast.coordinator
        )
    with pytest.raises(ServiceError) as caught:
        criteria_set_save_version(
            base=base,
            content={**content, "year_from": 2030},
            change_note="x",
            source="ui",
            actor=cast.coordinator,
        )
    assert any("year_from" in problem for problem in caught.value.detail)
    changed = {**content, "name": "Tên đã sửa"}
    new = criteria_set_save_version(
        base=base, content=changed, change_note="Sửa tên", source="ui", actor=cast.coordinator
    )
    assert (new.version, new.name, new.created_by, new.source) == (2, "Tên đã sửa", cast.coordinator, "ui")
    with pytest.raises(StateConflict) as conflict:
        criteria_set_save_version(
            base=base,
            content={**content, "name": "Khác"},
            change_note="x",
            source="ui",
            actor=cast.coordinator,
        )
    assert conflict.value.detail == {"expected_state": "v1", "actual_state": "v2"}


def test_only_coordinators_may_save(tmp_path, cast):
    base = load_invented(tmp_path)
    for member in (cast.officer_a, cast.department, cast.auditor):
        with pytest.raises(PermissionDenied):
            criteria_set_save_version(
                base=base, content={**base.content, "name": "x"}, change_note="x", source="ui", actor=member
            )
    assert CriteriaSetVersion.objects.count() == 1


def test_a_frozen_version_cannot_be_edited_or_deleted_and_an_edit_becomes_a_new_version(tmp_path, cast):
    base = load_invented(tmp_path)
    criteria_set_freeze(version=base, reason="Hồ sơ xã X đã nộp")
    criteria_set_freeze(version=base)  # idempotent
    assert base.is_frozen
    assert AuditEntry.objects.filter(action="criteria_set.freeze").count() == 1
    base.content["name"] = "Sửa lén"
    with pytest.raises(StateConflict) as caught:
        base.save()
    assert caught.value.detail["actual_state"] == "frozen"
    with pytest.raises(StateConflict):
        base.delete()
    fresh = criteria_set_version(INVENTED_CODE)
    assert fresh.content["name"] != "Sửa lén"
    new = criteria_set_save_version(
        base=fresh,
        content={**fresh.content, "name": "Tên mới"},
        change_note="Sửa tên",
        source="ui",
        actor=cast.coordinator,
    )
    assert not new.is_frozen and fresh.is_frozen and fresh.content["name"] != "Tên mới"


def test_an_unfrozen_version_is_immutable_too(tmp_path):
    version = load_invented(tmp_path)
    version.change_note = "khác"
    with pytest.raises(StateConflict):
        version.save()


def test_a_new_version_is_audited_with_what_changed(tmp_path, cast):
    base = load_invented(tmp_path)
    new = criteria_set_update_indicator(
        base=base,
        indicator_code="S1.1",
        fields={"provenance": "confirmed", "source": "QĐ giả định"},
        thresholds=[{"value": 80, "provenance": "confirmed", "source": "QĐ giả định, Phụ lục"}],
        change_note="Ngưỡng chính thức 80%",
        actor=cast.coordinator,
    )
    entry = AuditEntry.objects.filter(action="criteria_set.version_create", object_id=str(new.pk)).get()
    assert entry.actor == cast.coordinator
    assert entry.changes["fields"]["change_note"] == [None, "Ngưỡng chính thức 80%"]
    assert entry.changes["extra"]["base"] == f"{INVENTED_CODE}@1"
    [change] = entry.changes["extra"]["changes"]
    assert change["code"] == "S1.1" and set(change["fields"]) == {"provenance", "source", "thresholds"}


# --- Excel import --------------------------------------------------------------------------------------------


@pytest.mark.sqlite_journey
def test_excel_round_trip_makes_a_new_version_whose_evaluation_changes(cast):
    criteria_sets_load_shipped()
    base = criteria_set_version("xa-ntm-2021-2025")
    _cs, before = evaluate_version(base, year=2024, unit=DNB, values={"4.2": 98.5})
    assert before.indicator("4.2").status == NOT_MET
    assert before.indicator("4.2").provisional
    # the test's own figure, standing in for the value a coordinator reads in the official annex
    data = edit_workbook(
        workbook_of(base),
        {
            ("Ngưỡng", "4.2", "G"): 98,
            ("Ngưỡng", "4.2", "O"): "confirmed",
            ("Ngưỡng", "4.2", "P"): "QĐ 318/QĐ-TTg, Phụ lục I, tiêu chí 4 (bản chính thức)",
        },
    )
    new = criteria_set_import_workbook(
        data=data, change_note="Ngưỡng 4.2 theo bản chính thức", actor=cast.coordinator
    )
    assert (new.ref, new.source, new.change_note) == (
        "xa-ntm-2021-2025@2",
        "excel",
        "Ngưỡng 4.2 theo bản chính thức",
    )
    assert new.stats["thresholds"]["confirmed"] == base.stats["thresholds"]["confirmed"] + 1
    assert new.stats["unconfirmed"] == base.stats["unconfirmed"] - 1
    _cs, after = evaluate_version(new, year=2024, unit=DNB, values={"4.2": 98.5})
    assert after.indicator("4.2").status == MET
    assert not after.indicator("4.2").provisional
    # the same file again is stale now (version 2 exists)
    with pytest.raises(StateConflict):
        criteria_set_import_workbook(data=data, change_note="lần hai", actor=cast.coordinator)


def test_excel_import_is_all_or_nothing_with_every_error_placed(cast):
    criteria_sets_load_shipped()
    base = criteria_set_version("xa-ntm-2021-2025")
    data = edit_workbook(workbook_of(base), {("Ngưỡng", "3.1", "G"): "nhiều", ("Ngưỡng", "2.1", "A"): "2.99"})
    with pytest.raises(ServiceError) as caught:
        criteria_set_import_workbook(data=data, change_note="x", actor=cast.coordinator)
    assert caught.value.message == "Không nhập được tệp Excel; chưa lưu gì."
    assert len(caught.value.detail) == 2
    assert all(line.startswith("Sheet Ngưỡng, dòng ") for line in caught.value.detail)
    assert CriteriaSetVersion.objects.filter(code="xa-ntm-2021-2025").count() == 1


def test_excel_import_refuses_an_unknown_set_an_empty_note_and_other_roles(cast):
    criteria_sets_load_shipped()
    base = criteria_set_version("xa-ntm-2021-2025")
    data = workbook_of(base)
    with pytest.raises(PermissionDenied):
        criteria_set_import_workbook(data=data, change_note="x", actor=cast.officer_a)
    with pytest.raises(ServiceError, match="ghi chú"):
        criteria_set_import_workbook(data=data, change_note="", actor=cast.coordinator)
    with pytest.raises(ServiceError, match="Không có thay đổi"):
        criteria_set_import_workbook(data=data, change_note="x", actor=cast.coordinator)
    other = export_workbook(base.content, version=7, content_hash="x")
    with pytest.raises(ServiceError) as caught:
        criteria_set_import_workbook(data=other, change_note="x", actor=cast.coordinator)
    assert "xa-ntm-2021-2025@7" in caught.value.detail[0]


# --- Races (PostgreSQL) --------------------------------------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_saving_at_once_make_one_version_and_one_conflict(tmp_path, live_cast):
    if connection.vendor != "postgresql":
        pytest.fail("This test must run on PostgreSQL (DATABASE_URL).")
    cast = live_cast
    base = load_invented(tmp_path)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(name: str) -> None:
        try:
            barrier.wait()
            criteria_set_save_version(
                base=base,
                content={**base.content, "name": name},
                change_note=name,
                source="ui",
                actor=cast.coordinator,
            )
            outcomes.append("saved")
        except StateConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(f"Tên {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert CriteriaSetVersion.objects.filter(code=INVENTED_CODE).count() == 2


# --- Management commands -------------------------------------------------------------------------------------


def test_commands_load_export_and_import_a_set(tmp_path, capsys):
    path = tmp_path / f"{INVENTED_CODE}.toml"
    path.write_text(INVENTED, encoding="utf-8")
    call_command("load_criteria_sets", str(path))
    call_command("load_criteria_sets", str(path))
    out = capsys.readouterr().out
    assert f"{INVENTED_CODE}@1: nạp mới" in out and f"{INVENTED_CODE}@1: không thay đổi" in out
    exported = tmp_path / "bo.xlsx"
    call_command("export_criteria_set", f"{INVENTED_CODE}@1", str(exported))
    exported.write_bytes(
        edit_workbook(
            exported.read_bytes(), {("Ngưỡng", "S2.1", "G"): 9, ("Ngưỡng", "S2.1", "O"): "confirmed"}
        )
    )
    call_command("import_criteria_set", str(exported), "--note", "Ngưỡng S2.1 chính thức")
    new = criteria_set_version(INVENTED_CODE)
    assert (new.version, new.source, new.change_note, new.created_by) == (
        2,
        "excel",
        "Ngưỡng S2.1 chính thức",
        None,
    )
    assert (
        AuditEntry.objects.filter(action="criteria_set.version_create", object_id=str(new.pk))
        .get()
        .actor_label
        == "system"
    )
    with pytest.raises(CommandError, match="Phiên bản 2 của bộ tiêu chí đã được lưu sau phiên bản 1"):
        call_command("import_criteria_set", str(exported), "--note", "lần hai")
    call_command("export_criteria_set", INVENTED_CODE, str(exported))
    exported.write_bytes(edit_workbook(exported.read_bytes(), {("Ngưỡng", "S2.1", "G"): "mười"}))
    with pytest.raises(CommandError, match="Sheet Ngưỡng, dòng 5, cột G"):
        call_command("import_criteria_set", str(exported), "--note", "sai kiểu")
    with pytest.raises(CommandError, match="Không có bộ tiêu chí"):
        call_command("export_criteria_set", "khong-co", str(exported))
