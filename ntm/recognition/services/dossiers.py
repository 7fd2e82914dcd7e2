"""Writes of the dossier workflow: opening a dossier, transitions, documents, the posting log, answers to returns,
the survey result, the council and its votes, decision details. Each one transaction, audited, one thread event.

Transitions lock the dossier row (``select_for_update``) and then move it with a conditional UPDATE on the expected
state and revision, so of two officers acting at once exactly one wins; the other gets ``StateConflict`` (409).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.models import User
from ntm.assessment.selectors.assessments import computed_value
from ntm.assessment.services import check_subject
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.uploads import attach
from ntm.core.vocabulary import LEVEL_RANK, REVOKED
from ntm.councils import selectors as council_selectors
from ntm.councils import services as council_services
from ntm.councils.models import CouncilKind, CouncilMember, CouncilVote
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.services import criteria_set_freeze
from ntm.recognition import notifications, selectors
from ntm.recognition import procedure as procedure_file
from ntm.recognition.models import (
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierKind,
    EventKind,
    PostingEntry,
    PostingMethod,
    ProcedureVersion,
    ReturnReason,
    SignerPosition,
)
from ntm.recognition.services.procedures import council_quorum, council_threshold, effective_procedure
from ntm.recognition.snapshots import build_snapshot, dossier_evaluation
from ntm.status.models import RecordSource, StatusRecord
from ntm.status.selectors import official_status_of
from ntm.status.services import status_record_create, status_record_publish
from ntm.units.models import AdministrativeUnit

_DOSSIER_FIELDS = ("state", "revision", "is_open", "outcome", "due_at", "submitted_at", "status_record")


def _event(
    dossier: Dossier, kind: str, actor, *, action="", from_state="", to_state="", comment="", data=None
):
    return DossierEvent.objects.create(
        dossier=dossier,
        kind=kind,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor if getattr(actor, "pk", None) else None,
        comment=comment,
        data=data or {},
    )


def _require_open(dossier: Dossier) -> None:
    if not dossier.is_open:
        raise StateConflict(
            _("The dossier is closed; it can no longer be changed."),
            expected_state="open",
            actual_state=dossier.state,
        )


def _require_step_worker(actor, dossier: Dossier, procedure: procedure_file.Procedure) -> None:
    if not selectors.may_work_on_step(actor, dossier, procedure):
        raise PermissionDenied(_("Your role does not work on the current step of this dossier."))


# --- Opening a dossier ---------------------------------------------------------------------------------------


def dossier_create(
    *,
    unit: AdministrativeUnit,
    criteria_version: CriteriaSetVersion,
    year: int,
    procedure_version: ProcedureVersion,
    actor,
    note: str = "",
) -> Dossier:
    """Open a dossier for one unit, one year and one set version, pinned to ``procedure_version``.

    A recognition dossier targets the level the set grants; a revocation dossier targets the unit's standing
    recognition (from the register). Refuses a unit of the wrong structure or type, a year outside the set's
    period, an actor who may not open it, and a second open dossier for the same unit, level and year."""
    procedure = procedure_version.parsed()
    revokes = None
    if procedure.kind == DossierKind.REVOCATION:
        if not selectors.may_act(actor, unit.pk, [Role.PROVINCE_COORDINATOR]):
            raise PermissionDenied(_("Only the province Coordination Office opens a revocation dossier."))
        current = official_status_of([unit])[unit.pk]
        if current.level not in LEVEL_RANK or current.record is None:
            raise ServiceError(
                _("%(unit)s has no recognition decision in force to revoke.") % {"unit": unit.name}
            )
        revokes, target_level = current.record, REVOKED
    else:
        roles = {Role.PROVINCE_COORDINATOR, *procedure.steps[0].all_roles}
        if not selectors.may_act(actor, unit.pk, roles):
            raise PermissionDenied(_("Your role cannot open a dossier for this unit."))
        target_level = criteria_version.grants_level
    if unit.structure != procedure.unit_structure:
        raise ServiceError(
            _(
                "Procedure “%(procedure)s” applies to units of the structure %(structure)s; %(unit)s is not one of them."
            )
            % {
                "procedure": procedure.name,
                "structure": _("from 1/7/2025")
                if procedure.unit_structure == "2025"
                else _("before 1/7/2025"),
                "unit": unit.name,
            }
        )
    criteria_set = criteria_version.criteria_set()
    check_subject(unit, criteria_set)
    if not criteria_set.year_from <= year <= criteria_set.year_to:
        raise ServiceError(
            _("Year %(year)s is outside the criteria set's period %(start)s-%(end)s.")
            % {"year": year, "start": criteria_set.year_from, "end": criteria_set.year_to}
        )
    if year > timezone.localdate().year:
        raise ServiceError(_("The year under review cannot be in the future."))
    now = timezone.now()
    effective = effective_procedure(procedure_version)
    first = effective.steps[0]
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                unit=unit,
                kind=procedure.kind,
                target_level=target_level,
                year=year,
                criteria_version=criteria_version,
                procedure=procedure_version,
                state=first.code,
                state_entered_at=now,
                due_at=procedure_file.due_on(now, first.time_limit),
                revokes=revokes,
                note=note.strip()[:500],
                created_by=actor,
            )
            _event(dossier, EventKind.CREATED, actor, to_state=first.code)
            audit_record(action="dossier.create", instance=dossier, after=snapshot(dossier), actor=actor)
            notifications.notify_step(dossier, effective, exclude=actor)
    except IntegrityError:
        raise ServiceError(
            _(
                "%(unit)s already has an open dossier for this level and year %(year)s; open that dossier to go on."
            )
            % {"unit": unit.name, "year": year}
        ) from None
    return dossier


# --- Transitions ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    criterion: str
    text: str


def dossier_transition(
    *,
    dossier_id: int,
    action: str,
    expected_state: str,
    actor,
    comment: str = "",
    reasons: Iterable[Reason] = (),
    override_reason: str = "",
) -> Dossier:
    """Take ``action`` on the dossier if it is still in ``expected_state``.

    409 (StateConflict): the state is not ``expected_state``, or the current step does not offer the action.
    403 (PermissionDenied): the actor's role may not take it. 400 (ServiceError): a check fails (missing documents,
    posting rule, survey, council vote, unanswered returns, missing reasons). Nothing changes on refusal."""
    comment = (comment or "").strip()
    reasons = [Reason(r.criterion.strip(), r.text.strip()) for r in reasons if r.text and r.text.strip()]
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("unit", "procedure")
            .get(pk=dossier_id)
        )
        if dossier.state != expected_state:
            raise StateConflict(
                _(
                    "The dossier is no longer at the expected step (“%(expected)s”): it is now at “%(actual)s”. "
                    "Someone else may have just acted on it; reload the page."
                )
                % {"expected": expected_state, "actual": dossier.state},
                expected_state=expected_state,
                actual_state=dossier.state,
            )
        procedure = effective_procedure(dossier.procedure)
        try:
            target = procedure_file.next_state(procedure, dossier.state, action)
        except procedure_file.TransitionRefused as exc:
            raise StateConflict(
                exc.message, expected_state=expected_state, actual_state=dossier.state
            ) from None
        step = procedure.step(dossier.state)
        if not selectors.may_act(actor, dossier.unit_id, step.roles_for(action)):
            raise PermissionDenied(
                _("Your role may not take this action at the step “%(step)s”.") % {"step": step.name}
            )
        kind = procedure_file.action_kind(action)
        data: dict = {}
        if kind == procedure_file.RETURN:
            if not reasons:
                raise ServiceError(
                    _("Returning a dossier needs at least one reason (per criterion or general).")
                )
        elif kind == procedure_file.CLOSE and not comment:
            raise ServiceError(_("Write the reason when closing a dossier this way."))
        if step.council_vote and action in ("approve", "reject"):
            data["tally"] = _check_vote(dossier, step, action)
        if kind == procedure_file.FORWARD:
            _check_forward(dossier, procedure, step)
        before = snapshot(dossier, _DOSSIER_FIELDS)
        effects = step.effects_of(action)
        override = _check_override(dossier, effects, (override_reason or "").strip())
        if override:
            data["override"] = override
        if "snapshot" in effects:
            data["snapshot"] = _take_snapshot(dossier, actor)
        if "decision" in effects:
            record = _record_decision(dossier, step, actor)
            dossier.status_record = record
            data["status_record"] = record.pk
        if "announce" in effects:
            _announce(dossier, actor)
        target_step = procedure.step(target)
        now = timezone.now()
        changes = {
            "state": target,
            "state_entered_at": now,
            "due_at": None if target_step.terminal else procedure_file.due_on(now, target_step.time_limit),
            "revision": F("revision") + 1,
            "is_open": not target_step.terminal,
            "outcome": target_step.outcome if target_step.terminal else "",
            "status_record": dossier.status_record,
        }
        if target_step.council_vote:
            changes["council_round"] = F("council_round") + 1
        if "snapshot" in effects:
            changes["snapshot"] = data["snapshot"]
            changes["submitted_at"] = now
        moved = Dossier.objects.filter(pk=dossier.pk, state=expected_state, revision=dossier.revision).update(
            **changes
        )
        if moved != 1:
            raise StateConflict(
                _("Someone else has just moved the dossier to another step; reload the page."),
                expected_state=expected_state,
                actual_state=Dossier.objects.values_list("state", flat=True).get(pk=dossier.pk),
            )
        dossier.refresh_from_db()
        event = _event(
            dossier,
            EventKind.TRANSITION,
            actor,
            action=action,
            from_state=expected_state,
            to_state=target,
            comment=comment,
            data=data,
        )
        for reason in reasons:
            ReturnReason.objects.create(
                dossier=dossier, event=event, criterion=reason.criterion, reason=reason.text
            )
        audit_record(
            action=f"dossier.{action}",
            instance=dossier,
            before=before,
            after=snapshot(dossier, _DOSSIER_FIELDS),
            extra={
                "comment": comment,
                "reasons": [r.__dict__ for r in reasons],
                "event": event.pk,
                **({"override": data["override"]} if "override" in data else {}),
            },
            actor=actor,
        )
        if target_step.survey and not dossier.survey_result:
            _attach_survey(dossier, actor, automatic=True)
        notifications.notify_transition(dossier, procedure, event, exclude=actor)
    return dossier


def _check_override(dossier: Dossier, effects, reason: str) -> dict | None:
    """A recognition decision on a dossier whose evaluation does not reach the set's level needs an explicit
    override with its reason (recorded on the event and in the audit log); without one it is refused."""
    evaluation, _frozen = dossier_evaluation(dossier)
    if not selectors.needs_override(dossier, effects, evaluation):
        return None
    met, total = evaluation.get("criteria_met"), evaluation.get("criteria_total")
    if not reason:
        raise ServiceError(
            _(
                "The dossier's evaluation does not meet the criteria set (%(met)s of %(total)s criteria met). "
                "Recording the recognition needs an explicit override: write its reason (e.g. the Council's "
                "conclusion and the document that supports it)."
            )
            % {"met": met, "total": total}
        )
    return {"reason": reason, "criteria_met": met, "criteria_total": total}


def _check_forward(dossier: Dossier, procedure: procedure_file.Procedure, step: procedure_file.Step) -> None:
    problems = []
    missing = selectors.missing_documents(dossier, step)
    if missing:
        problems.append(
            _("Required documents are missing: %(documents)s.")
            % {"documents": "; ".join(spec.name for spec in missing)}
        )
    if dossier.return_reasons.filter(answered_at__isnull=True).exists():
        problems.append(
            _("Some return reasons are not answered yet; answer each reason before sending it on.")
        )
    if step.posting_rule:
        dates = dossier.postings.filter(step_code=step.code).values_list("posted_on", flat=True)
        verdict = procedure_file.check_posting(dates, step.posting_rule)
        if not verdict.ok:
            problems.append(
                _("The public posting log does not meet the rule: %(problem)s") % {"problem": verdict.message}
            )
    if step.survey:
        has_document = (
            bool(step.survey.document)
            and dossier.documents.filter(is_active=True, code=step.survey.document).exists()
        )
        if not dossier.survey_result and not has_document:
            problems.append(
                _(
                    "There is no satisfaction survey result yet: attach the result of a closed survey round or upload the report."
                )
            )
    decides = any("decision" in names for _a, names in step.effects)
    if decides and (not dossier.decision_number or not dossier.decision_date):
        problems.append(_("The decision's number and date are not recorded yet."))
    if problems:
        raise ServiceError(" ".join(problems), detail=problems)


def _check_vote(dossier: Dossier, step: procedure_file.Step, action: str) -> dict:
    threshold = council_threshold(dossier.procedure, step.code)
    if threshold is None:
        raise ServiceError(
            _(
                "The appraisal Council's vote threshold is not configured for this procedure; the Coordination "
                "Office must enter it (from the official document) before the votes are counted."
            )
        )
    quorum = council_quorum(dossier.procedure, step.code)
    if quorum is None:
        raise ServiceError(
            _(
                "The appraisal Council's quorum is not configured for this procedure; the Coordination Office must "
                "enter it (from the official document) before the votes are counted."
            )
        )
    result = council_selectors.tally_of(
        dossier.council,
        dossier,
        dossier.council_round,
        threshold=threshold,
        basis=step.council_vote.basis,
        rule=selectors.VOTE_RULE,
    )
    if not result.cast:
        raise ServiceError(_("The Council has cast no vote yet."))
    if result.cast * 100 < quorum * result.members:
        raise ServiceError(
            _(
                "Only %(cast)s of the %(members)s sitting members have voted; the quorum is %(quorum)s%% of the "
                "members. The votes cannot be counted yet."
            )
            % {"cast": result.cast, "members": result.members, "quorum": quorum.normalize()}
        )
    if action == "approve" and not result.passed:
        raise ServiceError(
            _("The vote result %(share)s%% is below the threshold %(threshold)s%%; it cannot pass.")
            % {"share": result.share_text, "threshold": result.threshold}
        )
    if action == "reject" and result.passed:
        raise ServiceError(
            _("The vote result %(share)s%% has reached the threshold %(threshold)s%%.")
            % {"share": result.share_text, "threshold": result.threshold}
        )
    return {
        "members": result.members,
        "agree": result.agree,
        "disagree": result.disagree,
        "cast": result.cast,
        "share": result.share_text,
        "threshold": str(result.threshold),
        "basis": result.basis,
        "passed": result.passed,
        "round": dossier.council_round,
    }


def _take_snapshot(dossier: Dossier, actor) -> dict:
    """Freeze the unit-year's values, evidence list and evaluation into the dossier, and the set version."""
    data = build_snapshot(dossier)
    criteria_set_freeze(
        version=dossier.criteria_version,
        actor=actor,
        reason=_("Dossier #%(number)s (%(unit)s)") % {"number": dossier.pk, "unit": dossier.unit.name},
    )
    return data


def _decision_document(dossier: Dossier, spec: procedure_file.DecisionSpec) -> ContentFile | None:
    if not spec.document:
        return None
    document = dossier.documents.filter(is_active=True, code=spec.document).order_by("-uploaded_at").first()
    if document is None:
        return None
    with document.file.open("rb") as handle:
        return ContentFile(handle.read(), name=document.original_name)


def _record_decision(dossier: Dossier, step: procedure_file.Step, actor) -> StatusRecord:
    """The decision effect: one record in the register with source "workflow" (unpublished until announced)."""
    spec = step.decision
    revocation = dossier.kind == DossierKind.REVOCATION
    if revocation and (dossier.revokes is None or dossier.revokes.revoked_by.exists()):
        raise ServiceError(_("The recognition decision to revoke is no longer in force in the register."))
    return status_record_create(
        unit=dossier.unit,
        level=REVOKED if revocation else dossier.target_level,
        decision_number=dossier.decision_number,
        decision_date=dossier.decision_date,
        source=RecordSource.WORKFLOW,
        criteria_set=dossier.criteria_version.ref,
        signer=dossier.decision_signer or spec.signer_title,
        issuing_body=spec.issuing_body,
        note=_("Dossier #%(number)s") % {"number": dossier.pk},
        revokes=dossier.revokes if revocation else None,
        document=_decision_document(dossier, spec),
        is_published=False,
        actor=actor,
    )


def _announce(dossier: Dossier, actor) -> None:
    record = dossier.status_record
    if record is None:
        raise ServiceError(_("There is no decision in the register to publish yet."))
    status_record_publish(record=record, actor=actor, extra={"dossier": dossier.pk})


# --- Work inside a step --------------------------------------------------------------------------------------


def _locked(dossier: Dossier) -> tuple[Dossier, procedure_file.Procedure]:
    locked = (
        Dossier.objects.select_for_update(of=("self",)).select_related("unit", "procedure").get(pk=dossier.pk)
    )
    _require_open(locked)
    return locked, effective_procedure(locked.procedure)


def dossier_document_add(
    *,
    dossier: Dossier,
    code: str,
    upload: UploadedFile,
    actor,
    author: str = "",
    number: str = "",
    note: str = "",
) -> DossierDocument:
    """Add a document (PDF, image or Office file, checked by content and size) to the current step."""
    with transaction.atomic():
        dossier, procedure = _locked(dossier)
        _require_step_worker(actor, dossier, procedure)
        names = dict(selectors.document_choices(procedure, dossier.state))
        if code not in names:
            raise ServiceError(_("Document “%(code)s” is not in this step's list.") % {"code": code})
        document = DossierDocument(
            dossier=dossier,
            step_code=dossier.state,
            code=code,
            name=names[code],
            author=author.strip()[:200],
            number=number.strip()[:60],
            note=note.strip()[:500],
            uploaded_by=actor,
        )
        attach(document, upload)
        document.save()
        _event(dossier, EventKind.DOCUMENT, actor, comment=f"{document.name}: {document.original_name}")
        audit_record(
            action="dossier.document_add",
            instance=document,
            after=snapshot(document),
            actor=actor,
            unit=dossier.unit,
        )
    return document


def dossier_document_withdraw(*, document: DossierDocument, actor) -> DossierDocument:
    """Withdraw a document added in the current step (the row and file are kept for the record)."""
    with transaction.atomic():
        dossier, procedure = _locked(document.dossier)
        _require_step_worker(actor, dossier, procedure)
        document = DossierDocument.objects.select_for_update().get(pk=document.pk)
        if not document.is_active:
            return document
        if document.step_code != dossier.state:
            raise ServiceError(_("Only documents added at the current step can be withdrawn."))
        document.is_active = False
        document.save(update_fields=["is_active"])
        _event(dossier, EventKind.DOCUMENT_WITHDRAWN, actor, comment=document.original_name)
        audit_record(
            action="dossier.document_withdraw",
            instance=document,
            before={"is_active": True},
            after={"is_active": False},
            actor=actor,
            unit=dossier.unit,
        )
    return document


def posting_add(
    *,
    dossier: Dossier,
    posted_on: dt.date,
    place: str,
    method: str,
    actor,
    proof: UploadedFile | None = None,
    note: str = "",
) -> PostingEntry:
    """Record one public posting (where, when, how, proof) in the current step's posting log."""
    place = place.strip()
    if not place:
        raise ServiceError(_("Write where it was posted."))
    if method not in PostingMethod.values:
        raise ServiceError(_("The posting method is not valid."))
    if posted_on > timezone.localdate():
        raise ServiceError(_("The posting date cannot be in the future."))
    with transaction.atomic():
        dossier, procedure = _locked(dossier)
        _require_step_worker(actor, dossier, procedure)
        if procedure.step(dossier.state).posting_rule is None:
            raise ServiceError(_("The current step has no public posting log."))
        if posted_on.year < dossier.year - 1:
            raise ServiceError(
                _("The posting date is too far from the year under review %(year)s.") % {"year": dossier.year}
            )
        entry = PostingEntry(
            dossier=dossier,
            step_code=dossier.state,
            posted_on=posted_on,
            place=place[:300],
            method=method,
            note=note.strip()[:500],
            uploaded_by=actor,
        )
        if proof is not None:
            attach(entry, proof)
        entry.save()
        _event(dossier, EventKind.POSTING, actor, comment=f"{posted_on:%d/%m/%Y} — {entry.place}")
        audit_record(
            action="dossier.posting_add",
            instance=entry,
            after=snapshot(entry),
            actor=actor,
            unit=dossier.unit,
        )
    return entry


def return_answer(*, reason: ReturnReason, answer: str, actor) -> ReturnReason:
    """The commune's answer to one reason of a return (kept in the thread; answered once)."""
    answer = answer.strip()
    if not answer:
        raise ServiceError(_("Write the answer."))
    with transaction.atomic():
        dossier, procedure = _locked(reason.dossier)
        _require_step_worker(actor, dossier, procedure)
        reason = ReturnReason.objects.select_for_update().get(pk=reason.pk)
        if reason.answered_at is not None:
            raise StateConflict(
                _("This reason has already been answered."),
                expected_state="unanswered",
                actual_state="answered",
            )
        reason.answer, reason.answered_by, reason.answered_at = answer, actor, timezone.now()
        reason.save()
        label = (
            _("Criterion %(criterion)s") % {"criterion": reason.criterion}
            if reason.criterion
            else _("General")
        )
        _event(dossier, EventKind.ANSWER, actor, comment=f"{label}: {answer}", data={"reason": reason.pk})
        audit_record(
            action="dossier.return_answer",
            instance=reason,
            after=snapshot(reason),
            actor=actor,
            unit=dossier.unit,
        )
    return reason


# The satisfaction survey's figures as the surveys app publishes them into the assessment app's computed values when
# a campaign closes (``ntm.surveys.services.campaigns.SATISFACTION_OVERALL``): the row's detail holds every figure of the
# latest closed recognition campaign, with its id (``campaign_id``; the row's reference names it too).
SURVEY_SOURCE = "survey_satisfaction_overall"


def _survey_payload(dossier: Dossier) -> dict | None:
    row = computed_value(dossier.unit, dossier.year, SURVEY_SOURCE)
    if row is None or not row.detail:
        return None
    return {**row.detail, "attached_at": timezone.now().isoformat()}


def _attach_survey(dossier: Dossier, actor, *, automatic: bool = False) -> dict | None:
    """Copy the latest closed campaign's results (published by the surveys app as the computed value
    ``SURVEY_SOURCE``) into the dossier; None without one."""
    result = _survey_payload(dossier)
    if result is None:
        return None
    before = dossier.survey_result
    Dossier.objects.filter(pk=dossier.pk).update(survey_result=result)
    dossier.survey_result = result
    comment = _("Attached automatically when the dossier reached the survey step") if automatic else ""
    _event(dossier, EventKind.SURVEY, actor, comment=comment, data={"campaign": result["campaign_id"]})
    audit_record(
        action="dossier.survey_attach",
        instance=dossier,
        before={"survey_result": before},
        after={"survey_result": result},
        extra={"automatic": automatic},
        actor=actor,
    )
    return result


def survey_attach(*, dossier: Dossier, actor) -> Dossier:
    """Attach the latest closed satisfaction-survey campaign of the unit and year (``_attach_survey``). Done
    automatically when the dossier reaches a survey step and a closed campaign exists; this refreshes it."""
    with transaction.atomic():
        dossier, procedure = _locked(dossier)
        _require_step_worker(actor, dossier, procedure)
        if procedure.step(dossier.state).survey is None:
            raise ServiceError(_("The current step does not take a survey result."))
        if _attach_survey(dossier, actor) is None:
            raise ServiceError(
                _(
                    "%(unit)s has no closed satisfaction survey round in %(year)s; "
                    "close the survey round or upload the result report."
                )
                % {"unit": dossier.unit.name, "year": dossier.year}
            )
    return dossier


def _council_for(dossier: Dossier, actor):
    """The dossier's appraisal council, convened on the first appointment."""
    if dossier.council_id is None:
        dossier.council = council_services.council_create(
            kind=CouncilKind.APPRAISAL,
            unit=dossier.unit,
            name=_("Appraisal council of dossier #%(number)s (%(unit)s, %(year)s)")
            % {"number": dossier.pk, "unit": dossier.unit.name, "year": dossier.year},
            actor=actor,
        )
        Dossier.objects.filter(pk=dossier.pk).update(council=dossier.council)
    return dossier.council


def council_member_add(*, dossier: Dossier, user: User, position: str, actor) -> CouncilMember:
    """Appoint a council member (a user holding the council-member role over the unit) to the dossier's council
    (``ntm.councils.services.council_member_add``) while the dossier has not passed its council step."""
    with transaction.atomic():
        dossier, procedure = _locked(dossier)
        if not selectors.may_act(actor, dossier.unit_id, [Role.PROVINCE_COORDINATOR]):
            raise PermissionDenied(_("Only the province Coordination Office forms the appraisal Council."))
        council_step = selectors.council_vote_step(procedure)
        if council_step is None:
            raise ServiceError(_("This dossier's procedure has no appraisal Council step."))
        if procedure.index(dossier.state) > procedure.index(council_step.code):
            raise ServiceError(_("The dossier is past the appraisal Council step."))
        member = council_services.council_member_add(
            council=_council_for(dossier, actor), user=user, position=position, actor=actor
        )
        _event(dossier, EventKind.COUNCIL, actor, comment=f"{user} — {member.get_position_display()}")
        notifications.notify_users(
            [user],
            _("You have been appointed to the appraisal Council for the dossier of %(unit)s (%(year)s).")
            % {"unit": dossier.unit.name, "year": dossier.year},
            dossier,
            key=f"council:{member.pk}",
        )
    return member


def council_vote_cast(*, dossier: Dossier, actor, agree: bool, remarks: str = "") -> CouncilVote:
    """A council member's vote (and remarks) in the current round (``ntm.councils.services.council_vote_cast``);
    a member may change it until the tally."""
    with transaction.atomic():
        dossier, procedure = _locked(dossier)
        if procedure.step(dossier.state).council_vote is None:
            raise StateConflict(
                _("The dossier is not at the Council's voting step."),
                expected_state="council",
                actual_state=dossier.state,
            )
        vote = council_services.council_vote_cast(
            council=dossier.council,
            subject=dossier,
            round_=dossier.council_round,
            actor=actor,
            agree=agree,
            remarks=remarks,
        )
        _event(dossier, EventKind.VOTE, actor, comment=vote.remarks, data={"agree": agree})
    return vote


_DECISION_FIELDS = ("decision_number", "decision_date", "decision_signer", "decision_signer_position")


def decision_details_set(
    *, dossier: Dossier, number: str, date: dt.date, signer: str, actor, signer_position: str = ""
) -> Dossier:
    """Record the decision's number, date and signer (the decision effect writes them into the register)."""
    number, signer = number.strip(), signer.strip()
    if not number:
        raise ServiceError(_("The decision number is missing."))
    if date > timezone.localdate():
        raise ServiceError(_("The decision date cannot be in the future."))
    with transaction.atomic():
        dossier, procedure = _locked(dossier)
        _require_step_worker(actor, dossier, procedure)
        step = procedure.step(dossier.state)
        if not any("decision" in names for _a, names in step.effects):
            raise ServiceError(_("The decision number is recorded only at the decision step."))
        before = snapshot(dossier, _DECISION_FIELDS)
        Dossier.objects.filter(pk=dossier.pk).update(
            decision_number=number[:60],
            decision_date=date,
            decision_signer=signer[:150],
            decision_signer_position=signer_position if signer_position in SignerPosition.values else "",
        )
        dossier.refresh_from_db()
        _event(dossier, EventKind.DECISION, actor, comment=f"{number}, {date:%d/%m/%Y}")
        audit_record(
            action="dossier.decision_details",
            instance=dossier,
            before=before,
            after=snapshot(dossier, _DECISION_FIELDS),
            actor=actor,
        )
    return dossier
