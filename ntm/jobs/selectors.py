from django.shortcuts import get_object_or_404

from ntm.jobs.models import Job


def jobs_for(user):
    return Job.objects.owned_or_visible(user).select_related("owner", "unit")


def job_for(user, job_id) -> Job:
    """A job the user may see; any other id answers 404."""
    return get_object_or_404(jobs_for(user), pk=job_id)
