"""The Excel file a laboratory's results come in: one row per sample, one column per parameter of the catalogue in
force. ``template`` writes it; ``lab_results_import`` reads it whole and records every sample, or nothing with
every problem listed ("Sheet Kết quả, dòng 5, cột E: …")."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core.excel import ExcelImportError, cell_date, read_sheet, write_all
from ntm.core.excel_writer import Sheet, workbook_bytes
from ntm.core.scoping import CHANGE
from ntm.environment.models import LabReport, ParameterCatalogue, Sample, WaterPoint
from ntm.environment.parameters import Catalogue, judge
from ntm.environment.selectors import scoped_points
from ntm.environment.services import catalogue_in_force, sample_record

SHEET = "Kết quả"
FIXED = ("Mã điểm", "Ngày lấy mẫu (dd/mm/yyyy)", "Phòng thí nghiệm")


def parameter_header(parameter) -> str:
    return f"{parameter.name} ({parameter.unit})" if parameter.unit else parameter.name


def headers(catalogue: Catalogue) -> tuple[str, ...]:
    return (*FIXED, *(parameter_header(p) for p in catalogue.parameters))


def template(catalogue_row: ParameterCatalogue, points: list[WaterPoint]) -> bytes:
    """The template for ``catalogue_row``, one example row per point (dates and results left to fill)."""
    catalogue = catalogue_row.catalogue()
    rows = [[point.code, None, None, *([None] * len(catalogue.parameters))] for point in points]
    columns = headers(catalogue)
    return workbook_bytes(
        [Sheet(SHEET, list(columns), rows, widths=[max(14, len(h) + 2) for h in columns], freeze="B2")]
    )


def lab_results_import(*, actor, data: bytes, report: LabReport | None = None) -> list[Sample]:
    """Record every sample of the file (all or nothing). The catalogue in force today sets the columns."""
    catalogue = catalogue_in_force(timezone.localdate()).catalogue()
    rows = read_sheet(data, SHEET, headers(catalogue))
    if not rows:
        raise ExcelImportError([_("Sheet %(sheet)s has no result rows.") % {"sheet": SHEET}])
    points = {point.code: point for point in scoped_points(actor, CHANGE).select_related("unit")}
    errors: list[str] = []
    parsed = []
    for row in rows:
        code = str(row.values[FIXED[0]] or "").strip().upper()
        point = points.get(code)
        if point is None:
            errors.append(
                _("%(where)s: there is no water point %(code)s that you may enter results for.")
                % {"where": row.place(FIXED[0]), "code": code or "—"}
            )
        try:
            sampled_on = cell_date(row.values[FIXED[1]])
            if sampled_on > timezone.localdate():
                raise ValueError(_("the date is in the future"))
        except ValueError as exc:
            errors.append(f"{row.place(FIXED[1])}: {exc}")
            sampled_on = None
        laboratory = str(row.values[FIXED[2]] or "").strip()
        if not laboratory:
            errors.append(_("%(where)s: name the laboratory.") % {"where": row.place(FIXED[2])})
        values = {}
        for parameter in catalogue.parameters:
            header = parameter_header(parameter)
            raw = row.values[header]
            if raw in (None, ""):
                continue
            try:
                judge(parameter, raw)
            except ValueError as exc:
                errors.append(f"{row.place(header)}: {exc}")
                continue
            values[parameter.code] = raw
        if not values:
            errors.append(_("%(where)s: the row has no result.") % {"where": row.place(FIXED[0])})
        parsed.append((row, point, sampled_on, laboratory, values))
    if errors:
        raise ExcelImportError(errors)
    return write_all(
        [(row.place(FIXED[0]), item) for row, *item in parsed],
        lambda item: _record(actor, report, *item),
    )


def _record(actor, report, point, sampled_on, laboratory, values):
    return sample_record(
        actor=actor, point=point, sampled_on=sampled_on, laboratory=laboratory, values=values, report=report
    )
