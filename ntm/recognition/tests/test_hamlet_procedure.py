"""Ấp criteria sets, values entered per ấp and the commune-level ấp procedure: the shipped hamlet sets load with
placeholder thresholds; once a threshold is entered (a new set version, as the coordinator would), each ấp is
evaluated by the engine with its own values; the procedure file recognises an ấp and the commune's model-commune
condition DK3 counts it. Values and thresholds here are test data, not official ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.services import EXCEL_SOURCE, criteria_set_save_version, criteria_sets_load_shipped
from ntm.recognition import selectors
from ntm.recognition.models import HamletDossier, HamletIndicatorValue, HamletModelRecognition
from ntm.recognition.services.hamlets import hamlet_dossier_open, hamlet_dossier_transition, hamlet_value_set
from ntm.recognition.services.procedures import procedures_load
from ntm.recognition.tests.test_hamlet_models import dk3
from ntm.units.models import Hamlet

pytestmark = pytest.mark.django_db
SMART_SET = "ap-thong-minh-2021-2025"
DECIDED = dt.date(2024, 5, 2)


def with_threshold(actor) -> CriteriaSetVersion:
    """A new version of the smart-ấp set whose indicator 1.1 requires "Có" (test data standing in for the
    province's document)."""
    base = CriteriaSetVersion.objects.filter(code=SMART_SET).order_by("-version").first()
    content = base.criteria_set().to_dict()
    indicator = content["criteria"][0]["indicators"][0]
    indicator["thresholds"] = [
        {
            "expected": True,
            "provenance": "unconfirmed",
            "source": "QĐ 319/QĐ-TTg ngày 08/3/2022 (dữ liệu kiểm thử)",
        }
    ]
    return criteria_set_save_version(
        base=base, content=content, change_note="Ngưỡng thử nghiệm", source=EXCEL_SOURCE, actor=actor
    )


def test_the_shipped_hamlet_sets_load_as_sets_for_ap(cast):
    criteria_sets_load_shipped()
    versions = selectors.hamlet_set_versions(2024)
    assert {v.code for v in versions} == {"ap-kieu-mau-2021-2025", SMART_SET}
    assert all(v.subject == "hamlet" for v in versions)
    # No threshold is invented: an ấp with a value is judged "no threshold", not met.
    hamlet = Hamlet.objects.create(unit=cast.commune_a, name="Ấp 1")
    hamlet_value_set(hamlet=hamlet, set_code=SMART_SET, year=2024, indicator_code="1.1", value=True)
    smart = next(v for v in versions if v.code == SMART_SET)
    result = selectors.hamlet_evaluation(hamlet, smart, 2024)
    assert [row.result.status for row in result.rows] == ["no_threshold"] and not result.reached
    # A hamlet set is never offered for evaluating administrative units.
    from ntm.criteria.selectors import evaluation_units

    assert not evaluation_units(cast.coordinator, "hamlet").exists()


def test_values_entered_per_ap_are_evaluated_by_the_engine(cast):
    criteria_sets_load_shipped()
    version = with_threshold(cast.coordinator)
    yes = Hamlet.objects.create(unit=cast.commune_a, name="Ấp Có")
    no = Hamlet.objects.create(unit=cast.commune_a, name="Ấp Không")
    hamlet_value_set(
        hamlet=yes, set_code=SMART_SET, year=2024, indicator_code="1.1", value=True, actor=cast.officer_a
    )
    hamlet_value_set(
        hamlet=no, set_code=SMART_SET, year=2024, indicator_code="1.1", value=False, actor=cast.officer_a
    )
    assert selectors.hamlet_evaluation(yes, version, 2024).reached
    assert not selectors.hamlet_evaluation(no, version, 2024).reached
    rows = {row.hamlet.name: row for row in selectors.commune_hamlet_rows(cast.commune_a, 2024)}
    smart = {r.version.code: r for r in rows["Ấp Có"].results}[SMART_SET]
    assert smart.reached and smart.values_entered == 1
    assert AuditEntry.objects.filter(action="hamlet_value.set").count() == 2
    # Wrong type, year outside the period, another commune's officer: refused, nothing saved.
    with pytest.raises(ServiceError):
        hamlet_value_set(hamlet=yes, set_code=SMART_SET, year=2024, indicator_code="1.1", value=50)
    with pytest.raises(ServiceError):
        hamlet_value_set(hamlet=yes, set_code=SMART_SET, year=2027, indicator_code="1.1", value=True)
    with pytest.raises(ServiceError):
        hamlet_value_set(hamlet=yes, set_code="xa-ntm-2021-2025", year=2024, indicator_code="1.1", value=True)
    with pytest.raises(PermissionDenied):
        hamlet_value_set(
            hamlet=yes, set_code=SMART_SET, year=2024, indicator_code="1.1", value=False, actor=cast.officer_b
        )
    assert HamletIndicatorValue.objects.count() == 2
    assert HamletIndicatorValue.objects.get(hamlet=yes).value is True


def test_the_ap_procedure_recognises_an_ap_and_dk3_counts_it(cast):
    criteria_sets_load_shipped()
    procedures_load()
    with_threshold(cast.coordinator)
    hamlet = Hamlet.objects.create(unit=cast.commune_a, name="Ấp Thông Minh")
    hamlet_value_set(hamlet=hamlet, set_code=SMART_SET, year=2024, indicator_code="1.1", value=True)
    assert dk3(cast.commune_a, 2024).status == "missing"

    dossier = hamlet_dossier_open(hamlet=hamlet, kind="ap_thong_minh", year=2024, actor=cast.officer_a)
    assert dossier.procedure.code == "ap-mo-hinh-cap-xa" and dossier.state == "ap_proposal"
    assert all(step.unclear for step in dossier.parsed().working_steps())
    with pytest.raises(ServiceError):  # one open dossier per ấp and model
        hamlet_dossier_open(hamlet=hamlet, kind="ap_thong_minh", year=2024, actor=cast.officer_a)
    with pytest.raises(PermissionDenied):  # another commune's officer
        hamlet_dossier_transition(
            dossier=dossier, action="submit", expected_state="ap_proposal", actor=cast.officer_b
        )

    dossier = hamlet_dossier_transition(
        dossier=dossier, action="submit", expected_state="ap_proposal", actor=cast.officer_a
    )
    assert dossier.snapshot["evaluation"]["level_reached"] == "ap_thong_minh"
    with pytest.raises(StateConflict):  # the step has moved on
        hamlet_dossier_transition(
            dossier=dossier, action="submit", expected_state="ap_proposal", actor=cast.officer_a
        )
    dossier = hamlet_dossier_transition(
        dossier=dossier, action="approve", expected_state="commune_appraisal", actor=cast.officer_a
    )
    with pytest.raises(ServiceError):  # the decision needs its number and date
        hamlet_dossier_transition(
            dossier=dossier, action="decide", expected_state="commune_decision", actor=cast.officer_a
        )
    dossier = hamlet_dossier_transition(
        dossier=dossier,
        action="decide",
        expected_state="commune_decision",
        decision_number="QĐ 21/QĐ-UBND",
        decision_date=DECIDED,
        actor=cast.officer_a,
    )
    assert (dossier.state, dossier.is_open) == ("recognised", False)
    record = HamletModelRecognition.objects.get()
    assert (record.hamlet, record.kind, record.issuing_body) == (hamlet, "ap_thong_minh", "UBND xã")
    assert dossier.recognition == record
    result = dk3(cast.commune_a, 2024)
    assert (result.status, result.value) == ("met", 1)
    assert AuditEntry.objects.filter(action="hamlet_dossier.transition").count() == 3
    assert [h["action"] for h in HamletDossier.objects.get().history] == ["submit", "approve", "decide"]


def test_commune_dossiers_never_offer_the_ap_procedure(cast):
    procedures_load()
    codes = {v.code for v in selectors.procedures_for_new_dossiers("recognition")}
    assert "ap-mo-hinh-cap-xa" not in codes and "hai-cap-tu-1-7-2025" in codes
    assert selectors.hamlet_procedure().code == "ap-mo-hinh-cap-xa"


def test_ap_pages_are_scoped_and_enter_values(client_as, cast):
    criteria_sets_load_shipped()
    procedures_load()
    with_threshold(cast.coordinator)
    own = Hamlet.objects.create(unit=cast.commune_a, name="Ấp Bến Cam")
    page = reverse("recognition:hamlet_detail", args=[own.pk])
    assert client_as(cast.officer_b).get(page).status_code == 404
    assert (
        client_as(cast.officer_b).post(reverse("recognition:hamlet_value", args=[own.pk]), {}).status_code
        == 404
    )
    client = client_as(cast.officer_a)
    response = client.post(
        reverse("recognition:hamlet_value", args=[own.pk]),
        {"set_code": SMART_SET, "year": 2024, "indicator_code": "1.1", "value": "Có", "note": ""},
    )
    assert response.status_code == 302
    assert HamletIndicatorValue.objects.get(hamlet=own).value is True
    html = client.get(page + "?year=2024").content.decode()
    assert 'data-testid="hamlet-value-form"' in html and "Ấp Bến Cam" in html
    commune = client.get(reverse("recognition:commune_hamlets", args=[cast.commune_a.pk]) + "?year=2024")
    assert commune.status_code == 200 and 'data-hamlet="Ấp Bến Cam"' in commune.content.decode()
    assert (
        client_as(cast.officer_b)
        .get(reverse("recognition:commune_hamlets", args=[cast.commune_a.pk]))
        .status_code
        == 404
    )
    # The auditor reads the page but gets no form.
    read_only = client_as(cast.auditor).get(page).content.decode()
    assert 'data-testid="hamlet-value-form"' not in read_only
