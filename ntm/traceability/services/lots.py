"""Writes on lots and their events: a harvest lot from a coded growing area, a processed lot made from other
lots, the later stages (packing, shipping, receiving) and corrections. Events are never edited or deleted: a
correction is a new event pointing to the one it corrects. Only the lot's owner records; every write is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.uploads import IMAGE_TYPES, check_document, check_size
from ntm.traceability import gs1, images
from ntm.traceability.models import AreaStatus, GrowingArea, Lot, Stage, Standard, TraceEvent

LATER_STAGES = (Stage.PACKING, Stage.SHIPPING, Stage.RECEIVING)
EVENT_FIELDS = ("occurred_at", "place", "place_code", "quantity", "package", "document", "receiver", "note")


def _owner_only(actor, owner_id: int) -> None:
    if not (actor.is_superuser or actor.pk == owner_id):
        raise ServiceError(_("Only the producer that owns it records its lots and events."))


MAX_IMAGE_BYTES = 2 * 1024 * 1024


def lot_image_set(*, actor, lot: Lot, upload) -> Lot:
    """The owner puts the product image on its lot (JPEG or PNG by content, at most 2 MB); it is stored as
    ``images.publishable`` makes it (decoded, at most 800 px, no metadata such as the GPS place of a phone photo),
    never as uploaded. A new one replaces the old one on the trace page (the old file stays in storage). Audited."""
    _owner_only(actor, lot.owner_id)
    check_size(upload.size, name=upload.name, limit=MAX_IMAGE_BYTES)
    mime = check_document(upload, allowed=IMAGE_TYPES)
    upload.seek(0)
    try:
        published = images.publishable(upload.read(MAX_IMAGE_BYTES + 1), mime)
    except images.ImageError as error:
        raise ServiceError(str(error)) from error
    extension = "png" if mime == "image/png" else "jpg"
    with transaction.atomic():
        lot = Lot.objects.select_for_update().get(pk=lot.pk)
        before = snapshot(lot, fields=("image", "image_type"))
        lot.image_type = mime
        lot.image.save(f"{lot.code}.{extension}", ContentFile(published.data), save=False)
        lot.save(update_fields=["image", "image_type"])
        audit_record(
            action="traceability.lot_image",
            instance=lot,
            before=before,
            after=snapshot(lot, fields=("image", "image_type")),
            actor=actor,
        )
    return lot


def _check_time(moment: dt.datetime) -> None:
    if moment > timezone.now() + dt.timedelta(hours=1):
        raise ServiceError(_("The time of the event is in the future."))


def _gtin(text: str) -> str:
    if not text:
        return ""
    try:
        return gs1.normalise_gtin(text)
    except gs1.GtinError as error:
        raise ServiceError(str(error)) from error


def _new_code(prefix: str, day: dt.date) -> str:
    stem = f"{prefix}-{day:%y%m%d}"
    number = Lot.objects.filter(code__startswith=f"{stem}-").count() + 1
    while Lot.objects.filter(code=f"{stem}-{number}").exists():
        number += 1
    return f"{stem}-{number}"


def _event(lot: Lot, *, actor, stage: str, **fields: Any) -> TraceEvent:
    _check_time(fields["occurred_at"])
    event = TraceEvent.objects.create(lot=lot, stage=stage, recorded_by=actor, **fields)
    audit_record(
        action=f"traceability.event_{stage}",
        instance=event,
        after=snapshot(event),
        actor=actor,
        unit=lot.unit,
    )
    return event


def lot_harvest(*, actor, area: GrowingArea, data: dict[str, Any]) -> Lot:
    """A harvest lot from ``area`` (its code must be in force) with its harvest event at the area."""
    _owner_only(actor, area.owner_id)
    if area.status != AreaStatus.ACTIVE:
        raise StateConflict(
            _("Lots are recorded only from an area whose code is in force."),
            expected_state=AreaStatus.ACTIVE,
            actual_state=area.status,
        )
    harvested_at = data["harvested_at"]
    with transaction.atomic():
        GrowingArea.objects.select_for_update().get(pk=area.pk)  # one lot code at a time per area
        lot = Lot.objects.create(
            code=_new_code(area.code, harvested_at.date()),
            unit=area.unit,
            owner=area.owner,
            area=area,
            product_name=data["product_name"],
            gtin=_gtin(data.get("gtin", "")),
            brand=data.get("brand", ""),
            quantity=data["quantity"],
            quantity_unit=data["quantity_unit"],
            produced_on=harvested_at.date(),
            expires_on=data.get("expires_on"),
            standard=area.standard,
            standard_note=area.standard_note,
        )
        audit_record(action="traceability.lot_create", instance=lot, after=snapshot(lot), actor=actor)
        _event(
            lot,
            actor=actor,
            stage=Stage.HARVEST,
            occurred_at=harvested_at,
            place=area.name,
            place_code=area.code,
            quantity=data["quantity"],
        )
    return lot


def lot_process(*, actor, inputs: list[Lot], data: dict[str, Any]) -> Lot:
    """A lot made from ``inputs`` (sơ chế, chế biến): the processing event links each input one step back."""
    if not inputs:
        raise ServiceError(_("Choose the lots it is made from."))
    for lot in inputs:
        _owner_only(actor, lot.owner_id)
    made_at = data["made_at"]
    for lot in inputs:
        start = lot.events.order_by("occurred_at").first()
        if start is not None and made_at < start.occurred_at:
            raise ServiceError(
                _("The processing is earlier than the harvest of lot %(code)s.") % {"code": lot.code}
            )
    first = inputs[0]
    with transaction.atomic():
        lot = Lot.objects.create(
            code=_new_code(f"CB-{first.unit.code}", made_at.date()),
            unit=first.unit,
            owner=first.owner,
            area=None,
            product_name=data["product_name"],
            gtin=_gtin(data.get("gtin", "")),
            brand=data.get("brand", ""),
            quantity=data["quantity"],
            quantity_unit=data["quantity_unit"],
            produced_on=made_at.date(),
            expires_on=data.get("expires_on"),
            standard=data.get("standard") or Standard.NONE,
            standard_note=data.get("standard_note", ""),
        )
        lot.inputs.set(inputs)
        audit_record(
            action="traceability.lot_create",
            instance=lot,
            after=snapshot(lot),
            extra={"inputs": [i.code for i in inputs]},
            actor=actor,
        )
        _event(
            lot,
            actor=actor,
            stage=Stage.PROCESSING,
            occurred_at=made_at,
            place=data["place"],
            place_code=data.get("place_code", ""),
            quantity=data["quantity"],
        )
    return lot


def event_record(*, actor, lot: Lot, stage: str, data: dict[str, Any]) -> TraceEvent:
    """A later stage of ``lot``: packing, shipping or receiving."""
    _owner_only(actor, lot.owner_id)
    if stage not in LATER_STAGES:
        raise ServiceError(
            _("Record packing, shipping or receiving here (harvest and processing make a lot).")
        )
    if stage == Stage.SHIPPING and not data.get("receiver"):
        raise ServiceError(_("Name the receiver of the shipment (one step forward)."))
    fields = {
        key: data.get(key) or ("" if key not in {"occurred_at", "quantity"} else None) for key in EVENT_FIELDS
    }
    if not fields["place"]:
        raise ServiceError(_("Name the place of the event."))
    first = lot.events.order_by("occurred_at").first()
    if first is not None and fields["occurred_at"] < first.occurred_at:
        raise ServiceError(_("The event is earlier than the lot's harvest or production."))
    with transaction.atomic():
        return _event(lot, actor=actor, stage=stage, **fields)


def event_correct(*, actor, event: TraceEvent, data: dict[str, Any], reason: str) -> TraceEvent:
    """A correction: a new event of the same stage with the right data; the corrected one stays as it was."""
    _owner_only(actor, event.lot.owner_id)
    if not (reason or "").strip():
        raise ServiceError(_("Give the reason for the correction."))
    if event.corrections.exists():
        raise StateConflict(_("This event was already corrected; correct the latest version."))
    fields = {key: data.get(key, getattr(event, key)) for key in EVENT_FIELDS}
    fields["note"] = (_("Correction: %(reason)s") % {"reason": reason.strip()})[:300]
    if isinstance(fields["quantity"], str):
        fields["quantity"] = Decimal(fields["quantity"]) if fields["quantity"] else None
    with transaction.atomic():
        return _event(event.lot, actor=actor, stage=event.stage, corrects=event, **fields)
