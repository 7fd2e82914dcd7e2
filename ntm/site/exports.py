"""The audit log as an Excel workbook (written in a background job), in the words the log page uses
(``ntm.audit.labels``): the action and object type by name, each changed field by its label, local time. The
action code and the request id stay in the last columns for whoever traces an entry."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ntm.audit.labels import action_label, changes_text, object_type_label
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
    gettext_noop("Changes"),
    gettext_noop("Action code"),
    gettext_noop("Request ID"),
]


def _rows(entries, run: JobRun | None) -> Iterator[list[object]]:
    total = entries.count() or 1
    for index, entry in enumerate(entries.iterator(chunk_size=2000), start=1):
        yield [
            timezone.localtime(entry.timestamp).strftime("%d/%m/%Y %H:%M:%S"),
            _("System") if entry.actor_label == "system" else entry.actor_label,
            str(action_label(entry)),
            object_type_label(entry),
            entry.object_id,
            entry.object_label,
            entry.unit.name if entry.unit_id else "",
            changes_text(entry),
            entry.action,
            entry.request_id,
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
                widths=[20, 22, 34, 24, 10, 34, 24, 60, 28, 16],
            )
        ]
    )
