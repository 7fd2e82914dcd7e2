"""The label job's work: the PDF of a lot's QR labels on the job, and the audit entry."""

from __future__ import annotations

from ntm.audit.services import audit_record
from ntm.jobs.services import JobRun
from ntm.traceability.labels import labels_pdf
from ntm.traceability.selectors import lot_for_change


def labels_print_run(run: JobRun) -> None:
    """The owner must still own the lot when the job runs."""
    params = run.params
    lot = lot_for_change(run.job.owner, params["lot_id"])
    pdf = labels_pdf(
        lot=lot,
        base_url=params["base_url"],
        layout=params["layout"],
        copies=params["copies"],
        progress=run.progress,
    )
    run.attach(f"nhan-truy-xuat-{lot.code}.pdf", pdf)
    audit_record(
        action="traceability.labels_print",
        instance=lot,
        extra={"layout": params["layout"], "copies": params["copies"]},
        actor=run.job.owner,
    )
