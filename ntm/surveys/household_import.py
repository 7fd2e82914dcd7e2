"""Reading and checking a household list from Excel (the template of ``template_workbook``).

Pure checks on rows already read by ``ntm.core.excel.read_sheet`` (which refuses non-xlsx content, oversize
files, formulas, merged cells, wrong headers and data outside the template's columns). Every problem is named by
sheet, row and column; the caller writes nothing unless the list is empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ntm.core.excel import Row
from ntm.core.excel_writer import ListValidation, Sheet, workbook_bytes
from ntm.core.text import fold

SHEET = "Danh sách hộ"
HEADERS = ("Mã hộ", "Họ tên chủ hộ", "Ấp, khu phố")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]{0,29}$")
_ID_LIKE = re.compile(r"\d{9,}")
_HAMLET_PREFIXES = ("ap ", "khu pho ", "thon ", "to dan pho ")


@dataclass(frozen=True)
class HouseholdRow:
    number: int
    code: str
    head_name: str
    hamlet_id: int


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def hamlet_index(hamlets: Sequence[tuple[int, str]]) -> dict[str, int]:
    """Folded hamlet names (with and without "Ấp"/"Khu phố"/"Thôn") → hamlet id, from (id, name) pairs."""
    index: dict[str, int] = {}
    for pk, name in hamlets:
        folded = fold(name)
        index.setdefault(folded, pk)
        for prefix in _HAMLET_PREFIXES:
            if folded.startswith(prefix):
                index.setdefault(folded.removeprefix(prefix), pk)
    return index


def check_rows(
    rows: list[Row], *, hamlets: dict[str, int], commune_name: str
) -> tuple[list[HouseholdRow], list[str]]:
    """The valid rows and the list of errors (each with its place)."""
    errors: list[str] = []
    valid: list[HouseholdRow] = []
    seen: dict[str, int] = {}
    rows = [row for row in rows if cell_text(row.values["Mã hộ"]).upper() != EXAMPLE_CODE]
    if not rows:
        errors.append(_("Sheet %(sheet)s: there are no data rows.") % {"sheet": SHEET})
    for row in rows:
        code = cell_text(row.values["Mã hộ"])
        name = cell_text(row.values["Họ tên chủ hộ"])
        hamlet_text = cell_text(row.values["Ấp, khu phố"])
        ok = True
        if not code:
            errors.append(_("%(place)s: the household code is missing.") % {"place": row.place("Mã hộ")})
            ok = False
        elif code.isdigit() and len(code) in {9, 12}:
            errors.append(
                _(
                    "%(place)s: “%(code)s” looks like an identity card number. The system does not collect "
                    "identity numbers; use the hamlet's household code (for example BK-001)."
                )
                % {"place": row.place("Mã hộ"), "code": code}
            )
            ok = False
        elif not _CODE.match(code):
            errors.append(
                _(
                    "%(place)s: “%(code)s” is not valid (at most 30 characters: unaccented letters, digits, . _ / -)."
                )
                % {"place": row.place("Mã hộ"), "code": code}
            )
            ok = False
        elif code.upper() in seen:
            errors.append(
                _("%(place)s: the code “%(code)s” repeats row %(row)s.")
                % {"place": row.place("Mã hộ"), "code": code, "row": seen[code.upper()]}
            )
            ok = False
        else:
            seen[code.upper()] = row.number
        if not name:
            errors.append(
                _("%(place)s: the head of household's name is missing.")
                % {"place": row.place("Họ tên chủ hộ")}
            )
            ok = False
        elif len(name) > 150:
            errors.append(
                _("%(place)s: the name is longer than 150 characters.")
                % {"place": row.place("Họ tên chủ hộ")}
            )
            ok = False
        elif _ID_LIKE.search(name):
            errors.append(
                _(
                    "%(place)s: it has digits like an identity number; write only the name, not the ID card number."
                )
                % {"place": row.place("Họ tên chủ hộ")}
            )
            ok = False
        hamlet_id = hamlets.get(fold(hamlet_text)) if hamlet_text else None
        if not hamlet_text:
            errors.append(_("%(place)s: the hamlet name is missing.") % {"place": row.place("Ấp, khu phố")})
            ok = False
        elif hamlet_id is None:
            errors.append(
                _(
                    "%(place)s: %(commune)s has no hamlet “%(hamlet)s”. Correct the name to match the list, or ask "
                    "the province Coordination Office to add the hamlet to the list first."
                )
                % {"place": row.place("Ấp, khu phố"), "commune": commune_name, "hamlet": hamlet_text}
            )
            ok = False
        if ok:
            valid.append(HouseholdRow(row.number, code, name, hamlet_id))
    return valid, errors


EXAMPLE_CODE = "VD-MAU"
"""The code of the template's example row: the import skips it, so the officer may leave it in place."""
TEMPLATE_ROWS = 2000
_LIST_LIMIT = 250  # an inline Excel list holds at most 255 characters


def template_workbook(hamlet_names: Sequence[str] = ()) -> bytes:
    """The household template: the header, one example row (skipped on import) and, when the commune's hamlets
    are known and fit an Excel list, a drop-down of its hamlet names in the hamlet column."""
    names = [name for name in hamlet_names if "," not in name]
    example = [EXAMPLE_CODE, "Nguyễn Văn A (dòng ví dụ, hệ thống bỏ qua)", names[0] if names else "Ấp Bà Ký"]
    validations = ()
    if names and len(",".join(names)) <= _LIST_LIMIT:
        validations = (ListValidation(names, column=3, rows=range(2, TEMPLATE_ROWS + 2)),)
    return workbook_bytes(
        [
            Sheet(
                SHEET,
                header=list(HEADERS),
                rows=[example],
                widths=[14, 44, 28],
                column_formats={1: "@"},
                freeze="A2",
                validations=validations,
            )
        ]
    )
