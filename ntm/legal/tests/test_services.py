"""Loading the registry (idempotent, audited, all or nothing) and the coordinator's corrections."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError
from ntm.legal.datafile import read_documents
from ntm.legal.models import LegalDocument
from ntm.legal.selectors import legal_document_by_symbol
from ntm.legal.services import EDITABLE_FIELDS, legal_document_update, legal_documents_load

pytestmark = pytest.mark.django_db

FILE = """schema = 1
[[documents]]
symbol = "QĐ 318/QĐ-TTg"
kind = "decision"
issued_on = 2022-03-08
issuer = "Thủ tướng Chính phủ"
provenance = "confirmed"
source = "tintuc.thuvienphapluat.com"

[[documents]]
symbol = "TCVN 13274:2020"
kind = "standard"
title = "Truy xuất nguồn gốc - Hướng dẫn định dạng các mã dùng trong truy vết"
provenance = "confirmed"
"""


@pytest.fixture
def datafile(tmp_path):
    path = tmp_path / "documents.toml"
    path.write_text(FILE, encoding="utf-8")
    return path


def test_the_shipped_file_loads_once_and_again_changes_nothing():
    call_command("load_legal_documents")
    count = LegalDocument.objects.count()
    assert count == len(read_documents())
    audits = AuditEntry.objects.filter(action__startswith="legal_document.").count()
    assert audits == count
    call_command("load_legal_documents")
    assert LegalDocument.objects.count() == count
    assert AuditEntry.objects.filter(action__startswith="legal_document.").count() == audits


def test_a_changed_entry_updates_its_row_and_is_audited(datafile):
    legal_documents_load(path=datafile)
    datafile.write_text(FILE.replace("issued_on = 2022-03-08", "issued_on = 2022-03-09"), encoding="utf-8")
    result = legal_documents_load(path=datafile)
    assert (result.updated, result.unchanged) == (["QĐ 318/QĐ-TTg"], ["TCVN 13274:2020"])
    assert LegalDocument.objects.get(symbol="QĐ 318/QĐ-TTg").issued_on == dt.date(2022, 3, 9)
    entry = AuditEntry.objects.get(action="legal_document.reload")
    assert entry.changes["fields"]["issued_on"] == ["2022-03-08", "2022-03-09"]


def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_written(datafile):
    legal_documents_load(path=datafile)
    before = list(LegalDocument.objects.order_by("pk").values())
    audits = AuditEntry.objects.count()
    datafile.write_text(
        FILE.replace("issued_on = 2022-03-08", "issued_on = 2022-03-09") + '[[documents]]\nsymbol = "X"\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        call_command("load_legal_documents", str(datafile))
    message = str(caught.value)
    assert "không ghi gì" in message and "mục 3 (X)" in message and "“kind”" in message
    assert list(LegalDocument.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.count() == audits


def test_a_coordinators_correction_survives_a_reload_of_the_unchanged_file(cast, datafile):
    legal_documents_load(path=datafile)
    document = LegalDocument.objects.get(symbol="TCVN 13274:2020")
    data = {name: getattr(document, name) for name in EDITABLE_FIELDS} | {
        "issuer": "Bộ Khoa học và Công nghệ"
    }
    legal_document_update(document=document, data=data, actor=cast.coordinator)
    entry = AuditEntry.objects.get(action="legal_document.update")
    assert entry.changes["fields"]["issuer"] == ["", "Bộ Khoa học và Công nghệ"]
    assert entry.actor == cast.coordinator
    legal_documents_load(path=datafile)
    assert LegalDocument.objects.get(pk=document.pk).issuer == "Bộ Khoa học và Công nghệ"


def test_only_the_coordinator_corrects_and_dates_stay_in_order(cast, datafile):
    legal_documents_load(path=datafile)
    document = LegalDocument.objects.get(symbol="QĐ 318/QĐ-TTg")
    data = {name: getattr(document, name) for name in EDITABLE_FIELDS}
    for actor in (cast.auditor, cast.officer_a, cast.department):
        with pytest.raises(PermissionDenied):
            legal_document_update(document=document, data=data | {"issuer": "X"}, actor=actor)
    with pytest.raises(ServiceError):
        legal_document_update(
            document=document,
            data=data | {"effective_from": dt.date(2022, 1, 2), "effective_to": dt.date(2022, 1, 1)},
            actor=cast.coordinator,
        )
    assert LegalDocument.objects.get(pk=document.pk).issuer == "Thủ tướng Chính phủ"
    assert not AuditEntry.objects.filter(action="legal_document.update").exists()


def test_a_document_is_found_by_its_symbol_with_or_without_diacritics(datafile):
    legal_documents_load(path=datafile)
    document = LegalDocument.objects.get(symbol="QĐ 318/QĐ-TTg")
    assert legal_document_by_symbol("QĐ 318/QĐ-TTg") == document
    assert legal_document_by_symbol(" qd 318/qd-ttg ") == document
    assert legal_document_by_symbol("QĐ 319/QĐ-TTg") is None
    assert legal_document_by_symbol("") is None
