"""Unit lists as Excel."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ntm.core.excel_writer import Sheet, workbook_bytes

HEADERS = [
    gettext_noop("Structure"),
    gettext_noop("Code"),
    gettext_noop("Name"),
    gettext_noop("Type"),
    gettext_noop("Level"),
    gettext_noop("Parent unit code"),
    gettext_noop("Valid from"),
    gettext_noop("Valid to"),
]


def units_workbook(units) -> bytes:
    rows = (
        [
            unit.get_structure_display(),
            unit.code,
            unit.name,
            unit.unit_type,
            unit.get_level_display(),
            unit.parent.code if unit.parent_id else "",
            unit.valid_from.strftime("%d/%m/%Y") if unit.valid_from else "",
            unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "",
        ]
        for unit in units
    )
    return workbook_bytes(
        [Sheet(_("Administrative units"), header=[_(header) for header in HEADERS], rows=rows)]
    )
