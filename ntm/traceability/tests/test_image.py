"""The product image of the trace page: uploaded by the lot's owner, type judged by content, served publicly."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.traceability.models import Lot
from ntm.traceability.tests.factories import make_area, make_lot

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.NTM_FILE_SERVING = "django"


def test_owner_uploads_an_image_the_trace_page_shows(client_as, client, cast):
    lot = make_lot(make_area(cast.producer, cast.commune_a, issuer=cast.department))
    trace = reverse("traceability:trace", args=[lot.code])
    image_url = reverse("traceability:trace_image", args=[lot.code])
    assert 'data-testid="product-image"' not in client.get(trace).content.decode()
    assert client.get(image_url).status_code == 404
    owner = client_as(cast.producer)
    upload = SimpleUploadedFile(
        "anh.html", PNG, content_type="text/html"
    )  # the name and stated type count for nothing
    response = owner.post(reverse("traceability:lot_image", args=[lot.pk]), {"image": upload})
    assert response.status_code == 302
    lot.refresh_from_db()
    assert lot.image_type == "image/png" and lot.image.name.endswith(".png")
    assert AuditEntry.objects.filter(action="traceability.lot_image").count() == 1
    page = client.get(trace).content.decode()
    assert 'data-testid="product-image"' in page and image_url in page
    served = client.get(image_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    exported = owner.get(reverse("traceability:lot_fields", args=[lot.pk, "json"])).json()
    assert str(exported).count(image_url) == 1


def test_not_an_image_or_not_the_owner_changes_nothing(client_as, cast):
    lot = make_lot(make_area(cast.producer, cast.commune_a, issuer=cast.department))
    url = reverse("traceability:lot_image", args=[lot.pk])
    pdf = SimpleUploadedFile("anh.png", b"%PDF-1.4\n" + b"0" * 64, content_type="image/png")
    client_as(cast.producer).post(url, {"image": pdf})
    assert not Lot.objects.get().image
    # officers read lots but do not write them; another commune's officer does not even see it
    assert client_as(cast.officer_a).post(url, {"image": SimpleUploadedFile("a.png", PNG)}).status_code == 404
    assert client_as(cast.officer_b).post(url, {"image": SimpleUploadedFile("a.png", PNG)}).status_code == 404
    assert not Lot.objects.get().image
