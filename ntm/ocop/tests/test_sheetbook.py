"""The score-sheet Excel round trip: export a version, edit it, upload it back as a new version, all or nothing."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ntm.core.excel import ExcelImportError
from ntm.ocop.models import MemberScore, ScoreSheet
from ntm.ocop.services.evaluations import product_register
from ntm.ocop.services.sheets import sheet_import
from ntm.ocop.sheetbook import (
    LABEL_NEW,
    SHEET_CRITERIA,
    SHEET_GUIDE,
    SHEET_PARTS,
    export_workbook,
    read_workbook,
)
from ntm.ocop.sheetfile import SHEETS_DIR, read_sheet
from ntm.ocop.tests.factories import DOSSIER, leaf, load_sheets, make_evaluation, make_producer
from ntm.ocop.tests.sheets import test_sheet_toml


def _edit(data: bytes, edits) -> bytes:
    """The workbook with ``edits(book)`` applied (as a coordinator would in Excel)."""
    book = load_workbook(io.BytesIO(data))
    edits(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _set_guide(book, label: str, value) -> None:
    sheet = book[SHEET_GUIDE]
    for row in sheet.iter_rows():
        if row[0].value == label:
            row[1].value = value
            return
    raise AssertionError(label)


def _new_version(name: str):
    return lambda book: _set_guide(book, LABEL_NEW, name)


@pytest.mark.parametrize("text", [test_sheet_toml(), (SHEETS_DIR / "qd148-khung.toml").read_text()])
def test_an_unedited_export_reads_back_as_the_same_sheet_under_the_new_version(text):
    original = read_sheet(text)
    upload = read_workbook(_edit(export_workbook(text), _new_version("2")))
    again = read_sheet(upload.text)
    assert (upload.code, upload.base_version, upload.version) == (
        original.sheet.code,
        original.sheet.version,
        "2",
    )
    assert again.sheet == dataclasses.replace(original.sheet, version="2")
    assert (again.provenance, again.source, again.categories) == (
        original.provenance,
        original.source,
        original.categories,
    )


def test_unknown_points_stay_unknown_and_an_edited_point_is_read():
    def edits(book):
        _set_guide(book, LABEL_NEW, "2")
        sheet = book[SHEET_CRITERIA]
        sheet["F2"] = "chưa rõ"  # A.1.1 option a
        sheet["F4"] = 38  # A.1.1 option c: 40 → 38

    upload = read_workbook(_edit(export_workbook(test_sheet_toml()), edits))
    criterion = read_sheet(upload.text).sheet.criterion("A.1.1")
    assert [o.points for o in criterion.options] == [None, Decimal(20), Decimal(38)]


def test_every_bad_cell_is_reported_with_its_place_and_nothing_is_read():
    def edits(book):
        _set_guide(book, LABEL_NEW, "")
        criteria = book[SHEET_CRITERIA]
        criteria["F3"] = "mười"
        criteria["B5"] = "Z.9"  # B.1.1 in a section that does not exist
        criteria["G8"] = "ba sao"
        book[SHEET_PARTS]["C3"] = "=20+5"

    with pytest.raises(ExcelImportError) as caught:
        read_workbook(_edit(export_workbook(test_sheet_toml()), edits))
    errors = "\n".join(caught.value.errors)
    assert "Sheet Tiêu chí, dòng 3, cột F" in errors and "chưa rõ" in errors
    assert sum("dòng 3, cột F" in e for e in caught.value.errors) == 1  # one problem per cell
    assert "Sheet Tiêu chí, dòng 5, cột B" in errors and "Z.9" in errors
    assert "Sheet Tiêu chí, dòng 8, cột G" in errors
    assert "Sheet Phần, dòng 3, cột C" in errors  # a formula
    assert "Phiên bản mới" in errors
    assert len(caught.value.errors) >= 5


def test_an_extra_sheet_or_a_renamed_header_is_refused():
    def edits(book):
        _set_guide(book, LABEL_NEW, "2")
        book.create_sheet("Ghi chép")
        book[SHEET_CRITERIA]["E1"] = "Mức"

    with pytest.raises(ExcelImportError) as caught:
        read_workbook(_edit(export_workbook(test_sheet_toml()), edits))
    errors = "\n".join(caught.value.errors)
    assert "Ghi chép" in errors and "Sheet Tiêu chí, dòng 1, cột E" in errors


@pytest.mark.django_db
def test_a_new_version_leaves_loaded_versions_and_scored_evaluations_untouched(cast):
    base = load_sheets()
    scored = make_evaluation(cast, upto="scored")
    before_text, before_scores = base.text, list(MemberScore.objects.values_list("pk", "total", "choices"))
    data = _edit(
        export_workbook(base.text),
        lambda book: (_set_guide(book, LABEL_NEW, "2"), book[SHEET_CRITERIA].__setitem__("F4", 38)),
    )
    new = sheet_import(actor=cast.coordinator, base=base, data=data)
    assert (new.code, new.version) == (base.code, "2") and new.pk != base.pk
    base.refresh_from_db()
    scored.refresh_from_db()
    assert base.text == before_text and scored.sheet_id == base.pk
    assert list(MemberScore.objects.values_list("pk", "total", "choices")) == before_scores
    fresh = product_register(
        actor=cast.producer,
        producer=make_producer(cast, name="HTX mới"),
        category=leaf(),
        data={"name": "Rau mới", **DOSSIER},
        year=2026,
    )
    assert fresh.sheet_id == new.pk

    # The old version is no longer the newest: a file exported from it is refused, nothing is written.
    count = ScoreSheet.objects.count()
    with pytest.raises(ExcelImportError) as caught:
        sheet_import(actor=cast.coordinator, base=base, data=_edit(data, _new_version("3")))
    assert "2" in caught.value.errors[0] and ScoreSheet.objects.count() == count
    # The same version name twice is refused.
    with pytest.raises(ExcelImportError):
        sheet_import(
            actor=cast.coordinator, base=new, data=_edit(export_workbook(new.text), _new_version("2"))
        )
    assert ScoreSheet.objects.count() == count


@pytest.mark.django_db
def test_the_coordinator_downloads_and_uploads_a_sheet_through_the_pages(cast, client_as):
    base = load_sheets()
    for role_user in (cast.producer, cast.ocop_council, cast.officer_a):
        for route in ("ocop:sheet_export", "ocop:sheet_import"):
            assert client_as(role_user).get(reverse(route, args=[base.pk])).status_code == 403
    client = client_as(cast.coordinator)
    response = client.get(reverse("ocop:sheet_export", args=[base.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    bad = _edit(response.content, lambda book: book[SHEET_CRITERIA].__setitem__("F3", "mười"))
    bad_upload = io.BytesIO(bad)
    bad_upload.name = "phieu.xlsx"
    page = client.post(reverse("ocop:sheet_import", args=[base.pk]), {"file": bad_upload})
    assert page.status_code == 400 and "dòng 3, cột F" in page.content.decode()
    assert ScoreSheet.objects.filter(code=base.code).count() == 1
    good = _edit(response.content, _new_version("2026-01"))
    upload = io.BytesIO(good)
    upload.name = "phieu.xlsx"
    response = client.post(reverse("ocop:sheet_import", args=[base.pk]), {"file": upload})
    assert response.status_code == 302
    assert ScoreSheet.objects.filter(code=base.code, version="2026-01").exists()
