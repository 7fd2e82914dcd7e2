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

from ntm.accounts.models import User
from ntm.assessment.selectors import computed_value
from ntm.assessment.services import check_subject
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.uploads import check_document
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.services import criteria_set_freeze
from ntm.recognition import dossier_selectors as selectors
from ntm.recognition import notifications, status
from ntm.recognition import procedure as procedure_file
from ntm.recognition.models import (
    CouncilMember,
    CouncilPosition,
    CouncilVote,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierKind,
    EventKind,
    PostingEntry,
    PostingMethod,
    ProcedureVersion,
    RecordSource,
    ReturnReason,
    StatusRecord,
)
from ntm.recognition.procedure_store import council_threshold, effective_procedure
from ntm.recognition.register import status_record_create
from ntm.recognition.selectors import official_status_of
from ntm.recognition.snapshots import build_snapshot
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
            "Hồ sơ đã kết thúc; không thay đổi được nữa.", expected_state="open", actual_state=dossier.state
        )


def _require_step_worker(actor, dossier: Dossier, procedure: procedure_file.Procedure) -> None:
    if not selectors.may_work_on_step(actor, dossier, procedure):
        raise PermissionDenied("Vai trò của bạn không làm việc ở bước hiện tại của hồ sơ này.")


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
            raise PermissionDenied("Chỉ Văn phòng Điều phối tỉnh khởi tạo hồ sơ xét thu hồi.")
        current = official_status_of([unit])[unit.pk]
        if current.level not in status.RANK or current.record is None:
            raise ServiceError(f"{unit.name} không có quyết định công nhận còn hiệu lực để xét thu hồi.")
        revokes, target_level = current.record, status.REVOKED
    else:
        roles = {Role.PROVINCE_COORDINATOR, *procedure.steps[0].all_roles}
        if not selectors.may_act(actor, unit.pk, roles):
            raise PermissionDenied("Vai trò của bạn không lập được hồ sơ cho đơn vị này.")
        target_level = criteria_version.grants_level
    if unit.structure != procedure.unit_structure:
        raise ServiceError(
            f"Quy trình “{procedure.name}” áp dụng cho đơn vị theo cơ cấu "
            f"{'từ 1/7/2025' if procedure.unit_structure == '2025' else 'trước 1/7/2025'}; {unit.name} không thuộc."
        )
    criteria_set = criteria_version.criteria_set()
    check_subject(unit, criteria_set)
    if not criteria_set.year_from <= year <= criteria_set.year_to:
        raise ServiceError(
            f"Năm {year} nằm ngoài giai đoạn {criteria_set.year_from}-{criteria_set.year_to} của bộ tiêu chí."
        )
    if year > timezone.localdate().year:
        raise ServiceError("Năm xét không được ở tương lai.")
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
            f"{unit.name} đã có một hồ sơ đang mở cho mức này và năm {year}; mở hồ sơ đó để tiếp tục."
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
                f"Hồ sơ không còn ở bước mong đợi (“{expected_state}”): hiện ở bước “{dossier.state}”. "
                "Có thể người khác vừa thao tác; tải lại trang.",
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
            raise PermissionDenied(f"Vai trò của bạn không được thực hiện thao tác này ở bước “{step.name}”.")
        kind = procedure_file.action_kind(action)
        data: dict = {}
        if kind == procedure_file.RETURN:
            if not reasons:
                raise ServiceError("Trả lại hồ sơ cần ít nhất một lý do (theo tiêu chí hoặc chung).")
        elif kind == procedure_file.CLOSE and not comment:
            raise ServiceError("Ghi lý do khi kết thúc hồ sơ theo cách này.")
        if step.council_vote and action in ("approve", "reject"):
            data["tally"] = _check_vote(dossier, step, action)
        if kind == procedure_file.FORWARD:
            _check_forward(dossier, procedure, step)
        before = snapshot(dossier, _DOSSIER_FIELDS)
        effects = step.effects_of(action)
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
                "Hồ sơ vừa được người khác chuyển bước; tải lại trang.",
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
            extra={"comment": comment, "reasons": [r.__dict__ for r in reasons], "event": event.pk},
            actor=actor,
        )
        if target_step.survey and not dossier.survey_result:
            _attach_survey(dossier, actor, automatic=True)
        notifications.notify_transition(dossier, procedure, event, exclude=actor)
    return dossier


def _check_forward(dossier: Dossier, procedure: procedure_file.Procedure, step: procedure_file.Step) -> None:
    problems = []
    missing = selectors.missing_documents(dossier, step)
    if missing:
        problems.append("Thiếu tài liệu bắt buộc: " + "; ".join(spec.name for spec in missing) + ".")
    if dossier.return_reasons.filter(answered_at__isnull=True).exists():
        problems.append("Còn lý do trả lại chưa được trả lời; trả lời từng lý do trước khi gửi tiếp.")
    if step.posting_rule:
        dates = dossier.postings.filter(step_code=step.code).values_list("posted_on", flat=True)
        verdict = procedure_file.check_posting(dates, step.posting_rule)
        if not verdict.ok:
            problems.append("Nhật ký công khai chưa đạt quy định: " + verdict.message)
    if step.survey:
        has_document = (
            bool(step.survey.document)
            and dossier.documents.filter(is_active=True, code=step.survey.document).exists()
        )
        if not dossier.survey_result and not has_document:
            problems.append(
                "Chưa có kết quả lấy ý kiến sự hài lòng: gắn kết quả đợt khảo sát đã đóng hoặc tải lên báo cáo."
            )
    decides = any("decision" in names for _a, names in step.effects)
    if decides and (not dossier.decision_number or not dossier.decision_date):
        problems.append("Chưa ghi số và ngày của quyết định.")
    if problems:
        raise ServiceError(" ".join(problems), detail=problems)


def _check_vote(dossier: Dossier, step: procedure_file.Step, action: str) -> dict:
    threshold = council_threshold(dossier.procedure, step.code)
    votes = [vote.agree for vote in selectors.votes_of(dossier)]
    try:
        result = procedure_file.tally(
            votes, members=dossier.council_members.count(), threshold=threshold, basis=step.council_vote.basis
        )
    except procedure_file.TransitionRefused as exc:
        raise ServiceError(exc.message) from None
    if not result.cast:
        raise ServiceError("Chưa có phiếu biểu quyết nào của Hội đồng.")
    if action == "approve" and not result.passed:
        raise ServiceError(
            f"Kết quả biểu quyết {result.share_text}% chưa đạt ngưỡng {result.threshold}%; không thông qua được."
        )
    if action == "reject" and result.passed:
        raise ServiceError(f"Kết quả biểu quyết {result.share_text}% đã đạt ngưỡng {result.threshold}%.")
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
        version=dossier.criteria_version, actor=actor, reason=f"Hồ sơ #{dossier.pk} ({dossier.unit.name})"
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
        raise ServiceError("Quyết định công nhận cần thu hồi không còn hiệu lực trong sổ.")
    return status_record_create(
        unit=dossier.unit,
        level=status.REVOKED if revocation else dossier.target_level,
        decision_number=dossier.decision_number,
        decision_date=dossier.decision_date,
        source=RecordSource.WORKFLOW,
        criteria_set=dossier.criteria_version.ref,
        signer=dossier.decision_signer or spec.signer_title,
        issuing_body=spec.issuing_body,
        note=f"Hồ sơ #{dossier.pk}",
        revokes=dossier.revokes if revocation else None,
        document=_decision_document(dossier, spec),
        is_published=False,
        actor=actor,
    )


def _announce(dossier: Dossier, actor) -> None:
    record = dossier.status_record
    if record is None:
        raise ServiceError("Chưa có quyết định trong sổ để công bố.")
    StatusRecord.objects.filter(pk=record.pk).update(is_published=True)
    audit_record(
        action="status_record.publish",
        instance=record,
        before={"is_published": record.is_published},
        after={"is_published": True},
        extra={"dossier": dossier.pk},
        actor=actor,
    )


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
    mime = check_document(upload)
    with transaction.atomic():
        dossier, procedure = _locked(dossier)
        _require_step_worker(actor, dossier, procedure)
        names = dict(selectors.document_choices(procedure, dossier.state))
        if code not in names:
            raise ServiceError(f"Tài liệu “{code}” không thuộc danh mục của bước này.")
        document = DossierDocument(
            dossier=dossier,
            step_code=dossier.state,
            code=code,
            name=names[code],
            original_name=upload.name[:255],
            mime=mime,
            size=upload.size,
            author=author.strip()[:200],
            number=number.strip()[:60],
            note=note.strip()[:500],
            uploaded_by=actor,
        )
        document.file.save(upload.name, upload, save=False)
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
            raise ServiceError("Chỉ rút được tài liệu thêm ở bước hiện tại.")
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
        raise ServiceError("Ghi nơi công khai.")
    if method not in PostingMethod.values:
        raise ServiceError("Hình thức công khai không hợp lệ.")
    if posted_on > timezone.localdate():
        raise ServiceError("Ngày công khai không được ở tương lai.")
    if proof is not None:
        check_document(proof)
    with transaction.atomic():
        dossier, procedure = _locked(dossier)
        _require_step_worker(actor, dossier, procedure)
        if procedure.step(dossier.state).posting_rule is None:
            raise ServiceError("Bước hiện tại không có nhật ký công khai.")
        if posted_on.year < dossier.year - 1:
            raise ServiceError(f"Ngày công khai quá xa so với năm xét {dossier.year}.")
        entry = PostingEntry(
            dossier=dossier,
            step_code=dossier.state,
            posted_on=posted_on,
            place=place[:300],
            method=method,
            note=note.strip()[:500],
            recorded_by=actor,
        )
        if proof is not None:
            entry.proof_name = proof.name[:255]
            entry.proof.save(proof.name, proof, save=False)
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
        raise ServiceError("Ghi nội dung trả lời.")
    with transaction.atomic():
        dossier, procedure = _locked(reason.dossier)
        _require_step_worker(actor, dossier, procedure)
        reason = ReturnReason.objects.select_for_update().get(pk=reason.pk)
        if reason.answered_at is not None:
            raise StateConflict(
                "Lý do này đã được trả lời.", expected_state="unanswered", actual_state="answered"
            )
        reason.answer, reason.answered_by, reason.answered_at = answer, actor, timezone.now()
        reason.save()
        label = f"Tiêu chí {reason.criterion}" if reason.criterion else "Chung"
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
# a campaign closes (``ntm.surveys.services.SATISFACTION_OVERALL``): the row's detail holds every figure of the
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
    comment = "Tự động gắn khi hồ sơ tới bước khảo sát" if automatic else ""
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
            raise ServiceError("Bước hiện tại không nhận kết quả khảo sát.")
        if _attach_survey(dossier, actor) is None:
            raise ServiceError(
                f"{dossier.unit.name} chưa có đợt khảo sát sự hài lòng đã đóng trong năm {dossier.year}; "
                "đóng đợt khảo sát hoặc tải lên báo cáo kết quả."
            )
    return dossier


def council_member_add(*, dossier: Dossier, user: User, position: str, actor) -> CouncilMember:
    """Appoint a council member (a user holding the council-member role over the unit) to the dossier."""
    if position not in CouncilPosition.values:
        raise ServiceError("Chức danh trong Hội đồng không hợp lệ.")
    with transaction.atomic():
        dossier, procedure = _locked(dossier)
        if not selectors.may_act(actor, dossier.unit_id, [Role.PROVINCE_COORDINATOR]):
            raise PermissionDenied("Chỉ Văn phòng Điều phối tỉnh lập Hội đồng thẩm định.")
        council_steps = [step for step in procedure.steps if step.council_vote]
        if not council_steps:
            raise ServiceError("Quy trình của hồ sơ này không có bước Hội đồng thẩm định.")
        if procedure.index(dossier.state) > procedure.index(council_steps[0].code):
            raise ServiceError("Hồ sơ đã qua bước Hội đồng thẩm định.")
        if not selectors.eligible_council_members(dossier).filter(pk=user.pk).exists():
            raise ServiceError(
                f"{user} không có vai trò thành viên Hội đồng thẩm định hoặc đã có trong Hội đồng."
            )
        member = CouncilMember.objects.create(dossier=dossier, user=user, position=position, added_by=actor)
        _event(dossier, EventKind.COUNCIL, actor, comment=f"{user} — {member.get_position_display()}")
        audit_record(
            action="dossier.council_member_add",
            instance=member,
            after=snapshot(member),
            actor=actor,
            unit=dossier.unit,
        )
        notifications.notify_users(
            [user],
            f"Bạn được cử vào Hội đồng thẩm định hồ sơ {dossier.unit.name} ({dossier.year}).",
            dossier,
            key=f"council:{member.pk}",
        )
    return member


def council_vote_cast(*, dossier: Dossier, actor, agree: bool, remarks: str = "") -> CouncilVote:
    """A council member's vote (and remarks) in the current round; a member may change it until the tally."""
    with transaction.atomic():
        dossier, procedure = _locked(dossier)
        if procedure.step(dossier.state).council_vote is None:
            raise StateConflict(
                "Hồ sơ không ở bước biểu quyết của Hội đồng.",
                expected_state="council",
                actual_state=dossier.state,
            )
        member = selectors.council_membership(actor, dossier)
        if member is None or not actor.has_role(Role.COUNCIL_MEMBER):
            raise PermissionDenied("Chỉ thành viên Hội đồng thẩm định của hồ sơ này được biểu quyết.")
        vote, created = CouncilVote.objects.select_for_update().get_or_create(
            member=member, round=dossier.council_round, defaults={"agree": agree, "remarks": remarks.strip()}
        )
        before = None if created else snapshot(vote)
        if not created:
            vote.agree, vote.remarks = agree, remarks.strip()
            vote.save()
        _event(dossier, EventKind.VOTE, actor, comment=remarks.strip(), data={"agree": agree})
        audit_record(
            action="dossier.vote",
            instance=vote,
            before=before,
            after=snapshot(vote),
            actor=actor,
            unit=dossier.unit,
        )
    return vote


def decision_details_set(*, dossier: Dossier, number: str, date: dt.date, signer: str, actor) -> Dossier:
    """Record the decision's number, date and signer (the decision effect writes them into the register)."""
    number, signer = number.strip(), signer.strip()
    if not number:
        raise ServiceError("Thiếu số quyết định.")
    if date > timezone.localdate():
        raise ServiceError("Ngày quyết định không được ở tương lai.")
    with transaction.atomic():
        dossier, procedure = _locked(dossier)
        _require_step_worker(actor, dossier, procedure)
        step = procedure.step(dossier.state)
        if not any("decision" in names for _a, names in step.effects):
            raise ServiceError("Chỉ ghi số quyết định ở bước ra quyết định.")
        before = snapshot(dossier, ("decision_number", "decision_date", "decision_signer"))
        Dossier.objects.filter(pk=dossier.pk).update(
            decision_number=number[:60], decision_date=date, decision_signer=signer[:150]
        )
        dossier.refresh_from_db()
        _event(dossier, EventKind.DECISION, actor, comment=f"{number}, {date:%d/%m/%Y}")
        audit_record(
            action="dossier.decision_details",
            instance=dossier,
            before=before,
            after=snapshot(dossier, ("decision_number", "decision_date", "decision_signer")),
            actor=actor,
        )
    return dossier
