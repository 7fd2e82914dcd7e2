"""Pages: the producer registers, the officer issues, the producer records a lot and events, labels print as a job,
the public trace page works without an account, scope and ownership give 404, bad input changes nothing."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from ntm.jobs.models import Job, JobStatus
from ntm.traceability.models import AreaStatus, GrowingArea, Lot, TraceEvent
from ntm.traceability.services.areas import code_transition
from ntm.traceability.tests.factories import SQUARE, make_area, make_lot

pytestmark = pytest.mark.django_db


def _register_post(cast, **overrides):
    data = {
        "unit": cast.commune_a.pk,
        "producer_name": "HTX Long Phước",
        "producer_address": "Ấp 1",
        "name": "Vùng bưởi",
        "crop": "Bưởi",
        "variety": "Da xanh",
        "crop_kind": "perennial",
        "area_ha": "3.5",
        "standard": "vietgap",
        "member_households": "4",
        "boundary_text": json.dumps(SQUARE),
    }
    return {**data, **overrides}


def test_producer_registers_officer_issues_producer_records_lot_and_event(client_as, cast):
    cast.commune_a.structure = "2025"
    cast.commune_a.save()
    client = client_as(cast.producer)
    response = client.post(reverse("traceability:area_register"), _register_post(cast))
    area = GrowingArea.objects.get()
    assert response.status_code == 302 and area.owner == cast.producer and area.boundary_area_ha > 12
    client = client_as(cast.department)
    client.post(reverse("traceability:code_issue", args=[area.pk]), {"decision_ref": "QĐ 1"})
    area.refresh_from_db()
    assert area.status == AreaStatus.ACTIVE and area.code.startswith("VN-75-26413-01-")
    client = client_as(cast.producer)
    page = client.get(reverse("traceability:area", args=[area.pk]))
    assert area.code in page.content.decode() and "lot_create" not in page.content.decode()
    response = client.post(
        reverse("traceability:lot_create", args=[area.pk]),
        {
            "product_name": "Bưởi da xanh",
            "quantity": "500",
            "quantity_unit": "kg",
            "harvested_at": "2026-01-02T07:30",
        },
    )
    lot = Lot.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("traceability:lot", args=[lot.pk])
    client.post(
        reverse("traceability:event_add", args=[lot.pk]),
        {"stage": "packing", "occurred_at": "2026-01-03T08:00", "place": "Nhà đóng gói", "package": "T1"},
    )
    assert list(lot.events.values_list("stage", flat=True)) == ["harvest", "packing"]


def test_registration_with_a_bad_polygon_changes_nothing(client_as, cast):
    cast.commune_a.structure = "2025"
    cast.commune_a.save()
    client = client_as(cast.producer)
    for bad in ("{not json", json.dumps({"type": "Point", "coordinates": [107, 10]}), "[" * 50 + "]" * 50):
        response = client.post(reverse("traceability:area_register"), _register_post(cast, boundary_text=bad))
        body = response.content.decode()
        assert response.status_code == 200
        assert "field-error" in body or "form-errors" in body
    response = client.post(reverse("traceability:area_register"), _register_post(cast, area_ha="0.2"))
    assert "form-errors" in response.content.decode()
    assert not GrowingArea.objects.exists()


def test_officers_cannot_register_and_scope_gives_404(client_as, cast):
    assert client_as(cast.officer_a).get(reverse("traceability:area_register")).status_code == 403
    area = make_area(cast.producer, cast.commune_a)
    url = reverse("traceability:area", args=[area.pk])
    assert client_as(cast.officer_a).get(url).status_code == 200
    assert client_as(cast.officer_b).get(url).status_code == 404
    assert client_as(cast.front).get(url).status_code == 404
    assert client_as(cast.ocop_council).get(reverse("traceability:areas")).status_code == 403
    # A commune officer cannot issue; nothing changes.
    client_as(cast.officer_a).post(reverse("traceability:code_issue", args=[area.pk]), {})
    assert GrowingArea.objects.get(pk=area.pk).status == AreaStatus.REGISTERED


def test_other_producer_sees_nothing_of_ours(client_as, cast):
    from ntm.testing.factories import RoleFactory, UserFactory

    other = UserFactory(username="htx_khac")
    RoleFactory(user=other, role="producer", unit=cast.commune_a)
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    lot = make_lot(area)
    client = client_as(other)
    assert client.get(reverse("traceability:area", args=[area.pk])).status_code == 404
    assert client.get(reverse("traceability:lot", args=[lot.pk])).status_code == 404
    response = client.post(
        reverse("traceability:event_add", args=[lot.pk]),
        {"stage": "packing", "occurred_at": "2026-01-03T08:00", "place": "X"},
    )
    assert response.status_code == 404 and lot.events.count() == 2
    assert area.name not in client.get(reverse("traceability:areas")).content.decode()


def test_labels_job_makes_a_pdf_with_the_trace_url(client_as, cast, settings):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    lot = make_lot(area)
    response = client_as(cast.producer).post(
        reverse("traceability:labels", args=[lot.pk]), {"layout": "sheet", "copies": "30"}
    )
    job = Job.objects.get(kind="traceability.labels")
    assert response.status_code == 302 and job.status == JobStatus.SUCCEEDED
    assert job.result_file.read().startswith(b"%PDF")
    assert (
        client_as(cast.officer_a).post(reverse("traceability:labels", args=[lot.pk]), {}).status_code == 404
    )


def test_public_trace_page_is_small_scriptless_and_shows_the_ten_fields(client, cast):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    lot = make_lot(area)
    response = client.get(reverse("traceability:trace", args=[lot.code]))
    body = response.content.decode()
    assert response.status_code == 200 and len(response.content) < 50 * 1024
    assert "<script" not in body and body.count("<link") == 1  # one small stylesheet, no script
    for text in (lot.product_name, "HTX Long Phước", lot.code, area.code, "VietGAP", "Nhà đóng gói HTX"):
        assert text in body
    assert 'data-testid="suspension"' not in body
    assert cast.producer.username not in body  # no account data
    code_transition(actor=cast.department, area=area, kind="suspend", reason="Vi phạm ATTP")
    body = client.get(reverse("traceability:trace", args=[lot.code])).content.decode()
    assert 'data-testid="suspension"' in body
    assert client.get(reverse("traceability:trace", args=["KHONG-CO"])).status_code == 404


def test_digital_link_redirects_to_the_trace_page(client, cast):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    lot = make_lot(area, gtin="8934567890120")
    response = client.get(f"/01/08934567890120/10/{lot.code}")
    assert response.status_code == 302 and response["Location"] == reverse(
        "traceability:trace", args=[lot.code]
    )
    assert client.get(f"/01/08934567890121/10/{lot.code}").status_code == 404
    page = client_as_owner(client, cast).get(reverse("traceability:lot", args=[lot.pk])).content.decode()
    assert f"/01/08934567890120/10/{lot.code}" in page


def client_as_owner(client, cast):
    client.force_login(cast.producer)
    return client


def test_epcis_and_ten_field_exports(client_as, cast):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    lot = make_lot(area)
    client = client_as(cast.coordinator)
    document = json.loads(client.get(reverse("traceability:lot_epcis", args=[lot.pk])).content)
    assert document["type"] == "EPCISDocument"
    assert [e["type"] for e in document["epcisBody"]["eventList"]] == ["ObjectEvent", "AggregationEvent"]
    assert document["epcisBody"]["eventList"][0]["bizLocation"]["id"].endswith(area.code)
    fields = json.loads(client.get(reverse("traceability:lot_fields", args=[lot.pk, "json"])).content)
    assert fields["trace_code"] == lot.code and len(fields["stages"]) == 2
    csv_text = client.get(reverse("traceability:lot_fields", args=[lot.pk, "csv"])).content.decode()
    assert lot.code in csv_text
    assert client.get(reverse("traceability:lot_fields", args=[lot.pk, "xml"])).status_code == 404
    assert client_as(cast.officer_b).get(reverse("traceability:lot_epcis", args=[lot.pk])).status_code == 404


def test_the_ten_field_csv_keeps_a_producer_formula_as_text(client_as, cast):
    """A product name written as a formula is text in the CSV a department officer opens in Excel."""
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    lot = make_lot(area, product_name='=HYPERLINK("http://x.example","Sầu riêng")')
    body = client_as(cast.department).get(reverse("traceability:lot_fields", args=[lot.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    assert '\'=HYPERLINK("http://x.example","Sầu riêng")' in rows[1]
    assert not [cell for cell in rows[1] if cell.startswith(("=", "+", "@"))]


def test_correction_keeps_the_original(client_as, cast):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    lot = make_lot(area)
    packing = lot.events.get(stage="packing")
    client_as(cast.producer).post(
        reverse("traceability:event_correct", args=[lot.pk, packing.pk]),
        {"place": "Kho lạnh", "occurred_at": "2026-01-03T08:00", "reason": "Sai nơi"},
    )
    assert TraceEvent.objects.filter(corrects=packing, place="Kho lạnh").exists()
    packing.refresh_from_db()
    assert packing.place == "Nhà đóng gói HTX"


def test_api_scoped_lists_and_public_trace(client_as, cast):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    lot = make_lot(area)
    answer = client_as(cast.producer).get("/api/v1/traceability/areas").json()
    assert answer["count"] == 1 and answer["items"][0]["code"] == area.code
    assert client_as(cast.officer_b).get("/api/v1/traceability/areas").json()["count"] == 0
    assert client_as(cast.officer_b).get(f"/api/v1/traceability/areas/{area.pk}").status_code == 404
    assert client_as(cast.front).get("/api/v1/traceability/areas").status_code == 403
    detail = client_as(cast.department).get(f"/api/v1/traceability/areas/{area.pk}").json()
    assert detail["history"][0]["kind"] == "issue"
    assert (
        client_as(cast.producer).get(f"/api/v1/traceability/lots/{lot.pk}").json()["events"][0]["stage"]
        == "harvest"
    )
    epcis = client_as(cast.producer).get(f"/api/v1/traceability/lots/{lot.pk}/epcis").json()
    assert epcis["schemaVersion"] == "2.0"
    client_as(None)
    trace = client_as(None).get(f"/api/v1/traceability/trace/{lot.code}").json()
    assert trace["fields"]["trace_code"] == lot.code and trace["suspended"] is False
    assert client_as(None).get("/api/v1/traceability/areas").status_code == 401
    rules = client_as(None).get("/api/v1/traceability/code-rules").json()
    assert [r["provenance"] for r in rules] == ["confirmed", "unconfirmed"]


def test_map_layer_of_growing_areas_is_scoped(client_as, cast):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    url = reverse("maps:point_layer", args=["vung-trong"])
    features = client_as(cast.officer_a).get(url).json()["features"]
    assert [f["properties"]["code"] for f in features] == [area.code]
    shape = features[0]["geometry"]
    assert shape["type"] == "GeometryCollection" and [g["type"] for g in shape["geometries"]] == [
        "Polygon",
        "Point",
    ]
    assert shape["geometries"][0] == area.boundary and features[0]["properties"]["colour"] == "#4daf4a"
    assert client_as(cast.officer_b).get(url).json()["features"] == []
    assert client_as(cast.officer_a).get(url + "?bbox=100,8,101,9").json()["features"] == []


def test_processed_lot_from_the_lot_page_links_both_ways(client_as, cast):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    lot = make_lot(area)
    data = {
        "product_name": "Cơm sầu riêng cấp đông",
        "quantity": "300",
        "quantity_unit": "kg",
        "made_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "place": "Xưởng sơ chế HTX",
        "standard": "none",
    }
    assert (
        client_as(cast.officer_a).post(reverse("traceability:lot_process", args=[lot.pk]), data).status_code
        == 404
    )
    response = client_as(cast.producer).post(reverse("traceability:lot_process", args=[lot.pk]), data)
    made = Lot.objects.get(area=None)
    assert response["Location"] == reverse("traceability:lot", args=[made.pk])
    page = client_as(None).get(reverse("traceability:trace", args=[made.code])).content.decode()
    assert lot.code in page  # one step back
    page = client_as(None).get(reverse("traceability:trace", args=[lot.code])).content.decode()
    assert made.code in page  # one step forward


def test_processed_lot_from_several_lots_on_its_own_page(client_as, cast):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    first, second = make_lot(area), make_lot(area, product_name="Sầu riêng Monthong")
    url = reverse("traceability:lots_process")
    client = client_as(cast.producer)
    page = client.get(url, {"lot": first.pk})
    form = page.context["form"]
    assert set(form.fields["inputs"].queryset) == {first, second} and form.initial["inputs"] == [first.pk]
    data = {
        "product_name": "Cơm sầu riêng phối trộn",
        "quantity": "500",
        "quantity_unit": "kg",
        "made_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "place": "Xưởng chế biến HTX",
        "standard": "none",
    }
    refused = client.post(url, data)  # no lot ticked
    assert refused.status_code == 200 and "inputs" in refused.context["form"].errors
    response = client.post(url, {**data, "inputs": [first.pk, second.pk]})
    made = Lot.objects.get(area=None)
    assert response["Location"] == reverse("traceability:lot", args=[made.pk])
    assert set(made.inputs.all()) == {first, second}
    assert made.events.get().stage == "processing"
    page = client_as(None).get(reverse("traceability:trace", args=[made.code])).content.decode()
    assert first.code in page and second.code in page  # one step back: both lots


def test_several_lots_page_offers_only_the_producers_own_lots(client_as, cast):
    from ntm.core.choices import Role
    from ntm.testing.cast import _person

    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    lot = make_lot(area)
    other = _person("htx_khac", "HTX Khác", Role.PRODUCER, cast.commune_a)
    url = reverse("traceability:lots_process")
    client = client_as(other)
    page = client.get(url)
    assert list(page.context["form"].fields["inputs"].queryset) == [] and not page.context["has_lots"]
    response = client.post(
        url,
        {
            "inputs": [lot.pk],
            "product_name": "X",
            "quantity": "1",
            "quantity_unit": "kg",
            "made_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "place": "X",
            "standard": "none",
        },
    )
    assert response.status_code == 200 and not Lot.objects.filter(area=None).exists()
    assert client_as(cast.officer_a).get(url).status_code == 403
