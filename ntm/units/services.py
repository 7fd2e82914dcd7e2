"""Writes for administrative units: the import from the registry packages (idempotent, all-or-nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from ntm.audit.services import audit_record
from ntm.units.models import AdministrativeUnit, UnitLineage
from ntm.units.registry import RegistrySnapshot, RegistryUnit

_COMPARED_FIELDS = ("name", "short_name", "unit_type", "level", "valid_from", "valid_to")
_LEVEL_ORDER = ("province", "district", "commune")


@dataclass
class ImportReport:
    """What an import added or changed, for the command's output and the audit entry."""

    added: dict[tuple[str, str], int] = field(default_factory=dict)  # (structure, level) -> count
    changed: list[str] = field(default_factory=list)
    lineage_added: int = 0
    lineage_changed: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    def as_dict(self) -> dict:
        return {
            "added": {
                f"{structure}/{level}": count for (structure, level), count in sorted(self.added.items())
            },
            "changed": self.changed[:200],
            "changed_count": len(self.changed),
            "lineage_added": self.lineage_added,
            "lineage_changed": self.lineage_changed,
        }


def _apply_fields(unit: AdministrativeUnit, source: RegistryUnit) -> list[str]:
    changed = []
    for name in _COMPARED_FIELDS:
        value = getattr(source, name)
        if getattr(unit, name) != value:
            setattr(unit, name, value)
            changed.append(name)
    return changed


def units_import(*, snapshot: RegistrySnapshot) -> ImportReport:
    """Create or update every unit and lineage link of ``snapshot`` in one transaction.

    Units are matched by (structure, code); names, types, levels, parents and validity dates are brought in
    line with the registry. Nothing is deleted: a unit that left the registry keeps its row (records hang on
    it). Running the same snapshot twice changes nothing the second time.
    """
    report = ImportReport(warnings=snapshot.warnings)
    with transaction.atomic():
        existing = {(u.structure, u.code): u for u in AdministrativeUnit.objects.all()}
        for level in _LEVEL_ORDER:
            _import_level(snapshot, level, existing, report)
        _import_lineage(snapshot, existing, report)
        if report.total_added or report.changed or report.lineage_added or report.lineage_changed:
            audit_record(
                action="units.import",
                object_type="units.administrativeunit",
                object_label=snapshot.source[:255] or "registry",
                extra=report.as_dict(),
            )
    return report


def _import_level(snapshot, level, existing, report) -> None:
    to_create, to_update = [], []
    for source in snapshot.units:
        if source.level != level:
            continue
        parent = existing[(source.structure, source.parent_code)] if source.parent_code else None
        unit = existing.get(source.key)
        if unit is None:
            unit = AdministrativeUnit(structure=source.structure, code=source.code, parent=parent)
            _apply_fields(unit, source)
            unit.refresh_derived_fields()
            to_create.append(unit)
            report.added[(source.structure, level)] = report.added.get((source.structure, level), 0) + 1
            continue
        changed = _apply_fields(unit, source)
        if unit.parent_id != (parent.pk if parent else None):
            unit.parent = parent
            changed.append("parent")
        if changed:
            unit.refresh_derived_fields()
            to_update.append(unit)
            report.changed.append(f"{source.structure}/{source.code} {source.name}: {', '.join(changed)}")
    AdministrativeUnit.objects.bulk_create(to_create, batch_size=2000)
    for unit in to_create:
        existing[(unit.structure, unit.code)] = unit
    AdministrativeUnit.objects.bulk_update(
        to_update, [*_COMPARED_FIELDS, "parent", "tree_path", "name_folded"], batch_size=2000
    )


def _import_lineage(snapshot, existing, report) -> None:
    current = {(link.new_unit_id, link.old_unit_id): link for link in UnitLineage.objects.all()}
    to_create, to_update = [], []
    for source in snapshot.lineage:
        new_unit = existing[("2025", source.new_code)]
        old_unit = existing[("legacy", source.old_code)]
        link = current.get((new_unit.pk, old_unit.pk))
        if link is None:
            to_create.append(
                UnitLineage(
                    new_unit=new_unit, old_unit=old_unit, partial=source.partial, source=source.source[:300]
                )
            )
        elif link.partial != source.partial or link.source != source.source[:300]:
            link.partial, link.source = source.partial, source.source[:300]
            to_update.append(link)
    UnitLineage.objects.bulk_create(to_create, batch_size=2000)
    UnitLineage.objects.bulk_update(to_update, ["partial", "source"], batch_size=2000)
    report.lineage_added, report.lineage_changed = len(to_create), len(to_update)
