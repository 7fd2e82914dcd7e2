"""Ấp (hamlet) values and the commune-level ấp procedure: values entered per ấp against a hamlet criteria set
(validated by the criteria engine), and dossiers that run an ấp through the procedure file with subject "hamlet"
(``ntm/recognition/procedures/ap-mo-hinh-cap-xa.toml``). The decision step records the model through
``hamlet_model_recognise``, so the commune's smart-hamlet count (DK3 of the model-commune set) follows. Each write
is one transaction and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.assessment.services import checked_entry
from ntm.audit.services import audit_record, snapshot
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.criteria.models import CriteriaSetVersion, SetSubject
from ntm.recognition import procedure as procedure_file
from ntm.recognition import selectors
from ntm.recognition.models import HamletDossier, HamletIndicatorValue, HamletModelKind
from ntm.recognition.services.hamlet_models import hamlet_model_recognise
from ntm.units.models import Hamlet


def _check_editor(actor, hamlet: Hamlet) -> None:
    if actor is not None and not selectors.may_edit_hamlet(actor, hamlet):
        raise PermissionDenied(_("Only the commune's officers or the coordination office work on its ấp."))


def hamlet_value_set(
    *,
    hamlet: Hamlet,
    set_code: str,
    year: int,
    indicator_code: str,
    value: Any,
    note: str = "",
    actor=None,
) -> HamletIndicatorValue:
    """Enter or change the value of one indicator of a hamlet set for an ấp. Refuses: a set that does not assess
    ấp, a year outside its period, an unknown indicator, a value of the wrong type (the engine's checks)."""
    _check_editor(actor, hamlet)
    if not hamlet.is_active:
        raise ServiceError(_("%(hamlet)s is no longer active.") % {"hamlet": hamlet.name})
    version = CriteriaSetVersion.objects.filter(code=set_code).order_by("-version").first()
    if version is None or version.subject != SetSubject.HAMLET:
        raise ServiceError(_("“%(code)s” is not a criteria set for ấp.") % {"code": set_code})
    checked_entry(version.criteria_set(), indicator_code, year, value)
    note = note.strip()
    with transaction.atomic():
        current = (
            HamletIndicatorValue.objects.select_for_update()
            .filter(hamlet=hamlet, set_code=set_code, year=year, indicator_code=indicator_code)
            .first()
        )
        if current is not None and current.value == value and current.note == note:
            return current
        before = snapshot(current) if current else None
        if current is None:
            current = HamletIndicatorValue(
                hamlet=hamlet, set_code=set_code, year=year, indicator_code=indicator_code
            )
        current.value, current.note = value, note
        current.entered_by = actor if getattr(actor, "pk", None) else None
        current.entered_at = timezone.now()
        current.save()
        audit_record(
            action="hamlet_value.set",
            instance=current,
            before=before,
            after=snapshot(current),
            actor=actor,
            unit=hamlet.unit,
        )
    return current


def hamlet_dossier_open(*, hamlet: Hamlet, kind: str, year: int, actor=None) -> HamletDossier:
    """Start the ấp procedure for one model. Refuses: an unknown model, no ấp procedure loaded, a second open
    dossier for the same ấp and model."""
    _check_editor(actor, hamlet)
    if kind not in HamletModelKind.values:
        raise ServiceError(_("The hamlet model is not valid."))
    if not hamlet.is_active:
        raise ServiceError(_("%(hamlet)s is no longer active.") % {"hamlet": hamlet.name})
    version = selectors.hamlet_procedure()
    if version is None:
        raise ServiceError(_("The ấp procedure is not loaded."))
    with transaction.atomic():
        if HamletDossier.objects.select_for_update().filter(hamlet=hamlet, kind=kind, is_open=True).exists():
            raise ServiceError(
                _("%(hamlet)s already has an open dossier for this model.") % {"hamlet": hamlet.name}
            )
        dossier = HamletDossier.objects.create(
            hamlet=hamlet,
            procedure=version,
            kind=kind,
            year=year,
            state=version.parsed().initial,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            action="hamlet_dossier.open",
            instance=dossier,
            after=snapshot(dossier),
            actor=actor,
            unit=hamlet.unit,
        )
    return dossier


def _snapshot(dossier: HamletDossier) -> dict[str, Any]:
    """The ấp's values and evaluation against the set of the dossier's model, frozen on submission."""
    version = selectors.hamlet_set_for_model(dossier.kind, dossier.year)
    if version is None:
        return {"year": dossier.year, "set": None}
    result = selectors.hamlet_evaluation(dossier.hamlet, version, dossier.year)
    return {
        "year": dossier.year,
        "set": version.ref,
        "values": {row.result.code: row.stored.value for row in result.rows if row.stored is not None},
        "evaluation": result.evaluation.to_dict(),
    }


def hamlet_dossier_transition(
    *,
    dossier: HamletDossier,
    action: str,
    expected_state: str,
    actor=None,
    comment: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> HamletDossier:
    """Take ``action`` at the dossier's current step (``expected_state``; another state → ``StateConflict``). The
    roles of the step act (``action_roles`` of the file). The "snapshot" effect freezes the ấp's figures; the
    "decision" effect records the recognition (decision number and date required)."""
    with transaction.atomic():
        locked = (
            HamletDossier.objects.select_for_update()
            .select_related("hamlet__unit", "procedure")
            .get(pk=dossier.pk)
        )
        if locked.state != expected_state or not locked.is_open:
            raise StateConflict(
                _("The dossier has moved on meanwhile; reload the page."),
                expected_state=expected_state,
                actual_state=locked.state,
            )
        _check_editor(actor, locked.hamlet)
        procedure = locked.parsed()
        if actor is not None and action not in selectors.hamlet_dossier_actions(actor, locked):
            raise PermissionDenied(_("You may not take this action at this step."))
        try:
            target = procedure_file.next_state(procedure, locked.state, action)
        except procedure_file.TransitionRefused as exc:
            raise StateConflict(
                exc.message, expected_state=expected_state, actual_state=locked.state
            ) from None
        step = procedure.step(locked.state)
        before = snapshot(locked)
        effects = step.effects_of(action)
        if procedure_file.action_kind(action) == procedure_file.RETURN and not comment.strip():
            raise ServiceError(_("Give the reason for returning the dossier."))
        if "snapshot" in effects:
            locked.snapshot = _snapshot(locked)
        if "decision" in effects:
            if not decision_number.strip() or decision_date is None:
                raise ServiceError(_("The decision number and date are needed to record the decision."))
            locked.recognition = hamlet_model_recognise(
                hamlet=locked.hamlet,
                kind=locked.kind,
                decision_number=decision_number,
                decision_date=decision_date,
                issuing_body=step.decision.issuing_body if step.decision else "",
                note=_("Recorded through the ấp procedure (dossier %(id)s)") % {"id": locked.pk},
                actor=actor,
            )
        locked.history = [
            *locked.history,
            {
                "from": locked.state,
                "action": action,
                "to": target,
                "actor": getattr(actor, "username", ""),
                "at": timezone.now().isoformat(timespec="seconds"),
                "comment": comment.strip(),
            },
        ]
        locked.state = target
        locked.is_open = not procedure.is_terminal(target)
        locked.revision += 1
        locked.save()
        audit_record(
            action="hamlet_dossier.transition",
            instance=locked,
            before=before,
            after=snapshot(locked),
            extra={"action": action},
            actor=actor,
            unit=locked.hamlet.unit,
        )
    return locked
