"""Images of library items (private in draft, public once published), the public awards page and the knowledge API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.knowledge import services
from ntm.knowledge.models import ArticleImage, AwardForm
from ntm.knowledge.tests.factories import good_model_data, published
from ntm.knowledge.tests.test_emulation import decision, movement

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.NTM_FILE_SERVING = "django"


def _draft(cast):
    return services.article_save(actor=cast.officer_a, article=None, data=good_model_data(cast.commune_a))


def test_draft_images_are_private_until_the_item_is_published(cast, client_as):
    article = _draft(cast)
    writer = client_as(cast.officer_a)
    upload = SimpleUploadedFile("anh.html", PNG, content_type="text/html")  # judged by content, not by name
    response = writer.post(
        reverse("knowledge:image_add", args=[article.pk]), {"image": upload, "caption": "Đường hoa ấp 1"}
    )
    assert response.status_code == 302
    image = ArticleImage.objects.get()
    assert image.mime_type == "image/png" and image.caption == "Đường hoa ấp 1"
    assert AuditEntry.objects.filter(action="knowledge.article_image_add").count() == 1
    internal = reverse("knowledge:manage_image", args=[article.pk, image.pk])
    public = reverse("knowledge:public_image", args=[article.pk, image.pk])
    assert writer.get(internal).status_code == 200
    assert client_as(cast.officer_b).get(internal).status_code == 404  # another commune's draft
    client = client_as(None)
    assert client.get(public).status_code == 404  # a draft's image is not public
    assert client.get(internal).status_code == 302
    assert client.get(reverse("api-v1:get_article", args=[article.pk])).status_code == 404

    services.article_transition(actor=cast.officer_a, article=article, action="submit")
    services.article_transition(actor=cast.coordinator, article=article, action="publish")
    page = client.get(reverse("knowledge:public_detail", args=[article.pk])).content.decode()
    assert public in page and "Đường hoa ấp 1" in page
    served = client.get(public)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    detail = client.get(reverse("api-v1:get_article", args=[article.pk])).json()
    assert detail["images"] == [public]

    services.article_transition(actor=cast.coordinator, article=article, action="withdraw")
    assert client.get(public).status_code == 404


def test_images_are_checked_by_content_size_and_state(cast, client_as, settings):
    article = _draft(cast)
    pdf = SimpleUploadedFile("anh.png", b"%PDF-1.4\n" + b"0" * 64, content_type="image/png")
    with pytest.raises(ServiceError):
        services.article_image_add(actor=cast.officer_a, article=article, upload=pdf)
    big = SimpleUploadedFile("lon.jpg", JPEG + b"\x00" * services.IMAGE_BYTES)
    with pytest.raises(ServiceError):
        services.article_image_add(actor=cast.officer_a, article=article, upload=big)
    response = client_as(cast.officer_a).post(
        reverse("knowledge:image_add", args=[article.pk]), {"image": SimpleUploadedFile("a.png", b"GIF89a")}
    )
    assert response.status_code == 400
    assert (
        client_as(cast.officer_b)
        .post(reverse("knowledge:image_add", args=[article.pk]), {"image": SimpleUploadedFile("a.png", PNG)})
        .status_code
        == 404
    )
    image = services.article_image_add(
        actor=cast.officer_a, article=article, upload=SimpleUploadedFile("a.jpg", JPEG)
    )
    assert image.mime_type == "image/jpeg"
    services.article_transition(actor=cast.officer_a, article=article, action="submit")
    with pytest.raises(StateConflict):  # in review: the writer waits for the reviewer
        services.article_image_add(
            actor=cast.officer_a, article=article, upload=SimpleUploadedFile("b.png", PNG)
        )
    services.article_image_remove(actor=cast.coordinator, article=article, image_id=image.pk)
    assert not ArticleImage.objects.exists()
    assert ArticleImage.objects.count() == 0 and not settings.MEDIA_ROOT.joinpath(image.file.name).exists()


def test_public_awards_page_lists_units_and_people_by_year(cast, client):
    empty = client.get(reverse("knowledge:public_awards"))
    assert (
        empty.status_code == 200
        and "Chưa có quyết định khen thưởng nào được ghi nhận." in empty.content.decode()
    )
    moved = movement(cast)
    old = decision(cast, moved, day=dt.date(2024, 12, 1))
    services.award_add(
        actor=cast.coordinator, decision=old, form=AwardForm.CERTIFICATE, recipient_unit=cast.commune_a
    )
    new = decision(cast, moved)
    services.award_add(
        actor=cast.coordinator,
        decision=new,
        form=AwardForm.COMMENDATION,
        person_name="Trần Thị Bình",
        person_position="Trưởng ấp 3",
        achievement="Vận động hiến đất làm đường",
    )
    page = client.get(reverse("knowledge:public_awards")).content.decode()
    assert "Trần Thị Bình, Trưởng ấp 3" in page and cast.commune_a.name not in page  # the latest year first
    older = client.get(reverse("knowledge:public_awards"), {"year": "2024"}).content.decode()
    assert cast.commune_a.name in older and "Trần Thị Bình" not in older
    assert client.get(reverse("knowledge:public_awards"), {"year": "1999"}).status_code == 200
    assert reverse("knowledge:public_awards") in client.get(reverse("knowledge:public_list")).content.decode()

    api = client.get(reverse("api-v1:list_awards")).json()
    assert api["count"] == 1
    (row,) = api["items"]
    assert row["recipient_kind"] == "person" and row["recipient"] == "Trần Thị Bình"
    assert row["position"] == "Trưởng ấp 3" and row["movement"] == moved.title
    assert set(row) == {
        "decision_number",
        "decided_on",
        "issuing_body",
        "movement",
        "form",
        "recipient_kind",
        "recipient",
        "position",
        "achievement",
    }
    units = client.get(reverse("api-v1:list_awards"), {"year": 2024}).json()["items"]
    assert [(r["recipient_kind"], r["recipient"], r["position"]) for r in units] == [
        ("unit", cast.commune_a.name, "")
    ]


def test_api_lists_published_items_only_and_searches_without_diacritics(cast, client):
    published(cast.officer_a, cast.coordinator, good_model_data(cast.commune_a), tags=["Môi trường"])
    _draft(cast)
    url = reverse("api-v1:list_articles")
    body = client.get(url).json()
    assert body["count"] == 1
    assert body["items"][0]["tags"] == ["Môi trường"] and body["items"][0]["unit_code"] == cast.commune_a.code
    assert client.get(url, {"q": "duong hoa"}).json()["count"] == 1
    assert client.get(url, {"q": "duong lua"}).json()["count"] == 0
    assert client.get(url, {"kind": "news"}).json()["count"] == 0


def test_api_movements_are_scoped(cast, client, client_as):
    movement(cast)
    url = reverse("api-v1:list_movements")
    assert client.get(url).status_code == 401
    assert client_as(cast.coordinator).get(url).json()["count"] == 1
    assert client_as(cast.producer).get(url).status_code == 403
    assert client_as(cast.coordinator).get(url, {"year": 2030}).json()["count"] == 0
