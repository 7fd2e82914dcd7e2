"""Browser journey: the coordinator downloads a score sheet as Excel, uploads a broken copy (every problem listed,
nothing saved), then a corrected copy that becomes a new version shown on the sheets page."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from ntm.ocop.models import ScoreSheet
from ntm.ocop.sheetbook import LABEL_NEW, SHEET_CRITERIA, SHEET_GUIDE
from ntm.ocop.tests.factories import load_sheets
from ntm.ocop.tests.test_browser import sign_in
from ntm.testing.browser import screenshot

pytestmark = [pytest.mark.browser]


def _edited(path, *, version: str, points) -> bytes:
    book = load_workbook(path)
    for row in book[SHEET_GUIDE].iter_rows():
        if row[0].value == LABEL_NEW:
            row[1].value = version
    book[SHEET_CRITERIA]["F4"] = points
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_coordinator_edits_a_score_sheet_through_excel(page, live_cast, tmp_path):
    base = load_sheets()
    sign_in(page, "dieuphoi")
    page.goto("/ocop/quan-ly/phieu-cham/")
    card = page.locator("section.card", has_text=base.title)
    with page.expect_download() as caught:
        card.get_by_role("link", name="Tải về dạng Excel").click()
    downloaded = tmp_path / "phieu.xlsx"
    caught.value.save_as(downloaded)

    card.get_by_role("link", name="Nhập phiên bản mới từ Excel").click()
    bad = {
        "name": "phieu.xlsx",
        "mimeType": "application/octet-stream",
        "buffer": _edited(downloaded, version="", points="ba mươi"),
    }
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(bad)
    page.get_by_role("button", name="Nhập", exact=True).click()
    errors = page.get_by_test_id("import-errors")
    assert "Sheet Tiêu chí, dòng 4, cột F" in errors.inner_text()
    assert "Phiên bản mới" in errors.inner_text()
    screenshot(page, "ocop-sheet-import-errors")
    assert ScoreSheet.objects.filter(code=base.code).count() == 1

    good = {
        "name": "phieu.xlsx",
        "mimeType": "application/octet-stream",
        "buffer": _edited(downloaded, version="2", points=38),
    }
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(good)
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.wait_for_url("**/ocop/quan-ly/phieu-cham/")
    assert "Đã nạp phiên bản 2 của phiếu chấm" in page.locator("body").inner_text()
    screenshot(page, "ocop-sheets-new-version")
    new = ScoreSheet.objects.get(code=base.code, version="2")
    assert [o.points for o in new.parsed().sheet.criterion("A.1.1").options][-1] == 38
