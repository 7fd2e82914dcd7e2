"""Decision documents: downloaded through the register's view only, never by a media URL."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.status.services import status_record_create
from ntm.testing.permissions import assert_access

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
EVERYONE = {"coordinator": 200, "officer_a": 200, "officer_b": 200, "department": 200, "auditor": 200}


def decision(unit, number: str, *, is_published: bool):
    return status_record_create(
        unit=unit,
        level="ntm",
        decision_number=number,
        decision_date=dt.date(2020, 1, 2),
        source="register",
        is_published=is_published,
        document=SimpleUploadedFile("quyet dinh.html", PDF, content_type="text/html"),
    )


def test_a_published_decision_is_public_an_unpublished_one_only_in_scope(client_as, cast):
    published = decision(cast.commune_a, "QĐ 1/QĐ-UBND", is_published=True)
    draft = decision(cast.commune_a, "QĐ 2/QĐ-UBND", is_published=False)
    assert published.document.name.startswith("decisions/") and published.document.name.endswith(".pdf")
    assert published.document_type == "application/pdf"
    assert_access(
        client_as, cast, reverse("status:document", args=[published.pk]), {**EVERYONE, "anonymous": 200}
    )
    url = reverse("status:document", args=[draft.pk])
    assert_access(client_as, cast, url, {**EVERYONE, "officer_b": 404, "anonymous": 302})
    response = client_as(cast.officer_a).get(url)
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert 'filename="quyet-dinh-qd-2-qd-ubnd.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_the_history_page_and_the_api_link_to_the_view(client, cast):
    record = decision(cast.commune_a, "QĐ 1/QĐ-UBND", is_published=True)
    link = reverse("status:document", args=[record.pk])
    unit = cast.commune_a
    page = client.get(reverse("status:history", args=[unit.structure, unit.code])).content.decode()
    assert link in page and "/media/" not in page
    api = client.get(f"/api/v1/units/{unit.structure}/{unit.code}/status-history").json()
    assert api["items"][0]["document_url"] == link


def test_an_unpublished_decision_is_read_by_the_registers_readers_only(client_as, cast):
    """design.md §1: the producer, the Front officer, the OCOP council and the water-supply operator read no register
    data, though commune A is in their unit scope: an unpublished decision's document is a 404 for them (it was
    served to them)."""
    draft = decision(cast.commune_a, "QĐ 3/QĐ-UBND", is_published=False)
    url = reverse("status:document", args=[draft.pk])
    assert_access(
        client_as,
        cast,
        url,
        {**EVERYONE, "officer_b": 404, "front": 404, "producer": 404, "ocop_council": 404, "anonymous": 302},
    )
    assert client_as(cast.operator).get(url).status_code == 404
