"""Hamlet (ấp) models: a commune-level recognition per ấp, counted in the model-commune condition (QĐ 319/QĐ-TTg
condition 3, "at least one smart village model") and shown on the commune's public page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ntm.assessment.models import ComputedValue
from ntm.assessment.selectors.inputs import engine_inputs
from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError
from ntm.criteria.engine import evaluate
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.recognition.models import HamletModelRecognition
from ntm.recognition.services.hamlet_models import (
    MODEL_COMMUNE_SET,
    SMART_HAMLET_INDICATOR,
    hamlet_model_recognise,
)
from ntm.units.models import Hamlet

pytestmark = pytest.mark.django_db
D = dt.date
DECIDED = D(2024, 5, 2)


def recognise(hamlet, kind="ap_thong_minh", number="QĐ 12/QĐ-UBND", date=DECIDED, **extra):
    return hamlet_model_recognise(
        hamlet=hamlet, kind=kind, decision_number=number, decision_date=date, **extra
    )


def dk3(unit, year):
    version = CriteriaSetVersion.objects.filter(code=MODEL_COMMUNE_SET).order_by("-version").first()
    inputs = engine_inputs([unit], [year], version).of(unit.pk, year)
    evaluation = evaluate(version.criteria_set(), inputs.context(), year, inputs.values())
    return evaluation.indicator(SMART_HAMLET_INDICATOR)


def test_a_recognised_smart_hamlet_counts_in_the_model_commune_condition(cast):
    criteria_sets_load_shipped()
    ap_1 = Hamlet.objects.create(unit=cast.commune_a, name="Ấp 1")
    ap_2 = Hamlet.objects.create(unit=cast.commune_a, name="Ấp 2")
    assert dk3(cast.commune_a, 2024).status == "missing"

    recognise(ap_1, kind="ap_kieu_mau", number="QĐ 5/QĐ-UBND")
    assert dk3(cast.commune_a, 2024).status == "missing", "a model hamlet is not a smart-hamlet model"

    recognise(ap_2)
    result = dk3(cast.commune_a, 2024)
    assert (result.status, result.value) == ("met", 1)
    assert dk3(cast.commune_a, 2023).status in ("missing", "not_met")  # decided in 2024
    assert ComputedValue.objects.get(unit=cast.commune_a, year=2024).value == 1
    assert AuditEntry.objects.filter(action="hamlet_model.recognise").count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": D(2099, 1, 1)}, "tương lai"),
        ({"number": " "}, "Thiếu số quyết định"),
        ({"kind": "xa_thong_minh"}, "không hợp lệ"),
    ],
)
def test_refused_recognitions_record_nothing(cast, change, message):
    hamlet = Hamlet.objects.create(unit=cast.commune_a, name="Ấp 3")
    with pytest.raises(ServiceError, match=message):
        recognise(hamlet, **change)
    assert not HamletModelRecognition.objects.exists()


def test_wards_inactive_hamlets_and_duplicates_are_refused(cast):
    khu_pho = Hamlet.objects.create(unit=cast.commune_b, name="Khu phố 1", kind="khu_pho")
    with pytest.raises(ServiceError, match="không phải là xã"):
        recognise(khu_pho)
    closed = Hamlet.objects.create(unit=cast.commune_a, name="Ấp cũ", is_active=False)
    with pytest.raises(ServiceError, match="không còn hoạt động"):
        recognise(closed)
    hamlet = Hamlet.objects.create(unit=cast.commune_a, name="Ấp 4")
    recognise(hamlet)
    with pytest.raises(ServiceError, match="đã có quyết định"):
        recognise(hamlet)


def test_the_commune_page_shows_its_hamlet_models(client, cast):
    hamlet = Hamlet.objects.create(unit=cast.commune_a, name="Ấp Bến Cam")
    recognise(hamlet, issuing_body="UBND xã Long Phước")
    page = client.get(reverse("maps:unit", args=["2025", cast.commune_a.code])).content.decode()
    assert 'id="hamlet-models"' in page and "Ấp Bến Cam" in page
    assert "Mô hình ấp thông minh" in page and "QĐ 12/QĐ-UBND" in page
    other = client.get(reverse("maps:unit", args=["2025", cast.commune_b.code])).content.decode()
    assert 'id="hamlet-models"' not in other


def test_commune_officer_records_an_ap_model_on_the_page_within_its_commune(client_as, cast):
    criteria_sets_load_shipped()
    own = Hamlet.objects.create(unit=cast.commune_a, name="Ấp Bến Cam")
    other_unit = cast.commune_b.__class__.objects.create(
        structure=cast.commune_a.structure,
        code="26999",
        name="Xã Khác",
        parent=cast.province,
        level="commune",
    )
    other = Hamlet.objects.create(unit=other_unit, name="Ấp Xa")
    client = client_as(cast.officer_a)
    url = reverse("recognition:hamlet_models")
    form = client.get(url).content.decode()
    assert "Ấp Bến Cam" in form and "Ấp Xa" not in form
    data = {
        "hamlet": own.pk,
        "kind": "ap_thong_minh",
        "decision_number": "QĐ 7/QĐ-UBND",
        "decision_date": "02/05/2024",
        "issuing_body": "UBND xã Long Phước",
        "note": "",
    }
    assert client.post(url, data).status_code == 302
    record = HamletModelRecognition.objects.get()
    assert (record.hamlet, record.recorded_by) == (own, cast.officer_a)
    assert "QĐ 7/QĐ-UBND" in client.get(url).content.decode()
    # Another commune's ấp is not offered, and posting its id saves nothing.
    refused = client.post(url, {**data, "hamlet": other.pk, "decision_number": "QĐ 8/QĐ-UBND"})
    assert refused.status_code == 400 and HamletModelRecognition.objects.count() == 1
    # A future date is refused with the reason beside the form.
    future = client.post(url, {**data, "decision_number": "QĐ 9/QĐ-UBND", "decision_date": "01/01/2099"})
    assert future.status_code == 400 and HamletModelRecognition.objects.count() == 1


def test_who_records_ap_models(client_as, cast):
    own = Hamlet.objects.create(unit=cast.commune_a, name="Ấp Bến Cam")
    url = reverse("recognition:hamlet_models")
    data = {
        "hamlet": own.pk,
        "kind": "ap_thong_minh",
        "decision_number": "QĐ 1",
        "decision_date": "02/05/2024",
    }
    assert client_as(cast.department).get(url).status_code == 200  # reads
    assert client_as(cast.department).post(url, data).status_code == 403
    assert client_as(cast.auditor).post(url, data).status_code == 403
    assert not HamletModelRecognition.objects.exists()
    with pytest.raises(PermissionDenied):
        hamlet_model_recognise(
            hamlet=own,
            kind="ap_thong_minh",
            decision_number="QĐ 2",
            decision_date=DECIDED,
            actor=cast.officer_b,
        )
