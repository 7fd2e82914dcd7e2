"""The audit-log Excel export: a background job with the list page's filters, only for those who may read the log."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ntm.accounts.services import organisation_create
from ntm.audit.models import AuditEntry
from ntm.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def test_export_runs_as_a_job_and_produces_the_filtered_rows(client_as, cast):
    organisation_create(name="Sở Y tế", short_name="SYT", unit=cast.province)
    client = client_as(cast.coordinator)
    response = client.post(reverse("site:audit_export"), {"action": "organisation"})
    job = Job.objects.get(kind="audit.export")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100
    download = client.get(reverse("jobs:download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Thời gian"
    assert "Sở Y tế" in rows[1][5]
    # In words a person reads: the action and object type by name, fields by label, local time; the code last.
    header = dict(zip(rows[0], rows[1], strict=True))
    assert header["Hành động"] == "Sở, ngành: đã tạo" and header["Loại đối tượng"] == "Sở, ngành"
    assert header["Mã hành động"] == "organisation.create"
    entry = AuditEntry.objects.get(action="organisation.create")
    assert header["Thời gian"] == timezone.localtime(entry.timestamp).strftime("%d/%m/%Y %H:%M:%S")
    assert timezone.localtime(entry.timestamp).utcoffset().total_seconds() == 7 * 3600
    assert "Tên viết tắt: ∅ → SYT" in header["Thay đổi"].splitlines()
    assert "{" not in header["Thay đổi"] and "short_name" not in header["Thay đổi"]


def test_officer_cannot_export_or_download_someone_elses_job(client_as, cast):
    assert client_as(cast.officer_a).post(reverse("site:audit_export")).status_code == 403
    client_as(cast.coordinator).post(reverse("site:audit_export"))
    job = Job.objects.get()
    assert client_as(cast.officer_a).get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client_as(cast.officer_a).get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_the_export_is_an_xlsx_attachment_under_a_random_name_not_for_the_anonymous(client_as, cast):
    client_as(cast.coordinator).post(reverse("site:audit_export"))
    job = Job.objects.get()
    assert re.match(r"^jobs/\d{4}/\d{2}/[0-9a-f]{32}\.xlsx$", job.result_file.name)
    url = reverse("jobs:download", args=[job.pk])
    anonymous = client_as(None).get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    response = client_as(cast.coordinator).get(url)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="nhat-ky-thay-doi.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
