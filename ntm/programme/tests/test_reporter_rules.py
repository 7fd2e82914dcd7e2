"""Who reports after the two-tier reform is data of the period: the coordinator adds the province's instruction to
the legal registry, records the reporters of the period citing it, and the cycle of that period expects them. A
source that names no registry record is refused; a reload of the plan file keeps what was entered on the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.programme import cycles
from ntm.programme.models import ReportCycle
from ntm.programme.reporters import expected_reporters
from ntm.programme.services import cycles as services_cycles
from ntm.programme.services.targets import programme_load_shipped
from ntm.programme.tests.factories import load_plan

pytestmark = pytest.mark.django_db

INSTRUCTION = "CV 2027/UBND-KTN"


def rule_form(**changes) -> dict:
    data = {
        "valid_from": "2027-01-01",
        "valid_to": "2027-12-31",
        "who": "Các sở, ngành và Ủy ban nhân dân các xã",
        "departments": "on",
        "unit_structure": "2025",
        "unit_level": "commune",
        "unit_codes": "",
        "provenance": "confirmed",
        "source": f"{INSTRUCTION} ngày 05/01/2027, mục 2",
        "note": "",
    }
    data.update(changes)
    return data


def test_coordinator_records_the_reporters_of_a_period_from_a_new_instruction(client_as, cast):
    plan = load_plan(instruction=False)
    client = client_as(cast.coordinator)
    url = reverse("programme:reporter_rules", args=[plan.pk])

    # The instruction is not in the registry yet: refused, nothing recorded.
    refused = client.post(url, rule_form())
    assert refused.status_code == 400 and "CV 2027/UBND-KTN" in refused.content.decode()
    assert "danh mục văn bản pháp lý" in refused.content.decode()
    assert not AuditEntry.objects.filter(action="programme.reporter_rule_add").exists()
    team_note = client.post(url, rule_form(source="theo đề bài"))
    assert team_note.status_code == 400

    added = client.post(
        reverse("legal:create"),
        {
            "symbol": INSTRUCTION,
            "kind": "letter",
            "number": "2027/UBND-KTN",
            "issued_on": "2027-01-05",
            "issuer": "Ủy ban nhân dân tỉnh Đồng Nai",
            "title": "Về chế độ báo cáo Chương trình MTQG xây dựng nông thôn mới năm 2027",
            "url": "",
            "provenance": "confirmed",
            "source": "",
            "note": "",
        },
    )
    assert added.status_code == 302
    assert client.post(url, rule_form()).status_code == 302
    page = client.get(url).content.decode()
    assert (
        "Các sở, ngành và Ủy ban nhân dân các xã" in page
        and "CV 2027/UBND-KTN</a> ngày 05/1/2027, mục 2" in page
    )

    # Periods never overlap.
    overlap = client.post(url, rule_form(valid_from="2027-06-01", valid_to="2028-06-30"))
    assert overlap.status_code == 400 and "01/01/2027" in overlap.content.decode()

    cycle, _created = services_cycles.cycle_open(period=cycles.period_for(cycles.ANNUAL, 2027, plan.rules()))
    names = {reporter.name for reporter in expected_reporters(ReportCycle.objects.get(pk=cycle.pk))}
    assert {cast.organisation.name, cast.commune_a.name} <= names

    # A changed plan file reloads its own rules and keeps the one entered on the page.
    plan.content_hash = "changed"
    plan.save(update_fields=["content_hash"])
    programme_load_shipped()
    plan.refresh_from_db()
    assert [rule.who for rule in plan.rules().reporters][-1] == "Các sở, ngành và Ủy ban nhân dân các xã"


def test_only_the_coordinator_records_reporters(client_as, cast):
    plan = load_plan(instruction=False)
    url = reverse("programme:reporter_rules", args=[plan.pk])
    assert client_as(cast.department).get(url).status_code == 200
    assert client_as(cast.department).post(url, rule_form()).status_code == 403
    assert client_as(cast.officer_a).post(url, rule_form()).status_code == 403
