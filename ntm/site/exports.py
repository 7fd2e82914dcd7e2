"""The audit log as an Excel workbook (written in a background job)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ntm.core.excel_writer import Sheet, workbook_bytes
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
            run.progress(
                int(index * 90 / total), _("Wrote %(done)s/%(total)s rows") % {"done": index, "total": total}
            )


def audit_workbook(entries, run: JobRun | None = None) -> bytes:
    return workbook_bytes(
        [
            Sheet(
                _("Log"),
                header=[_(header) for header in HEADERS],
                rows=_rows(entries, run),
                widths=[22] * len(HEADERS),
            )
        ]
    )
