"""Writes to the register of official status: one record per decision, validated, audited, never deleted. Every
other app (the recognition workflow, the demo loaders) writes the register through these functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import StatusLevel
from ntm.core.exceptions import ServiceError
from ntm.core.uploads import check_document
from ntm.core.vocabulary import COMMUNE_SET_UNIT_TYPES, DISTRICT_SET_UNIT_TYPES, LEVEL_RANK, REVOKED
from ntm.status.models import RecordSource, StatusRecord
from ntm.units.models import AdministrativeUnit, Level, Structure

# Only rural communes (xã) and district-level units are subjects of the NTM sets; wards and townships are not.
_SUBJECT_TYPES = COMMUNE_SET_UNIT_TYPES | DISTRICT_SET_UNIT_TYPES


def _check_subject(unit: AdministrativeUnit) -> None:
    if unit.level == Level.PROVINCE or unit.unit_type not in _SUBJECT_TYPES:
        raise ServiceError(
            _(
                "%(unit)s is not subject to NTM recognition (only communes and district-level units; wards and "
                "towns are not)."
            )
            % {"unit": unit.name}
        )


def status_record_create(
    *,
    unit: AdministrativeUnit,
    level: str,
    decision_number: str,
    decision_date: dt.date,
    source: str,
    criteria_set: str = "",
    signer: str = "",
    issuing_body: str = "",
    note: str = "",
    revokes: StatusRecord | None = None,
    converted_from: Iterable[StatusRecord] = (),
    document: UploadedFile | None = None,
    is_published: bool = True,
    replaces: StatusRecord | None = None,
    actor=None,
) -> StatusRecord:
    """Record one decision. Refuses: a unit that is not a subject, a date in the future, a duplicate decision,
    a revocation that names no standing recognition of the same unit, a conversion for a unit outside the 2025
    structure or from records that are not its predecessors'.

    ``replaces`` corrects a wrong entry: the old record stays in the register, marked as corrected by this one.
    """
    _check_subject(unit)
    if level not in StatusLevel.values:
        raise ServiceError(_("The recognition level is not valid."))
    if source not in RecordSource.values:
        raise ServiceError(_("The record's source is not valid."))
    decision_number = decision_number.strip()
    if not decision_number:
        raise ServiceError(_("The decision number is missing."))
    if decision_date > timezone.localdate():
        raise ServiceError(_("The decision date cannot be in the future."))
    if replaces is not None and (replaces.unit_id != unit.pk or replaces.superseded_by_id):
        raise ServiceError(_("Only a record of this same unit that is still in force can be corrected."))
    duplicates = StatusRecord.objects.filter(
        unit=unit, decision_number__iexact=decision_number, level=level, superseded_by__isnull=True
    )
    if duplicates.exclude(pk=getattr(replaces, "pk", None)).exists():
        raise ServiceError(
            _("%(unit)s already has decision %(number)s at this level in the register.")
            % {"unit": unit.name, "number": decision_number}
        )
    converted = list(converted_from)
    _check_revocation(unit, level, revokes, decision_date)
    _check_conversion(unit, source, converted)
    document_type = check_document(document) if document is not None else ""
    with transaction.atomic():
        record = StatusRecord.objects.create(
            unit=unit,
            level=level,
            criteria_set=criteria_set.strip(),
            decision_number=decision_number,
            decision_date=decision_date,
            signer=signer.strip(),
            issuing_body=issuing_body.strip(),
            source=source,
            revokes=revokes,
            note=note.strip(),
            is_published=is_published,
            recorded_by=actor if getattr(actor, "pk", None) else None,
            document_type=document_type,
        )
        if document is not None:
            record.document.save(document.name, document, save=True)
        if converted:
            record.converted_from.set(converted)
        if replaces is not None:
            StatusRecord.objects.filter(pk=replaces.pk).update(superseded_by=record)
        action = "status_record.correct" if replaces is not None else "status_record.create"
        audit_record(
            action=action,
            instance=record,
            before=snapshot(replaces) if replaces is not None else None,
            after=snapshot(record),
            actor=actor,
        )
    return record


def status_record_publish(*, record: StatusRecord, actor=None, extra: dict | None = None) -> StatusRecord:
    """Make a recorded decision public (the workflow records a decision unpublished and publishes it when it is
    announced). ``extra`` goes into the audit entry (the dossier that announced it)."""
    with transaction.atomic():
        StatusRecord.objects.filter(pk=record.pk).update(is_published=True)
        audit_record(
            action="status_record.publish",
            instance=record,
            before={"is_published": record.is_published},
            after={"is_published": True},
            extra=extra,
            actor=actor,
        )
    record.is_published = True
    return record


def _check_revocation(
    unit: AdministrativeUnit, level: str, revokes: StatusRecord | None, decision_date: dt.date
) -> None:
    if level != REVOKED:
        if revokes is not None:
            raise ServiceError(_("Only a revocation decision names a revoked record."))
        return
    if revokes is None:
        raise ServiceError(_("A revocation decision must name the recognition decision it revokes."))
    if revokes.unit_id != unit.pk or revokes.level not in LEVEL_RANK:
        raise ServiceError(_("The revoked decision must be a recognition decision of this same unit."))
    if revokes.revoked_by.exists():
        raise ServiceError(_("This recognition decision has already been revoked."))
    if decision_date < revokes.decision_date:
        raise ServiceError(_("The revocation date must be after the recognition date."))


def _check_conversion(unit: AdministrativeUnit, source: str, converted: list[StatusRecord]) -> None:
    if source != RecordSource.CONVERSION:
        if converted:
            raise ServiceError(_("Only a conversion record lists the former units' decisions."))
        return
    if unit.structure != Structure.REFORM_2025:
        raise ServiceError(_("Conversion applies only to units formed from 1/7/2025."))
    predecessors = set(unit.predecessor_links.values_list("old_unit_id", flat=True))
    if any(record.unit_id not in predecessors for record in converted):
        raise ServiceError(
            _("The converted decisions must belong to the former units that make up this unit.")
        )
