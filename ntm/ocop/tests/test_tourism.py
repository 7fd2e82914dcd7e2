"""Rural tourism points: recorded by the operator or the commune, inspected on site before the council scores."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.core.exceptions import ServiceError
from ntm.ocop.models import Certificate, Decision, TourismPointPhoto
from ntm.ocop.services.evaluations import (
    evaluation_precheck,
    evaluation_submit,
    product_register,
    score_submit,
)
from ntm.ocop.services.files import tourism_point_photo_add
from ntm.ocop.services.tourism import site_inspection_record, tourism_point_create
from ntm.ocop.tests.factories import ALL_TOP, leaf, load_sheets, make_producer

pytestmark = pytest.mark.django_db

POINT = {"name": "Vườn cây Long Phước", "address": "Ấp 4", "services": "Tham quan, ẩm thực", "capacity": 80}


def test_a_group_six_product_is_scored_only_after_a_passed_inspection(cast):
    load_sheets()
    producer = make_producer(cast)
    with pytest.raises(PermissionDenied):
        tourism_point_create(actor=cast.officer_b, producer=producer, data=POINT)
    evaluation = product_register(
        actor=cast.producer,
        producer=producer,
        category=leaf("VI"),
        data={"name": "Du lịch vườn Long Phước", "product_description": "Tham quan vườn", "samples_count": 0},
        year=2026,
    )
    point = tourism_point_create(
        actor=cast.producer, producer=producer, data=POINT, product=evaluation.product
    )
    evaluation_submit(actor=cast.producer, evaluation=evaluation)  # no samples needed for a service
    evaluation_precheck(
        actor=cast.officer_a,
        evaluation=evaluation,
        raw_material_origin=True,
        idea_origin=True,
        local_labour=True,
        note="",
        accept=True,
    )
    with pytest.raises(ServiceError, match="VI"):
        score_submit(actor=cast.ocop_council, evaluation=evaluation, choices=ALL_TOP)
    with pytest.raises(PermissionDenied):
        site_inspection_record(
            actor=cast.officer_a, point=point, inspected_on=dt.date(2026, 4, 1), findings="x", passed=True
        )
    site_inspection_record(
        actor=cast.ocop_council,
        point=point,
        inspected_on=dt.date(2026, 4, 1),
        findings="Chưa có nhà vệ sinh",
        passed=False,
    )
    with pytest.raises(ServiceError):
        score_submit(actor=cast.ocop_council, evaluation=evaluation, choices=ALL_TOP)
    site_inspection_record(
        actor=cast.ocop_council, point=point, inspected_on=dt.date(2026, 5, 1), findings="Đạt", passed=True
    )
    assert score_submit(actor=cast.ocop_council, evaluation=evaluation, choices=ALL_TOP).total == 100


def test_tourism_pages_are_scoped(cast, client_as):
    load_sheets()
    producer = make_producer(cast)
    client = client_as(cast.producer)
    response = client.post(reverse("ocop:tourism_points"), {"producer": producer.pk, **POINT})
    assert response.status_code == 302, response.content.decode()[:500]
    point = producer.tourism_points.get()
    assert client_as(cast.officer_a).get(reverse("ocop:tourism_point", args=[point.pk])).status_code == 200
    assert client_as(cast.officer_b).get(reverse("ocop:tourism_point", args=[point.pk])).status_code == 404
    assert client_as(cast.front).get(reverse("ocop:tourism_points")).status_code == 403
    client = client_as(cast.ocop_council)
    client.post(
        reverse("ocop:tourism_point", args=[point.pk]),
        {"inspected_on": "2026-04-01", "findings": "Đạt", "passed": "on"},
    )
    assert point.passed_inspection() is not None


def test_a_recognised_point_is_public_on_the_page_the_api_and_the_map(cast, client_as):
    load_sheets()
    producer = make_producer(cast)
    evaluation = product_register(
        actor=cast.producer,
        producer=producer,
        category=leaf("VI"),
        data={"name": "Du lịch vườn", "product_description": "Tham quan", "samples_count": 0},
        year=2026,
    )
    point = tourism_point_create(
        actor=cast.producer,
        producer=producer,
        data={**POINT, "latitude": 10.7, "longitude": 106.9},
        product=evaluation.product,
    )
    client = client_as(None)
    assert (
        "Vườn cây Long Phước" not in client.get(reverse("ocop:tourism")).content.decode()
    )  # not recognised yet
    decision = Decision.objects.create(number="1/QĐ", signed_on=dt.date(2026, 1, 5), level="province")
    Certificate.objects.create(
        product=evaluation.product,
        decision=decision,
        number="DL-1",
        star=3,
        issued_on=dt.date(2026, 1, 5),
        expires_on=dt.date(2029, 1, 5),
    )
    assert "Vườn cây Long Phước" in client.get(reverse("ocop:tourism")).content.decode()
    items = client.get("/api/v1/ocop/tourism-points").json()["items"]
    assert [item["name"] for item in items] == ["Vườn cây Long Phước"] and items[0]["capacity"] == 80
    layer = client_as(cast.officer_a).get(reverse("maps:point_layer", args=["du-lich"])).json()
    assert [f["properties"]["name"] for f in layer["features"]] == [point.name]
    assert (
        client_as(cast.officer_b).get(reverse("maps:point_layer", args=["du-lich"])).json()["features"] == []
    )


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def _png(name="diem.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def test_photos_of_a_tourism_point_are_checked_and_public_only_once_the_point_is_recognised(cast, client_as):
    load_sheets()
    producer = make_producer(cast)
    evaluation = product_register(
        actor=cast.producer,
        producer=producer,
        category=leaf("VI"),
        data={"name": "Du lịch vườn", "product_description": "Tham quan", "samples_count": 0},
        year=2026,
    )
    point = tourism_point_create(
        actor=cast.producer, producer=producer, data=POINT, product=evaluation.product
    )
    with pytest.raises(ServiceError):  # judged by content: a text file named .png is refused
        tourism_point_photo_add(
            actor=cast.producer,
            point=point,
            upload=SimpleUploadedFile("x.png", b"not an image", content_type="image/png"),
        )
    with pytest.raises(PermissionDenied):
        tourism_point_photo_add(actor=cast.officer_b, point=point, upload=_png())
    response = client_as(cast.producer).post(
        reverse("ocop:tourism_point_photo_add", args=[point.pk]), {"photo": _png()}
    )
    assert response.status_code == 302
    photo = TourismPointPhoto.objects.get(point=point)
    for _index in range(3):
        tourism_point_photo_add(actor=cast.officer_a, point=point, upload=_png())
    with pytest.raises(ServiceError, match="4"):
        tourism_point_photo_add(actor=cast.coordinator, point=point, upload=_png())

    anonymous = client_as(None)
    url = reverse("ocop:tourism_photo", args=[point.pk, photo.pk])
    assert anonymous.get(url).status_code == 404  # not recognised yet
    decision = Decision.objects.create(number="2/QĐ", signed_on=dt.date(2026, 1, 5), level="province")
    Certificate.objects.create(
        product=evaluation.product,
        decision=decision,
        number="DL-2",
        star=3,
        issued_on=dt.date(2026, 1, 5),
        expires_on=dt.date(2029, 1, 5),
    )
    assert url in anonymous.get(reverse("ocop:tourism")).content.decode()
    response = anonymous.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    other = TourismPointPhoto.objects.exclude(pk=photo.pk).first()
    elsewhere = tourism_point_create(actor=cast.producer, producer=producer, data={**POINT, "name": "Khác"})
    assert anonymous.get(reverse("ocop:tourism_photo", args=[elsewhere.pk, other.pk])).status_code == 404
