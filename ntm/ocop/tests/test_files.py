"""Dossier papers (private, served through a scoped view) and product photos (JPEG/PNG only, on the public page)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.core.exceptions import ServiceError, StateConflict
from ntm.ocop.models import DossierFile, DossierFileKind, ProductPhoto
from ntm.ocop.services.files import dossier_file_add, product_photo_add
from ntm.ocop.tests.factories import load_sheets, make_evaluation

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def _pdf(name="phieu-dang-ky.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _png(name="anh.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def sheets():
    return load_sheets()


def test_the_producer_attaches_papers_to_its_draft_dossier_and_only_the_scope_reads_them(
    cast, sheets, client_as
):
    evaluation = make_evaluation(cast)
    row = dossier_file_add(
        actor=cast.producer, evaluation=evaluation, kind=DossierFileKind.REGISTRATION_FORM, upload=_pdf()
    )
    assert (row.mime_type, row.original_name) == ("application/pdf", "phieu-dang-ky.pdf")
    url = reverse("ocop:dossier_file", args=[row.pk])
    for user in (cast.producer, cast.officer_a, cast.coordinator):
        response = client_as(user).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert "attachment" in response["Content-Disposition"]
    for user in (cast.officer_b, None):
        assert client_as(user).get(url).status_code in (302, 404)
    page = client_as(cast.producer).get(reverse("ocop:evaluation", args=[evaluation.pk])).content.decode()
    assert "phieu-dang-ky.pdf" in page and url in page


def test_a_file_is_judged_by_its_content_and_papers_close_with_the_submission(cast, sheets):
    evaluation = make_evaluation(cast)
    fake = SimpleUploadedFile("giay.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ServiceError):
        dossier_file_add(actor=cast.producer, evaluation=evaluation, kind=DossierFileKind.OTHER, upload=fake)
    with pytest.raises(PermissionDenied):
        dossier_file_add(
            actor=cast.officer_a, evaluation=evaluation, kind=DossierFileKind.OTHER, upload=_pdf()
        )
    submitted = make_evaluation(cast, upto="submitted", producer=evaluation.product.producer)
    with pytest.raises(StateConflict):
        dossier_file_add(actor=cast.producer, evaluation=submitted, kind=DossierFileKind.OTHER, upload=_pdf())
    assert not DossierFile.objects.exists()


def test_the_dossier_upload_page_refuses_a_disguised_file(cast, sheets, client_as):
    evaluation = make_evaluation(cast)
    client = client_as(cast.producer)
    fake = SimpleUploadedFile("anh.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    response = client.post(
        reverse("ocop:dossier_file_add", args=[evaluation.pk]), {"kind": "other", "file": fake}, follow=True
    )
    assert "JPEG" in response.content.decode() and not DossierFile.objects.exists()
    client.post(
        reverse("ocop:dossier_file_add", args=[evaluation.pk]), {"kind": "test_result", "file": _pdf()}
    )
    assert DossierFile.objects.get().kind == "test_result"


def test_photos_are_images_only_and_shown_on_the_public_page_of_a_certified_product(cast, sheets, client):
    evaluation = make_evaluation(cast, upto="decided")
    with pytest.raises(ServiceError):
        product_photo_add(actor=cast.producer, product=evaluation.product, upload=_pdf("anh.png"))
    photo = product_photo_add(actor=cast.producer, product=evaluation.product, upload=_png())
    page = client.get(reverse("ocop:product", args=[evaluation.product_id])).content.decode()
    url = reverse("ocop:product_photo", args=[evaluation.product_id, photo.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    # A product without a certificate in force has no public photos; another producer adds none.
    draft = make_evaluation(cast, producer=evaluation.product.producer)
    hidden = product_photo_add(actor=cast.coordinator, product=draft.product, upload=_png())
    assert client.get(reverse("ocop:product_photo", args=[draft.product_id, hidden.pk])).status_code == 404
    assert (
        client.get(reverse("ocop:product_photo", args=[evaluation.product_id, hidden.pk])).status_code == 404
    )
    with pytest.raises(PermissionDenied):
        product_photo_add(actor=cast.officer_a, product=draft.product, upload=_png())
    assert ProductPhoto.objects.count() == 2


def test_the_photo_form_is_shown_to_who_may_add_one(cast, sheets, client_as):
    evaluation = make_evaluation(cast, upto="submitted")
    url = reverse("ocop:evaluation", args=[evaluation.pk])
    action = reverse("ocop:product_photo_add", args=[evaluation.pk])
    assert action in client_as(cast.producer).get(url).content.decode()
    assert action in client_as(cast.coordinator).get(url).content.decode()
    assert action not in client_as(cast.officer_a).get(url).content.decode()
    response = client_as(cast.producer).post(action, {"photo": _png()})
    assert (
        response.status_code == 302 and ProductPhoto.objects.filter(product=evaluation.product).count() == 1
    )
