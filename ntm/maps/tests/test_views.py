"""The public map, its table, the boundary layer (ETag, gzip), the unit page and the internal map."""

import datetime as dt
import gzip
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from shapely.geometry import box, mapping

from ntm.maps.tests.factories import (
    EAST,
    WEST,
    assessment,
    boundary,
    decision,
    provider_from,
    self_assessed,
)
from ntm.testing.factories import UnitFactory
from ntm.testing.permissions import assert_access
from ntm.units.models import Structure, UnitLineage

pytestmark = pytest.mark.django_db
MAP = reverse("maps:public")
INTERNAL = reverse("maps:internal")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def drawn(cast):
    boundary(cast.commune_a, WEST)
    boundary(cast.commune_b, EAST)
    return cast


def payload(response) -> dict:
    return response.context["payload"]


@pytest.mark.sqlite_journey
def test_public_map_shows_official_status_with_decision_and_wards_as_not_applicable(client, drawn):
    decision(drawn.commune_a, number="QĐ 12/QĐ-UBND", date=dt.date(2024, 5, 2))
    response = client.get(MAP, {"year": 2024})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đạt chuẩn NTM" in html and "QĐ 12/QĐ-UBND (2024)" in html
    units = payload(response)["units"]
    assert units["26413"]["c"] == "ntm" and units["26413"]["sl"] == "ntm"
    assert units["26413"]["d"] == ["Đạt chuẩn NTM: Quyết định QĐ 12/QĐ-UBND ngày 02/05/2024"]
    assert units["26098"]["c"] == "na" and "Không áp dụng" in units["26098"]["s"]
    assert units["26413"]["u"] == reverse("maps:unit", args=["2025", "26413"])
    assert 'id="map-data"' in html and "vendor/leaflet/leaflet.js" in html


def test_the_chosen_year_reads_the_register_on_that_year(client, drawn):
    decision(drawn.commune_a, date=dt.date(2024, 5, 2))
    assert payload(client.get(MAP, {"year": 2023}))["units"]["26413"]["c"] == "none"
    assert payload(client.get(MAP, {"year": 2024}))["units"]["26413"]["c"] == "ntm"
    junk = client.get(MAP, {"year": "1800", "colouring": "nonsense", "structure": "x"})
    assert junk.status_code == 200 and junk.context["query"].structure == "2025"


def test_unpublished_decisions_only_on_the_internal_map(client_as, drawn):
    decision(drawn.commune_a, is_published=False)
    public = client_as(None).get(MAP)
    assert payload(public)["units"]["26413"]["c"] == "none"
    internal = client_as(drawn.coordinator).get(INTERNAL)
    unit = payload(internal)["units"]["26413"]
    assert unit["c"] == "ntm" and unit["np"] == ["QĐ 12/QĐ-UBND"]
    assert "Chưa công bố" in internal.content.decode()


def test_internal_map_permission_matrix(client_as, drawn):
    expected = {
        "coordinator": 200,
        "officer_a": 200,
        "officer_b": 200,
        "department": 200,
        "auditor": 200,
        "anonymous": 302,
    }
    assert_access(client_as, drawn, INTERNAL, expected)
    assert_access(client_as, drawn, reverse("maps:internal_export", args=["xlsx"]), expected)
    public = dict.fromkeys(expected, 200)
    assert_access(client_as, drawn, MAP, public)
    assert_access(client_as, drawn, reverse("maps:unit", args=["2025", "26413"]), public)
    assert_access(client_as, drawn, reverse("maps:boundaries", args=["2025"]), public)
    assert_access(client_as, drawn, reverse("maps:export", args=["geojson"]), public)


def test_internal_map_shows_only_the_users_units(client_as, drawn):
    decision(drawn.commune_a, is_published=False)
    assert set(payload(client_as(drawn.officer_a).get(INTERNAL))["units"]) == {"26413"}
    assert set(payload(client_as(drawn.officer_b).get(INTERNAL))["units"]) == {"26098"}
    assert set(payload(client_as(drawn.auditor).get(INTERNAL))["units"]) == {"26413", "26098"}
    geojson = client_as(drawn.officer_b).get(reverse("maps:internal_export", args=["geojson"]))
    assert [f["id"] for f in json.loads(geojson.content)["features"]] == ["26098"]


def test_evidence_links_on_the_internal_map_only(client_as, drawn):
    document = SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf")
    decision(drawn.commune_a, document=document)
    with self_assessed(provider_from({drawn.commune_a.pk: assessment(15, url="/danh-gia/x/")})):
        internal = payload(client_as(drawn.coordinator).get(INTERNAL))["units"]["26413"]
        public = payload(client_as(None).get(MAP))["units"]["26413"]
    assert [link["label"] for link in internal["e"]] == ["QĐ 12/QĐ-UBND", "Số liệu chỉ tiêu và minh chứng"]
    assert "e" not in public


def test_boundary_layer_is_topojson_with_etag_gzip_and_304(client, drawn):
    url = reverse("maps:boundaries", args=["2025"])
    plain = client.get(url)
    assert plain.status_code == 200 and plain["Content-Type"] == "application/json"
    topology = json.loads(plain.content)
    assert topology["type"] == "Topology"
    assert {g["id"] for g in topology["objects"]["units"]["geometries"]} == {"26413", "26098"}
    zipped = client.get(url, headers={"accept-encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(zipped.content) == plain.content
    assert zipped["ETag"] != plain["ETag"] and "Accept-Encoding" in zipped["Vary"]
    again = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": zipped["ETag"]})
    assert again.status_code == 304 and again["ETag"] == zipped["ETag"] and not again.content
    assert client.get(url, headers={"if-none-match": plain["ETag"]}).status_code == 304
    stored = drawn.commune_a.boundary
    stored.save()  # saved unchanged: a new revision, but the same layer and the same tag
    assert client.get(url, headers={"if-none-match": plain["ETag"]}).status_code == 304
    stored.geometry = mapping(box(106.9, 10.7, 106.99, 10.79))
    stored.save()
    changed = client.get(url, headers={"if-none-match": plain["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != plain["ETag"]
    assert client.get("/ban-do/ranh-gioi/other.topojson").status_code == 404


def test_units_without_a_boundary_are_listed_beside_the_map(client, cast):
    boundary(cast.commune_a, WEST)
    response = client.get(MAP)
    assert [row.unit.code for row in response.context["without_boundary"]] == ["26098"]
    assert 'id="without-boundary"' in response.content.decode()


def test_search_by_name_without_diacritics_filters_the_table(client, drawn):
    response = client.get(MAP, {"q": "long phuoc"})
    assert [row.unit.code for row in response.context["rows"]] == ["26413"]
    assert len(payload(response)["units"]) == 2, "the map keeps every unit; the script zooms to the match"
    empty = client.get(MAP, {"q": "khong co"})
    assert "Không có đơn vị nào có tên này" in empty.content.decode()


def test_legacy_structure_shows_lineage(client, drawn):
    old = UnitFactory(structure=Structure.LEGACY, code="26410", name="Xã Bàu Cạn")
    boundary(old, WEST)
    UnitLineage.objects.create(new_unit=drawn.commune_a, old_unit=old, source="test")
    legacy = payload(client.get(MAP, {"structure": "legacy", "year": 2024}))
    assert "Xã Long Phước" in legacy["units"]["26410"]["l"]
    new = payload(client.get(MAP, {"structure": "2025"}))
    assert "Xã Bàu Cạn" in new["units"]["26413"]["l"]
    assert new["otherTopology"] == reverse("maps:boundaries", args=["legacy"])


def test_without_values_every_commune_says_no_self_assessment(client, drawn):
    response = client.get(MAP, {"colouring": "criteria"})
    units = payload(response)["units"]
    assert units["26413"]["c"] == "nodata" and units["26413"]["v"] == "Chưa có dữ liệu tự đánh giá"
    assert units["26098"]["c"] == "na"
    html = response.content.decode()
    assert "Chưa có dữ liệu tự đánh giá" in html and "tự đánh giá" in html


def test_self_assessed_colourings_use_the_provider_and_mark_provisional_thresholds(client_as, drawn):
    calls = []
    result = assessment(
        17,
        provisional=True,
        by_criterion={"8": {"met": False, "provisional": False}, "17": {"met": True, "provisional": True}},
    )
    with self_assessed(provider_from({drawn.commune_a.pk: result}, calls)):
        criteria = client_as(None).get(MAP, {"colouring": "criteria", "year": 2025})
        criterion = client_as(None).get(MAP, {"colouring": "criterion", "year": 2025})
        chosen = client_as(None).get(MAP, {"colouring": "criterion", "criterion": "17", "year": 2025})
        client_as(drawn.coordinator).get(INTERNAL, {"colouring": "criteria"})
    unit = payload(criteria)["units"]["26413"]
    assert unit["c"] == "c3" and unit["p"] is True and unit["v"] == "Đạt 17/19 tiêu chí"
    assert "ngưỡng tạm" in criteria.content.decode()
    assert criterion.context["query"].criterion == "8", "the first criterion reported"
    assert payload(criterion)["units"]["26413"]["c"] == "notmet"
    assert payload(chosen)["units"]["26413"]["c"] == "met" and payload(chosen)["units"]["26413"]["p"]
    assert [call["published_only"] for call in calls] == [True, True, True, False]
    assert all(call["units"] == [drawn.commune_a.pk] for call in calls), "wards are never asked about"


@pytest.mark.sqlite_journey
def test_unit_public_page_has_history_with_documents_and_self_assessment_per_year(client, drawn):
    document = SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf")
    decision(drawn.commune_a, document=document)
    decision(drawn.commune_a, number="QĐ 99/QĐ-UBND", is_published=False, date=dt.date(2024, 6, 1))
    results = {drawn.commune_a.pk: assessment(18, provisional=True)}
    with self_assessed(provider_from(results)):
        response = client.get(reverse("maps:unit", args=["2025", "26413"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "QĐ 12/QĐ-UBND" in html and "QĐ 99/QĐ-UBND" not in html
    published = response.context["page"].history[0]
    assert reverse("status:document", args=[published.pk]) in html and published.document.name not in html
    assert "18/19" in html and "tự đánh giá" in html and "ngưỡng tạm" in html
    assert "http://testserver/ban-do/don-vi/2025/26413/" in html
    ward = client.get(reverse("maps:unit", args=["2025", "26098"])).content.decode()
    assert "Không áp dụng" in ward and "self-assessment" not in ward
    assert client.get(reverse("maps:unit", args=["2025", "00000"])).status_code == 404


def test_unit_page_without_provider_says_so(client, drawn):
    html = client.get(reverse("maps:unit", args=["2025", "26413"])).content.decode()
    assert "Chưa có dữ liệu tự đánh giá" in html


def test_tile_settings_reach_the_map_and_are_checked_against_the_csp(client, drawn, settings):
    from ntm.maps.checks import tile_host_allowed

    assert payload(client.get(MAP))["tiles"] == {"url": "", "attribution": ""}
    assert tile_host_allowed(None) == []
    settings.NTM_MAP_TILE_URL = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    settings.NTM_MAP_TILE_ATTRIBUTION = "© Example"
    assert [error.id for error in tile_host_allowed(None)] == ["maps.E001"]
    settings.SECURE_CSP = {**settings.SECURE_CSP, "img-src": ["'self'", "https://*.tile.example.org"]}
    assert tile_host_allowed(None) == []
    assert payload(client.get(MAP))["tiles"]["attribution"] == "© Example"


def test_the_public_map_reads_a_fixed_number_of_queries_whatever_the_number_of_units(
    client, drawn, django_assert_max_num_queries
):
    decision(drawn.commune_a)
    client.get(MAP)  # the layer revision and caches warm up
    with django_assert_max_num_queries(12) as few:
        client.get(MAP)
    for index in range(6):
        unit = UnitFactory(code=f"2700{index}", name=f"Xã Thêm {index}", parent=drawn.province)
        boundary(unit, box(107.2 + index * 0.1, 10.7, 107.29 + index * 0.1, 10.8))
        decision(unit, number=f"QĐ {index}/QĐ-UBND")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(MAP)
    assert len(payload(response)["units"]) == 8
