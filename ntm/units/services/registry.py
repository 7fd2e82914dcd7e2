"""Writes for the unit registry: the import (idempotent, all-or-nothing), attributes by year and lineage
corrections. Hamlets are in ``hamlets``, boundaries in ``boundaries``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.csvfile import CsvImportError, read_csv
from ntm.core.exceptions import ServiceError
from ntm.units.models import (
    AdministrativeUnit,
    Structure,
    UnitLineage,
    UnitYearAttribute,
)
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


# --- Attributes by year ------------------------------------------------------------------------------------


def unit_attribute_set(
    *,
    unit: AdministrativeUnit,
    year: int,
    region: str,
    disadvantaged: bool,
    commune_group: int | None,
    note: str,
) -> UnitYearAttribute:
    """Record the region, 'especially disadvantaged' flag and commune group of a unit for a year (audited)."""
    if not 2000 <= year <= 2100:
        raise ServiceError(_("The year is not valid."))
    if commune_group not in (None, 1, 2, 3):
        raise ServiceError(_("The commune group must be 1, 2 or 3."))
    with transaction.atomic():
        attribute = UnitYearAttribute.objects.select_for_update().filter(unit=unit, year=year).first()
        before = snapshot(attribute) if attribute else None
        attribute = attribute or UnitYearAttribute(unit=unit, year=year)
        attribute.region = region.strip().upper()
        attribute.disadvantaged = disadvantaged
        attribute.commune_group = commune_group
        attribute.note = note.strip()
        attribute.save()
        audit_record(
            action="unit_attribute.set",
            instance=attribute,
            before=before,
            after=snapshot(attribute),
            unit=unit,
        )
    return attribute


# --- Lineage corrections -----------------------------------------------------------------------------------

LINEAGE_HEADERS = ("new_code", "old_code", "partial", "action", "source")


def lineage_import_csv(*, data: bytes) -> dict[str, int]:
    """Apply lineage corrections from CSV (new_code, old_code, partial, action=add|remove, source).

    All-or-nothing; every error names its line. ``remove`` drops a wrong link (the audit entry keeps it).
    """
    try:
        rows = read_csv(data, LINEAGE_HEADERS)
    except CsvImportError as exc:
        raise ServiceError(_("The CSV file has errors; nothing was saved."), detail=exc.lines) from None
    errors, planned = [], []
    new_units = {u.code: u for u in AdministrativeUnit.objects.filter(structure=Structure.REFORM_2025)}
    old_units = {u.code: u for u in AdministrativeUnit.objects.filter(structure=Structure.LEGACY)}
    for row in rows:
        line, values = row.number, row.values
        new_code, old_code = values["new_code"].strip(), values["old_code"].strip()
        action = (values["action"] or "add").strip().lower()
        partial = values["partial"].strip().lower()
        source = values["source"].strip()
        if new_code not in new_units:
            errors.append(
                _("Line %(line)s: the new unit code “%(code)s” does not exist (structure from 1/7/2025).")
                % {"line": line, "code": new_code}
            )
        if old_code not in old_units:
            errors.append(
                _(
                    "Line %(line)s: the former unit code “%(code)s” does not exist (structure before 1/7/2025)."
                )
                % {"line": line, "code": old_code}
            )
        if action not in {"add", "remove"}:
            errors.append(_("Line %(line)s: action must be add or remove.") % {"line": line})
        if partial not in {"", "0", "1", "true", "false", "có", "không"}:
            errors.append(_("Line %(line)s: partial must be 1/0 (true/false).") % {"line": line})
        if action == "add" and not source:
            errors.append(
                _("Line %(line)s: write the source (document, resolution) for an added link.")
                % {"line": line}
            )
        if not errors:
            planned.append(
                (new_units[new_code], old_units[old_code], action, partial in {"1", "true", "có"}, source)
            )
    if errors:
        raise ServiceError(
            _("The CSV file has errors; nothing was saved."), detail=CsvImportError(errors).lines
        )
    counts = {"added": 0, "updated": 0, "removed": 0}
    with transaction.atomic():
        for new_unit, old_unit, action, partial, source in planned:
            link = UnitLineage.objects.filter(new_unit=new_unit, old_unit=old_unit).first()
            if action == "remove":
                if link is not None:
                    audit_record(action="lineage.remove", instance=link, before=snapshot(link), unit=new_unit)
                    link.delete()
                    counts["removed"] += 1
                continue
            before = snapshot(link) if link else None
            link = link or UnitLineage(new_unit=new_unit, old_unit=old_unit)
            link.partial, link.source = partial, source[:300]
            link.save()
            counts["updated" if before else "added"] += 1
            audit_record(
                action="lineage.set", instance=link, before=before, after=snapshot(link), unit=new_unit
            )
    return counts
