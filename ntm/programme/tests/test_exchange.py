"""The data-exchange export: the document validates against its published JSON Schema, the workbook holds the same
rows, the scheduled job rebuilds only a stale file, and the open-data page lists the public API."""

import datetime as dt
import io
import json

import jsonschema_rs
import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from openpyxl import load_workbook

from ntm.assessment.services import value_set
from ntm.audit.models import AuditEntry
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.programme import exchange
from ntm.programme.tests.factories import load_plan
from ntm.status.services import status_record_create

pytestmark = pytest.mark.django_db


def _forget_stored_files():
    for name in (exchange.JSON_NAME, exchange.XLSX_NAME):
        if default_storage.exists(name):
            default_storage.delete(name)


@pytest.fixture
def storage():
    """No stored export before or after the test (the test storage lives as long as the process)."""
    _forget_stored_files()
    yield default_storage
    _forget_stored_files()


@pytest.fixture
def results(cast):
    criteria_sets_load_shipped()
    load_plan()
    value_set(
        unit=cast.commune_a,
        year=2025,
        set_code="xa-ntm-2021-2025",
        indicator_code="3.1",
        value=85,
        actor=None,
    )
    status_record_create(
        unit=cast.commune_a,
        level="ntm",
        decision_number="QĐ 1/QĐ-UBND",
        decision_date=dt.date(2024, 1, 2),
        source="register",
    )
    return cast


def test_the_export_validates_against_its_schema(results):
    document = exchange.build()
    jsonschema_rs.validator_for(exchange.schema()).validate(json.loads(json.dumps(document)))
    by_code = {unit["code"]: unit for unit in document["units"]}
    commune_a = by_code[results.commune_a.code]
    assert commune_a["official_status"]["level"] == "ntm"
    assert commune_a["official_status"]["decision_number"] == "QĐ 1/QĐ-UBND"
    assert [a["year"] for a in commune_a["self_assessment"]] == [2025]
    assert by_code[results.commune_b.code]["official_status"] is None
    assert document["plan"]["code"] == "ke-hoach-202" and document["targets"]
    assert document["licence"]["confirmed"] is False


def test_the_schema_refuses_a_broken_document(results):
    document = json.loads(json.dumps(exchange.build()))
    validator = jsonschema_rs.validator_for(exchange.schema())
    document["units"][0]["official_status"] = {"level": "gold"}
    assert not validator.is_valid(document)
    del document["targets"]
    assert not validator.is_valid(document)


def test_the_workbook_holds_the_same_rows(results):
    document = exchange.build()
    book = load_workbook(io.BytesIO(exchange.workbook(document)), read_only=True)
    assert book.sheetnames == ["Đơn vị", "Tự đánh giá", "Chỉ tiêu"]
    units = list(book["Đơn vị"].iter_rows(values_only=True))
    assert units[0][0] == "Mã đơn vị" and len(units) == 1 + len(document["units"])
    assert len(list(book["Chỉ tiêu"].iter_rows(values_only=True))) == 1 + len(document["targets"])


def test_the_scheduled_job_rebuilds_only_a_stale_export(results, storage, settings):
    now = timezone.now()
    assert exchange.scheduled_export(now).startswith("open data export rebuilt")
    assert exchange.stored_at() is not None
    assert exchange.scheduled_export(now).startswith("open data export is fresh")
    later = now + dt.timedelta(hours=settings.NTM_OPEN_DATA_EVERY_HOURS + 1)
    assert exchange.scheduled_export(later).startswith("open data export rebuilt")


def test_the_open_data_page_and_downloads_are_public(client, results, storage):
    page = client.get("/du-lieu-mo/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "/api/v1/units/{structure}/{code}/status-history" in body
    assert "/api/v1/dossiers" not in body  # needs a sign-in
    assert "CC BY 4.0" in body
    data = client.get("/du-lieu-mo/ntm-ket-qua.json")
    assert data.status_code == 200 and json.loads(b"".join(data))["format"] == "ntm-ket-qua"
    assert client.get("/du-lieu-mo/ntm-ket-qua.xlsx").status_code == 200
    assert json.loads(client.get("/du-lieu-mo/ntm-ket-qua.schema.json").content)["$id"] == "ntm-ket-qua/1.0"


def test_only_the_coordinator_rebuilds_on_demand(client_as, results, storage):
    assert client_as(results.officer_a).post("/du-lieu-mo/lam-moi/").status_code == 403
    assert client_as(None).post("/du-lieu-mo/lam-moi/").status_code == 302
    assert client_as(results.coordinator).post("/du-lieu-mo/lam-moi/").status_code == 302
    assert AuditEntry.objects.filter(action="programme.open_data_export").count() == 1
    assert exchange.stored_at() is not None
