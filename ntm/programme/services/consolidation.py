"""Writes of the consolidated provincial report: the background job's work (Word, Excel annex, PDF when the
converter answers), saved as a ``ConsolidatedReport`` with its audit entry. ``cycles.consolidation_start`` starts
the job; ``tasks.consolidate_cycle`` runs ``consolidated_report_make``."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.documents import PdfError, docx_to_pdf
from ntm.jobs.services import JobRun
from ntm.programme.consolidated import build_documents
from ntm.programme.models import ConsolidatedReport, ReportCycle


def consolidated_report_make(run: JobRun) -> ConsolidatedReport:
    """Generate the consolidated report of the job's cycle, save and audit it, attach the Word file to the job."""
    cycle = ReportCycle.objects.select_related("plan", "form").get(pk=run.params["cycle_id"])
    number = run.params.get("number", "")
    run.progress(2, _("Reading the figures"))
    docx, xlsx, summary = build_documents(cycle, number=number, progress=run.progress)
    run.progress(75, _("Making the PDF"))
    pdf, problem = b"", ""
    try:
        pdf = docx_to_pdf(docx)
    except PdfError as exc:
        problem = str(exc)
    with transaction.atomic():
        report = ConsolidatedReport(
            cycle=cycle,
            job=run.job,
            number=number,
            summary=summary,
            generated_by=run.job.owner,
            pdf_problem=problem[:300],
        )
        for kind, content in (("docx", docx), ("xlsx", xlsx), ("pdf", pdf)):
            if content:
                getattr(report, kind).save(report.download_name(kind), ContentFile(content), save=False)
        report.save()
        audit_record(
            action="programme.consolidated_create",
            instance=report,
            after=snapshot(report, ("cycle", "number", "docx", "xlsx", "pdf")),
            actor=run.job.owner,
        )
    run.attach(report.download_name("docx"), docx)
    run.progress(
        100,
        _("Consolidated report made (no PDF yet: %(problem)s)") % {"problem": problem}
        if problem
        else _("Consolidated report made"),
    )
    return report
