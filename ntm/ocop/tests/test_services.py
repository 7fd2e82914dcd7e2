"""The evaluation cycle, producers and certificates as services (database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.models import Notification
from ntm.ocop.models import (
    Certificate,
    DecisionLevel,
    EvaluationState,
    Producer,
    ProducerKind,
    ProducerStatus,
    RevocationReason,
    ScoreSheet,
    add_months,
)
from ntm.ocop.selectors import evaluations_visible, products_visible
from ntm.ocop.services.certificates import certificate_revoke, expiry_reminders
from ntm.ocop.services.evaluations import (
    decision_record,
    evaluation_precheck,
    evaluation_submit,
    score_submit,
    scoring_close,
)
from ntm.ocop.services.producers import producer_approve, producer_refuse, producer_request
from ntm.ocop.services.sheets import sheet_load
from ntm.ocop.tests.factories import ALL_TOP, council_members, load_sheets, make_evaluation, make_producer
from ntm.ocop.tests.sheets import test_sheet_toml

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheets():
    return load_sheets()


def test_the_whole_cycle_issues_a_four_star_certificate_and_proposes_100_points_to_the_ministry(cast, sheets):
    evaluation = make_evaluation(cast, upto="decided")
    assert evaluation.state == EvaluationState.DECIDED
    assert evaluation.average == Decimal(100) and evaluation.star == 5 and evaluation.propose_national
    certificate = Certificate.objects.get(product=evaluation.product)
    assert certificate.star == 4  # the province recognises 3★-4★
    assert certificate.expires_on == dt.date(2029, 3, 2)
    decision_record(
        actor=cast.coordinator,
        evaluation=evaluation,
        number="45/QĐ-BNNMT",
        signed_on=dt.date(2026, 6, 1),
        certificate_number="OCOP-QG-1",
        level=DecisionLevel.CENTRAL,
    )
    assert Certificate.objects.filter(product=evaluation.product, star=5).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "ocop.evaluation.precheck",
        "ocop.score.submit",
        "ocop.evaluation.scored",
        "ocop.certificate.issue",
    } <= actions


def test_below_three_stars_closes_without_a_certificate(cast, sheets):
    low = {"A.1.1": "b", "B.1.1": "a", "C.1.1": "a"}  # 20 points, C.1.1 below its 3★ minimum
    evaluation = make_evaluation(cast, upto="scored", scores=(low, low, low))
    assert evaluation.star == 1
    decision_record(
        actor=cast.coordinator,
        evaluation=evaluation,
        number="9/QĐ-UBND",
        signed_on=dt.date(2026, 3, 2),
        certificate_number="",
    )
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.NOT_RANKED
    assert not Certificate.objects.exists()
    with pytest.raises(ServiceError):
        decision_record(
            actor=cast.coordinator,
            evaluation=evaluation,
            number="1",
            signed_on=dt.date(2026, 3, 2),
            certificate_number="x",
            level=DecisionLevel.CENTRAL,
        )


def test_a_shipped_sheet_with_unknown_values_refuses_a_score_and_says_what_is_missing(cast):
    load_sheets(test_sheet=False)
    evaluation = make_evaluation(cast, upto="scoring")
    assert evaluation.sheet.code == "qd148-khung"
    with pytest.raises(ServiceError, match=r"A\.1 Tổ chức sản xuất"):
        score_submit(actor=cast.ocop_council, evaluation=evaluation, choices={})


def test_only_the_commune_prechecks_and_a_returned_dossier_goes_back_to_the_producer(cast, sheets):
    evaluation = make_evaluation(cast, upto="submitted")
    for actor in (cast.officer_b, cast.ocop_council, cast.producer, cast.auditor):
        with pytest.raises(PermissionDenied):
            evaluation_precheck(
                actor=actor,
                evaluation=evaluation,
                raw_material_origin=True,
                idea_origin=True,
                local_labour=True,
                note="",
                accept=True,
            )
    with pytest.raises(ServiceError):  # returning needs a reason
        evaluation_precheck(
            actor=cast.officer_a,
            evaluation=evaluation,
            raw_material_origin=False,
            idea_origin=True,
            local_labour=True,
            note="",
            accept=False,
        )
    evaluation = evaluation_precheck(
        actor=cast.officer_a,
        evaluation=evaluation,
        raw_material_origin=False,
        idea_origin=True,
        local_labour=True,
        note="Bổ sung nguồn nguyên liệu",
        accept=False,
    )
    assert evaluation.state == EvaluationState.RETURNED
    assert evaluation_submit(actor=cast.producer, evaluation=evaluation).state == EvaluationState.SUBMITTED


def test_a_dossier_without_five_samples_is_refused(cast, sheets):
    evaluation = make_evaluation(cast)
    evaluation.samples_count = 3
    evaluation.save()
    with pytest.raises(ServiceError, match="5"):
        evaluation_submit(actor=cast.producer, evaluation=evaluation)


def test_scores_only_from_council_members_while_scoring(cast, sheets):
    evaluation = make_evaluation(cast, upto="submitted")
    with pytest.raises(StateConflict):
        score_submit(actor=cast.ocop_council, evaluation=evaluation, choices=ALL_TOP)
    evaluation = make_evaluation(cast, upto="scoring", producer=evaluation.product.producer)
    with pytest.raises(PermissionDenied):
        score_submit(actor=cast.coordinator, evaluation=evaluation, choices=ALL_TOP)
    with pytest.raises(ServiceError, match=r"B\.1\.1"):
        score_submit(actor=cast.ocop_council, evaluation=evaluation, choices={"A.1.1": "a"})


def test_closing_needs_three_members(cast, sheets):
    evaluation = make_evaluation(cast, upto="scoring")
    member, *_rest = council_members(cast, 1)
    score_submit(actor=member, evaluation=evaluation, choices=ALL_TOP)
    with pytest.raises(ServiceError, match="3"):
        scoring_close(actor=cast.coordinator, evaluation=evaluation)


def test_a_used_sheet_version_is_frozen(cast, sheets):
    make_evaluation(cast)
    with pytest.raises(ServiceError, match="phiên bản mới"):
        sheet_load(data=test_sheet_toml(threshold=5))
    assert sheet_load(data=test_sheet_toml(threshold=5, version="2")).version == "2"
    assert ScoreSheet.objects.filter(code="thu-nghiem").count() == 2


def test_a_producer_sees_only_its_own_records(cast, sheets):
    mine = make_evaluation(cast)
    other_owner_producer = make_producer(cast, owner=None, name="Hộ kinh doanh khác")
    other_owner_producer.owner = None
    other_owner_producer.save()
    other = make_evaluation(cast, producer=other_owner_producer)
    assert list(evaluations_visible(cast.producer)) == [mine]
    assert set(products_visible(cast.officer_a)) == {mine.product, other.product}
    assert not products_visible(cast.officer_b).exists()
    assert products_visible(cast.auditor).count() == 2
    assert not evaluations_visible(cast.front).exists()


def test_account_request_approved_by_the_commune(cast):
    data = {
        "name": "Tổ hợp tác Tiêu Long Phước",
        "kind": ProducerKind.COOPERATIVE_GROUP,
        "address": "Ấp 2",
        "representative": "Ông Tiêu",
        "email": "",
    }
    producer = producer_request(
        data=data, unit=cast.commune_a, username="thttieu", password="Mat-khau-rat-dai-2026"
    )
    assert not producer.owner.is_active
    assert Notification.objects.filter(user=cast.officer_a).exists()
    with pytest.raises(PermissionDenied):
        producer_approve(actor=cast.officer_b, producer=producer)
    producer_approve(actor=cast.officer_a, producer=producer)
    producer.refresh_from_db()
    assert producer.status == ProducerStatus.APPROVED and producer.owner.is_active
    assert producer.owner.has_role("producer")
    with pytest.raises(StateConflict):
        producer_refuse(actor=cast.officer_a, producer=producer, reason="x")
    with pytest.raises(ServiceError):
        producer_request(data=data, unit=cast.commune_a, username="THTTIEU", password="Mat-khau-rat-dai-2026")
    assert Producer.objects.count() == 1


def test_expiry_reminder_thirty_days_before_once_with_a_frozen_clock(cast, sheets):
    evaluation = make_evaluation(cast, upto="decided")  # certificate issued 2/3/2026, expires 2/3/2029
    certificate = Certificate.objects.get(product=evaluation.product)
    with time_machine.travel(dt.datetime(2029, 1, 30, 8, tzinfo=dt.UTC), tick=False):
        call_command("run_scheduled")
    assert not Notification.objects.filter(key=f"ocop.expiry.{certificate.pk}").exists()
    with time_machine.travel(dt.datetime(2029, 1, 31, 8, tzinfo=dt.UTC), tick=False):
        call_command("run_scheduled")
        call_command("run_scheduled")  # idempotent
    reminded = Notification.objects.filter(key=f"ocop.expiry.{certificate.pk}")
    assert {n.user for n in reminded} == {cast.producer, cast.coordinator}
    certificate.refresh_from_db()
    assert certificate.reminder_sent_on == dt.date(2029, 1, 31)
    assert "0 OCOP" in expiry_reminders(dt.datetime(2029, 2, 1, tzinfo=dt.UTC))


def test_revocation_keeps_the_certificate_with_its_reason(cast, sheets):
    evaluation = make_evaluation(cast, upto="decided")
    certificate = Certificate.objects.get(product=evaluation.product)
    with pytest.raises(PermissionDenied):
        certificate_revoke(
            actor=cast.officer_a,
            certificate=certificate,
            reason=RevocationReason.STOPPED,
            note="",
            on=dt.date(2027, 1, 1),
        )
    with pytest.raises(ServiceError):
        certificate_revoke(
            actor=cast.coordinator, certificate=certificate, reason="nope", note="", on=dt.date(2027, 1, 1)
        )
    certificate_revoke(
        actor=cast.coordinator,
        certificate=certificate,
        reason=RevocationReason.STOPPED,
        note="",
        on=dt.date(2027, 1, 1),
    )
    certificate.refresh_from_db()
    assert certificate.revoked_on == dt.date(2027, 1, 1) and not certificate.in_force(dt.date(2027, 6, 1))
    with pytest.raises(StateConflict):
        certificate_revoke(
            actor=cast.coordinator,
            certificate=certificate,
            reason=RevocationReason.STOPPED,
            note="",
            on=dt.date(2027, 1, 2),
        )


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert add_months(dt.date(2026, 3, 2), 36) == dt.date(2029, 3, 2)
    assert add_months(dt.date(2024, 2, 29), 36) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
