"""The audit log as an Excel workbook (written in a background job)."""

from __future__ import annotations

import io
import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ntm.jobs.services import JobRun

HEADERS = [
    gettext_noop("Time"),
    gettext_noop("Done by"),
    gettext_noop("Action"),
    gettext_noop("Object type"),
    gettext_noop("Code"),
    gettext_noop("Object"),
    gettext_noop("Unit"),
    gettext_noop("Request ID"),
    gettext_noop("Changes"),
]


def audit_workbook(entries, run: JobRun | None = None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Log"))
    sheet.append([_(header) for header in HEADERS])
    total = entries.count() or 1
    for index, entry in enumerate(entries.iterator(chunk_size=2000), start=1):
        sheet.append(
            [
                entry.timestamp.strftime("%d/%m/%Y %H:%M:%S"),
                entry.actor_label,
                entry.action,
                entry.object_type,
                entry.object_id,
                entry.object_label,
                entry.unit.name if entry.unit_id else "",
                entry.request_id,
                json.dumps(entry.changes, ensure_ascii=False),
            ]
        )
        if run is not None and index % 1000 == 0:
            run.progress(
                int(index * 90 / total), _("Wrote %(done)s/%(total)s rows") % {"done": index, "total": total}
            )
    for column in range(1, len(HEADERS) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
