"""The evaluation cycle of QĐ 148/QĐ-TTg as amended by QĐ 1489/QĐ-TTg, run from the cycle file an evaluation is
pinned to (``ntm.ocop.cycle``, ``ntm/ocop/procedures``): the file says which steps there are and in which order,
who acts at each and which papers the dossier must hold; each step is one audited service. The shipped file:
registration dossier → the commune's pre-check → the provincial council's independent scores → average and star →
the province's decision for 3★-4★ → a product of ≥ 90 points proposed to the ministry, whose decision is recorded.
"""

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
from ntm.ocop import cycle as cycle_file
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
from ntm.ocop.services.cycles import cycle_for_new, cycle_of
from ntm.ocop.services.tourism import inspection_required

MIN_COUNCIL_SCORES = 3  # a working rule of this system: the average needs at least three members' sheets

PRODUCT_FIELDS = ("name", "description", "where_to_buy", "shop_url")
DOSSIER_FIELDS = ("product_description", "samples_count", "quality_declaration", "evidence_note")


def _may(actor, evaluation: Evaluation, *roles: str) -> bool:
    return (
        Evaluation.objects.restrict(actor, CHANGE, area=OCOP, roles=set(roles))
        .filter(pk=evaluation.pk)
        .exists()
    )


def _acts(actor, evaluation: Evaluation, role: str) -> bool:
    """Does ``actor`` act as ``role`` (named by the cycle file) on this evaluation? A producer acts on its own."""
    if role == Role.PRODUCER:
        return owns(actor, evaluation.product.producer)
    return bool(role) and _may(actor, evaluation, role)


def _at_step(evaluation: Evaluation, code: str) -> tuple[Evaluation, cycle_file.Cycle, cycle_file.Step]:
    """Lock the evaluation and check that its cycle is at step ``code`` now."""
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("product__producer", "product__category", "sheet", "cycle")
        .get(pk=evaluation.pk)
    )
    cycle = cycle_of(evaluation)
    current = cycle.current(evaluation.state, awaiting_central=awaiting_central(evaluation))
    if current.code != code:
        expected = cycle.step(code) if cycle.has(code) else None
        raise StateConflict(
            _("This evaluation is at the step “%(current)s”: the action is not possible now.")
            % {"current": current.name}
            if expected is not None
            else _("The evaluation cycle of this evaluation has no such step."),
            expected_state=cycle_file.STEP_STATES.get(code, (code,))[0],
            actual_state=evaluation.state,
        )
    return evaluation, cycle, current


def awaiting_central(evaluation: Evaluation) -> bool:
    """Proposed to the ministry and its decision not yet recorded."""
    return (
        evaluation.propose_national
        and evaluation.state == EvaluationState.DECIDED
        and not evaluation.decisions.filter(level=DecisionLevel.CENTRAL).exists()
    )


def _people(role: str, evaluation: Evaluation):
    """Who holds ``role`` over the producer's commune (its own unit or a unit above it)."""
    unit = evaluation.product.producer.unit
    if role == Role.PRODUCER:
        owner = evaluation.product.producer.owner
        return [owner] if owner is not None else []
    paths = [unit.tree_path[:end] for end in range(1, len(unit.tree_path) + 1)]
    return User.objects.filter(
        role_assignments__role=role,
        role_assignments__is_active=True,
        role_assignments__unit__tree_path__in=paths,
        is_active=True,
    ).distinct()


def _enter(
    evaluation: Evaluation, cycle: cycle_file.Cycle, step: cycle_file.Step, *, actor, key: str
) -> None:
    """Move the evaluation to ``step`` and tell whoever acts there."""
    evaluation.state = cycle_file.entry_state(step)
    if step.terminal or not step.role:
        return
    notify(
        users=_people(step.role, evaluation),
        text=_("OCOP: “%(product)s” awaits the step “%(step)s”.")
        % {"product": evaluation.product.name, "step": step.name},
        link=f"/ocop/quan-ly/danh-gia/{evaluation.pk}/",
        key=key,
    )


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
    cycle = cycle_for_new(timezone.localdate())
    product = Product.objects.create(
        producer=producer, category=category, **{k: data.get(k) or "" for k in PRODUCT_FIELDS}
    )
    evaluation = Evaluation.objects.create(
        product=product,
        sheet=sheet,
        cycle=cycle,
        year=year,
        **{k: data[k] for k in DOSSIER_FIELDS if k in data},
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


def dossier_problems(evaluation: Evaluation, step: cycle_file.Step) -> list[str]:
    """What the dossier step of the cycle file still asks for: the description, the samples (not for the
    groups the file exempts) and the papers the file marks required."""
    problems = []
    if not evaluation.product_description.strip():
        problems.append(_("Describe the product in the dossier."))
    needed = step.samples_needed(evaluation.product.category.group.code)
    if evaluation.samples_count < needed:
        problems.append(
            _("The dossier needs %(n)s product samples (services are checked on site instead).")
            % {"n": needed}
        )
    present = set(evaluation.files.values_list("kind", flat=True))
    for paper in step.required_documents:
        if paper.code not in present:
            problems.append(_("The dossier needs this paper: %(paper)s.") % {"paper": paper.name})
    return problems


@transaction.atomic
def evaluation_submit(*, actor, evaluation: Evaluation) -> Evaluation:
    """The producer submits its dossier; it goes to the step after the dossier in the cycle file."""
    evaluation, cycle, step = _at_step(evaluation, cycle_file.DOSSIER)
    if not _acts(actor, evaluation, step.role):
        raise PermissionDenied(_("Only the producer submits its dossier."))
    problems = dossier_problems(evaluation, step)
    if problems:
        raise ServiceError(" ".join(problems), detail=problems)
    before = snapshot(evaluation)
    evaluation.submitted_at = timezone.now()
    _enter(
        evaluation,
        cycle,
        cycle.after(step.code),
        actor=actor,
        key=f"ocop.evaluation.submitted.{evaluation.pk}.{evaluation.submitted_at:%s}",
    )
    evaluation.save(update_fields=["state", "submitted_at"])
    audit_record(
        action="ocop.evaluation.submit",
        instance=evaluation,
        before=before,
        after=snapshot(evaluation),
        actor=actor,
        extra={"cycle": cycle.code},
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
    evaluation, cycle, step = _at_step(evaluation, cycle_file.COMMUNE_PRECHECK)
    if not _acts(actor, evaluation, step.role):
        raise PermissionDenied(_("Only the officer of the producer's commune pre-checks the dossier."))
    if not accept and not note.strip():
        raise ServiceError(_("Say what the producer must complete."))
    before = snapshot(evaluation)
    evaluation.precheck_raw_material_origin = raw_material_origin
    evaluation.precheck_idea_origin = idea_origin
    evaluation.precheck_local_labour = local_labour
    evaluation.precheck_note = note.strip()
    evaluation.prechecked_by, evaluation.prechecked_at = actor, timezone.now()
    if accept:
        _enter(
            evaluation,
            cycle,
            cycle.after(step.code),
            actor=actor,
            key=f"ocop.evaluation.prechecked.{evaluation.pk}.{evaluation.prechecked_at:%s}",
        )
    else:
        evaluation.state = EvaluationState.RETURNED
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
    evaluation, _cycle, step = _at_step(evaluation, cycle_file.PROVINCIAL_COUNCIL)
    if not _acts(actor, evaluation, step.role):
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
    evaluation, cycle, step = _at_step(evaluation, cycle_file.PROVINCIAL_COUNCIL)
    if not _acts(actor, evaluation, step.close_role):
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
    evaluation.state = cycle_file.entry_state(cycle.after(step.code))
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
    if level == DecisionLevel.CENTRAL:
        evaluation, _cycle, step = _at_step(evaluation, cycle_file.MINISTRY_PROPOSAL)
    elif level == DecisionLevel.PROVINCE:
        evaluation, _cycle, step = _at_step(evaluation, cycle_file.PROVINCIAL_DECISION)
    else:
        raise ServiceError(_("Decisions made from 1/7/2025 are the province's or the ministry's."))
    if not _acts(actor, evaluation, step.role):
        raise PermissionDenied(_("The province coordinator records decisions."))
    if not number.strip():
        raise ServiceError(_("Give the decision number."))
    # the ministry recognises its star; a province recognises the council's star up to the highest it may give
    highest = max(step.stars)
    star = highest if level == DecisionLevel.CENTRAL else min(evaluation.star or 0, highest)
    certified = star >= min(step.stars)
    if certified and not certificate_number.strip():
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
    if certified:
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
        cycle=cycle_for_new(today),
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
