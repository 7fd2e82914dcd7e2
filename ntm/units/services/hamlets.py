"""Writes for hamlets and neighbourhoods of a commune: create, update, and the Excel import and template."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.excel import ExcelImportError, read_sheet
from ntm.core.excel_writer import Sheet, workbook_bytes
from ntm.core.exceptions import ServiceError
from ntm.core.text import fold
from ntm.units.models import (
    AdministrativeUnit,
    AdministrativeUnitQuerySet,
    Hamlet,
    HamletKind,
    Level,
    Structure,
)

HAMLET_HEADERS = ("Mã xã", "Tên ấp, khu phố", "Loại", "Mã ấp (nếu có)")
HAMLET_SHEET = "Ấp, khu phố"
# What the "Loại" column may say, folded ("Ấp" → "ap", "Khu phố" → "khu pho").
_HAMLET_KINDS = {
    "ap": HamletKind.AP,
    "khu pho": HamletKind.KHU_PHO,
    "thon": HamletKind.THON,
    "khac": HamletKind.OTHER,
}


def _check_commune(unit: AdministrativeUnit) -> None:
    if unit.level != Level.COMMUNE:
        raise ServiceError(_("Hamlets and neighbourhoods belong only to commune-level units."))


def hamlet_create(
    *, unit: AdministrativeUnit, name: str, kind: str = HamletKind.AP, code: str = ""
) -> Hamlet:
    _check_commune(unit)
    name = " ".join(name.split())
    if not name:
        raise ServiceError(_("Enter the hamlet or neighbourhood name."))
    if Hamlet.objects.filter(unit=unit, name_folded=fold(name)).exists():
        raise ServiceError(_("%(unit)s already has “%(name)s”.") % {"unit": unit.name, "name": name})
    with transaction.atomic():
        hamlet = Hamlet.objects.create(unit=unit, name=name, kind=kind, code=code.strip())
        audit_record(action="hamlet.create", instance=hamlet, after=snapshot(hamlet))
    return hamlet


def hamlet_update(*, hamlet: Hamlet, name: str, kind: str, code: str, is_active: bool) -> Hamlet:
    name = " ".join(name.split())
    if not name:
        raise ServiceError(_("Enter the hamlet or neighbourhood name."))
    duplicate = Hamlet.objects.filter(unit=hamlet.unit, name_folded=fold(name)).exclude(pk=hamlet.pk)
    if duplicate.exists():
        raise ServiceError(_("%(unit)s already has “%(name)s”.") % {"unit": hamlet.unit.name, "name": name})
    with transaction.atomic():
        before = snapshot(hamlet)
        hamlet.name, hamlet.kind, hamlet.code, hamlet.is_active = name, kind, code.strip(), is_active
        hamlet.save()
        audit_record(action="hamlet.update", instance=hamlet, before=before, after=snapshot(hamlet))
    return hamlet


def hamlets_import_excel(*, data: bytes, allowed_units: AdministrativeUnitQuerySet) -> dict[str, int]:
    """Create or update hamlets from the Excel template; all-or-nothing, every error located.

    ``allowed_units`` is the user's scope: a row for a commune outside it is an error, not a silent skip.
    """
    rows = read_sheet(data, HAMLET_SHEET, HAMLET_HEADERS)
    errors: list[str] = []
    communes = {u.code: u for u in allowed_units.filter(structure=Structure.REFORM_2025, level=Level.COMMUNE)}
    seen: dict[tuple[str, str], int] = {}
    planned: list[tuple[AdministrativeUnit, str, str, str]] = []
    for row in rows:
        code = _cell_text(row.values["Mã xã"])
        name = " ".join(_cell_text(row.values["Tên ấp, khu phố"]).split())
        kind_text = _cell_text(row.values["Loại"]) or "ấp"
        hamlet_code = _cell_text(row.values["Mã ấp (nếu có)"])
        unit = communes.get(code.zfill(5) if code.isdigit() else code)
        if unit is None:
            errors.append(
                _("%(place)s: “%(code)s” is not a commune code (structure from 1/7/2025) within your scope.")
                % {"place": row.place("Mã xã"), "code": code}
            )
        if not name:
            errors.append(_("%(place)s: the name is missing.") % {"place": row.place("Tên ấp, khu phố")})
        elif len(name) > 200:
            errors.append(
                _("%(place)s: the name is longer than 200 characters.")
                % {"place": row.place("Tên ấp, khu phố")}
            )
        kind = _HAMLET_KINDS.get(fold(kind_text))
        if kind is None:
            errors.append(
                _("%(place)s: “%(kind)s” is not valid (hamlet, neighbourhood, village or other).")
                % {"place": row.place("Loại"), "kind": kind_text}
            )
        if len(hamlet_code) > 20:
            errors.append(
                _("%(place)s: the code is longer than 20 characters.")
                % {"place": row.place("Mã ấp (nếu có)")}
            )
        if unit is not None and name:
            key = (unit.code, fold(name))
            if key in seen:
                errors.append(
                    _("%(place)s: same as row %(row)s.")
                    % {"place": row.place("Tên ấp, khu phố"), "row": seen[key]}
                )
            seen[key] = row.number
            if kind is not None:
                planned.append((unit, name, kind, hamlet_code))
    if not rows:
        errors.append(_("Sheet %(sheet)s: there are no data rows.") % {"sheet": HAMLET_SHEET})
    if errors:
        raise ExcelImportError(errors)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for unit, name, kind, hamlet_code in planned:
            hamlet = Hamlet.objects.filter(unit=unit, name_folded=fold(name)).first()
            if hamlet is None:
                Hamlet.objects.create(unit=unit, name=name, kind=kind, code=hamlet_code)
                counts["created"] += 1
            elif (hamlet.name, hamlet.kind, hamlet.code, hamlet.is_active) != (name, kind, hamlet_code, True):
                hamlet.name, hamlet.kind, hamlet.code, hamlet.is_active = name, kind, hamlet_code, True
                hamlet.save()
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        audit_record(action="hamlets.import", object_type="units.hamlet", object_label="Excel", extra=counts)
    return counts


def hamlet_template_workbook() -> bytes:
    return workbook_bytes([Sheet(HAMLET_SHEET, header=list(HAMLET_HEADERS), widths=[12, 36, 14, 16])])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
