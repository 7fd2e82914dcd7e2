"""Excel export of the dossier list (the same filter as the page)."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ntm.core.excel_writer import Sheet, workbook_bytes
from ntm.recognition.services.procedures import effective_procedure

HEADERS = [
    gettext_noop("Dossier no."),
    gettext_noop("Unit code"),
    gettext_noop("Unit"),
    gettext_noop("Type"),
    gettext_noop("NTM level"),
    gettext_noop("Year"),
    gettext_noop("Criteria set"),
    gettext_noop("Procedure"),
    gettext_noop("Current step"),
    gettext_noop("Still open"),
    gettext_noop("Step due"),
    gettext_noop("Overdue"),
    gettext_noop("Outcome"),
    gettext_noop("Decision number"),
    gettext_noop("Created on"),
]


def _rows(dossiers) -> Iterator[list[object]]:
    now = timezone.now()
    procedures = {}
    for dossier in dossiers:
        if dossier.procedure_id not in procedures:
            procedures[dossier.procedure_id] = effective_procedure(dossier.procedure)
        procedure = procedures[dossier.procedure_id]
        step = procedure.step(dossier.state) if procedure.has_step(dossier.state) else None
        yield [
            dossier.pk,
            dossier.unit.code,
            dossier.unit.name,
            dossier.get_kind_display(),
            dossier.get_target_level_display(),
            dossier.year,
            dossier.criteria_version.ref,
            dossier.procedure.ref,
            step.name if step else dossier.state,
            _("yes") if dossier.is_open else _("no"),
            timezone.localtime(dossier.due_at).strftime("%d/%m/%Y") if dossier.due_at else "",
            _("yes") if dossier.is_open and dossier.due_at and dossier.due_at < now else "",
            dossier.outcome,
            dossier.decision_number,
            timezone.localtime(dossier.created_at).strftime("%d/%m/%Y"),
        ]


def dossiers_workbook(dossiers) -> bytes:
    return workbook_bytes(
        [Sheet(_("Dossiers"), header=[_(header) for header in HEADERS], rows=_rows(dossiers))]
    )
