"""The product image of the trace page: uploaded by the lot's owner, type judged by content, served publicly."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ntm.audit.models import AuditEntry
from ntm.traceability.models import Lot
from ntm.traceability.tests.factories import make_area, make_lot

pytestmark = pytest.mark.django_db


def picture(fmt: str = "PNG", size=(40, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, fmt, **save)
    return out.getvalue()


PNG = picture()


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


def test_a_phone_photo_is_published_small_and_without_its_gps_place(client_as, client, cast):
    from ntm.traceability import images

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (10.0, 42.0, 0.0), 4: (107.0, 1.0, 0.0)}  # GPSInfo: latitude, longitude
    photo = picture("JPEG", size=(3000, 2000), exif=exif.tobytes())
    assert b"PhoneMaker" in photo
    lot = make_lot(make_area(cast.producer, cast.commune_a, issuer=cast.department))
    upload = SimpleUploadedFile("IMG_0001.jpg", photo, content_type="image/jpeg")
    client_as(cast.producer).post(reverse("traceability:lot_image", args=[lot.pk]), {"image": upload})
    lot.refresh_from_db()
    served = b"".join(client.get(reverse("traceability:trace_image", args=[lot.code])).streaming_content)
    with Image.open(io.BytesIO(served)) as shown:
        assert shown.format == "JPEG" and max(shown.size) == images.MAX_SIDE
        assert not shown.getexif() and b"PhoneMaker" not in served


def test_a_file_that_only_starts_like_an_image_is_refused():
    from ntm.traceability import images

    with pytest.raises(images.ImageError):
        images.publishable(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    small = images.publishable(PNG, "image/png")
    assert (small.width, small.height) == (40, 30) and small.data.startswith(b"\x89PNG")
