"""Import of the existing OCOP catalogue: all-or-nothing, every problem named, history kept, shown in the catalogue."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from ntm.core.excel import ExcelImportError
from ntm.ocop.catalogue_import import HEADERS, SHEET, catalogue_import, template_workbook
from ntm.ocop.models import Certificate, DecisionLevel, Producer
from ntm.ocop.tests.factories import load_sheets
from ntm.units.models import AdministrativeUnit, Level

pytestmark = pytest.mark.django_db


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(**overrides):
    values = dict(
        zip(
            HEADERS,
            [
                "26413",
                "Xã Long Phước",
                "HTX Bưởi Long Phước",
                "Hợp tác xã",
                "Ấp 2",
                "Trần Văn Bưởi",
                "0909 000 000",
                "Bưởi da xanh",
                "I.1.a",
                3,
                61.5,
                "Huyện",
                "456/QĐ-UBND",
                "15/03/2024",
                "OCOP-H-12",
                "Chợ Long Phước",
            ],
            strict=True,
        )
    )
    values.update(overrides)
    return [values[h] for h in HEADERS]


def communes():
    return AdministrativeUnit.objects.filter(level=Level.COMMUNE)


def test_import_creates_producer_product_decision_and_certificate_shown_in_the_catalogue(cast, client):
    load_sheets(test_sheet=False)
    count = catalogue_import(
        data=workbook(
            [
                row(),
                row(
                    **{
                        "Sản phẩm": "Bưởi đường",
                        "Số giấy chứng nhận": "OCOP-H-13",
                        "Hạng sao": 4,
                        "Cấp quyết định": "Tỉnh",
                    }
                ),
            ]
        ),
        units=communes(),
        actor=cast.coordinator,
    )
    assert count == 2
    assert Producer.objects.filter(name="HTX Bưởi Long Phước").count() == 1  # the same producer for both rows
    certificate = Certificate.objects.get(number="OCOP-H-12")
    assert certificate.decision.level == DecisionLevel.DISTRICT and certificate.is_imported
    assert certificate.expires_on == dt.date(2027, 3, 15)
    body = client.get(reverse("ocop:catalogue")).content.decode()
    assert "Bưởi da xanh" in body and "Bưởi đường" in body


def test_bad_rows_change_nothing_and_every_problem_is_named(cast):
    load_sheets(test_sheet=False)
    data = workbook(
        [
            row(),
            row(
                **{
                    "Mã xã": "99999",
                    "Hạng sao": 2,
                    "Mã phân nhóm": "Z.9",
                    "Ngày quyết định": "2024-13-01",
                    "Loại hình": "?",
                }
            ),
        ]
    )
    with pytest.raises(ExcelImportError) as caught:
        catalogue_import(data=data, units=communes(), actor=cast.coordinator)
    text = "\n".join(caught.value.errors)
    for problem in ("99999", "3, 4", "I.1.a", "dd/mm/yyyy", "Hộ kinh doanh"):
        assert problem in text
    assert not Certificate.objects.exists() and not Producer.objects.exists()


def test_a_certificate_already_recorded_is_refused(cast):
    load_sheets(test_sheet=False)
    catalogue_import(data=workbook([row()]), units=communes(), actor=cast.coordinator)
    with pytest.raises(ExcelImportError, match="OCOP-H-12"):
        catalogue_import(data=workbook([row()]), units=communes(), actor=cast.coordinator)
    assert Certificate.objects.count() == 1


def test_the_import_page_is_the_coordinators(cast, client_as):
    load_sheets(test_sheet=False)
    assert client_as(cast.officer_a).get(reverse("ocop:import")).status_code == 403
    client = client_as(cast.coordinator)
    assert client.get(reverse("ocop:import_template")).content[:2] == b"PK"
    broken = io.BytesIO(b"not a workbook")
    broken.name = "x.xlsx"
    response = client.post(reverse("ocop:import"), {"file": broken})
    assert response.status_code == 400 and "form-errors" in response.content.decode()
    good = io.BytesIO(workbook([row()]))
    good.name = "ocop.xlsx"
    assert client.post(reverse("ocop:import"), {"file": good}).status_code == 302
    assert Certificate.objects.count() == 1
    assert template_workbook()[:2] == b"PK"
