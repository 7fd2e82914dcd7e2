"""The audit log as an Excel workbook (written in a background job)."""

from __future__ import annotations

from django.utils.translation import gettext as _
import io
import json

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ntm.jobs.services import JobRun

HEADERS = [
    "Thời gian",
    "Người thực hiện",
    "Hành động",
    "Loại đối tượng",
    "Mã",
    "Đối tượng",
    "Đơn vị",
    "Mã yêu cầu",
    "Thay đổi",
]


def audit_workbook(entries, run: JobRun | None = None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Nhật ký")
    sheet.append(HEADERS)
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
