"""Background tasks of the programme app: thin, they take a job id and call the code that does the work."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.documents import PdfError, docx_to_pdf
from ntm.jobs.services import job_running
from ntm.programme.consolidated import build_documents
from ntm.programme.models import ConsolidatedReport, ReportCycle


@task()
def consolidate_cycle(job_id: str) -> None:
    """Generate the consolidated report of a cycle: Word, Excel annex, PDF; attach the Word file to the job."""
    with job_running(job_id) as run:
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
        stem = f"bao-cao-tong-hop-{cycle.kind}-{cycle.year}"
        with transaction.atomic():
            report = ConsolidatedReport(
                cycle=cycle,
                job=run.job,
                number=number,
                summary=summary,
                generated_by=run.job.owner,
                pdf_problem=problem[:300],
            )
            report.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
            report.xlsx.save(f"{stem}-phu-luc.xlsx", ContentFile(xlsx), save=False)
            if pdf:
                report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
            report.save()
            audit_record(
                action="programme.consolidated_create",
                instance=report,
                after=snapshot(report, ("cycle", "number", "docx", "xlsx", "pdf")),
                actor=run.job.owner,
            )
        run.attach(f"{stem}.docx", docx)
        run.progress(
            100,
            _("Consolidated report made (no PDF yet: %(problem)s)") % {"problem": problem}
            if problem
            else _("Consolidated report made"),
        )
