"""The public registry pages and API, and the coordinator's edit (audited; others refused)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.legal.models import LegalDocument
from ntm.legal.services import EDITABLE_FIELDS, legal_documents_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    legal_documents_load()
    return LegalDocument.objects.get(symbol="QĐ 318/QĐ-TTg")


def form_data(document, **changes):
    data = {name: getattr(document, name) or "" for name in EDITABLE_FIELDS}
    data.update(changes)
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in data.items()}


def listed(client, **params) -> set[str]:
    page = client.get(reverse("legal:list"), params)
    assert page.status_code == 200
    return set(re.findall(r'<a href="/van-ban/\d+/">([^<]+)</a>', page.content.decode()))


def test_the_list_is_public_and_searches_without_diacritics(client, loaded):
    assert listed(client, q="qd 318") == {"QĐ 318/QĐ-TTg"}
    assert listed(client, q="chuyen doi so") >= {"KH 202/KH-UBND", "QĐ 924/QĐ-TTg", "KH 240/KH-UBND"}
    assert listed(client, issuer="Bộ Y tế") == {
        "TT 41/2018/TT-BYT",
        "QCVN 01-1:2018/BYT",
        "TT 52/2024/TT-BYT",
        "QCVN 01-1:2024/BYT",
    }
    assert "TCVN 13274:2020" in listed(client, kind="standard")
    assert "QĐ 318/QĐ-TTg" not in listed(client, kind="standard")
    assert listed(client, q="khong co van ban nay") == set()


def test_the_detail_is_public_marks_unknown_fields_and_offers_no_form_to_others(client_as, cast, loaded):
    decree = LegalDocument.objects.get(symbol="NĐ 30/2020/NĐ-CP")
    for user in (None, cast.officer_a, cast.auditor):
        page = client_as(user).get(reverse("legal:detail", args=[decree.pk]))
        assert page.status_code == 200
        body = page.content.decode()
        assert 'data-missing="1"' in body and 'data-testid="legal-edit"' not in body
    assert (
        'data-testid="legal-edit"'
        in client_as(cast.coordinator).get(reverse("legal:detail", args=[decree.pk])).content.decode()
    )
    assert client_as(None).get(reverse("legal:detail", args=[999999])).status_code == 404


def test_the_coordinator_edits_a_row_on_the_page_and_it_is_audited(client_as, cast, loaded):
    url = reverse("legal:edit", args=[loaded.pk])
    response = client_as(cast.coordinator).post(url, form_data(loaded, note="Đã đối chiếu bản gốc"))
    assert response.status_code == 302
    assert LegalDocument.objects.get(pk=loaded.pk).note == "Đã đối chiếu bản gốc"
    assert AuditEntry.objects.filter(action="legal_document.update", object_id=str(loaded.pk)).exists()
    bad = client_as(cast.coordinator).post(url, form_data(loaded, provenance="sure"))
    assert bad.status_code == 400


def test_others_cannot_edit_and_nothing_changes(client_as, cast, loaded):
    url = reverse("legal:edit", args=[loaded.pk])
    for user in (cast.officer_a, cast.auditor, cast.department):
        assert client_as(user).post(url, form_data(loaded, note="X")).status_code == 403
    anonymous = client_as(None).post(url, form_data(loaded, note="X"))
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    assert client_as(cast.coordinator).post(reverse("legal:edit", args=[999999]), {}).status_code == 404
    assert client_as(cast.officer_a).get(url).status_code == 405
    assert LegalDocument.objects.get(pk=loaded.pk).note == loaded.note
    assert not AuditEntry.objects.filter(action="legal_document.update").exists()


def test_the_api_lists_with_the_envelope_and_pages_and_answers_one(client, loaded):
    answer = client.get("/api/v1/legal-documents", {"q": "qd 31"}).json()
    assert set(answer) == {"items", "count"}
    assert {item["symbol"] for item in answer["items"]} >= {"QĐ 318/QĐ-TTg", "QĐ 319/QĐ-TTg"}
    total = client.get("/api/v1/legal-documents").json()["count"]
    assert total == LegalDocument.objects.count()
    first = client.get("/api/v1/legal-documents", {"page": 1, "page_size": 10}).json()
    second = client.get("/api/v1/legal-documents", {"page": 2, "page_size": 10}).json()
    assert second["count"] == total and len(first["items"]) == len(second["items"]) == 10
    assert not {item["id"] for item in first["items"]} & {item["id"] for item in second["items"]}
    one = client.get(f"/api/v1/legal-documents/{loaded.pk}").json()
    assert (one["symbol"], one["issued_on"], one["issuer"], one["provenance"]) == (
        "QĐ 318/QĐ-TTg",
        "2022-03-08",
        "Thủ tướng Chính phủ",
        "confirmed",
    )
    missing = client.get("/api/v1/legal-documents/999999")
    assert missing.status_code == 404 and "error" in missing.json()
    filtered = client.get("/api/v1/legal-documents", {"kind": "standard"}).json()
    assert filtered["count"] == LegalDocument.objects.filter(kind="standard").count()


def test_coordinator_adds_a_document_and_a_duplicate_is_refused(client_as, cast, loaded):
    client = client_as(cast.coordinator)
    assert 'href="/van-ban/moi/"' in client.get(reverse("legal:list")).content.decode()
    data = {
        "symbol": "KH 99/KH-UBND",
        "kind": "plan",
        "number": "99/KH-UBND",
        "issued_on": "2026-03-02",
        "issuer": "Ủy ban nhân dân tỉnh Đồng Nai",
        "title": "Kế hoạch thực hiện Chương trình năm 2026",
        "url": "",
        "provenance": "unconfirmed",
        "source": "",
        "note": "",
    }
    response = client.post(reverse("legal:create"), data)
    document = LegalDocument.objects.get(symbol="KH 99/KH-UBND")
    assert response["Location"] == reverse("legal:detail", args=[document.pk])
    assert AuditEntry.objects.filter(action="legal_document.create", object_id=str(document.pk)).exists()
    again = client.post(reverse("legal:create"), {**data, "symbol": "kh 99/kh-ubnd"})
    assert again.status_code == 400 and "đã có" in again.content.decode()
    assert LegalDocument.objects.filter(symbol__iexact="KH 99/KH-UBND").count() == 1


def test_only_the_coordinator_adds_documents(client_as, cast):
    assert Client().get(reverse("legal:create")).status_code == 302  # to the sign-in page
    assert client_as(cast.department).get(reverse("legal:create")).status_code == 403
    assert client_as(cast.department).post(reverse("legal:create"), {"symbol": "X 1"}).status_code == 403
    assert not LegalDocument.objects.filter(symbol="X 1").exists()
