"""Bulk entry of indicator values through Excel: templates generated from the set version, and the import.

Two templates, both with a visible sheet "Giá trị" (a title row, an instruction row, then the header on row 3) and a
hidden sheet "Thông tin" that names the template kind, the unit or department, the year and the set version:

- per unit and year ("don-vi"): one row per entered indicator of the set: code, name, unit of measure, the
  requirement that applies to this unit, its provenance, the verification state, the value and the note;
- per department across communes ("so-nganh"): one row per commune and indicator of that department.

Only the "Giá trị" and "Ghi chú" columns are read back; an empty value leaves the indicator unchanged. The import
reads both sheets with ``ntm.core.excel.read_sheet`` (content-checked, size-limited; merged cells, formulas and
extra sheets refused), validates EVERY cell (codes, scope, types, 0-100% shares… with the engine's own checks) and
collects every problem as "Sheet …, dòng …, cột …: …". Only when there is none does it write all values through
``services.value_set``, in one transaction: nothing is written on error.

Who may do what: the unit template is for the commune's officers and the coordination office (who enter values);
the department template is a sheet for checking that department officers (their departments), auditors and the
coordination office download; only the coordination office imports it (entering on behalf of communes), because
departments verify values, they do not enter them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ntm.assessment import services
from ntm.assessment.models import IndicatorSource, IndicatorValue
from ntm.assessment.selectors import assessments, dashboards
from ntm.assessment.selectors.inputs import unit_context
from ntm.audit.services import audit_record
from ntm.core.choices import ProvenanceStatus, Role
from ntm.core.excel import ExcelImportError, Row, check_upload, read_sheet
from ntm.core.excel_writer import Cell, ListValidation, Sheet, Style, workbook_bytes
from ntm.core.exceptions import ServiceError
from ntm.core.permissions import ASSESSMENT
from ntm.core.scoping import CHANGE
from ntm.core.text import fold
from ntm.core.vocabulary import COMMUNE_SET_UNIT_TYPES
from ntm.criteria.engine import validate_values
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.presenters import rule_provenance
from ntm.criteria.setfile import CriteriaSet, Indicator
from ntm.units.models import AdministrativeUnit, Level

SHEET_VALUES = "Giá trị"
SHEET_INFO = "Thông tin"
SHEETS = (SHEET_VALUES, SHEET_INFO)
HEADER_ROW = 3
KIND_UNIT = "don-vi"
KIND_DEPARTMENT = "so-nganh"
INFO_HEADERS = ("Mục", "Giá trị")
INFO_KIND, INFO_UNIT, INFO_DEPARTMENT, INFO_YEAR, INFO_SET = (
    "Loại mẫu",
    "Mã đơn vị",
    "Sở, ngành",
    "Năm",
    "Bộ tiêu chí",
)
COL_UNIT, COL_UNIT_NAME, COL_CODE, COL_VALUE, COL_NOTE = (
    "Mã xã",
    "Tên xã",
    "Mã chỉ tiêu",
    "Giá trị",
    "Ghi chú",
)
INDICATOR_HEADERS = (COL_CODE, "Chỉ tiêu", "Đơn vị tính", "Yêu cầu", "Độ tin cậy của ngưỡng", "Kiểm tra")
UNIT_HEADERS = (*INDICATOR_HEADERS, COL_VALUE, COL_NOTE)
DEPARTMENT_HEADERS = (COL_UNIT, COL_UNIT_NAME, *INDICATOR_HEADERS, COL_VALUE, COL_NOTE)
NOTE_MAX = 2000
IMPORT_ROLES = (Role.COMMUNE_OFFICER, Role.PROVINCE_COORDINATOR)
DEPARTMENT_IMPORT_ROLES = (Role.PROVINCE_COORDINATOR,)

_TRUE = {"dat", "co", "x", "1", "true", "yes"}
_FALSE = {"khong", "chua dat", "khong dat", "0", "false", "no"}
_REF = re.compile(r"^([a-z0-9][a-z0-9._-]*)@([1-9][0-9]*)$")
_VERIFICATION = {
    "entered": "Chờ kiểm tra",
    "returned": "Sở trả lại",
    "answered": "Xã đã trả lời",
    "verified": "Đã xác nhận",
}


# --- Templates -----------------------------------------------------------------------------------------------


def entered_indicators(criteria_set: CriteriaSet, *, department: str | None = None) -> list[Indicator]:
    """Indicators a person enters (not derived, not the official level, not computed from a source)."""
    computed = set(
        IndicatorSource.objects.filter(set_code=criteria_set.code).values_list("indicator_code", flat=True)
    )
    return [
        indicator
        for _group, indicator in criteria_set.iter_indicators()
        if indicator.is_entered
        and indicator.code not in computed
        and (department is None or indicator.department.code == department)
    ]


def _cell_value(indicator: Indicator, value) -> object:
    if value is None:
        return None
    if isinstance(value, bool):
        return "Đạt" if value else "Không"
    return value


def _describe(assessment: assessments.UnitAssessment, indicator: Indicator) -> tuple[str, str]:
    """The requirement that applies to this unit and year, and its provenance (never an invented threshold)."""
    result = assessment.evaluation.indicator(indicator.code)
    requirement = result.threshold.describe(indicator.measure_unit) if result.threshold else "Chưa có ngưỡng"
    context = unit_context(assessment.attributes, assessment.official_level)
    provenance = rule_provenance(assessment.criteria_set, result, context, assessment.year)
    return requirement, str(ProvenanceStatus(provenance.status).label) if provenance else "Chưa có ngưỡng"


_WIDTHS = {
    COL_UNIT: 9,
    COL_UNIT_NAME: 22,
    COL_CODE: 10,
    "Chỉ tiêu": 60,
    "Đơn vị tính": 16,
    "Yêu cầu": 22,
    "Độ tin cậy của ngưỡng": 20,
    "Kiểm tra": 16,
    COL_VALUE: 14,
    COL_NOTE: 40,
}
_TO_FILL = Style(fill="FFF4D6")


def _values_sheet(title: str, instruction: str, headers: Sequence[str], rows: list[list]) -> Sheet:
    """The visible sheet: a title, the instruction, the header on row ``HEADER_ROW``, then one row per value; the
    "Giá trị" and "Ghi chú" cells are shaded and a yes/no indicator's value cell has a Đạt/Không list."""
    value_column = headers.index(COL_VALUE) + 1
    fill_columns = (value_column - 1, value_column)
    measure = headers.index("Đơn vị tính")
    return Sheet(
        SHEET_VALUES,
        preamble=[[Cell(title, Style(bold=True, size=13))], [Cell(instruction, Style(wrap=False))]],
        header=list(headers),
        header_style=Style(bold=True),
        rows=[
            [Cell(value, _TO_FILL) if index in fill_columns else value for index, value in enumerate(row)]
            for row in rows
        ],
        widths=[_WIDTHS.get(header, 14) for header in headers],
        freeze=f"A{HEADER_ROW + 1}",
        validations=[
            ListValidation(
                ("Đạt", "Không"),
                value_column,
                [
                    number
                    for number, row in enumerate(rows, start=HEADER_ROW + 1)
                    if row[measure] == "Đạt/Không"
                ],
            )
        ],
    )


def _info_sheet(items: Sequence[tuple[str, object]]) -> Sheet:
    return Sheet(
        SHEET_INFO, header=list(INFO_HEADERS), rows=[[key, value] for key, value in items], hidden=True
    )


INSTRUCTION = (
    "Chỉ nhập vào cột “Giá trị” và “Ghi chú”. Tỷ lệ nhập theo phần trăm (79,5 nghĩa là 79,5%); chỉ tiêu Đạt/Không "
    "nhập “Đạt” hoặc “Không”. Để trống = không thay đổi. Không gộp ô, không dùng công thức, không thêm sheet."
)


def unit_template(user, unit: AdministrativeUnit, year: int, version: CriteriaSetVersion) -> bytes:
    """The Excel template for one unit and year, prefilled with the current values."""
    if not assessments.can_enter(user, unit):
        raise PermissionDenied(_("Only the commune's officers and the coordination office enter its values."))
    criteria_set = version.criteria_set()
    services.check_subject(unit, criteria_set)
    assessment = assessments.assess_units([unit], year, version)[0]
    rows = []
    for indicator in entered_indicators(criteria_set):
        stored = assessment.stored.get(indicator.code)
        requirement, provenance = _describe(assessment, indicator)
        rows.append(
            [
                indicator.code,
                indicator.name,
                indicator.measure_unit,
                requirement,
                provenance,
                _VERIFICATION.get(stored.status, "") if stored else "Chưa nhập",
                _cell_value(indicator, stored.value) if stored else None,
                stored.note if stored else None,
            ]
        )
    return workbook_bytes(
        [
            _values_sheet(
                f"{unit.name} — năm {year} — {version.name} ({version.ref})", INSTRUCTION, UNIT_HEADERS, rows
            ),
            _info_sheet(
                [(INFO_KIND, KIND_UNIT), (INFO_UNIT, unit.code), (INFO_YEAR, year), (INFO_SET, version.ref)]
            ),
        ]
    )


def department_template(user, department: str, year: int, version: CriteriaSetVersion) -> bytes:
    """The sheet of one department's indicators across the communes in scope (for checking; the coordination
    office may also fill it in on behalf of communes)."""
    names = dashboards.visible_departments(user, version)
    if department not in names:
        raise PermissionDenied(_("You do not follow this department's indicators."))
    criteria_set = version.criteria_set()
    indicators = entered_indicators(criteria_set, department=department)
    units = dashboards.dashboard_unit_list(user)
    rows = []
    for assessment in assessments.assess_units(units, year, version):
        for indicator in indicators:
            stored = assessment.stored.get(indicator.code)
            requirement, provenance = _describe(assessment, indicator)
            rows.append(
                [
                    assessment.unit.code,
                    assessment.unit.name,
                    indicator.code,
                    indicator.name,
                    indicator.measure_unit,
                    requirement,
                    provenance,
                    _VERIFICATION.get(stored.status, "") if stored else "Chưa nhập",
                    _cell_value(indicator, stored.value) if stored else None,
                    stored.note if stored else None,
                ]
            )
    title = f"{names[department]} ({department}) — năm {year} — {version.name} ({version.ref})"
    return workbook_bytes(
        [
            _values_sheet(title, INSTRUCTION, DEPARTMENT_HEADERS, rows),
            _info_sheet(
                [
                    (INFO_KIND, KIND_DEPARTMENT),
                    (INFO_DEPARTMENT, department),
                    (INFO_YEAR, year),
                    (INFO_SET, version.ref),
                ]
            ),
        ]
    )


# --- Import --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    unit: AdministrativeUnit
    indicator: str
    value: object
    note: str


@dataclass(frozen=True)
class ImportResult:
    kind: str
    year: int
    version: CriteriaSetVersion
    changed: int
    unchanged: int
    skipped: int


def parse_value(indicator: Indicator, raw: object) -> object:
    """The cell as the engine's value type; raises ValueError with a Vietnamese message."""
    if isinstance(raw, bool):
        return raw
    if indicator.kind == "boolean" or (
        indicator.kind == "unknown" and isinstance(raw, str) and _is_yes_no(raw)
    ):
        if isinstance(raw, int | float) and raw in (0, 1):
            return bool(raw)
        text = fold(str(raw))
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(_("must be “Đạt” or “Không”, got “%(value)s”") % {"value": raw})
    if isinstance(raw, int | float):
        return int(raw) if float(raw).is_integer() else float(raw)
    if not isinstance(raw, str):
        raise ValueError(_("must be a number, got “%(value)s”") % {"value": raw})
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    if indicator.measure_unit == "%" and text.endswith("%"):
        text = text[:-1]
    if "," in text:  # Vietnamese decimal comma ("79,5"); dots are then thousands separators
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(
            _("must be a number (for example 80 or 79,5), got “%(value)s”") % {"value": raw}
        ) from None
    if not number.is_finite():
        raise ValueError(_("must be a number, got “%(value)s”") % {"value": raw})
    return int(number) if number == number.to_integral_value() else float(number)


def _is_yes_no(text: str) -> bool:
    folded = fold(text)
    return folded in _TRUE - {"1"} or folded in _FALSE - {"0"}


def _info(data: bytes) -> dict[str, tuple[object, Row]]:
    rows = read_sheet(data, SHEET_INFO, INFO_HEADERS, allowed_sheets=SHEETS)
    return {str(row.values["Mục"]).strip(): (row.values["Giá trị"], row) for row in rows if row.values["Mục"]}


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def indicator_values_import(*, data: bytes, actor) -> ImportResult:
    """Validate every cell of an uploaded template, then write every value in one transaction; raises
    ``ExcelImportError`` listing every problem (with sheet, row and column) and writes nothing when there is one."""
    check_upload(data)
    errors: list[str] = []
    more = 0  # problems the reader left off its lists
    try:
        info = _info(data)
    except ExcelImportError as exc:  # keep going: the values sheet's problems are reported too
        errors.extend(exc.errors)
        more += exc.more
        info = {}

    def item(key: str) -> tuple[str, str]:
        value, row = info.get(key, (None, None))
        if row is None:
            if info:
                errors.append(
                    _(
                        "Sheet %(sheet)s: the item “%(item)s” is missing. Use the template downloaded from the system."
                    )
                    % {"sheet": SHEET_INFO, "item": key}
                )
            return "", f"Sheet {SHEET_INFO}"
        return _text(value), row.place("Giá trị")

    kind, kind_place = item(INFO_KIND)
    if kind and kind not in (KIND_UNIT, KIND_DEPARTMENT):
        errors.append(
            _("%(place)s: the template kind “%(kind)s” is wrong.") % {"place": kind_place, "kind": kind}
        )
    year_text, year_place = item(INFO_YEAR)
    ref, ref_place = item(INFO_SET)
    year = int(year_text) if year_text.isdigit() else 0
    if year_text and not year:
        errors.append(
            _("%(place)s: the year must be a number, got “%(value)s”.")
            % {"place": year_place, "value": year_text}
        )
    version = None
    match = _REF.match(ref)
    if ref and not match:
        errors.append(
            _("%(place)s: “%(ref)s” is not a criteria set code.") % {"place": ref_place, "ref": ref}
        )
    elif match:
        code, number = match.group(1), int(match.group(2))
        latest = CriteriaSetVersion.objects.filter(code=code).order_by("-version").first()
        if latest is None:
            errors.append(
                _("%(place)s: there is no criteria set “%(code)s”.") % {"place": ref_place, "code": code}
            )
        elif latest.version != number:
            errors.append(
                _(
                    "%(place)s: the template was made from version %(number)s; the criteria set is now at version "
                    "%(latest)s. Download a new template."
                )
                % {"place": ref_place, "number": number, "latest": latest.version}
            )
        elif year and not latest.year_from <= year <= latest.year_to:
            errors.append(
                _("%(place)s: year %(year)s is outside the period %(start)s-%(end)s.")
                % {"place": year_place, "year": year, "start": latest.year_from, "end": latest.year_to}
            )
        else:
            version = latest
    unit = None
    department = ""
    if kind == KIND_UNIT:
        unit_code, unit_place = item(INFO_UNIT)
        unit = (
            AdministrativeUnit.objects.restrict(actor, CHANGE, roles=IMPORT_ROLES, area=ASSESSMENT)
            .filter(structure="2025", code=unit_code, level=Level.COMMUNE)
            .first()
        )
        if unit_code and unit is None:
            errors.append(
                _(
                    "%(place)s: there is no commune with code “%(code)s” within the scope you may enter data for."
                )
                % {"place": unit_place, "code": unit_code}
            )
    elif kind == KIND_DEPARTMENT:
        department, _place = item(INFO_DEPARTMENT)
        if not (actor.is_superuser or actor.has_role(*DEPARTMENT_IMPORT_ROLES)):
            raise PermissionDenied(
                _(
                    "Departments verify values, they do not enter them: the department sheet is for checking. "
                    "Only the coordination office imports it on behalf of communes."
                )
            )
    headers = DEPARTMENT_HEADERS if kind == KIND_DEPARTMENT else UNIT_HEADERS
    try:
        rows = read_sheet(data, SHEET_VALUES, headers, allowed_sheets=SHEETS, header_row=HEADER_ROW)
    except ExcelImportError as exc:
        errors.extend(exc.errors)
        more += exc.more
        rows = []
    if not errors and version is None:
        errors.append(
            _("The file lacks the template information. Use the template downloaded from the system.")
        )
    if version is not None:
        entries, skipped = _entries(rows, kind, unit, department, year, version, actor, errors)
    if errors:
        raise ExcelImportError(list(dict.fromkeys(errors)), more=more)
    return _write(entries, skipped, kind, year, version, actor)


def _entries(rows, kind, unit, department, year, version, actor, errors) -> tuple[list[Entry], int]:
    if kind == KIND_UNIT and unit is None:
        return [], 0  # the unit is unknown or out of scope: already reported
    criteria_set = version.criteria_set()
    allowed = {indicator.code: indicator for indicator in entered_indicators(criteria_set)}
    units: dict[str, AdministrativeUnit] = {}
    if kind == KIND_DEPARTMENT:
        codes = {_text(row.values[COL_UNIT]) for row in rows}
        units = {
            found.code: found
            for found in AdministrativeUnit.objects.restrict(
                actor, CHANGE, roles=DEPARTMENT_IMPORT_ROLES, area=ASSESSMENT
            ).filter(
                structure="2025", code__in=codes, level=Level.COMMUNE, unit_type__in=COMMUNE_SET_UNIT_TYPES
            )
        }
    elif unit is not None:
        try:
            services.check_subject(unit, criteria_set)
        except ServiceError as exc:
            errors.append(f"Sheet {SHEET_INFO}: {exc.message}")
    seen: dict[tuple[str, str], int] = {}
    entries, skipped = [], 0
    for row in rows:
        row_unit = unit
        if kind == KIND_DEPARTMENT:
            unit_code = _text(row.values[COL_UNIT])
            row_unit = units.get(unit_code)
            if row_unit is None:
                errors.append(
                    _(
                        "%(place)s: there is no commune with code “%(code)s” within the scope you may enter data for."
                    )
                    % {"place": row.place(COL_UNIT), "code": unit_code}
                )
                continue
        code = _text(row.values[COL_CODE])
        indicator = allowed.get(code)
        if indicator is None:
            found = criteria_set.find_indicator(code)
            message = (
                _("%(place)s: indicator “%(code)s” is not in the criteria set %(set)s.")
                if found is None
                else _(
                    "%(place)s: indicator “%(code)s” is not entered by hand (the value is derived or computed) %(set)s."
                )
            )
            errors.append(message % {"place": row.place(COL_CODE), "code": code, "set": criteria_set.code})
            continue
        if kind == KIND_DEPARTMENT and indicator.department.code != department:
            errors.append(
                _("%(place)s: indicator %(code)s does not belong to the department %(department)s.")
                % {"place": row.place(COL_CODE), "code": code, "department": department}
            )
            continue
        key = (row_unit.code, code)
        if key in seen:
            errors.append(
                _("%(place)s: indicator %(code)s repeats row %(row)s.")
                % {"place": row.place(COL_CODE), "code": code, "row": seen[key]}
            )
            continue
        seen[key] = row.number
        raw, note = row.values[COL_VALUE], row.values[COL_NOTE]
        note_text = _text(note)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if note_text:
                errors.append(_("%(place)s: there is a note but no value.") % {"place": row.place(COL_VALUE)})
            skipped += 1
            continue
        try:
            value = parse_value(indicator, raw)
        except ValueError as exc:
            errors.append(
                _("%(place)s: indicator %(code)s %(problem)s.")
                % {"place": row.place(COL_VALUE), "code": code, "problem": exc}
            )
            continue
        problems = validate_values(criteria_set, {code: value})
        if problems:
            errors.extend(f"{row.place(COL_VALUE)}: {problem.message}." for problem in problems)
            continue
        if len(note_text) > NOTE_MAX:
            errors.append(
                _("%(place)s: the note is longer than %(count)s characters.")
                % {"place": row.place(COL_NOTE), "count": NOTE_MAX}
            )
            continue
        entries.append(Entry(row_unit, code, value, note_text))
    return entries, skipped


class _Rollback(Exception):
    pass


def _write(entries: list[Entry], skipped: int, kind: str, year: int, version, actor) -> ImportResult:
    current = {
        (value.unit_id, value.indicator_code): (value.value, value.note)
        for value in IndicatorValue.objects.filter(
            unit__in={entry.unit.pk for entry in entries}, set_code=version.code, year=year
        )
    }
    changed = [
        entry
        for entry in entries
        if current.get((entry.unit.pk, entry.indicator)) != (entry.value, entry.note)
    ]
    errors: list[str] = []
    try:
        with transaction.atomic():
            for entry in changed:
                try:
                    services.value_set(
                        unit=entry.unit,
                        year=year,
                        set_code=version.code,
                        indicator_code=entry.indicator,
                        value=entry.value,
                        note=entry.note,
                        actor=actor,
                    )
                except ServiceError as exc:
                    errors.append(
                        _("%(unit)s, indicator %(code)s: %(problem)s")
                        % {"unit": entry.unit.name, "code": entry.indicator, "problem": exc.message}
                    )
            if errors:
                raise _Rollback
            units = sorted({entry.unit.code for entry in changed})
            audit_record(
                action="indicator_value.import",
                object_type="assessment.import",
                object_label=f"{kind} {version.ref} {year}",
                extra={
                    "kind": kind,
                    "set": version.ref,
                    "year": year,
                    "units": units,
                    "changed": len(changed),
                    "unchanged": len(entries) - len(changed),
                    "skipped": skipped,
                },
                actor=actor,
                unit=changed[0].unit if len(units) == 1 else None,
            )
    except _Rollback:
        raise ExcelImportError(errors) from None
    return ImportResult(kind, year, version, len(changed), len(entries) - len(changed), skipped)
