"""The programme API: targets with actuals, registries and report-cycle status, scoped like the pages."""

from __future__ import annotations

import pytest

from ntm.programme import cycles
from ntm.programme.models import Cooperative, Target
from ntm.programme.reporters import Reporter
from ntm.programme.services import cycles as services_cycles
from ntm.programme.tests.factories import load_plan

pytestmark = pytest.mark.django_db
API = "/api/v1/programme"


def test_targets_with_actuals(client_as, cast):
    load_plan()
    client = client_as(cast.auditor)
    body = client.get(f"{API}/targets").json()
    assert body["count"] == 17
    assert body["items"][0]["code"] == "KH202-14"  # in the order of section II.2
    first = next(item for item in body["items"] if item["code"] == "KH202-01")
    assert first["section"] == "II.2.a" and first["basis"]["structure"] == "legacy"
    assert first["quote"].startswith("100% xã đạt chuẩn chỉ tiêu 8.4") and "phường" in first["basis"]["why"]
    # The source as the registry record (symbol, date, issuer, link to the record) plus the part cited.
    [cited] = first["sources"]
    assert (cited["symbol"], cited["issued_on"], cited["part"]) == (
        "KH 202/KH-UBND",
        "2023-08-18",
        "mục II.2.a",
    )
    assert cited["issuer"] == "Ủy ban nhân dân tỉnh Đồng Nai" and cited["document_id"]
    assert (
        first["denominator"] is None and first["status"] == "no_data" and first["warnings"]
    )  # sets not loaded
    reported = next(item for item in body["items"] if item["code"] == "KH202-14")
    assert reported["numerator"] is None and reported["status"] == "no_data"
    detail = client.get(f"{API}/targets/{Target.objects.get(code='KH202-12').pk}").json()
    assert detail["method"] == "pilots_completed" and isinstance(detail["lines"], list) and detail["trend"]
    missing = client.get(f"{API}/targets/999999")
    assert missing.status_code == 404 and "error" in missing.json()
    assert client_as(cast.officer_a).get(f"{API}/targets").status_code == 200  # the programme area admits it
    assert (
        client_as(cast.officer_a).get(f"{API}/targets/{Target.objects.get(code='KH202-12').pk}").status_code
        == 404
    )
    assert client_as(cast.front).get(f"{API}/targets").status_code == 403
    assert client_as(None).get(f"{API}/targets").status_code == 401


def test_registries_are_scoped(client_as, cast):
    Cooperative.objects.create(unit=cast.commune_a, name="HTX Long Phước")
    Cooperative.objects.create(unit=cast.commune_b, name="HTX Bảo Vinh")
    own = client_as(cast.officer_a).get(f"{API}/cooperatives").json()
    assert [item["name"] for item in own["items"]] == ["HTX Long Phước"]
    assert own["items"][0]["unit"]["code"] == cast.commune_a.code
    every = client_as(cast.coordinator).get(f"{API}/cooperatives", {"q": "bao vinh"}).json()
    assert [item["name"] for item in every["items"]] == ["HTX Bảo Vinh"]
    for path in ("linkage-models", "online-services", "managers", "training-courses", "pilots"):
        response = client_as(cast.department).get(f"{API}/{path}")
        assert response.status_code == 200 and response.json() == {"items": [], "count": 0}


def test_cycle_status_for_the_coordinator_and_for_a_commune(client_as, cast):
    plan = load_plan()
    cycle, _created = services_cycles.cycle_open(period=cycles.period_for(cycles.ANNUAL, 2026, plan.rules()))
    report = services_cycles.report_start(
        actor=cast.officer_a, cycle=cycle, reporter=Reporter(cast.commune_a.pk, None, cast.commune_a.name)
    )
    services_cycles.report_save(
        actor=cast.officer_a, report=report, content={"tasks": {}, "difficulties": "Không"}, submit=True
    )
    overview = client_as(cast.coordinator).get(f"{API}/cycles/{cycle.pk}").json()
    assert (overview["expected"], overview["submitted"]) == (3, 1)
    states = {row["reporter"]: row["state"] for row in overview["reporters"]}
    assert states[cast.commune_a.name] == "submitted" and states[cast.commune_b.name] == "missing"
    own = client_as(cast.officer_b).get(f"{API}/cycles/{cycle.pk}").json()
    assert own["expected"] is None
    assert [(row["reporter"], row["state"]) for row in own["reporters"]] == [(cast.commune_b.name, "missing")]
    listed = client_as(cast.officer_a).get(f"{API}/cycles").json()
    assert listed["count"] == 1 and listed["items"][0]["reporters"][0]["state"] == "submitted"
