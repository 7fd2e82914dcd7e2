"""The OCOP demo: labelled, idempotent, and it shows a catalogue, an expiring certificate and work in progress."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from ntm.core.models import Notification
from ntm.ocop.demo import load_ocop_demo
from ntm.ocop.models import (
    Certificate,
    DossierFile,
    Evaluation,
    EvaluationState,
    Producer,
    ProductPhoto,
    TourismPointPhoto,
)

pytestmark = pytest.mark.django_db


def test_demo_is_labelled_idempotent_and_shows_the_catalogue(client):
    call_command("load_demo")
    assert load_ocop_demo() is None  # already there
    assert Producer.objects.get().is_demo
    assert Certificate.objects.filter(is_demo=True).count() == 3
    assert {e.state for e in Evaluation.objects.all()} == {EvaluationState.SUBMITTED, EvaluationState.SCORING}
    body = client.get(reverse("ocop:catalogue")).content.decode()
    assert "Bưởi da xanh (minh họa)" in body and "Dữ liệu minh họa" in body
    call_command("run_scheduled")
    assert Notification.objects.filter(key__startswith="ocop.expiry.").exists()


@pytest.mark.django_db
def test_demo_products_and_tourism_point_get_generated_photos_and_papers(client):
    call_command("load_demo")
    photos = list(ProductPhoto.objects.all()) + list(TourismPointPhoto.objects.all())
    assert len(photos) == 4 and all(p.mime_type == "image/png" for p in photos)
    papers = DossierFile.objects.all()
    assert papers.count() == 4 and {p.mime_type for p in papers} == {"application/pdf"}
    assert all("minh-hoa" in p.original_name for p in [*photos, *papers])
    body = client.get(reverse("ocop:tourism")).content.decode()
    point_photo = TourismPointPhoto.objects.first()
    url = reverse("ocop:tourism_photo", args=[point_photo.point_id, point_photo.pk])
    assert url in body and "minh họa" in body
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
