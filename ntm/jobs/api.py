from datetime import datetime
from uuid import UUID

from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from ntm.core.api import BoundedPagination, ErrorOut
from ntm.jobs.selectors import job_for, jobs_for

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: UUID
    kind: str
    label: str
    status: str
    progress: int
    message: str
    created_at: datetime
    finished_at: datetime | None
    download_url: str | None

    @staticmethod
    def resolve_download_url(obj) -> str | None:
        return reverse("jobs:download", args=[obj.pk]) if obj.result_file else None


@router.get("", response=list[JobOut])
@paginate(BoundedPagination)
def list_jobs(request):
    return jobs_for(request.auth)


@router.get("/{job_id}", response={200: JobOut, 404: ErrorOut})
def get_job(request, job_id: UUID):
    return job_for(request.auth, job_id)
