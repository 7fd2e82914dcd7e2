"""Pure logic, no database: the growing-area code builder, GTIN and Digital Link, boundaries, the EPCIS export."""

import contextlib
import datetime as dt
import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm.traceability import codes, epcis, geometry, gs1

pytestmark = pytest.mark.usefixtures("english")

RULES = codes.shipped_rules()
QD3156 = codes.rule_by_key(RULES, "qd3156-2022")
TWO_TIER = codes.rule_by_key(RULES, "hai-cap-2025")


def test_shipped_rules_qd3156_confirmed_and_two_tier_unconfirmed():
    assert QD3156.confirmed and QD3156.has_district and QD3156.legal_symbol == "QĐ 3156/QĐ-BNN-TT"
    assert not TWO_TIER.confirmed and not TWO_TIER.has_district
    assert codes.rule_for(RULES, dt.date(2024, 5, 1)) == QD3156
    assert codes.rule_for(RULES, dt.date(2025, 7, 1)) == TWO_TIER
    with pytest.raises(codes.CodeError):
        codes.rule_for(RULES, dt.date(2020, 1, 1))


def test_build_code_in_the_qd3156_format():
    parts = codes.CodeParts(province="75", district="731", commune="26413", serial=3, year=2024)
    assert codes.build_code(QD3156, parts) == "VN-75-731-26413-03-24"
    assert codes.build_code(TWO_TIER, parts) == "VN-75-26413-03-24"


@pytest.mark.parametrize(
    ("parts", "problem"),
    [
        (codes.CodeParts(province="7", district="731", commune="26413", serial=1, year=2024), "2 digits"),
        (codes.CodeParts(province="75", district="", commune="26413", serial=1, year=2024), "district"),
        (codes.CodeParts(province="75", district="731", commune="2641", serial=1, year=2024), "5 digits"),
        (
            codes.CodeParts(province="75", district="731", commune="26413", serial=0, year=2024),
            "between 1 and 99",
        ),
        (
            codes.CodeParts(province="75", district="731", commune="26413", serial=100, year=2024),
            "between 1 and 99",
        ),
        (codes.CodeParts(province="7a", district="731", commune="26413", serial=1, year=2024), "2 digits"),
    ],
)
def test_build_code_refuses_parts_that_do_not_fit(parts, problem):
    with pytest.raises(codes.CodeError, match=problem):
        codes.build_code(QD3156, parts)


@given(
    province=st.text("0123456789", min_size=2, max_size=2),
    district=st.text("0123456789", min_size=3, max_size=3),
    commune=st.text("0123456789", min_size=5, max_size=5),
    serial=st.integers(1, 99),
    year=st.integers(2000, 2099),
    two_tier=st.booleans(),
)
def test_build_then_parse_gives_the_parts_back(province, district, commune, serial, year, two_tier):
    rule = TWO_TIER if two_tier else QD3156
    parts = codes.CodeParts(province=province, district=district, commune=commune, serial=serial, year=year)
    code = codes.build_code(rule, parts)
    back = codes.parse_code(rule, code)
    assert (back.province, back.commune, back.serial, back.year) == (province, commune, serial, year % 100)
    assert back.district == ("" if two_tier else district)
    assert code.startswith("VN-") and code.count("-") == len(rule.segments) - 1


@given(st.text(max_size=30))
def test_parse_never_crashes_on_junk(text):
    with contextlib.suppress(codes.CodeError):
        codes.parse_code(QD3156, text)


@pytest.mark.parametrize(
    "code",
    [
        "VN-75-731-26413-00-24",
        "VN-75-731-26413-3-24",
        "US-75-731-26413-03-24",
        "VN-75-26413-03-24",
        "VN75731",
    ],
)
def test_parse_refuses_malformed_codes(code):
    with pytest.raises(codes.CodeError):
        codes.parse_code(QD3156, code)


def test_next_serial_skips_every_number_ever_issued_and_stops_at_the_width():
    assert codes.next_serial([], QD3156) == 1
    assert codes.next_serial([1, 2, 4], QD3156) == 3
    with pytest.raises(codes.CodeError):
        codes.next_serial(range(1, 100), QD3156)


@pytest.mark.parametrize(
    ("kind", "area", "ok"),
    [
        (codes.PERENNIAL, Decimal("1"), True),
        (codes.PERENNIAL, Decimal("0.99"), False),
        (codes.ANNUAL, Decimal("0.1"), True),
        (codes.ANNUAL, Decimal("0.09"), False),
    ],
)
def test_minimum_areas_of_qd3156(kind, area, ok):
    assert (codes.minimum_area_problem(kind, area) is None) is ok


def test_rule_file_problems_are_reported_together():
    bad = b"""schema = 1
[[rules]]
key = "a"
label = "A"
segments = ["province", "country", "commune", "serial", "year"]
serial_digits = 2
valid_from = 2022-01-01
provenance = "sure"
source = "x"
[[rules]]
key = "a"
label = "B"
segments = ["country", "province", "commune", "serial", "year"]
serial_digits = 2
valid_from = 2023-01-01
provenance = "confirmed"
source = "x"
"""
    with pytest.raises(codes.CodeRuleFileError) as caught:
        codes.load_rules(bad)
    text = "\n".join(caught.value.errors)
    assert "segments" in text and "provenance" in text and "same key" in text and "overlap" in text


# --- GTIN and GS1 Digital Link ---------------------------------------------------------------------------------------


def test_gtin_check_digit_and_digital_link():
    assert gs1.check_digit("0952123454321") == 3
    assert gs1.normalise_gtin("9521234543213") == "09521234543213"
    with pytest.raises(gs1.GtinError):
        gs1.normalise_gtin("9521234543214")
    with pytest.raises(gs1.GtinError):
        gs1.normalise_gtin("12345")
    assert (
        gs1.digital_link("09521234543213", lot="ABC123", serial="12345")
        == "https://id.gs1.org/01/09521234543213/10/ABC123/21/12345"
    )
    assert (
        gs1.digital_link("9521234543213", lot="L 1/2", expiry=dt.date(2026, 12, 31), domain="https://x.vn/")
        == "https://x.vn/01/09521234543213/10/L%201%2F2?17=261231"
    )


@given(st.text("0123456789", min_size=12, max_size=12))
def test_every_body_with_its_check_digit_is_a_gtin(body):
    assert gs1.normalise_gtin(body + str(gs1.check_digit(body))) == (body + str(gs1.check_digit(body))).zfill(
        14
    )


# --- boundaries ------------------------------------------------------------------------------------------------------

# About 100 m by 100 m near Long Phước (≈ 1 ha).
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[107.0, 10.7], [107.000915, 10.7], [107.000915, 10.700904], [107.0, 10.700904], [107.0, 10.7]]
    ],
}


def test_boundary_area_and_centre():
    assert geometry.area_ha(SQUARE) == pytest.approx(1.0, rel=0.01)
    lon, lat = geometry.centre(SQUARE)
    assert 107.0 < lon < 107.001 and 10.7 < lat < 10.701


@pytest.mark.parametrize(
    "bad",
    [
        {"type": "Point", "coordinates": [107, 10.7]},
        {"type": "Polygon", "coordinates": [[[107.0, 10.7], [107.1, 10.7], [107.0, 10.7]]]},
        {"type": "Polygon", "coordinates": [[[10.7, 107.0], [10.8, 107.0], [10.8, 107.1], [10.7, 107.0]]]},
        {"type": "Polygon", "coordinates": [[[107.0, 10.7], [107.1, 10.7], [107.1, 10.8], [107.0, 10.9]]]},
        {"type": "Polygon", "coordinates": [[["a", 10.7], [107.1, 10.7], [107.1, 10.8], ["a", 10.7]]]},
        "not a geometry",
    ],
)
def test_bad_boundaries_are_refused_with_a_message(bad):
    with pytest.raises(geometry.BoundaryError):
        geometry.area_ha(bad)


# --- EPCIS 2.0 -------------------------------------------------------------------------------------------------------

TZ = dt.timezone(dt.timedelta(hours=7))
LOT = epcis.Quantity("https://truyxuat.example/truy-xuat/L1/", Decimal("1200"), "kg")
REQUIRED_BY_TYPE = {
    # EPCIS 2.0 §7.4: the fields every event of the type must carry (action: all but TransformationEvent).
    "ObjectEvent": {"type", "eventTime", "eventTimeZoneOffset", "action"},
    "AggregationEvent": {"type", "eventTime", "eventTimeZoneOffset", "action", "parentID"},
    "TransformationEvent": {"type", "eventTime", "eventTimeZoneOffset"},
}
CBV_BIZ_STEPS = {"commissioning", "packing", "shipping", "receiving", "inspecting", "transporting"}
CBV_DISPOSITIONS = {"active", "in_progress", "in_transit", "conformant"}


def _event(stage, **extra):
    moment = dt.datetime(2025, 6, 1, 8, 30, tzinfo=TZ)
    return epcis.EventInput(
        event_id=str(uuid.uuid4()),
        stage=stage,
        event_time=moment,
        record_time=moment + dt.timedelta(hours=1),
        what=LOT,
        location_uri="https://truyxuat.example/vung-trong/VN-75-731-26413-03-24",
        **extra,
    )


def test_epcis_document_has_the_required_fields_of_the_standard():
    events = [
        _event("harvest"),
        _event(
            "processing",
            inputs=(epcis.Quantity("https://truyxuat.example/truy-xuat/L0/", Decimal(5), "tan"),),
        ),
        _event("packing", parent_uri="https://truyxuat.example/kien/1"),
        _event("shipping", destination="Chợ đầu mối", biz_transaction="PX/01"),
        _event("receiving"),
    ]
    created = dt.datetime(2025, 6, 2, tzinfo=dt.UTC)
    document = epcis.epcis_document(events, created=created, base_uri="https://truyxuat.example")
    assert document["@context"][0] == "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
    assert document["type"] == "EPCISDocument" and document["schemaVersion"] == "2.0"
    assert document["creationDate"].startswith("2025-06-02T00:00:00")
    event_list = document["epcisBody"]["eventList"]
    assert [e["type"] for e in event_list] == [
        "ObjectEvent",
        "TransformationEvent",
        "AggregationEvent",
        "ObjectEvent",
        "ObjectEvent",
    ]
    for event in event_list:
        assert REQUIRED_BY_TYPE[event["type"]] <= set(event), event
        assert event["eventTimeZoneOffset"] == "+07:00"
        assert event["eventID"].startswith("urn:uuid:")
        assert event["bizStep"] in CBV_BIZ_STEPS and event["disposition"] in CBV_DISPOSITIONS
        assert event["bizLocation"]["id"].startswith("https://")
        assert event.get("action") in {None, "ADD", "OBSERVE", "DELETE"}
    object_event, transformation, aggregation, shipping, _receiving = event_list
    assert object_event["action"] == "ADD" and object_event["quantityList"][0] == {
        "epcClass": LOT.class_uri,
        "quantity": 1200.0,
        "uom": "KGM",
    }
    assert "action" not in transformation
    assert transformation["inputQuantityList"][0]["uom"] == "TNE" and transformation["outputQuantityList"]
    assert aggregation["parentID"] == "https://truyxuat.example/kien/1" and aggregation["childQuantityList"]
    assert shipping["bizStep"] == "shipping" and shipping["disposition"] == "in_transit"
    assert shipping["destinationList"][0]["destination"].endswith(
        "Ch%E1%BB%A3%20%C4%91%E1%BA%A7u%20m%E1%BB%91i"
    )
    assert shipping["bizTransactionList"][0]["bizTransaction"].endswith("PX%2F01")


def test_a_corrected_event_carries_an_error_declaration():
    fix_id = str(uuid.uuid4())
    event = _event("harvest", corrected_by=(fix_id,))
    body = epcis.event_json(event, base_uri="https://x")
    assert body["errorDeclaration"]["correctiveEventIDs"] == [f"urn:uuid:{fix_id}"]
    assert body["errorDeclaration"]["reason"] == "incorrect_data"


def test_naive_times_are_refused():
    event = _event("harvest")
    naive = epcis.EventInput(**{**event.__dict__, "event_time": dt.datetime(2025, 1, 1)})
    with pytest.raises(ValueError):
        epcis.event_json(naive, base_uri="https://x")
