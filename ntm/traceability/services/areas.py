"""Writes on growing areas: registration by a producer, the code's life (issue, re-issue, suspend, reinstate,
cancel) by an officer, and inspections. Each is one transaction with an audit entry; nothing is deleted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.traceability import codes, geometry
from ntm.traceability.models import (
    AreaStatus,
    CodeAction,
    CodeActionKind,
    GrowingArea,
    Inspection,
)
from ntm.traceability.selectors import may_edit, may_inspect, may_issue
from ntm.units.models import AdministrativeUnit, Level, UnitBoundary

AREA_FIELDS = (
    "producer_name",
    "producer_address",
    "name",
    "crop",
    "variety",
    "crop_kind",
    "area_ha",
    "standard",
    "standard_note",
    "expected_output_tonnes",
    "member_households",
    "export_market",
    "packing_house",
    "district_code",
)


def _boundary_fields(boundary: Any, unit: AdministrativeUnit) -> dict[str, Any]:
    """The stored boundary fields of a checked polygon: valid, and inside (or within about 2 km of) the commune's
    boundary when the unit register has one."""
    if not boundary:
        return {"boundary": None, "boundary_area_ha": None, "centre_lon": None, "centre_lat": None}
    try:
        if isinstance(boundary, dict) and boundary.get("type") == "Feature":
            boundary = boundary.get("geometry")
        geometry.check_shape(boundary)
        commune = UnitBoundary.objects.filter(unit=unit).only("geometry").first()
        if commune is not None:
            geometry.check_near(boundary, commune.geometry, unit.name)
        area = geometry.area_ha(boundary)
        lon, lat = geometry.centre(boundary)
    except geometry.BoundaryError as error:
        raise ServiceError(str(error)) from error
    return {"boundary": boundary, "boundary_area_ha": round(area, 4), "centre_lon": lon, "centre_lat": lat}


def area_register(
    *, actor, unit: AdministrativeUnit, data: dict[str, Any], boundary: Any = None
) -> GrowingArea:
    """A producer registers a growing area in a commune; the area waits for an officer to issue its code."""
    if not (actor.is_superuser or actor.has_role(Role.PRODUCER)):
        raise ServiceError(_("Only a producer's account registers growing areas."))
    if unit.level != Level.COMMUNE:
        raise ServiceError(_("Choose the commune the growing area lies in."))
    fields = {key: data[key] for key in AREA_FIELDS if key in data}
    area_ha = Decimal(fields.get("area_ha") or 0)
    problem = codes.minimum_area_problem(fields.get("crop_kind", ""), area_ha)
    if problem:
        raise ServiceError(problem)
    with transaction.atomic():
        area = GrowingArea.objects.create(
            unit=unit, owner=actor, **fields, **_boundary_fields(boundary, unit)
        )
        audit_record(action="traceability.area_register", instance=area, after=snapshot(area), actor=actor)
    return area


# What an edit may not change once the area has a code: the code names the commune, and a new number would
# break the printed labels (re-issue is the way to a new code, and it is kept in the history).
LOCKED_WHEN_CODED = ("unit", "district_code")


def area_update(
    *,
    actor,
    area: GrowingArea,
    data: dict[str, Any],
    unit: AdministrativeUnit | None = None,
    boundary: Any = None,
) -> GrowingArea:
    """Correct an area's details or replace its boundary (the owner, or an officer of its scope who inspects).
    ``boundary=None`` keeps the stored one. The code, its status and its history are never touched here; once a
    code is issued the commune and district code are locked. Audited with the before and after values."""
    if not may_edit(actor, area):
        raise ServiceError(_("Only the producer who owns the area or an officer of its commune edits it."))
    fields = {key: data[key] for key in AREA_FIELDS if key in data}
    with transaction.atomic():
        area = GrowingArea.objects.select_for_update().get(pk=area.pk)
        unit = unit or area.unit
        coded = bool(area.code)
        if coded and (
            unit.pk != area.unit_id or fields.get("district_code", area.district_code) != area.district_code
        ):
            raise ServiceError(
                _(
                    "The commune and district code of an area with a code cannot change: re-issue or cancel the code."
                )
            )
        if unit.level != Level.COMMUNE:
            raise ServiceError(_("Choose the commune the growing area lies in."))
        problem = codes.minimum_area_problem(
            fields.get("crop_kind", area.crop_kind),
            Decimal(fields.get("area_ha", area.area_ha)),
        )
        if problem:
            raise ServiceError(problem)
        before = snapshot(area)
        for key, value in fields.items():
            setattr(area, key, value)
        area.unit = unit
        if boundary is not None:
            for key, value in _boundary_fields(boundary, unit).items():
                setattr(area, key, value)
        elif area.boundary and unit.pk != before.get("unit"):
            _boundary_fields(area.boundary, unit)  # the kept boundary must lie in the newly chosen commune
        area.save()
        audit_record(
            action="traceability.area_update", instance=area, before=before, after=snapshot(area), actor=actor
        )
    return area


def _province_code(unit: AdministrativeUnit) -> str:
    node = unit
    while node is not None and node.level != Level.PROVINCE:
        node = node.parent
    if node is None:
        raise ServiceError(_("The commune has no province above it in the unit register."))
    return node.code


def _require_issuer(actor, area: GrowingArea) -> None:
    if not may_issue(actor, area):
        raise ServiceError(_("Only the department or the province coordinator issues and withdraws codes."))


def _act(area: GrowingArea, *, actor, kind: str, reason: str, decision_ref: str) -> CodeAction:
    action = CodeAction.objects.create(
        area=area,
        kind=kind,
        code=area.code,
        rule=area.code_rule,
        provenance=area.code_provenance,
        reason=reason,
        decision_ref=decision_ref,
        actor=actor,
    )
    return action


def _build(area: GrowingArea, *, day: dt.date, serial: int) -> tuple[str, codes.CodeRule]:
    rule = codes.rule_for(codes.shipped_rules(), day)
    parts = codes.CodeParts(
        province=_province_code(area.unit),
        district=area.district_code,
        commune=area.unit.code,
        serial=serial,
        year=day.year,
    )
    try:
        return codes.build_code(rule, parts), rule
    except codes.CodeError as error:
        raise ServiceError(str(error)) from error


def code_issue(*, actor, area: GrowingArea, decision_ref: str = "", reason: str = "") -> GrowingArea:
    """Issue the area's code under the rule in force today, with the commune's next unused facility number."""
    _require_issuer(actor, area)
    today = timezone.localdate()
    with transaction.atomic():
        AdministrativeUnit.objects.select_for_update().get(
            pk=area.unit_id
        )  # one serial at a time per commune
        area = GrowingArea.objects.select_for_update().get(pk=area.pk)
        if area.status != AreaStatus.REGISTERED:
            raise StateConflict(
                _("A code can be issued only to an area awaiting one."),
                expected_state=AreaStatus.REGISTERED,
                actual_state=area.status,
            )
        before = snapshot(area)
        used = GrowingArea.objects.filter(unit_id=area.unit_id, serial__isnull=False).values_list(
            "serial", flat=True
        )
        rule = codes.rule_for(codes.shipped_rules(), today)
        try:
            serial = codes.next_serial(used, rule)
        except codes.CodeError as error:
            raise ServiceError(str(error)) from error
        code, rule = _build(area, day=today, serial=serial)
        area.code, area.code_rule, area.code_provenance = code, rule.key, rule.provenance
        area.serial, area.code_issued_on, area.status = serial, today, AreaStatus.ACTIVE
        area.save()
        _act(area, actor=actor, kind=CodeActionKind.ISSUE, reason=reason, decision_ref=decision_ref)
        audit_record(
            action="traceability.code_issue", instance=area, before=before, after=snapshot(area), actor=actor
        )
    return area


# kind → (states it may start from, the state it leads to)
TRANSITIONS = {
    CodeActionKind.REISSUE: ({AreaStatus.ACTIVE, AreaStatus.SUSPENDED}, AreaStatus.ACTIVE),
    CodeActionKind.SUSPEND: ({AreaStatus.ACTIVE}, AreaStatus.SUSPENDED),
    CodeActionKind.REINSTATE: ({AreaStatus.SUSPENDED}, AreaStatus.ACTIVE),
    CodeActionKind.CANCEL: ({AreaStatus.ACTIVE, AreaStatus.SUSPENDED}, AreaStatus.CANCELLED),
}


def code_transition(
    *, actor, area: GrowingArea, kind: str, reason: str, decision_ref: str = ""
) -> GrowingArea:
    """Re-issue (a new code under today's rule, same facility number), suspend, lift a suspension or cancel; every
    one needs a reason and leaves a history row. A cancelled code is kept on the area and its number never reused."""
    _require_issuer(actor, area)
    if kind not in TRANSITIONS:
        raise ServiceError(_("Unknown action."))
    if not (reason or "").strip():
        raise ServiceError(_("Give the reason (it is kept in the code's history)."))
    allowed, target = TRANSITIONS[kind]
    with transaction.atomic():
        area = GrowingArea.objects.select_for_update().get(pk=area.pk)
        if area.status not in allowed:
            raise StateConflict(
                _("This action is not possible while the code is “%(status)s”.")
                % {"status": area.get_status_display()},
                expected_state=",".join(sorted(allowed)),
                actual_state=area.status,
            )
        before = snapshot(area)
        if kind == CodeActionKind.REISSUE:
            today = timezone.localdate()
            code, rule = _build(area, day=today, serial=area.serial)
            area.code, area.code_rule, area.code_provenance, area.code_issued_on = (
                code,
                rule.key,
                rule.provenance,
                today,
            )
        area.status = target
        area.save()
        _act(area, actor=actor, kind=kind, reason=reason.strip(), decision_ref=decision_ref.strip())
        audit_record(
            action=f"traceability.code_{kind}",
            instance=area,
            before=before,
            after=snapshot(area),
            actor=actor,
        )
    return area


def inspection_record(
    *, actor, area: GrowingArea, inspected_on: dt.date, result: str, note: str = ""
) -> Inspection:
    if not may_inspect(actor, area):
        raise ServiceError(
            _("Only an officer of the area's commune, the department or the coordinator inspects.")
        )
    if inspected_on > timezone.localdate():
        raise ServiceError(_("The inspection date is in the future."))
    with transaction.atomic():
        inspection = Inspection.objects.create(
            area=area, inspected_on=inspected_on, result=result, note=note, inspector=actor
        )
        audit_record(
            action="traceability.inspection",
            instance=inspection,
            after=snapshot(inspection),
            actor=actor,
            unit=area.unit,
        )
    return inspection
