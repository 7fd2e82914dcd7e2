"""The Excel file a commune's mobile coverage survey comes in: one row per ấp, "có"/"không" under each
technology, the survey date. ``template`` writes it with the commune's ấp already listed; ``coverage_import`` reads
it whole and records the survey (``services.coverage_set``: every active ấp, one date), or nothing with every
problem listed ("Sheet Phủ sóng di động, dòng 4, cột C: …").

Every active ấp of the commune must have its row (the survey replaces the commune's coverage, and an ấp left out
would silently read "not covered"), each once; all rows carry the same survey date.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from ntm.core.excel import ExcelImportError, read_sheet, write_all
from ntm.core.excel_writer import Sheet, workbook_bytes
from ntm.core.text import fold
from ntm.infrastructure.inventory_import import _date
from ntm.infrastructure.models import MobileCoverage, Technology
from ntm.infrastructure.services import coverage_set
from ntm.units.models import AdministrativeUnit, Hamlet

SHEET = "Phủ sóng di động"
HAMLET = "Ấp"
DATE = "Ngày khảo sát (dd/mm/yyyy)"
TECHNOLOGY_HEADERS = {
    Technology.G2: "2G (có, không)",
    Technology.G3: "3G (có, không)",
    Technology.G4: "4G (có, không)",
    Technology.G5: "5G (có, không)",
}
HEADERS = (HAMLET, *TECHNOLOGY_HEADERS.values(), DATE)
ANSWERS = {"co": True, "khong": False}


def template(hamlets: list[Hamlet]) -> bytes:
    rows = [[hamlet.name, None, None, None, None, None] for hamlet in hamlets]
    return workbook_bytes(
        [Sheet(SHEET, list(HEADERS), rows, widths=[max(14, len(h) + 2) for h in HEADERS], freeze="A2")]
    )


def coverage_import(*, actor, unit: AdministrativeUnit, data: bytes) -> list[MobileCoverage]:
    """Record the survey of the file for every active ấp of ``unit`` (all or nothing)."""
    rows = read_sheet(data, SHEET, HEADERS)
    if not rows:
        raise ExcelImportError([_("Sheet %(sheet)s has no rows.") % {"sheet": SHEET}])
    hamlets = {hamlet.name_folded: hamlet for hamlet in Hamlet.objects.filter(unit=unit, is_active=True)}
    errors: list[str] = []
    covered: dict[int, set[str]] = {}
    dates: set[dt.date] = set()
    for row in rows:
        name = str(row.values[HAMLET] or "").strip()
        hamlet = hamlets.get(fold(name)) if name else None
        if hamlet is None:
            errors.append(
                _("%(where)s: %(unit)s has no hamlet “%(name)s”.")
                % {"where": row.place(HAMLET), "unit": unit.name, "name": name}
            )
        elif hamlet.pk in covered:
            errors.append(
                _("%(where)s: hamlet “%(name)s” has a row already.")
                % {"where": row.place(HAMLET), "name": name}
            )
        technologies: set[str] = set()
        for technology, header in TECHNOLOGY_HEADERS.items():
            answer = ANSWERS.get(fold(str(row.values[header] or "")).strip())
            if answer is None:
                errors.append(
                    _("%(where)s: write one of the words in the column heading.")
                    % {"where": row.place(header)}
                )
            elif answer:
                technologies.add(technology)
        try:
            dates.add(_date(row.values[DATE]))
        except ValueError as exc:
            errors.append(f"{row.place(DATE)}: {exc}")
        if hamlet is not None and hamlet.pk not in covered:
            covered[hamlet.pk] = technologies
    missing = sorted(hamlet.name for hamlet in hamlets.values() if hamlet.pk not in covered)
    if missing:
        errors.append(
            _("Sheet %(sheet)s: every hamlet of %(unit)s needs its row; missing: %(names)s.")
            % {"sheet": SHEET, "unit": unit.name, "names": ", ".join(missing)}
        )
    if len(dates) > 1:
        errors.append(
            _("Sheet %(sheet)s: one survey has one date; the rows give %(n)s different dates.")
            % {"sheet": SHEET, "n": len(dates)}
        )
    if errors:
        raise ExcelImportError(errors)
    (surveyed_on,) = dates
    (written,) = write_all(
        [(SHEET, covered)],
        lambda payload: coverage_set(actor=actor, unit=unit, surveyed_on=surveyed_on, covered=payload),
    )
    return written
