"""Mobile coverage from Excel: the template lists the commune's ấp; the file is recorded whole or not at all."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ntm.audit.models import AuditEntry
from ntm.core.excel import ExcelImportError
from ntm.infrastructure.coverage_import import HEADERS, SHEET, coverage_import
from ntm.infrastructure.models import MobileCoverage
from ntm.units.models import Hamlet

pytestmark = pytest.mark.django_db


@pytest.fixture
def hamlets(cast):
    return [Hamlet.objects.create(unit=cast.commune_a, name=name) for name in ("Ấp 1", "Ấp 2")]


def _workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_template_lists_the_hamlets_and_a_good_file_records_the_survey(cast, hamlets, client_as):
    officer = client_as(cast.officer_a)
    template = officer.get(reverse("infrastructure:coverage_template", args=[cast.commune_a.pk]))
    assert template.status_code == 200
    sheet = load_workbook(io.BytesIO(template.content))[SHEET]
    assert [cell.value for cell in sheet[1]] == list(HEADERS)
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["Ấp 1", "Ấp 2"]
    good = _workbook(
        [
            ["ấp 1", "có", "Có", "có", "không", "01/05/2025"],
            ["Ấp 2", "co", "khong", "KHÔNG", "không", "01/05/2025"],
        ]
    )
    response = officer.post(
        reverse("infrastructure:coverage_import", args=[cast.commune_a.pk]),
        {"file": SimpleUploadedFile("phu-song.xlsx", good)},
    )
    assert response.status_code == 302
    covered = {(row.hamlet.name, row.technology): row.covered for row in MobileCoverage.objects.all()}
    assert covered[("Ấp 1", "4g")] is True and covered[("Ấp 2", "4g")] is False
    assert covered[("Ấp 2", "2g")] is True and len(covered) == 8
    assert {row.surveyed_on for row in MobileCoverage.objects.all()} == {dt.date(2025, 5, 1)}
    assert AuditEntry.objects.filter(action="infrastructure.coverage_set").count() == 1
    page = officer.get(reverse("infrastructure:commune", args=[cast.commune_a.pk])).content.decode()
    assert reverse("infrastructure:coverage_import", args=[cast.commune_a.pk]) in page
    # Another commune's officer neither imports nor downloads the template of commune A.
    other = client_as(cast.officer_b)
    assert other.get(reverse("infrastructure:coverage_template", args=[cast.commune_a.pk])).status_code == 404
    assert (
        other.post(
            reverse("infrastructure:coverage_import", args=[cast.commune_a.pk]),
            {"file": SimpleUploadedFile("phu-song.xlsx", good)},
        ).status_code
        == 404
    )


def test_a_wrong_file_records_nothing_and_places_every_problem(cast, hamlets, client_as):
    bad = _workbook(
        [
            ["Ấp 1", "có", "có", "có", "có", "01/05/2025"],
            ["Ấp 1", "có", "có", "có", "có", "02/05/2025"],
            ["Ấp 9", "có", "tốt", "có", "có", "31/02/2025"],
        ]
    )
    with pytest.raises(ExcelImportError) as caught:
        coverage_import(actor=cast.officer_a, unit=cast.commune_a, data=bad)
    lines = caught.value.lines
    assert any("dòng 3, cột A" in line for line in lines), lines  # Ấp 1 twice
    assert any("dòng 4, cột A" in line for line in lines), lines  # no Ấp 9
    assert any("dòng 4, cột C" in line for line in lines), lines  # "tốt" is neither có nor không
    assert any("dòng 4, cột F" in line for line in lines), lines  # 31/02
    assert any("Ấp 2" in line for line in lines), lines  # missing hamlet named
    assert any("2 ngày khác nhau" in line for line in lines), lines  # two survey dates
    assert MobileCoverage.objects.count() == 0
    response = client_as(cast.officer_a).post(
        reverse("infrastructure:coverage_import", args=[cast.commune_a.pk]),
        {"file": SimpleUploadedFile("phu-song.xlsx", bad)},
    )
    assert response.status_code == 400 and "dòng 4, cột C" in response.content.decode()
    future = _workbook(
        [
            ["Ấp 1", "có", "có", "có", "có", (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")],
            ["Ấp 2", "có", "có", "có", "có", (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")],
        ]
    )
    with pytest.raises(ExcelImportError):
        coverage_import(actor=cast.officer_a, unit=cast.commune_a, data=future)
    assert MobileCoverage.objects.count() == 0
