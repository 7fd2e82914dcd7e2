"""The province's commune set (xa-ntm-dong-nai-2024-2025) on the pages: its composite thresholds (17.1 "clean water
≥ x% AND piped ≥ y%") are edited on the set's indicator form like any threshold (a new version, audited, sources
from the registry, messages in Vietnamese); and the revocation list evaluates the ladder's sets (the ones the
communes enter values for), not this set loaded beside them."""

import datetime as dt

import pytest
from django.urls import reverse

from ntm.assessment.selectors.dashboards import ladder_codes
from ntm.assessment.services import value_set
from ntm.audit.models import AuditEntry
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.services import criteria_set_freeze, criteria_sets_load_shipped
from ntm.environment import services
from ntm.recognition.selectors import revocation_candidates
from ntm.status.services import status_record_create
from ntm.testing.permissions import assert_access, rows_of

pytestmark = pytest.mark.django_db
PROVINCE_SET = "xa-ntm-dong-nai-2024-2025"
SOURCE = "QĐ 57/2024/QĐ-UBND ngày 24/10/2024, tiêu chí 17"


@pytest.fixture
def province_version(db):
    criteria_sets_load_shipped(paths=[services.PROVINCE_SET_FILE])
    return CriteriaSetVersion.objects.get(code=PROVINCE_SET, version=1)


def _edit_url(ref: str) -> str:
    return reverse("criteria:indicator_edit", args=[ref, "17.1"])


def _data(version, rules: list[dict]) -> dict:
    indicator = version.criteria_set().find_indicator("17.1")
    data = {
        "name": indicator.name,
        "measure_unit": indicator.measure_unit,
        "kind": indicator.kind,
        "op": indicator.op,
        "legal_source": indicator.legal_source,
        "provenance": indicator.provenance.status,
        "source": indicator.provenance.source,
        "note": indicator.provenance.note,
        "department": indicator.department.code,
        "department_provenance": indicator.department.provenance.status,
        "department_source": indicator.department.provenance.source,
        "applies_if": "",
        "change_note": "Mức 2025 theo QĐ 57/2024/QĐ-UBND",
        "rules-TOTAL_FORMS": str(len(rules) + 1),
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
    }
    blank = dict.fromkeys(
        ("region", "group", "year", "part_clean", "part_piped", "provenance", "source", "note"), ""
    )
    for index, rule in enumerate([*rules, blank]):
        data.update({f"rules-{index}-{key}": value for key, value in {**blank, **rule}.items()})
    return data


def _rule(year: str, clean: str, piped: str, **extra) -> dict:
    return {
        "year": year,
        "part_clean": clean,
        "part_piped": piped,
        "provenance": "partial",
        "source": SOURCE,
        **extra,
    }


def test_the_form_shows_one_threshold_per_part(cast, client_as, province_version):
    page = client_as(cast.coordinator).get(_edit_url(province_version.ref)).content.decode()
    assert 'name="rules-0-part_clean" value="84,5"' in page
    assert 'name="rules-1-part_piped" value="45"' in page
    assert "Mức: trong đó nước máy" in page and "Chỉ tiêu ghép" in page
    assert 'name="rules-0-value"' not in page  # a composite rule has no single value


def test_a_composite_threshold_is_saved_as_a_new_version_with_an_audit_entry(
    cast, client_as, province_version
):
    criteria_set_freeze(version=province_version)  # used by a dossier: stays as it is
    response = client_as(cast.coordinator).post(
        _edit_url(province_version.ref),
        _data(province_version, [_rule("2024", "84,5", "40"), _rule("2025", "86", "46,5")]),
    )
    assert response.status_code == 302
    new = CriteriaSetVersion.objects.get(code=PROVINCE_SET, version=2)
    rules = new.criteria_set().find_indicator("17.1").thresholds
    assert [dict(rule.parts) for rule in rules] == [
        {"clean": 84.5, "piped": 40},
        {"clean": 86, "piped": 46.5},
    ]
    assert rules[1].provenance.source == SOURCE
    province_version.refresh_from_db()
    assert dict(province_version.criteria_set().find_indicator("17.1").thresholds[1].parts) == {
        "clean": 85,
        "piped": 45,
    }
    entry = AuditEntry.objects.get(action="criteria_set.version_create", object_id=str(new.pk))
    assert entry.actor == cast.coordinator
    assert any(change["code"] == "17.1" for change in entry.changes["extra"]["changes"])


def test_a_missing_part_or_an_unregistered_source_is_refused_in_vietnamese(cast, client_as, province_version):
    client = client_as(cast.coordinator)
    response = client.post(
        _edit_url(province_version.ref), _data(province_version, [_rule("2025", "86", "")])
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nhập mức của “trong đó nước máy”" in page
    response = client.post(
        _edit_url(province_version.ref),
        _data(province_version, [_rule("2025", "86", "45", source="Công văn không có trong sổ")]),
    )
    assert response.status_code == 400
    response = client.post(
        _edit_url(province_version.ref), _data(province_version, [_rule("2025", "101", "45")])
    )
    assert response.status_code == 400 and "0-100%" in response.content.decode()
    assert CriteriaSetVersion.objects.filter(code=PROVINCE_SET).count() == 1


def test_only_the_criteria_editors_may_save(cast, client_as, province_version):
    refused = {
        "coordinator": 400,
        "officer_a": 403,
        "officer_b": 403,
        "department": 403,
        "auditor": 403,
        "anonymous": 302,
    }
    assert_access(
        client_as,
        cast,
        _edit_url(province_version.ref),
        refused,
        method="post",
        data={},
        unchanged=rows_of(CriteriaSetVersion, AuditEntry),
    )
    assert client_as(cast.operator).get(_edit_url(province_version.ref)).status_code == 403


def test_the_revocation_list_evaluates_the_ladder_set_not_the_province_set(cast, province_version):
    """The commune enters its values under the national set's code; the province's set loaded beside it (and
    starting later, 2024) must not replace it in the revocation list, or the commune would be judged without them."""
    criteria_sets_load_shipped()
    assert PROVINCE_SET not in ladder_codes(2025) and "xa-ntm-2021-2025" in ladder_codes(2025)
    status_record_create(
        unit=cast.commune_a,
        level="ntm",
        decision_number="QĐ 5/QĐ-UBND",
        decision_date=dt.date(2022, 3, 1),
        source="register",
    )
    national = CriteriaSetVersion.objects.filter(code="xa-ntm-2021-2025").order_by("-version").first()
    for criterion in national.criteria_set().criteria:
        for indicator in criterion.indicators:
            if indicator.kind == "boolean" and indicator.is_entered and indicator.thresholds:
                value_set(
                    unit=cast.commune_a,
                    year=2025,
                    set_code=national.code,
                    indicator_code=indicator.code,
                    value=False,
                    actor=cast.officer_a,
                )
                break
    [candidate] = revocation_candidates(cast.coordinator, 2025)
    assert candidate.unit == cast.commune_a and candidate.version == national
