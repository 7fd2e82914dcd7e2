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
from ntm.core.params import YEAR_MAX, YEAR_MIN
from ntm.core.permissions import STATUS, may_use_area, require_area
from ntm.core.queries import ByIds, in_ids
from ntm.core.scoping import CHANGE, path_q, unit_paths
from ntm.core.vocabulary import (
    ADVANCED,
    DISTRICT_SET_UNIT_TYPES,
    MODEL,
    NONE,
    NTM,
    TASK_COMPLETION_UNIT_TYPES,
)
from ntm.status.logic import status_on
from ntm.status.models import RecordSource, StatusRecord
from ntm.units.models import AdministrativeUnit, UnitLineage


class StatusRecordFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label=_("Status"), choices=StatusLevel.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=RecordSource.choices)
    unit = django_filters.CharFilter(label=_("Unit code"), field_name="unit__code")
    # Bounded: a year past the database's integers was a 500; out of range is now a form error, the filter unused.
    year_from = django_filters.NumberFilter(
        label=_("From year"),
        field_name="decision_date",
        lookup_expr="year__gte",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    year_to = django_filters.NumberFilter(
        label=_("To year"),
        field_name="decision_date",
        lookup_expr="year__lte",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
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
    ``public_history``), any record in the user's scope for the roles the status area admits (the register's
    readers: not the Front, the councils of OCOP, producers or water-supply operators); None otherwise."""
    readable = StatusRecord.objects.published().filter(superseded_by__isnull=True)
    if user.is_authenticated:
        readable = readable | StatusRecord.objects.restrict(user, area=STATUS)
    return readable.exclude(document="").filter(pk=record_id).first()


def can_keep_register(user) -> bool:
    return may_use_area(user, STATUS, CHANGE)


def register_units(user) -> QuerySet[AdministrativeUnit]:
    """Units whose register entries ``user`` may write: the coordinator's province and, for the historical
    decisions (districts, towns and communes before 1/7/2025), the former units that formed it."""
    paths = unit_paths(user, CHANGE, area=STATUS)
    if paths is None:
        return AdministrativeUnit.objects.all()
    former = list(
        UnitLineage.objects.filter(new_unit__tree_path__in=paths).values_list(
            "old_unit__tree_path", flat=True
        )
    )
    return AdministrativeUnit.objects.filter(path_q("tree_path", [*paths, *former]))


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


_DISTRICT_LABELS = {
    NTM: _("NTM district"),
    ADVANCED: _("Advanced NTM district"),
    MODEL: _("Model NTM district"),
}
_TASK_LABELS = {NTM: _("Completed the NTM task")}


def level_label(level: str, unit_type: str | None) -> str:
    """The name of a register level for this kind of unit: a huyện is an "NTM district", a town or provincial city
    "completed the NTM task" (QĐ 320/QĐ-TTg Annex II); communes keep the plain level names."""
    if unit_type in TASK_COMPLETION_UNIT_TYPES and level in _TASK_LABELS:
        return str(_TASK_LABELS[level])
    if unit_type in DISTRICT_SET_UNIT_TYPES and level in _DISTRICT_LABELS:
        return str(_DISTRICT_LABELS[level])
    return str(StatusLevel(level).label) if level in StatusLevel.values else str(_("Not yet recognised"))


def _current_records(ids: list[int]) -> QuerySet[StatusRecord]:
    return StatusRecord.objects.filter(in_ids("unit_id", ids), superseded_by__isnull=True).order_by()


# The records not superseded of a list of units (all, or the published ones): on every dashboard and map.
_CURRENT_RECORDS = ByIds(_current_records)
_PUBLISHED_RECORDS = ByIds(lambda ids: _current_records(ids).published())


def official_status_of(
    units: Iterable[AdministrativeUnit], on: dt.date | None = None, *, published_only: bool = False
) -> dict[int, OfficialStatus]:
    """``{unit_id: OfficialStatus}`` on date ``on`` (today by default), from the register only. One query."""
    on = on or timezone.localdate()
    unit_ids = [unit.pk for unit in units]
    records = (_PUBLISHED_RECORDS if published_only else _CURRENT_RECORDS)(unit_ids)
    by_unit: dict[int, list[StatusRecord]] = defaultdict(list)
    for record in records:
        by_unit[record.unit_id].append(record)
    result: dict[int, OfficialStatus] = {}
    never = OfficialStatus(NONE, None)  # a unit the register has no decision on (status_on of nothing)
    for unit_id in unit_ids:
        found = by_unit.get(unit_id)
        if not found:
            result[unit_id] = never
            continue
        unit_records = {record.pk: record for record in found}
        current = status_on([record.as_decision() for record in unit_records.values()], on)
        result[unit_id] = OfficialStatus(current.level, unit_records.get(current.decision))
    return result
