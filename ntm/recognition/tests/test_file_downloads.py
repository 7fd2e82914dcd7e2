"""Dossier files leave through the serving function: the stored type, a random stored name, nosniff."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ntm.recognition.services import dossiers
from ntm.recognition.tests.factories import PDF, Journey, load_data, make_dossier, pdf, people

pytestmark = pytest.mark.django_db
RANDOM_NAME = re.compile(r"^dossiers/\d{4}/\d{2}/[0-9a-f]{32}\.pdf$")


@pytest.fixture
def dossier(cast):
    load_data()
    return make_dossier(cast)


def test_a_posting_proof_named_html_that_is_a_pdf_is_served_as_a_pdf(client_as, cast, dossier):
    Journey(dossier, people(cast)).run_to("public_posting")
    proof = SimpleUploadedFile("bang-tin.html", PDF, content_type="text/html")
    entry = dossiers.posting_add(
        dossier=dossier,
        posted_on=timezone.localdate(),
        place="Trụ sở UBND xã",
        method="notice_board",
        proof=proof,
        actor=cast.officer_a,
    )
    assert RANDOM_NAME.match(entry.file.name) and entry.mime_type == "application/pdf"
    response = client_as(cast.officer_a).get(reverse("recognition:posting_proof", args=[entry.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="bang-tin.html"'
    assert b"".join(response.streaming_content) == PDF


def test_two_documents_of_the_same_name_get_different_random_names(client_as, cast, dossier):
    first = dossiers.dossier_document_add(dossier=dossier, code="khac", upload=pdf(), actor=cast.officer_a)
    second = dossiers.dossier_document_add(dossier=dossier, code="khac", upload=pdf(), actor=cast.officer_a)
    assert first.original_name == second.original_name
    assert first.file.name != second.file.name
    assert RANDOM_NAME.match(first.file.name) and RANDOM_NAME.match(second.file.name)
    response = client_as(cast.coordinator).get(reverse("recognition:document_download", args=[first.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{first.original_name}"' in response["Content-Disposition"]
