"""Writes of the registries behind the computed targets. Each is one transaction with an audit entry, and checks
that the actor may change rows of the unit (commune officers: their commune; the coordinator: the province)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.exceptions import ServiceError
from ntm.core.uploads import PDF_TYPES, attach, check_document
from ntm.programme.models import (
    Attendance,
    Cooperative,
    CourseAudience,
    CourseUnitAttendance,
    LinkageModel,
    Manager,
    OnlineService,
    PilotEvidence,
    PilotMilestone,
    PilotModel,
    PilotStatus,
    TrainingCourse,
)
from ntm.programme.selectors.access import COORDINATOR_ROLES, REGISTRY_EDITOR_ROLES
from ntm.programme.selectors.registries import editable_units, linkable_growing_areas
from ntm.surveys.models import Purpose
from ntm.units.models import AdministrativeUnit

COOPERATIVE_FIELDS = (
    "unit",
    "name",
    "key_products",
    "members",
    "established_on",
    "dissolved_on",
    "uses_digital",
    "digital_note",
    "note",
)
LINKAGE_FIELDS = (
    "unit",
    "name",
    "key_product",
    "cooperative",
    "partner",
    "raw_material_area",
    "digital_technology",
    "digital_raw_material_area",
    "started_on",
    "ended_on",
    "note",
)
SERVICE_FIELDS = ("unit", "field", "name", "url", "started_on", "ended_on", "feedback_campaign", "note")
MANAGER_FIELDS = ("unit", "full_name", "position", "organisation", "is_active", "note")
COURSE_FIELDS = (
    "unit",
    "title",
    "organiser",
    "topic",
    "audience",
    "starts_on",
    "ends_on",
    "location",
    "note",
)
PILOT_FIELDS = ("kind", "unit", "name", "field", "status", "note")


def require_unit(actor, unit: AdministrativeUnit, roles: Sequence[str] = REGISTRY_EDITOR_ROLES) -> None:
    if not editable_units(actor, roles=roles).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You may not keep records for %(unit)s.") % {"unit": unit.name})


def _dates_in_order(start: dt.date | None, end: dt.date | None, message: str) -> None:
    if start is not None and end is not None and end < start:
        raise ServiceError(message)


def _save(
    *,
    actor,
    model: type[models.Model],
    instance,
    data: Mapping[str, Any],
    fields: Sequence[str],
    action: str,
    roles: Sequence[str] = REGISTRY_EDITOR_ROLES,
):
    """Create or update a registry row from ``data`` (only ``fields``), audited; the unit must be in scope."""
    if instance is not None:
        require_unit(actor, instance.unit, roles)
    require_unit(actor, data["unit"], roles)
    with transaction.atomic():
        row = model() if instance is None else model.objects.select_for_update().get(pk=instance.pk)
        before = None if instance is None else snapshot(row)
        for name in fields:
            if name in data:
                setattr(row, name, data[name])
        try:
            row.full_clean()
        except ValidationError as exc:
            raise ServiceError(" ".join(exc.messages), detail=exc.message_dict) from None
        row.save()
        audit_record(
            action=f"programme.{action}", instance=row, before=before, after=snapshot(row), actor=actor
        )
    return row


def cooperative_save(*, actor, cooperative: Cooperative | None, data: Mapping[str, Any]) -> Cooperative:
    _dates_in_order(
        data.get("established_on"),
        data.get("dissolved_on"),
        _("The dissolution date is before the founding date."),
    )
    return _save(
        actor=actor,
        model=Cooperative,
        instance=cooperative,
        data=data,
        fields=COOPERATIVE_FIELDS,
        action="cooperative_save",
    )


def linkage_model_save(*, actor, linkage: LinkageModel | None, data: Mapping[str, Any]) -> LinkageModel:
    """Create or update a linkage model. ``data["growing_areas"]`` (if given) replaces the growing areas it points
    to: only coded areas the actor sees (``linkable_growing_areas``); the change is audited with the codes before
    and after. The Plan 202 target reads ``digital_raw_material_area`` only, as before."""
    _dates_in_order(data.get("started_on"), data.get("ended_on"), _("The end date is before the start date."))
    areas = list(data["growing_areas"]) if data.get("growing_areas") is not None else None
    named = bool((data.get("raw_material_area") or "").strip()) or bool(
        areas if areas is not None else (linkage is not None and linkage.growing_areas.exists())
    )
    if bool((data.get("digital_technology") or "").strip()) and not named:
        raise ServiceError(_("Name the raw-material area where the digital technology is used."))
    if data.get("digital_raw_material_area") and not named:
        raise ServiceError(
            _("A model tied to a raw-material area applying digital technology must name that area.")
        )
    if areas:
        allowed = set(
            linkable_growing_areas(actor).filter(pk__in=[a.pk for a in areas]).values_list("pk", flat=True)
        )
        if any(area.pk not in allowed for area in areas):
            raise ServiceError(_("Choose growing areas with a code among those you see."))
    with transaction.atomic():
        row = _save(
            actor=actor,
            model=LinkageModel,
            instance=linkage,
            data=data,
            fields=LINKAGE_FIELDS,
            action="linkage_model_save",
        )
        if areas is not None:
            before = sorted(row.growing_areas.values_list("code", flat=True))
            row.growing_areas.set(areas)
            after = sorted(area.code for area in areas)
            if before != after:
                audit_record(
                    action="programme.linkage_model_areas",
                    instance=row,
                    before={"growing_areas": before},
                    after={"growing_areas": after},
                    actor=actor,
                )
    return row


def online_service_save(*, actor, service: OnlineService | None, data: Mapping[str, Any]) -> OnlineService:
    _dates_in_order(data.get("started_on"), data.get("ended_on"), _("The end date is before the start date."))
    campaign = data.get("feedback_campaign")
    if campaign is not None:
        if campaign.purpose != Purpose.SERVICE:
            raise ServiceError(
                _("The feedback campaign must be a survey of the “essential service” purpose.")
            )
        if campaign.unit_id != data["unit"].pk:
            raise ServiceError(_("The feedback campaign belongs to another unit."))
    return _save(
        actor=actor,
        model=OnlineService,
        instance=service,
        data=data,
        fields=SERVICE_FIELDS,
        action="online_service_save",
    )


def manager_save(*, actor, manager: Manager | None, data: Mapping[str, Any]) -> Manager:
    return _save(
        actor=actor, model=Manager, instance=manager, data=data, fields=MANAGER_FIELDS, action="manager_save"
    )


def training_course_save(*, actor, course: TrainingCourse | None, data: Mapping[str, Any]) -> TrainingCourse:
    _dates_in_order(data.get("starts_on"), data.get("ends_on"), _("The course ends before it starts."))
    return _save(
        actor=actor,
        model=TrainingCourse,
        instance=course,
        data=data,
        fields=COURSE_FIELDS,
        action="training_course_save",
        roles=COORDINATOR_ROLES,
    )


def attendance_set(
    *, actor, course: TrainingCourse, manager: Manager, completed: bool, note: str = ""
) -> Attendance:
    """Record (or change) a manager's attendance at a course; the coordinator keeps attendance."""
    require_unit(actor, course.unit, COORDINATOR_ROLES)
    if not manager.is_active:
        raise ServiceError(_("%(name)s is no longer in office.") % {"name": manager.full_name})
    with transaction.atomic():
        row, created = Attendance.objects.select_for_update().get_or_create(
            course=course, manager=manager, defaults={"completed": completed, "note": note}
        )
        before = None if created else snapshot(row)
        if not created:
            row.completed, row.note = completed, note
            row.save()
        audit_record(
            action="programme.attendance_set",
            instance=row,
            before=before,
            after=snapshot(row),
            actor=actor,
            unit=manager.unit,
        )
    return row


def course_unit_attendance_set(
    *,
    actor,
    course: TrainingCourse,
    unit: AdministrativeUnit,
    officers: int,
    residents: int,
    note: str = "",
) -> CourseUnitAttendance:
    """Record (or correct) how many officers and residents of ``unit`` attended ``course``; the coordinator keeps
    attendance, as for managers. A course for officers only counts no residents, and the reverse."""
    require_unit(actor, course.unit, COORDINATOR_ROLES)
    if officers < 0 or residents < 0:
        raise ServiceError(_("The numbers of people cannot be negative."))
    if officers + residents == 0:
        raise ServiceError(_("Enter how many people of the unit attended."))
    if course.audience == CourseAudience.OFFICERS and residents:
        raise ServiceError(_("This course is for officers: change its audience to count residents."))
    if course.audience == CourseAudience.RESIDENTS and officers:
        raise ServiceError(_("This course is for residents: change its audience to count officers."))
    if not unit.tree_path.startswith(course.unit.tree_path):
        raise ServiceError(_("%(unit)s is outside the unit that organised the course.") % {"unit": unit.name})
    with transaction.atomic():
        row, created = CourseUnitAttendance.objects.select_for_update().get_or_create(
            course=course, unit=unit, defaults={"officers": officers, "residents": residents, "note": note}
        )
        before = None if created else snapshot(row)
        if not created:
            row.officers, row.residents, row.note = officers, residents, note
            row.save()
        audit_record(
            action="programme.course_unit_attendance_set",
            instance=row,
            before=before,
            after=snapshot(row),
            actor=actor,
            unit=unit,
        )
    return row


def pilot_save(*, actor, pilot: PilotModel | None, data: Mapping[str, Any]) -> PilotModel:
    """Create or edit a pilot (the coordinator keeps the pilot list; it stays editable, domain.md §7.1)."""
    if data.get("status") == PilotStatus.COMPLETED and (pilot is None or not pilot.approval_number):
        raise ServiceError(
            _("A pilot is completed only with its approval decision: record the decision instead.")
        )
    return _save(
        actor=actor,
        model=PilotModel,
        instance=pilot,
        data=data,
        fields=PILOT_FIELDS,
        action="pilot_save",
        roles=COORDINATOR_ROLES,
    )


def pilot_milestone_save(
    *,
    actor,
    pilot: PilotModel,
    milestone: PilotMilestone | None,
    title: str,
    due_on: dt.date | None,
    done_on: dt.date | None,
    note: str = "",
) -> PilotMilestone:
    require_unit(actor, pilot.unit, COORDINATOR_ROLES)
    if not title.strip():
        raise ServiceError(_("Name the milestone."))
    with transaction.atomic():
        row = milestone or PilotMilestone(pilot=pilot)
        if row.pilot_id != pilot.pk:
            raise PermissionDenied
        before = None if milestone is None else snapshot(row)
        row.title, row.due_on, row.done_on, row.note = title.strip(), due_on, done_on, note
        row.save()
        audit_record(
            action="programme.pilot_milestone_save",
            instance=row,
            before=before,
            after=snapshot(row),
            actor=actor,
            unit=pilot.unit,
        )
    return row


def pilot_evidence_add(
    *,
    actor,
    pilot: PilotModel,
    upload: UploadedFile,
    description: str = "",
    milestone: PilotMilestone | None = None,
) -> PilotEvidence:
    require_unit(actor, pilot.unit, COORDINATOR_ROLES)
    if milestone is not None and milestone.pilot_id != pilot.pk:
        raise ServiceError(_("The milestone belongs to another pilot."))
    with transaction.atomic():
        row = PilotEvidence(
            pilot=pilot, milestone=milestone, description=description[:300], uploaded_by=actor
        )
        attach(row, upload)
        row.save()
        audit_record(
            action="programme.pilot_evidence_add",
            instance=row,
            after=snapshot(row, ("original_name", "mime_type", "size")),
            actor=actor,
            unit=pilot.unit,
        )
    return row


def pilot_approve(
    *, actor, pilot: PilotModel, number: str, date: dt.date, body: str, document: UploadedFile | None = None
) -> PilotModel:
    """Record the decision approving the pilot's result: the pilot then counts as completed."""
    require_unit(actor, pilot.unit, COORDINATOR_ROLES)
    if not number.strip():
        raise ServiceError(_("Enter the number of the approval decision."))
    if date > dt.date.today():
        raise ServiceError(_("The decision date is in the future."))
    if document is not None:
        check_document(document, allowed=PDF_TYPES)
    with transaction.atomic():
        locked = PilotModel.objects.select_for_update().get(pk=pilot.pk)
        before = snapshot(locked)
        locked.approval_number, locked.approval_date, locked.approval_body = (
            number.strip(),
            date,
            body.strip(),
        )
        locked.status = PilotStatus.COMPLETED
        if document is not None:
            locked.approval_document.save(document.name, document, save=False)
        locked.save()
        audit_record(
            action="programme.pilot_approve",
            instance=locked,
            before=before,
            after=snapshot(locked),
            actor=actor,
        )
    return locked
