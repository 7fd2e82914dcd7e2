"""The evaluation cycle of QĐ 148/QĐ-TTg as amended by QĐ 1489/QĐ-TTg (Annex II, from 6/7/2025):
the producer's registration dossier → the commune's pre-check → the provincial council's independent scores →
average and star → the province's decision for 3★-4★ (a product of ≥ 90 points is proposed to the ministry, whose
decision is recorded at the central level). Each step is one audited service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.models import User
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.notifications import notify
from ntm.core.permissions import CHANGE, OCOP
from ntm.ocop.models import (
    CERTIFICATE_MONTHS,
    REEVALUATION_WINDOW_DAYS,
    Category,
    Certificate,
    Decision,
    DecisionLevel,
    Evaluation,
    EvaluationState,
    MemberScore,
    Producer,
    Product,
    add_months,
)
from ntm.ocop.scoring import ScoringError, council_result, member_total, missing_values
from ntm.ocop.selectors import owns, sheet_for
from ntm.ocop.services.tourism import inspection_required

SAMPLES_REQUIRED = 5  # product samples in the registration dossier (not for services, group VI)
SERVICE_GROUP = "VI"
MIN_COUNCIL_SCORES = 3  # a working rule of this system: the average needs at least three members' sheets

PRODUCT_FIELDS = ("name", "description", "where_to_buy", "shop_url")
DOSSIER_FIELDS = ("product_description", "samples_count", "quality_declaration", "evidence_note")


def _lock(evaluation: Evaluation, *expected: str) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_for_update()
        .select_related("product__producer", "sheet")
        .get(pk=evaluation.pk)
    )
    if evaluation.state not in expected:
        raise StateConflict(
            _("This evaluation is “%(state)s”: the action is not possible now.")
            % {"state": evaluation.get_state_display()},
            expected_state=expected[0],
            actual_state=evaluation.state,
        )
    return evaluation


def _may(actor, evaluation: Evaluation, *roles: str) -> bool:
    return (
        Evaluation.objects.restrict(actor, CHANGE, area=OCOP, roles=set(roles))
        .filter(pk=evaluation.pk)
        .exists()
    )


def _province_people(evaluation: Evaluation):
    return User.objects.filter(
        role_assignments__role=Role.PROVINCE_COORDINATOR, role_assignments__is_active=True, is_active=True
    ).distinct()


@transaction.atomic
def product_register(*, actor, producer: Producer, category: Category, data: dict, year: int) -> Evaluation:
    """The producer's product and its registration dossier (a draft until submitted)."""
    if not (owns(actor, producer) or _may_coordinate(actor, producer)):
        raise PermissionDenied(_("Only the producer (or the province coordinator) registers its products."))
    if category.children.exists():
        raise ServiceError(_("Choose a sub-group (the last level of the list)."))
    if not (data.get("name") or "").strip():
        raise ServiceError(_("Give the product a name."))
    sheet = sheet_for(category)
    if sheet is None:
        raise ServiceError(_("No score sheet is loaded for this sub-group yet: ask the province."))
    product = Product.objects.create(
        producer=producer, category=category, **{k: data.get(k) or "" for k in PRODUCT_FIELDS}
    )
    evaluation = Evaluation.objects.create(
        product=product, sheet=sheet, year=year, **{k: data[k] for k in DOSSIER_FIELDS if k in data}
    )
    audit_record(
        action="ocop.product.register",
        instance=product,
        after=snapshot(product),
        actor=actor,
        unit=producer.unit,
    )
    audit_record(
        action="ocop.evaluation.create",
        instance=evaluation,
        after=snapshot(evaluation),
        actor=actor,
        unit=producer.unit,
    )
    return evaluation


def _may_coordinate(actor, producer: Producer) -> bool:
    return (
        Producer.objects.restrict(actor, CHANGE, area=OCOP, roles={Role.PROVINCE_COORDINATOR})
        .filter(pk=producer.pk)
        .exists()
    )


@transaction.atomic
def evaluation_submit(*, actor, evaluation: Evaluation) -> Evaluation:
    evaluation = _lock(evaluation, EvaluationState.DRAFT, EvaluationState.RETURNED)
    if not owns(actor, evaluation.product.producer):
        raise PermissionDenied(_("Only the producer submits its dossier."))
    is_service = evaluation.product.category.group.code == SERVICE_GROUP
    if not is_service and evaluation.samples_count < SAMPLES_REQUIRED:
        raise ServiceError(
            _("The dossier needs %(n)s product samples (services are checked on site instead).")
            % {"n": SAMPLES_REQUIRED}
        )
    if not evaluation.product_description.strip():
        raise ServiceError(_("Describe the product in the dossier."))
    before = snapshot(evaluation)
    evaluation.state, evaluation.submitted_at = EvaluationState.SUBMITTED, timezone.now()
    evaluation.save(update_fields=["state", "submitted_at"])
    audit_record(
        action="ocop.evaluation.submit",
        instance=evaluation,
        before=before,
        after=snapshot(evaluation),
        actor=actor,
    )
    unit = evaluation.product.producer.unit
    notify(
        users=User.objects.filter(
            role_assignments__role=Role.COMMUNE_OFFICER,
            role_assignments__unit=unit,
            role_assignments__is_active=True,
        ),
        text=_("OCOP: the dossier of “%(product)s” awaits the commune's pre-check.")
        % {"product": evaluation.product.name},
        link=f"/ocop/quan-ly/danh-gia/{evaluation.pk}/",
        key=f"ocop.evaluation.submitted.{evaluation.pk}.{evaluation.submitted_at:%s}",
    )
    return evaluation


@transaction.atomic
def evaluation_precheck(
    *,
    actor,
    evaluation: Evaluation,
    raw_material_origin: bool,
    idea_origin: bool,
    local_labour: bool,
    note: str,
    accept: bool,
) -> Evaluation:
    """The commune's pre-check of the dossier (QĐ 1489/QĐ-TTg): accepted, it goes to the provincial council;
    returned, the producer completes it and submits again."""
    evaluation = _lock(evaluation, EvaluationState.SUBMITTED)
    if not _may(actor, evaluation, Role.COMMUNE_OFFICER):
        raise PermissionDenied(_("Only the officer of the producer's commune pre-checks the dossier."))
    if not accept and not note.strip():
        raise ServiceError(_("Say what the producer must complete."))
    before = snapshot(evaluation)
    evaluation.precheck_raw_material_origin = raw_material_origin
    evaluation.precheck_idea_origin = idea_origin
    evaluation.precheck_local_labour = local_labour
    evaluation.precheck_note = note.strip()
    evaluation.prechecked_by, evaluation.prechecked_at = actor, timezone.now()
    evaluation.state = EvaluationState.SCORING if accept else EvaluationState.RETURNED
    evaluation.save()
    audit_record(
        action="ocop.evaluation.precheck",
        instance=evaluation,
        before=before,
        after=snapshot(evaluation),
        actor=actor,
    )
    owner = evaluation.product.producer.owner
    if owner is not None:
        text = (
            _("OCOP: the commune accepted the dossier of “%(product)s”.")
            if accept
            else _("OCOP: the commune returned the dossier of “%(product)s”.")
        )
        notify(
            users=[owner],
            text=text % {"product": evaluation.product.name},
            link=f"/ocop/quan-ly/danh-gia/{evaluation.pk}/",
        )
    return evaluation


@transaction.atomic
def score_submit(*, actor, evaluation: Evaluation, choices: dict[str, str]) -> MemberScore:
    """One council member's independent score (replaced while the council is still scoring)."""
    evaluation = _lock(evaluation, EvaluationState.SCORING)
    if not _may(actor, evaluation, Role.OCOP_COUNCIL_MEMBER):
        raise PermissionDenied(_("Only members of the OCOP council score products."))
    blocked = inspection_required(evaluation.product)
    if blocked:
        raise ServiceError(blocked)
    sheet = evaluation.sheet.parsed().sheet
    try:
        total = member_total(sheet, choices)
    except ScoringError as exc:
        raise ServiceError(
            _("The score cannot be saved:") + " " + "; ".join(exc.errors), detail=exc.errors
        ) from exc
    existing = MemberScore.objects.filter(evaluation=evaluation, member=actor).first()
    before = snapshot(existing) if existing else None
    score, _created = MemberScore.objects.update_or_create(
        evaluation=evaluation, member=actor, defaults={"choices": dict(choices), "total": total}
    )
    audit_record(
        action="ocop.score.submit",
        instance=score,
        before=before,
        after=snapshot(score),
        actor=actor,
        unit=evaluation.product.producer.unit,
    )
    return score


@transaction.atomic
def scoring_close(*, actor, evaluation: Evaluation, minimum: int = MIN_COUNCIL_SCORES) -> Evaluation:
    """Close the council's scoring: the average, the star, the disagreement flag and the proposal to the ministry."""
    evaluation = _lock(evaluation, EvaluationState.SCORING)
    if not _may(actor, evaluation, Role.PROVINCE_COORDINATOR):
        raise PermissionDenied(_("The province coordinator closes the council's scoring."))
    members = [score.choices for score in evaluation.scores.order_by("pk")]
    if len(members) < minimum:
        raise ServiceError(
            _("%(n)s council members have scored; at least %(minimum)s are needed.")
            % {"n": len(members), "minimum": minimum}
        )
    try:
        result = council_result(evaluation.sheet.parsed().sheet, members)
    except ScoringError as exc:
        raise ServiceError("; ".join(exc.errors), detail=exc.errors) from exc
    before = snapshot(evaluation)
    evaluation.average, evaluation.star = result.average, result.star
    evaluation.disagreement, evaluation.propose_national = result.disagreement, result.propose_national
    evaluation.state = EvaluationState.SCORED
    evaluation.save()
    audit_record(
        action="ocop.evaluation.scored",
        instance=evaluation,
        before=before,
        after=snapshot(evaluation),
        actor=actor,
        extra={
            "totals": [str(t) for t in result.totals],
            "failed_mandatory": {str(k): v for k, v in result.failed_mandatory.items()},
        },
    )
    return evaluation


def sheet_problems(evaluation: Evaluation) -> list[str]:
    return missing_values(evaluation.sheet.parsed().sheet)


@transaction.atomic
def decision_record(
    *,
    actor,
    evaluation: Evaluation,
    number: str,
    signed_on: dt.date,
    certificate_number: str,
    signer: str = "",
    level: str = DecisionLevel.PROVINCE,
) -> Decision:
    """The province's decision (3★-4★), or the ministry's (5★) for a product proposed with ≥ 90 points; a
    certified star issues a certificate valid 36 months. A star below 3 closes the evaluation without one."""
    evaluation = _lock(evaluation, EvaluationState.SCORED, EvaluationState.DECIDED)
    if not _may(actor, evaluation, Role.PROVINCE_COORDINATOR):
        raise PermissionDenied(_("The province coordinator records decisions."))
    if not number.strip():
        raise ServiceError(_("Give the decision number."))
    if level == DecisionLevel.CENTRAL:
        if not evaluation.propose_national:
            raise ServiceError(
                _("Only a product proposed with 90 points or more receives a central decision.")
            )
        star = 5
    elif level == DecisionLevel.PROVINCE:
        if evaluation.state == EvaluationState.DECIDED:
            raise StateConflict(
                _("The province has already decided on this evaluation."),
                expected_state=EvaluationState.SCORED,
                actual_state=evaluation.state,
            )
        star = min(evaluation.star or 0, 4)
    else:
        raise ServiceError(_("Decisions made from 1/7/2025 are the province's or the ministry's."))
    if star >= 3 and not certificate_number.strip():
        raise ServiceError(_("Give the certificate number."))
    before = snapshot(evaluation)
    decision = Decision.objects.create(
        evaluation=evaluation, number=number.strip(), signed_on=signed_on, level=level, signer=signer
    )
    audit_record(
        action="ocop.decision.record",
        instance=decision,
        after=snapshot(decision),
        actor=actor,
        unit=evaluation.product.producer.unit,
    )
    if star >= 3:
        certificate = Certificate.objects.create(
            product=evaluation.product,
            decision=decision,
            number=certificate_number.strip(),
            star=star,
            average=evaluation.average,
            issued_on=signed_on,
            expires_on=add_months(signed_on, CERTIFICATE_MONTHS),
            is_demo=evaluation.product.is_demo,
        )
        audit_record(
            action="ocop.certificate.issue",
            instance=certificate,
            after=snapshot(certificate),
            actor=actor,
            unit=evaluation.product.producer.unit,
        )
        evaluation.state = EvaluationState.DECIDED
    else:
        evaluation.state = EvaluationState.NOT_RANKED
    evaluation.save(update_fields=["state"])
    audit_record(
        action="ocop.evaluation.decided",
        instance=evaluation,
        before=before,
        after=snapshot(evaluation),
        actor=actor,
    )
    owner = evaluation.product.producer.owner
    if owner is not None:
        notify(
            users=[owner],
            text=_("OCOP: decision %(number)s on “%(product)s”.")
            % {"number": decision.number, "product": evaluation.product.name},
            link=f"/ocop/quan-ly/danh-gia/{evaluation.pk}/",
        )
    return decision


def points(value) -> Decimal:
    return Decimal(str(value))


@transaction.atomic
def reevaluation_register(*, actor, certificate: Certificate, year: int, today: dt.date) -> Evaluation:
    """A new evaluation of a certified product whose certificate expires within the window or has expired: a
    draft dossier on the sheet in use today, linked to the certificate it renews. The earlier evaluations,
    scores, decisions and certificates stay as they are (the product's history)."""
    certificate = (
        Certificate.objects.select_for_update().select_related("product__producer").get(pk=certificate.pk)
    )
    product = certificate.product
    if not (owns(actor, product.producer) or _may_coordinate(actor, product.producer)):
        raise PermissionDenied(_("Only the producer or the province coordinator opens a re-evaluation."))
    if certificate.revoked_on is not None:
        raise ServiceError(_("This certificate is revoked: register the product anew instead."))
    if certificate.expires_on > today + dt.timedelta(days=REEVALUATION_WINDOW_DAYS):
        raise ServiceError(
            _("A re-evaluation opens %(days)s days before the certificate expires (on %(date)s).")
            % {"days": REEVALUATION_WINDOW_DAYS, "date": certificate.expires_on.strftime("%d/%m/%Y")}
        )
    newer = Certificate.objects.filter(product=product, issued_on__gt=certificate.issued_on).exists()
    open_one = certificate.reevaluations.exclude(state=EvaluationState.NOT_RANKED).first()
    if newer or open_one is not None:
        raise StateConflict(
            _("This certificate is already being renewed."),
            expected_state="due",
            actual_state="renewing",
        )
    sheet = sheet_for(product.category)
    if sheet is None:
        raise ServiceError(_("No score sheet is loaded for this sub-group yet: ask the province."))
    previous = product.evaluations.order_by("-pk").first()
    evaluation = Evaluation.objects.create(
        product=product,
        sheet=sheet,
        year=year,
        is_reevaluation=True,
        renews=certificate,
        product_description=previous.product_description if previous else product.description,
    )
    audit_record(
        action="ocop.evaluation.reevaluate",
        instance=evaluation,
        after=snapshot(evaluation),
        actor=actor,
        unit=product.producer.unit,
        extra={"certificate": certificate.number},
    )
    owner = product.producer.owner
    if owner is not None and owner != actor:
        notify(
            users=[owner],
            text=_("OCOP: a re-evaluation dossier for “%(product)s” is open; complete it and submit it.")
            % {"product": product.name},
            link=f"/ocop/quan-ly/danh-gia/{evaluation.pk}/",
        )
    return evaluation
