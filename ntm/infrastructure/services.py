"""Writes of the infrastructure app: one function per use case, each in a transaction and audited.

The figures the records define go to the assessment app as computed values (``computed_value_set``) under the
source keys below, for every year from 2021 to this year (the state at the end of each year, from the dated
status checks and decisions), each time something that changes them is written; the province maps an indicator
of a criteria set to one of them (``indicator_source_link``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.assessment import services as assessment_services
from ntm.assessment.services import computed_value_set
from ntm.audit.services import audit_record, snapshot
from ntm.core.exceptions import ServiceError
from ntm.core.geojson import GeoJSONError, GeoJSONLimits, read_feature_collection
from ntm.core.permissions import INFRASTRUCTURE
from ntm.core.scoping import CHANGE
from ntm.core.uploads import DOCUMENT_TYPES, attach, check_text
from ntm.infrastructure import indicators
from ntm.infrastructure.models import (
    Asset,
    AssetKind,
    AssetStatus,
    MobileCoverage,
    PlanningDocument,
    PlanningMap,
    PlanningRecord,
    StatusCheck,
    Technology,
)
from ntm.units.models import AdministrativeUnit, Hamlet, Level

FIRST_YEAR = 2021  # the first year of the 2021-2025 commune sets whose indicators these figures define

RADIO_EVERY_HAMLET = "infrastructure.radio_every_hamlet"
PLAN_APPROVED_POSTED = "infrastructure.plan_approved_posted"
SOURCES = {
    RADIO_EVERY_HAMLET: gettext_lazy(
        "Radio station and working loudspeakers in every hamlet (from the inventory)"
    ),
    PLAN_APPROVED_POSTED: gettext_lazy(
        "General construction plan approved and publicly posted (from the planning records)"
    ),
}


def _check_may_change(actor, unit: AdministrativeUnit) -> None:
    if (
        not AdministrativeUnit.objects.restrict(actor, CHANGE, area=INFRASTRUCTURE)
        .filter(pk=unit.pk)
        .exists()
    ):
        raise ServiceError(
            _("You may not change the infrastructure records of %(unit)s.") % {"unit": unit.name}
        )


def _check_commune(unit: AdministrativeUnit) -> None:
    if unit.level != Level.COMMUNE:
        raise ServiceError(_("%(unit)s is not a commune-level unit.") % {"unit": unit.name})


def _check_date(day: dt.date) -> None:
    if day > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."))


def _years() -> range:
    return range(FIRST_YEAR, timezone.localdate().year + 1)


# --- Computed values ------------------------------------------------------------------------------------------


def radio_result(unit: AdministrativeUnit, year: int) -> indicators.RadioResult:
    """Indicator 8.3's reading of the inventory at the end of ``year``."""
    end = dt.date(year, 12, 31)
    statuses: dict[int, str] = {}
    for check in (
        StatusCheck.objects.filter(
            asset__unit=unit, asset__kind__in=[AssetKind.RADIO, AssetKind.LOUDSPEAKER], checked_on__lte=end
        )
        .order_by("checked_on", "id")
        .values("asset_id", "status")
    ):
        statuses[check["asset_id"]] = check["status"]
    assets = Asset.objects.filter(pk__in=statuses).values("pk", "kind", "hamlet_id")
    stations, clusters = [], []
    for asset in assets:
        status = statuses[asset["pk"]]
        if status == AssetStatus.RETIRED:
            continue
        if asset["kind"] == AssetKind.RADIO:
            stations.append(status)
        else:
            clusters.append((asset["hamlet_id"], status))
    hamlets = dict(Hamlet.objects.filter(unit=unit, is_active=True).values_list("pk", "name"))
    return indicators.radio_reaches_every_hamlet(stations, hamlets, clusters)


def radio_publish(unit: AdministrativeUnit, *, actor=None) -> None:
    for year in _years():
        result = radio_result(unit, year)
        computed_value_set(
            unit=unit,
            year=year,
            source=RADIO_EVERY_HAMLET,
            value=result.met,
            description=str(SOURCES[RADIO_EVERY_HAMLET]),
            detail=result.as_detail(),
            reference=f"infrastructure:{unit.pk}",
            url=reverse("infrastructure:commune", args=[unit.pk]) + f"?year={year}",
            actor=actor,
        )


def plan_result(unit: AdministrativeUnit, year: int) -> bool | None:
    records = [
        indicators.PlanRecord(decision_date=decision_date, posted_on=posted_on)
        for decision_date, posted_on in PlanningRecord.objects.filter(unit=unit).values_list(
            "decision_date", "posted_on"
        )
    ]
    return indicators.plan_approved_and_posted(records, year)


def plan_publish(unit: AdministrativeUnit, *, actor=None) -> None:
    for year in _years():
        computed_value_set(
            unit=unit,
            year=year,
            source=PLAN_APPROVED_POSTED,
            value=plan_result(unit, year),
            description=str(SOURCES[PLAN_APPROVED_POSTED]),
            reference=f"infrastructure.planning:{unit.pk}",
            url=reverse("infrastructure:planning", args=[unit.pk]),
            actor=actor,
        )


# --- Inventory ------------------------------------------------------------------------------------------------


def asset_create(
    *,
    actor,
    unit: AdministrativeUnit,
    kind: str,
    name: str,
    status: str,
    status_on: dt.date,
    hamlet: Hamlet | None = None,
    **fields: Any,
) -> Asset:
    """Add a wifi point, internet access point, radio station or loudspeaker cluster with its first status."""
    _check_commune(unit)
    _check_may_change(actor, unit)
    _check_date(status_on)
    if kind not in AssetKind.values or status not in AssetStatus.values:
        raise ServiceError(_("The kind or the status is not valid."))
    if not name.strip():
        raise ServiceError(_("Give the item a name."))
    if hamlet is not None and hamlet.unit_id != unit.pk:
        raise ServiceError(_("The hamlet is not in %(unit)s.") % {"unit": unit.name})
    if kind == AssetKind.LOUDSPEAKER and hamlet is None:
        raise ServiceError(_("A loudspeaker cluster serves a hamlet: choose it."))
    with transaction.atomic():
        asset = Asset.objects.create(
            unit=unit,
            hamlet=hamlet,
            kind=kind,
            name=name.strip()[:200],
            status=status,
            status_on=status_on,
            created_by=actor,
            **fields,
        )
        StatusCheck.objects.create(asset=asset, checked_on=status_on, status=status, recorded_by=actor)
        audit_record(
            action="infrastructure.asset_create",
            instance=asset,
            after=snapshot(asset),
            actor=actor,
            unit=unit,
        )
        if kind in (AssetKind.RADIO, AssetKind.LOUDSPEAKER):
            radio_publish(unit, actor=actor)
    return asset


def asset_check(*, actor, asset: Asset, status: str, checked_on: dt.date, note: str = "") -> StatusCheck:
    """Record a dated status of an asset (working, not working, taken out of service)."""
    _check_may_change(actor, asset.unit)
    _check_date(checked_on)
    if status not in AssetStatus.values:
        raise ServiceError(_("The status is not valid."))
    with transaction.atomic():
        asset = Asset.objects.select_for_update().get(pk=asset.pk)
        if checked_on < asset.checks.order_by("checked_on").values_list("checked_on", flat=True).first():
            raise ServiceError(_("The date is before the item entered the inventory."))
        before = snapshot(asset, ("status", "status_on"))
        check = StatusCheck.objects.create(
            asset=asset, checked_on=checked_on, status=status, note=note.strip()[:500], recorded_by=actor
        )
        latest = asset.checks.order_by("-checked_on", "-id").first()
        asset.status, asset.status_on = latest.status, latest.checked_on
        asset.save(update_fields=["status", "status_on"])
        audit_record(
            action="infrastructure.asset_check",
            instance=asset,
            before=before,
            after={
                **snapshot(asset, ("status", "status_on")),
                "checked_on": str(checked_on),
                "note": check.note,
            },
            actor=actor,
            unit=asset.unit,
        )
        if asset.kind in (AssetKind.RADIO, AssetKind.LOUDSPEAKER):
            radio_publish(asset.unit, actor=actor)
    return check


def coverage_set(
    *, actor, unit: AdministrativeUnit, surveyed_on: dt.date, covered: dict[int, set[str]]
) -> list[MobileCoverage]:
    """Record the mobile coverage of every active hamlet of ``unit``: ``{hamlet id: {technologies covered}}``
    (a hamlet left out is covered by none)."""
    _check_commune(unit)
    _check_may_change(actor, unit)
    _check_date(surveyed_on)
    hamlets = list(Hamlet.objects.filter(unit=unit, is_active=True))
    if not hamlets:
        raise ServiceError(
            _("%(unit)s has no hamlet on record; the province adds them first.") % {"unit": unit.name}
        )
    unknown = set(covered) - {hamlet.pk for hamlet in hamlets}
    if unknown:
        raise ServiceError(_("A hamlet is not in %(unit)s.") % {"unit": unit.name})
    rows = []
    with transaction.atomic():
        for hamlet in hamlets:
            for technology in Technology.values:
                row, _created = MobileCoverage.objects.update_or_create(
                    hamlet=hamlet,
                    technology=technology,
                    defaults={
                        "covered": technology in covered.get(hamlet.pk, set()),
                        "surveyed_on": surveyed_on,
                        "entered_by": actor,
                    },
                )
                rows.append(row)
        audit_record(
            action="infrastructure.coverage_set",
            instance=unit,
            after={
                "surveyed_on": str(surveyed_on),
                "covered": {hamlet.name: sorted(covered.get(hamlet.pk, set())) for hamlet in hamlets},
            },
            actor=actor,
            unit=unit,
        )
    return rows


# --- Planning records -----------------------------------------------------------------------------------------

PLANNING_FIELDS = (
    "title",
    "decision_number",
    "decision_date",
    "issuer",
    "posted_on",
    "posted_place",
    "rules_number",
    "rules_date",
    "note",
)


def _check_planning(fields: dict[str, Any]) -> None:
    for name in ("decision_date", "posted_on", "rules_date"):
        if fields.get(name):
            _check_date(fields[name])
    if fields.get("posted_on") and fields["posted_on"] < fields["decision_date"]:
        raise ServiceError(_("The plan cannot be posted before it was approved."))
    if fields.get("posted_on") and not fields.get("posted_place", "").strip():
        raise ServiceError(_("Say where the plan was publicly posted."))
    if not fields["decision_number"].strip():
        raise ServiceError(_("Give the number of the approval decision."))


def planning_record_save(
    *, actor, unit: AdministrativeUnit, record: PlanningRecord | None = None, **fields: Any
) -> PlanningRecord:
    """Create (``record`` None) or correct the record of a commune's approved general construction plan."""
    _check_commune(unit)
    _check_may_change(actor, unit)
    fields = {name: fields.get(name) for name in PLANNING_FIELDS}
    for name in ("title", "decision_number", "issuer", "posted_place", "rules_number", "note"):
        fields[name] = (fields[name] or "").strip()
    _check_planning(fields)
    duplicate = PlanningRecord.objects.filter(unit=unit, decision_number=fields["decision_number"])
    if record is not None:
        duplicate = duplicate.exclude(pk=record.pk)
    if duplicate.exists():
        raise ServiceError(_("This commune already has a plan approved by that decision."))
    with transaction.atomic():
        before = snapshot(record) if record else None
        if record is None:
            record = PlanningRecord(unit=unit, created_by=actor)
        elif record.unit_id != unit.pk:
            raise ServiceError(_("The record belongs to another commune."))
        for name, value in fields.items():
            setattr(record, name, value)
        record.save()
        audit_record(
            action="infrastructure.planning_save",
            instance=record,
            before=before,
            after=snapshot(record),
            actor=actor,
            unit=unit,
        )
        plan_publish(unit, actor=actor)
    return record


def planning_document_add(
    *, actor, record: PlanningRecord, kind: str, upload: UploadedFile
) -> PlanningDocument:
    """Keep a document of a planning record (PDF, image, Word or Excel, checked by content and size)."""
    _check_may_change(actor, record.unit)
    with transaction.atomic():
        document = attach(
            PlanningDocument(record=record, kind=kind, uploaded_by=actor), upload, allowed=DOCUMENT_TYPES
        )
        document.save()
        audit_record(
            action="infrastructure.planning_document_add",
            instance=document,
            after=snapshot(document, ("record_id", "kind", "original_name", "mime_type", "size")),
            actor=actor,
            unit=record.unit,
        )
    return document


def planning_map_upload(*, actor, record: PlanningRecord, data: bytes, name: str) -> PlanningMap:
    """Keep the planning map of a record: a GeoJSON FeatureCollection read within the project's limits."""
    _check_may_change(actor, record.unit)
    check_text(data, name=name, what="GeoJSON")
    limits = GeoJSONLimits(
        max_bytes=settings.NTM_MAX_UPLOAD_BYTES,
        max_depth=settings.NTM_GEOJSON_MAX_DEPTH,
        max_features=settings.NTM_GEOJSON_MAX_FEATURES,
        max_coordinates=settings.NTM_GEOJSON_MAX_COORDINATES,
    )
    try:
        features = read_feature_collection(data, limits=limits)
    except GeoJSONError as exc:
        raise ServiceError(str(exc)) from exc
    if not features:
        raise ServiceError(_("The GeoJSON file has no features."))
    if any(
        not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict) for feature in features
    ):
        raise ServiceError(_("Every feature of the planning map needs a geometry."))
    with transaction.atomic():
        row = PlanningMap.objects.create(
            record=record, original_name=name[:255], features=features, uploaded_by=actor
        )
        audit_record(
            action="infrastructure.planning_map_upload",
            instance=row,
            after={"record": record.pk, "file": row.original_name, "features": len(features)},
            actor=actor,
            unit=record.unit,
        )
    return row


def indicator_source_link(*, actor, set_code: str, indicator_code: str, source: str):
    """Make an indicator of a criteria set take its value from one of this app's figures (coordinator only)."""
    return assessment_services.indicator_source_link(
        actor=actor, set_code=set_code, indicator_code=indicator_code, source=source, offered=SOURCES
    )
