from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ntm.core.excel_writer import Sheet, workbook_bytes

HEADERS = [
    gettext_noop("Unit code"),
    gettext_noop("Unit"),
    gettext_noop("NTM level"),
    gettext_noop("Source"),
    gettext_noop("Criteria set"),
    gettext_noop("Decision number"),
    gettext_noop("Decision date"),
    gettext_noop("Signed by"),
    gettext_noop("Issuing body"),
    gettext_noop("Revokes record no."),
    gettext_noop("Corrected by record no."),
    gettext_noop("Note"),
    gettext_noop("Record no."),
]


def register_workbook(records) -> bytes:
    rows = (
        [
            record.unit.code,
            record.unit.name,
            record.get_level_display(),
            record.get_source_display(),
            record.criteria_set,
            record.decision_number,
            record.decision_date.strftime("%d/%m/%Y"),
            record.signer,
            record.issuing_body,
            record.revokes_id or "",
            record.superseded_by_id or "",
            record.note,
            record.pk,
        ]
        for record in records
    )
    return workbook_bytes(
        [Sheet(_("Recognition register"), header=[_(header) for header in HEADERS], rows=rows)]
    )
