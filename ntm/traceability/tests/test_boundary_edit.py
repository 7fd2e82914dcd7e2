"""Importing a boundary (GeoJSON or KML, guarded) and editing an area: checked polygon, near its commune, audited,
scoped, and an issued code keeps its value and history."""

import json

import pytest
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError
from ntm.traceability import geometry, kml
from ntm.traceability.models import CodeAction, GrowingArea
from ntm.traceability.services import areas as area_services
from ntm.traceability.tests.factories import SQUARE, make_area, make_lot
from ntm.units.models import UnitBoundary

pytestmark = pytest.mark.usefixtures("english")  # refusals matched by their English ids

# a square of about 4.8 ha near the factories' SQUARE, as KML
KML = b"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Vung 1</name>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
107.0,10.7,0 107.002,10.7,0 107.002,10.702,0 107.0,10.702,0 107.0,10.7,0
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&b;</name></Placemark></kml>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<kml><Placemark><name>&x;</name></Placemark></kml>"""

BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[107.0, 10.7], [107.003, 10.703], [107.003, 10.7], [107.0, 10.703], [107.0, 10.7]]],
}
FAR = {
    "type": "Polygon",
    "coordinates": [[[106.0, 10.7], [106.003, 10.7], [106.003, 10.703], [106.0, 10.703], [106.0, 10.7]]],
}
COMMUNE = {
    "type": "Polygon",
    "coordinates": [[[106.98, 10.68], [107.05, 10.68], [107.05, 10.75], [106.98, 10.75], [106.98, 10.68]]],
}


# --- pure -------------------------------------------------------------------------------------------------------


def test_kml_polygon_becomes_geojson():
    shape = kml.read_kml(KML)
    assert shape["type"] == "Polygon"
    assert shape["coordinates"][0][0] == [107.0, 10.7] and len(shape["coordinates"][0]) == 5
    assert geometry.area_ha(shape) == pytest.approx(4.8, rel=0.05)


def test_kml_with_hole_and_multigeometry():
    two = KML.replace(
        b"<Polygon>",
        b"<MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>107.01,10.7 107.012,10.7 "
        b"107.012,10.702 107.01,10.7</coordinates></LinearRing></outerBoundaryIs></Polygon><Polygon>",
    ).replace(b"</Polygon></Placemark>", b"</Polygon></MultiGeometry></Placemark>")
    assert kml.read_kml(two)["type"] == "MultiPolygon"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (BOMB, "entities"),
        (EXTERNAL, "entities"),
        (b"<kml><Placemark>", "XML"),
        (b"<gpx></gpx>", "root"),
        (b"<kml><Placemark><name>x</name></Placemark></kml>", "no polygon"),
        (KML.replace(b"107.002,10.7,0", b"abc"), "longitude"),
    ],
)
def test_kml_refusals(data, words):
    with pytest.raises(geometry.BoundaryError, match=words):
        kml.read_kml(data)


def test_kml_two_placemarks_and_too_many_points_refused():
    placemark = KML.split(b"<Placemark>")[1].split(b"</Placemark>")[0]
    twice = KML.replace(b"</Document>", b"<Placemark>" + placemark + b"</Placemark></Document>")
    with pytest.raises(geometry.BoundaryError, match="exactly one polygon"):
        kml.read_kml(twice)
    many = " ".join(f"107.{i:05d},10.7" for i in range(geometry.MAX_POSITIONS + 1)).encode()
    huge = (
        KML.split(b"<coordinates>")[0]
        + b"<coordinates>"
        + many
        + b"</coordinates>"
        + KML.split(b"</coordinates>")[1]
    )
    with pytest.raises(geometry.BoundaryError, match="5000"):
        kml.read_kml(huge)


def test_shape_checks_self_crossing_and_commune():
    geometry.check_shape(SQUARE)
    with pytest.raises(geometry.BoundaryError, match="not valid"):
        geometry.check_shape(BOWTIE)
    geometry.check_near(SQUARE, COMMUNE, "Xã A")
    with pytest.raises(geometry.BoundaryError, match="outside the commune"):
        geometry.check_near(FAR, COMMUNE, "Xã A")


def test_small_maps_are_svg_of_the_polygon():
    outline = geometry.outline_svg(SQUARE)
    assert outline.startswith("<svg") and "<path" in outline and "<script" not in outline
    locator = geometry.locator_svg(SQUARE, COMMUNE)
    assert locator.count("<path") == 2 and "<circle" in locator
    assert geometry.locator_svg(SQUARE, None) == "" and geometry.outline_svg(None) == ""


# --- services and pages -----------------------------------------------------------------------------------------


def _commune_boundary(unit):
    return UnitBoundary.objects.create(
        unit=unit,
        geometry=COMMUNE,
        source="imported",
        min_lon=106.98,
        min_lat=10.68,
        max_lon=107.05,
        max_lat=10.75,
    )


def test_register_refuses_a_polygon_outside_the_commune_or_crossing_itself(cast):
    _commune_boundary(cast.commune_a)
    for bad in (FAR, BOWTIE):
        with pytest.raises(ServiceError):
            make_area(cast.producer, cast.commune_a, boundary=bad)
    assert not GrowingArea.objects.exists()
    assert make_area(cast.producer, cast.commune_a).boundary == SQUARE


def test_edit_of_a_coded_area_keeps_code_and_history_and_is_audited(cast):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    code, actions = area.code, list(CodeAction.objects.values_list("pk", "code"))
    kml_shape = kml.read_kml(KML)
    area = area_services.area_update(
        actor=cast.producer, area=area, data={"crop": "Sầu riêng Monthong", "area_ha": 5}, boundary=kml_shape
    )
    area.refresh_from_db()
    assert area.code == code and area.crop == "Sầu riêng Monthong" and area.boundary == kml_shape
    assert area.boundary_area_ha == pytest.approx(4.8, rel=0.05)
    assert list(CodeAction.objects.values_list("pk", "code")) == actions
    entry = AuditEntry.objects.get(action="traceability.area_update")
    changed = entry.changes["fields"]
    assert (
        changed["crop"] == ["Sầu riêng", "Sầu riêng Monthong"]
        and "code" not in changed
        and "boundary" in changed
    )
    with pytest.raises(ServiceError, match="cannot change"):
        area_services.area_update(actor=cast.producer, area=area, data={}, unit=cast.commune_b)
    with pytest.raises(ServiceError, match="1 ha"):
        area_services.area_update(actor=cast.producer, area=area, data={"area_ha": "0.5"})
    area.refresh_from_db()
    assert area.unit == cast.commune_a and area.area_ha == 5


def test_edit_is_refused_to_others(cast):
    area = make_area(cast.producer, cast.commune_a)
    with pytest.raises(ServiceError):
        area_services.area_update(actor=cast.officer_b, area=area, data={"crop": "X"})
    area_services.area_update(actor=cast.officer_a, area=area, data={"crop": "Bưởi"})
    assert GrowingArea.objects.get().crop == "Bưởi"


@pytest.fixture(autouse=True)
def _reform_communes(cast):
    for unit in (cast.commune_a, cast.commune_b):
        unit.structure = "2025"
        unit.save()


def _edit_post(area, **overrides):
    data = {
        "unit": area.unit_id,
        "producer_name": area.producer_name,
        "producer_address": area.producer_address,
        "name": area.name,
        "crop": area.crop,
        "variety": area.variety,
        "crop_kind": area.crop_kind,
        "area_ha": str(area.area_ha),
        "standard": area.standard,
        "member_households": str(area.member_households),
        "boundary_text": "",
    }
    return {**data, **overrides}


def test_edit_page_imports_a_kml_file_and_keeps_the_code(client_as, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    client = client_as(cast.producer)
    url = reverse("traceability:area_edit", args=[area.pk])
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("vung.kml", KML, content_type="application/vnd.google-earth.kml+xml")
    response = client.post(url, {**_edit_post(area, name="Vùng mới"), "boundary_file": upload})
    assert response.status_code == 302
    changed = GrowingArea.objects.get()
    assert (
        changed.name == "Vùng mới"
        and changed.code == area.code
        and changed.boundary["coordinates"][0][1]
        == [
            107.002,
            10.7,
        ]
    )
    # empty boundary keeps the stored one; a bomb is refused and changes nothing
    client.post(url, _edit_post(changed, name="Vùng mới 2"))
    assert GrowingArea.objects.get().boundary == changed.boundary
    bomb = SimpleUploadedFile("bom.kml", BOMB)
    response = client.post(url, {**_edit_post(changed, name="Bom"), "boundary_file": bomb})
    assert response.status_code == 200 and GrowingArea.objects.get().name == "Vùng mới 2"
    # a coded area's commune cannot be changed through the page (the field is locked)
    client.post(url, _edit_post(changed, unit=cast.commune_b.pk))
    assert GrowingArea.objects.get().unit == cast.commune_a


def test_edit_page_scope(client_as, cast):
    area = make_area(cast.producer, cast.commune_a)
    url = reverse("traceability:area_edit", args=[area.pk])
    assert client_as(cast.officer_b).get(url).status_code == 404
    assert client_as(cast.officer_a).get(url).status_code == 200
    assert client_as(cast.officer_b).post(url, _edit_post(area, name="X")).status_code == 404
    assert GrowingArea.objects.get().name == area.name


def test_registration_page_accepts_pasted_json(client_as, cast):
    client = client_as(cast.producer)
    response = client.post(
        reverse("traceability:area_register"),
        {
            **_edit_post(make_area(cast.producer, cast.commune_a)),
            "name": "Vùng 2",
            "boundary_text": json.dumps(BOWTIE),
        },
    )
    assert response.status_code == 200 and GrowingArea.objects.count() == 1


def test_trace_page_shows_the_area_in_its_commune(client, cast):
    _commune_boundary(cast.commune_a)
    lot = make_lot(make_area(cast.producer, cast.commune_a, issuer=cast.department))
    page = client.get(reverse("traceability:trace", args=[lot.code]))
    body = page.content.decode()
    assert 'data-testid="outline"' in body and 'data-testid="locator"' in body and "<circle" in body
    assert len(page.content) < 50_000
    UnitBoundary.objects.all().delete()
    assert (
        'data-testid="locator"'
        not in client.get(reverse("traceability:trace", args=[lot.code])).content.decode()
    )


# --- the polygon drawn on the map (hidden field "boundary_drawn", written by boundary_draw.js) ----------------------


def test_registration_page_offers_the_drawing_map_with_commune_frames(client_as, cast):
    _commune_boundary(cast.commune_a)
    response = client_as(cast.producer).get(reverse("traceability:area_register"))
    body = response.content.decode()
    assert 'name="boundary_drawn"' in body and 'id="boundary-map"' in body
    assert "traceability/boundary_draw.js" in body and "<script>" not in body  # no inline script (CSP)
    data = response.context["draw"]
    assert data["communes"][str(cast.commune_a.pk)] == {
        "code": cast.commune_a.code,
        "bbox": [106.98, 10.68, 107.05, 10.75],
    }
    assert data["boundary"] is None and data["topology"] == reverse("maps:boundaries", args=["2025"])


def test_drawn_polygon_is_checked_like_an_imported_one(client_as, cast):
    _commune_boundary(cast.commune_a)
    client = client_as(cast.producer)
    url = reverse("traceability:area_register")
    base = _edit_post(make_area(cast.producer, cast.commune_a), name="Vùng vẽ")
    # crossing itself or lying outside the commune: refused, nothing saved
    for bad in (BOWTIE, FAR):
        response = client.post(url, {**base, "boundary_drawn": json.dumps(bad)})
        assert response.status_code == 200 and GrowingArea.objects.count() == 1
    response = client.post(url, {**base, "boundary_drawn": "{not json"})
    assert "cú pháp JSON" in response.context["form"].errors["boundary_drawn"][0]
    # the minimum size still holds for a drawn area
    response = client.post(url, {**base, "area_ha": "0.5", "boundary_drawn": json.dumps(SQUARE)})
    assert response.status_code == 200 and GrowingArea.objects.count() == 1
    # drawing and pasting at once is ambiguous
    response = client.post(
        url, {**base, "boundary_drawn": json.dumps(SQUARE), "boundary_text": json.dumps(SQUARE)}
    )
    assert "một cách" in response.context["form"].errors["boundary_text"][0]
    response = client.post(url, {**base, "boundary_drawn": json.dumps(SQUARE)})
    assert response.status_code == 302
    drawn = GrowingArea.objects.get(name="Vùng vẽ")
    assert drawn.boundary == SQUARE
    assert float(drawn.boundary_area_ha) == pytest.approx(geometry.area_ha(SQUARE), rel=1e-3)


def test_edit_page_shows_the_stored_boundary_and_takes_a_redrawn_one(client_as, cast):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    client = client_as(cast.producer)
    url = reverse("traceability:area_edit", args=[area.pk])
    assert client.get(url).context["draw"]["boundary"] == SQUARE
    redrawn = kml.read_kml(KML)
    assert client.post(url, {**_edit_post(area), "boundary_drawn": json.dumps(redrawn)}).status_code == 302
    area.refresh_from_db()
    assert area.boundary == redrawn and area.code
