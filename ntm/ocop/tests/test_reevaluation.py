"""Re-evaluation: certificates expiring or expired reach the coordinator's work list; a new evaluation renews one
and keeps the product's history (earlier evaluations, scores, decisions and certificates untouched)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.worklist import work_items_for as items_for
from ntm.legal.citations import source_problems
from ntm.ocop.documents import VALIDITY_SOURCE
from ntm.ocop.models import Certificate, Evaluation, EvaluationState, MemberScore
from ntm.ocop.selectors import reevaluation_due
from ntm.ocop.services.evaluations import reevaluation_register
from ntm.ocop.tests.factories import load_sheets, make_evaluation

pytestmark = pytest.mark.django_db

ISSUED = dt.date(2026, 3, 2)  # make_evaluation's decision date: the certificate expires on 2/3/2029
EXPIRES = dt.date(2029, 3, 2)


@pytest.fixture
def certified(cast):
    load_sheets()
    return make_evaluation(cast, upto="decided")


def test_the_validity_source_cites_the_registry():
    assert source_problems(VALIDITY_SOURCE) == []


def test_a_certificate_is_due_from_90_days_before_expiry_and_stays_due_once_expired(cast, certified):
    certificate = certified.product.certificates.get()
    assert certificate.expires_on == EXPIRES
    assert not reevaluation_due(cast.coordinator, EXPIRES - dt.timedelta(days=91)).exists()
    assert list(reevaluation_due(cast.coordinator, EXPIRES - dt.timedelta(days=90))) == [certificate]
    assert list(reevaluation_due(cast.coordinator, EXPIRES + dt.timedelta(days=400))) == [certificate]
    assert list(reevaluation_due(cast.producer, EXPIRES)) == [certificate]  # the producer's own
    assert not reevaluation_due(cast.officer_b, EXPIRES).exists()  # another commune's officer
    Certificate.objects.filter(pk=certificate.pk).update(revoked_on=EXPIRES, revocation_reason="stopped")
    assert not reevaluation_due(cast.coordinator, EXPIRES).exists()


def test_reevaluation_keeps_the_history_and_leaves_the_list(cast, certified):
    certificate = certified.product.certificates.get()
    scores = list(MemberScore.objects.values_list("pk", "total"))
    with pytest.raises(ServiceError):  # too early
        reevaluation_register(
            actor=cast.coordinator, certificate=certificate, year=2028, today=dt.date(2028, 1, 1)
        )
    with pytest.raises(PermissionDenied):
        reevaluation_register(actor=cast.officer_a, certificate=certificate, year=2029, today=EXPIRES)
    today = EXPIRES + dt.timedelta(days=10)  # already expired
    new = reevaluation_register(actor=cast.coordinator, certificate=certificate, year=2029, today=today)
    assert (new.is_reevaluation, new.renews, new.state, new.product) == (
        True,
        certificate,
        EvaluationState.DRAFT,
        certified.product,
    )
    assert new.product_description == certified.product_description
    certified.refresh_from_db()
    certificate.refresh_from_db()
    assert certified.state == EvaluationState.DECIDED and certificate.revoked_on is None
    assert list(MemberScore.objects.values_list("pk", "total")) == scores
    assert Evaluation.objects.filter(product=certified.product).count() == 2
    assert not reevaluation_due(cast.coordinator, today).exists()
    with pytest.raises(StateConflict):
        reevaluation_register(actor=cast.producer, certificate=certificate, year=2029, today=today)
    # A re-evaluation that ends below 3 stars brings the certificate back to the list.
    Evaluation.objects.filter(pk=new.pk).update(state=EvaluationState.NOT_RANKED)
    assert list(reevaluation_due(cast.coordinator, today)) == [certificate]


def test_the_coordinator_sees_the_work_item_and_opens_the_dossier_from_the_page(
    cast, certified, client_as, time_machine
):
    time_machine.move_to(dt.datetime(2029, 2, 1, 9, tzinfo=dt.UTC))
    certificate = certified.product.certificates.get()
    item = next(i for i in items_for(cast.coordinator) if i.key == "ocop.reevaluation")
    assert item.count == 1 and not item.urgent and certified.product.name in item.details[0][0]
    assert all(i.key != "ocop.reevaluation" for i in items_for(cast.ocop_council))
    client = client_as(cast.coordinator)
    page = client.get(reverse("ocop:reevaluations")).content.decode()
    assert certificate.number in page and "36" in page and "QĐ 148/QĐ-TTg" in page
    response = client.post(reverse("ocop:reevaluation_open", args=[certificate.pk]))
    new = Evaluation.objects.get(renews=certificate)
    assert response.status_code == 302 and response["Location"] == reverse("ocop:evaluation", args=[new.pk])
    detail = client.get(response["Location"]).content.decode()
    assert certificate.number in detail and reverse("ocop:evaluation", args=[certified.pk]) in detail
    assert certificate.number not in client.get(reverse("ocop:reevaluations")).content.decode()
    # Out of scope: another commune's officer gets a 404 for the certificate.
    assert (
        client_as(cast.officer_b).post(reverse("ocop:reevaluation_open", args=[certificate.pk])).status_code
        == 404
    )
