"""The Excel file a commune's digital-infrastructure inventory comes in: one row per wifi point, internet access
point, radio station or loudspeaker cluster. ``template`` writes it (with the commune's ấp as a guide);
``inventory_import`` reads it whole and adds every row, or nothing with every problem listed ("Sheet Hạ tầng số,
dòng 4, cột C: …")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core.excel import ExcelImportError, cell_date, read_sheet, write_all
from ntm.core.excel_writer import Sheet, workbook_bytes
from ntm.core.text import fold
from ntm.infrastructure.models import Asset, AssetKind, AssetStatus
from ntm.infrastructure.services import asset_create
from ntm.units.models import AdministrativeUnit, Hamlet

SHEET = "Hạ tầng số"
HEADERS = (
    "Loại (wifi, internet, đài, loa)",
    "Tên",
    "Ấp",
    "Đơn vị vận hành",
    "Tình trạng (hoạt động, hỏng)",
    "Ngày kiểm tra (dd/mm/yyyy)",
    "Vĩ độ",
    "Kinh độ",
)
KINDS = {
    "wifi": AssetKind.WIFI,
    "internet": AssetKind.INTERNET,
    "dai": AssetKind.RADIO,
    "loa": AssetKind.LOUDSPEAKER,
}
STATUSES = {"hoat dong": AssetStatus.WORKING, "hong": AssetStatus.BROKEN}


def template(hamlets: list[Hamlet]) -> bytes:
    rows = [
        ["loa", f"Cụm loa {hamlet.name}", hamlet.name, None, "hoạt động", None, None, None]
        for hamlet in hamlets
    ]
    return workbook_bytes(
        [Sheet(SHEET, list(HEADERS), rows, widths=[max(14, len(h) + 2) for h in HEADERS], freeze="A2")]
    )


def _date(value: object) -> dt.date:
    day = cell_date(value)
    if day > timezone.localdate():
        raise ValueError(_("the date is in the future"))
    return day


def _coordinate(value: object, low: int, high: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("not a number")) from None
    if not low <= number <= high:
        raise ValueError(_("outside Viet Nam"))
    return number.quantize(Decimal("0.00001"))


def inventory_import(*, actor, unit: AdministrativeUnit, data: bytes) -> list[Asset]:
    """Add every row of the file to ``unit``'s inventory (all or nothing)."""
    rows = read_sheet(data, SHEET, HEADERS)
    if not rows:
        raise ExcelImportError([_("Sheet %(sheet)s has no rows.") % {"sheet": SHEET}])
    hamlets = {hamlet.name_folded: hamlet for hamlet in Hamlet.objects.filter(unit=unit, is_active=True)}
    errors: list[str] = []
    parsed = []
    for row in rows:
        kind = KINDS.get(fold(str(row.values[HEADERS[0]] or "")).strip())
        if kind is None:
            errors.append(
                _("%(where)s: write one of the words in the column heading.")
                % {"where": row.place(HEADERS[0])}
            )
        name = str(row.values[HEADERS[1]] or "").strip()
        if not name:
            errors.append(_("%(where)s: give the item a name.") % {"where": row.place(HEADERS[1])})
        hamlet_name = str(row.values[HEADERS[2]] or "").strip()
        hamlet = hamlets.get(fold(hamlet_name)) if hamlet_name else None
        if hamlet_name and hamlet is None:
            errors.append(
                _("%(where)s: %(unit)s has no hamlet “%(name)s”.")
                % {"where": row.place(HEADERS[2]), "unit": unit.name, "name": hamlet_name}
            )
        elif kind == AssetKind.LOUDSPEAKER and hamlet is None:
            errors.append(
                _("%(where)s: a loudspeaker cluster needs its hamlet.") % {"where": row.place(HEADERS[2])}
            )
        status = STATUSES.get(fold(str(row.values[HEADERS[4]] or "")).strip())
        if status is None:
            errors.append(
                _("%(where)s: write one of the words in the column heading.")
                % {"where": row.place(HEADERS[4])}
            )
        fields = {}
        for header, key, low, high in ((HEADERS[6], "latitude", 8, 24), (HEADERS[7], "longitude", 102, 110)):
            try:
                fields[key] = _coordinate(row.values[header], low, high)
            except ValueError as exc:
                errors.append(f"{row.place(header)}: {exc}")
        try:
            status_on = _date(row.values[HEADERS[5]])
        except ValueError as exc:
            errors.append(f"{row.place(HEADERS[5])}: {exc}")
            status_on = None
        operator = str(row.values[HEADERS[3]] or "").strip()[:200]
        parsed.append((row, kind, name, hamlet, status, status_on, operator, fields))
    if errors:
        raise ExcelImportError(errors)
    return write_all(
        [(row.place(HEADERS[0]), item) for row, *item in parsed],
        lambda item: _create(actor, unit, *item),
    )


def _create(actor, unit, kind, name, hamlet, status, status_on, operator, fields) -> Asset:
    return asset_create(
        actor=actor,
        unit=unit,
        kind=kind,
        name=name,
        hamlet=hamlet,
        status=status,
        status_on=status_on,
        operator=operator,
        **fields,
    )
