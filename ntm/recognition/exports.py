import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook

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
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Recognition register"))
    sheet.append([_(header) for header in HEADERS])
    for record in records:
        sheet.append(
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
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
