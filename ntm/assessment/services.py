"""Writes for indicator values: entry, evidence, the verification thread, and the computed values that apps above
assessment supply (``computed_value_set``). Each one transaction, audited."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.models import User
from ntm.assessment.models import (
    ComputedValue,
    EventKind,
    Evidence,
    IndicatorSource,
    IndicatorValue,
    UnitYearRevision,
    ValueEvent,
    ValueStatus,
)
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.notifications import notify
from ntm.core.uploads import attach
from ntm.core.vocabulary import COMMUNE_SET_UNIT_TYPES, DISTRICT_SET_UNIT_TYPES
from ntm.criteria.engine import validate_values
from ntm.criteria.models import CriteriaSetVersion, SetSubject
from ntm.criteria.setfile import CriteriaSet, Indicator
from ntm.units.models import AdministrativeUnit, Level

# Commune sets assess rural communes (xã) only; wards and townships are not their subjects.
_SUBJECT_TYPES = {SetSubject.COMMUNE: COMMUNE_SET_UNIT_TYPES, SetSubject.DISTRICT: DISTRICT_SET_UNIT_TYPES}


def latest_set(set_code: str) -> tuple[CriteriaSetVersion, CriteriaSet]:
    version = CriteriaSetVersion.objects.filter(code=set_code).order_by("-version").first()
    if version is None:
        raise ServiceError(_("There is no criteria set “%(code)s”.") % {"code": set_code})
    return version, version.criteria_set()


def check_subject(unit: AdministrativeUnit, criteria_set: CriteriaSet) -> None:
    allowed = _SUBJECT_TYPES.get(criteria_set.subject, frozenset())
    if unit.unit_type not in allowed:
        raise ServiceError(
            _("%(unit)s is not assessed under the criteria set %(code)s.")
            % {"unit": unit.name, "code": criteria_set.code}
        )


def entered_indicator(criteria_set: CriteriaSet, code: str) -> Indicator:
    """The indicator ``code`` if a person enters its value; refuses unknown, derived and computed indicators."""
    indicator = criteria_set.find_indicator(code)
    if indicator is None:
        raise ServiceError(
            _("Indicator %(code)s: not in the criteria set %(set)s.")
            % {"code": code, "set": criteria_set.code}
        )
    if not indicator.is_entered:
        raise ServiceError(
            _("Indicator %(code)s: the value is derived, not entered by hand.") % {"code": code}
        )
    if IndicatorSource.objects.filter(set_code=criteria_set.code, indicator_code=code).exists():
        raise ServiceError(
            _(
                "Indicator %(code)s: the value is computed by the system from another source, not entered by hand."
            )
            % {"code": code}
        )
    return indicator


def checked_entry(criteria_set: CriteriaSet, indicator_code: str, year: int, value: Any) -> Indicator:
    """What every hand-entered value passes before it is stored (units and ấp alike): an entered indicator of the
    set, a year inside the set's period and a value the engine accepts (type, 0-100% for shares, counts)."""
    indicator = entered_indicator(criteria_set, indicator_code)
    if not criteria_set.year_from <= year <= criteria_set.year_to:
        raise ServiceError(
            _("Year %(year)s is outside the period %(start)s-%(end)s.")
            % {"year": year, "start": criteria_set.year_from, "end": criteria_set.year_to}
        )
    problems = validate_values(criteria_set, {indicator_code: value})
    if problems:
        raise ServiceError(problems[0].message, detail=[p.message for p in problems])
    return indicator


def _bump_revision(unit: AdministrativeUnit, set_code: str, year: int) -> None:
    revision, _created = UnitYearRevision.objects.get_or_create(unit=unit, set_code=set_code, year=year)
    UnitYearRevision.objects.filter(pk=revision.pk).update(revision=F("revision") + 1)


def _event(value: IndicatorValue, kind: str, actor, comment: str = "") -> None:
    ValueEvent.objects.create(
        value=value,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        comment=comment,
        snapshot={"value": value.value, "note": value.note, "status": value.status},
    )


def value_set(
    *,
    unit: AdministrativeUnit,
    year: int,
    set_code: str,
    indicator_code: str,
    value: Any,
    note: str = "",
    actor,
) -> IndicatorValue:
    """Enter or change one value. Validated by the engine (type, 0-100% for shares, non-negative counts). A change
    to a returned value is the commune's answer; a change to a verified value needs verifying again."""
    if unit.level == Level.PROVINCE:
        raise ServiceError(_("Indicator values are not entered for the province level."))
    _version, criteria_set = latest_set(set_code)
    check_subject(unit, criteria_set)
    indicator = checked_entry(criteria_set, indicator_code, year, value)
    note = note.strip()
    with transaction.atomic():
        current = (
            IndicatorValue.objects.select_for_update()
            .filter(unit=unit, set_code=set_code, year=year, indicator_code=indicator_code)
            .first()
        )
        if current is not None and current.value == value and current.note == note:
            return current
        before = snapshot(current) if current else None
        now = timezone.now()
        if current is None:
            current = IndicatorValue(unit=unit, set_code=set_code, year=year, indicator_code=indicator_code)
            kind = EventKind.ENTERED
        else:
            kind = EventKind.ANSWERED if current.status == ValueStatus.RETURNED else EventKind.CHANGED
        current.value, current.note = value, note
        current.department = indicator.department.code
        current.status = ValueStatus.ANSWERED if kind == EventKind.ANSWERED else ValueStatus.ENTERED
        current.entered_by, current.entered_at = actor, now
        current.verified_by, current.verified_at = None, None
        current.save()
        _event(current, kind, actor)
        _bump_revision(unit, set_code, year)
        audit_record(
            action=f"indicator_value.{kind}",
            instance=current,
            before=before,
            after=snapshot(current),
            actor=actor,
        )
    return current


def values_set_together(
    *,
    unit: AdministrativeUnit,
    year: int,
    set_code: str,
    entries: list[tuple[str, Any, str]],
    actor,
) -> list[IndicatorValue]:
    """Save several values at once (a criterion's form: ``(indicator code, value, note)`` each), all or nothing.
    A refused value refuses the whole save; the ``ServiceError``'s ``detail`` maps each refused indicator code to
    its reason so the page can show it beside that field."""
    _version, criteria_set = latest_set(set_code)
    problems: dict[str, str] = {}
    for code, value, _note in entries:
        found = validate_values(criteria_set, {code: value})
        if found:
            problems[code] = found[0].message
    if problems:
        raise ServiceError(next(iter(problems.values())), detail=problems)
    saved = []
    with transaction.atomic():
        for code, value, note in entries:
            try:
                saved.append(
                    value_set(
                        unit=unit,
                        year=year,
                        set_code=set_code,
                        indicator_code=code,
                        value=value,
                        note=note,
                        actor=actor,
                    )
                )
            except ServiceError as exc:
                raise ServiceError(exc.message, detail={code: exc.message}) from exc
    return saved


def value_answer(*, value: IndicatorValue, comment: str, actor) -> IndicatorValue:
    """The commune answers a return without changing the value (e.g. explaining the evidence)."""
    comment = comment.strip()
    if not comment:
        raise ServiceError(_("Write the reply."))
    return _transition(
        value, {ValueStatus.RETURNED}, ValueStatus.ANSWERED, EventKind.ANSWERED, comment, actor
    )


def value_return(*, value: IndicatorValue, comment: str, actor) -> IndicatorValue:
    """The responsible department returns a value to the commune, saying why."""
    comment = comment.strip()
    if not comment:
        raise ServiceError(_("Write the reason for returning it so the commune knows what to add."))
    allowed = {ValueStatus.ENTERED, ValueStatus.ANSWERED, ValueStatus.VERIFIED}
    with transaction.atomic():
        returned = _transition(value, allowed, ValueStatus.RETURNED, EventKind.RETURNED, comment, actor)
        _notify_return(returned, comment, actor)
    return returned


def _notify_return(value: IndicatorValue, comment: str, actor) -> None:
    """Tell the commune's officers (in-app and by e-mail): the notice shows on their "my work" home."""
    officers = User.objects.filter(
        role_assignments__role=Role.COMMUNE_OFFICER,
        role_assignments__is_active=True,
        role_assignments__unit=value.unit,
        is_active=True,
    ).distinct()
    url = reverse("assessment:unit", args=[value.unit.structure, value.unit.code])
    notify(
        users=officers,
        text=_("Indicator %(code)s (%(year)s) of %(unit)s was returned: %(reason)s")
        % {"code": value.indicator_code, "year": value.year, "unit": value.unit.name, "reason": comment},
        link=f"{url}?year={value.year}&set={value.set_code}#ind-{value.indicator_code}",
        exclude=actor,
    )


def value_verify(*, value: IndicatorValue, actor, comment: str = "") -> IndicatorValue:
    allowed = {ValueStatus.ENTERED, ValueStatus.ANSWERED}
    return _transition(value, allowed, ValueStatus.VERIFIED, EventKind.VERIFIED, comment.strip(), actor)


def _transition(
    value: IndicatorValue, allowed, target: str, kind: str, comment: str, actor
) -> IndicatorValue:
    with transaction.atomic():
        current = IndicatorValue.objects.select_for_update().get(pk=value.pk)
        if current.status not in allowed:
            raise StateConflict(
                _("The value is in the state “%(state)s” and cannot be moved.")
                % {"state": current.get_status_display()},
                expected_state=",".join(sorted(allowed)),
                actual_state=current.status,
            )
        before = snapshot(current)
        current.status = target
        if target == ValueStatus.VERIFIED:
            current.verified_by, current.verified_at = actor, timezone.now()
        current.save(update_fields=["status", "verified_by", "verified_at"])
        _event(current, kind, actor, comment)
        _bump_revision(current.unit, current.set_code, current.year)
        audit_record(
            action=f"indicator_value.{kind}",
            instance=current,
            before=before,
            after=snapshot(current),
            extra={"comment": comment} if comment else None,
            actor=actor,
        )
    return current


def evidence_add(*, value: IndicatorValue, upload: UploadedFile, actor) -> Evidence:
    with transaction.atomic():
        evidence = attach(Evidence(value=value, uploaded_by=actor), upload)
        evidence.save()
        _event(value, EventKind.EVIDENCE, actor, upload.name)
        audit_record(
            action="evidence.add", instance=evidence, after=snapshot(evidence), unit=value.unit, actor=actor
        )
    return evidence


def computed_value_set(
    *,
    unit: AdministrativeUnit,
    year: int,
    source: str,
    value: Any,
    description: str,
    reference: str = "",
    url: str = "",
    detail: dict[str, Any] | None = None,
    actor=None,
) -> ComputedValue:
    """Record the figure ``source`` computed for ``unit`` in ``year`` (an app above assessment calls this when its
    result is final, and again when it is corrected). The engine reads it for every indicator that an
    ``IndicatorSource`` row maps to ``source``; the evaluation cache's fingerprint includes it."""
    fields = {
        "value": value,
        "detail": detail,
        "description": description[:255],
        "reference": reference,
        "url": url,
    }
    with transaction.atomic():
        current = (
            ComputedValue.objects.select_for_update().filter(unit=unit, year=year, source=source).first()
        )
        if current is not None and all(getattr(current, name) == new for name, new in fields.items()):
            return current
        before = snapshot(current) if current else None
        if current is None:
            current = ComputedValue(unit=unit, year=year, source=source)
        for name, new in fields.items():
            setattr(current, name, new)
        current.computed_at = timezone.now()
        current.save()
        audit_record(
            action="computed_value.set",
            instance=current,
            before=before,
            after=snapshot(current),
            actor=actor,
            unit=unit,
        )
    return current


def indicator_source_set(*, set_code: str, indicator_code: str, source: str, actor=None) -> IndicatorSource:
    """Make ``indicator_code`` of the criteria set ``set_code`` take its value from the computed ``source``
    (an app above assessment calls this on the coordinator's request; audited). Refuses an indicator the set does
    not have or one whose value is derived from other indicators."""
    _version, criteria_set = latest_set(set_code)
    indicator = criteria_set.find_indicator(indicator_code)
    if indicator is None or not indicator.is_entered:
        raise ServiceError(
            _("Indicator %(code)s: not an entered indicator of the criteria set %(set)s.")
            % {"code": indicator_code, "set": set_code}
        )
    with transaction.atomic():
        current = (
            IndicatorSource.objects.select_for_update()
            .filter(set_code=set_code, indicator_code=indicator_code)
            .first()
        )
        if current is not None and current.source == source:
            return current
        before = snapshot(current) if current else None
        if current is None:
            current = IndicatorSource(set_code=set_code, indicator_code=indicator_code)
        current.source = source
        current.save()
        audit_record(
            action="indicator_source.set",
            instance=current,
            before=before,
            after=snapshot(current),
            actor=actor,
        )
    return current


def indicator_source_link(
    *, actor, set_code: str, indicator_code: str, source: str, offered: Collection[str]
) -> IndicatorSource:
    """The coordinator's request that an indicator take its value from one of the figures an app publishes
    (``offered``: that app's source keys): refused to anyone else and for a figure the app does not offer."""
    if not actor.is_superuser and not actor.has_role(Role.PROVINCE_COORDINATOR):
        raise ServiceError(_("Only the provincial coordination office links indicators to computed figures."))
    if source not in offered:
        raise ServiceError(_("Unknown figure."))
    return indicator_source_set(set_code=set_code, indicator_code=indicator_code, source=source, actor=actor)
