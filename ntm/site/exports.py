"""The audit log as an Excel workbook (written in a background job)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ntm.core.excel_writer import Sheet, workbook_bytes
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


def _rows(entries, run: JobRun | None) -> Iterator[list[object]]:
    total = entries.count() or 1
    for index, entry in enumerate(entries.iterator(chunk_size=2000), start=1):
        yield [
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
        if run is not None and index % 1000 == 0:
            run.progress(int(index * 90 / total), f"Đã ghi {index}/{total} dòng")


def audit_workbook(entries, run: JobRun | None = None) -> bytes:
    return workbook_bytes(
        [Sheet("Nhật ký", header=HEADERS, rows=_rows(entries, run), widths=[22] * len(HEADERS))]
    )
