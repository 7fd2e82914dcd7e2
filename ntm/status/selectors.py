"""Reads of the register of official status. The register is the only source of official status for the map,
dashboards and targets: use ``official_status_of`` there, never the engine."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import StatusLevel
from ntm.core.permissions import STATUS, may_use_area, require_area
from ntm.core.scoping import CHANGE
from ntm.status.logic import status_on
from ntm.status.models import RecordSource, StatusRecord
from ntm.units.models import AdministrativeUnit


class StatusRecordFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label=_("Status"), choices=StatusLevel.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=RecordSource.choices)
    unit = django_filters.CharFilter(label=_("Unit code"), field_name="unit__code")
    year_from = django_filters.NumberFilter(
        label=_("From year"), field_name="decision_date", lookup_expr="year__gte"
    )
    year_to = django_filters.NumberFilter(
        label=_("To year"), field_name="decision_date", lookup_expr="year__lte"
    )

    class Meta:
        model = StatusRecord
        fields = ["level", "source", "unit", "year_from", "year_to"]


def register_for(user, params=None) -> tuple[QuerySet[StatusRecord], StatusRecordFilter]:
    """Register entries ``user`` may read (scoped), filtered; corrected entries stay listed, marked. A role the
    status area does not admit (``ntm.core.permissions.AREA_ROLES``) is refused (403)."""
    require_area(user, STATUS)
    records = StatusRecord.objects.restrict(user, area=STATUS).select_related(
        "unit", "revokes", "superseded_by"
    )
    record_filter = StatusRecordFilter(params or {}, queryset=records.order_by("-decision_date", "-id"))
    return record_filter.qs, record_filter


def public_history(unit: AdministrativeUnit) -> QuerySet[StatusRecord]:
    """The published, standing decisions of a unit, oldest first (what citizens and the API see)."""
    return (
        StatusRecord.objects.published()
        .filter(unit=unit, superseded_by__isnull=True)
        .select_related("revokes")
        .order_by("decision_date", "id")
    )


def decision_document_record(user, record_id: int) -> StatusRecord | None:
    """The record whose decision document ``user`` may download: a published decision in force for anyone (as in
    ``public_history``), any record in the user's scope for signed-in staff; None otherwise."""
    readable = StatusRecord.objects.published().filter(superseded_by__isnull=True)
    if user.is_authenticated:
        readable = readable | StatusRecord.objects.restrict(user)
    return readable.exclude(document="").filter(pk=record_id).first()


def can_keep_register(user) -> bool:
    return may_use_area(user, STATUS, CHANGE)


def register_units(user) -> QuerySet[AdministrativeUnit]:
    """Units whose register entries ``user`` may write (the coordinator's province)."""
    return AdministrativeUnit.objects.restrict(user, CHANGE, area=STATUS)


@dataclass(frozen=True)
class OfficialStatus:
    level: str  # none | ntm | nang_cao | kieu_mau | thu_hoi
    record: StatusRecord | None

    @property
    def label(self) -> str:
        return (
            str(StatusLevel(self.level).label)
            if self.level in StatusLevel.values
            else str(_("Not yet recognised"))
        )


def official_status_of(
    units: Iterable[AdministrativeUnit], on: dt.date | None = None, *, published_only: bool = False
) -> dict[int, OfficialStatus]:
    """``{unit_id: OfficialStatus}`` on date ``on`` (today by default), from the register only. One query."""
    on = on or timezone.localdate()
    unit_ids = [unit.pk for unit in units]
    records = StatusRecord.objects.filter(unit_id__in=unit_ids, superseded_by__isnull=True).order_by()
    if published_only:
        records = records.published()
    by_unit: dict[int, list[StatusRecord]] = defaultdict(list)
    for record in records:
        by_unit[record.unit_id].append(record)
    result: dict[int, OfficialStatus] = {}
    for unit_id in unit_ids:
        unit_records = {record.pk: record for record in by_unit.get(unit_id, [])}
        current = status_on([record.as_decision() for record in unit_records.values()], on)
        result[unit_id] = OfficialStatus(current.level, unit_records.get(current.decision))
    return result
