"""The QR-slip PDF (working codes, household heads' names) has no public URL: only its owner downloads it."""

import re

import pytest
from django.urls import reverse

from ntm.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_the_slips_pdf_is_stored_under_a_random_name_and_refused_to_others(client, survey):
    client.force_login(survey.front_a)
    client.post(reverse("surveys:slips", args=[survey.campaign.pk]), {"hamlet": survey.hamlets[0].pk})
    job = Job.objects.get(kind="surveys.slips")
    assert re.match(r"^jobs/\d{4}/\d{2}/[0-9a-f]{32}\.pdf$", job.result_file.name)
    url = reverse("jobs:download", args=[job.pk])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="phieu-qr-khao-sat-{survey.campaign.pk}.pdf"'
    )
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    client.force_login(survey.cast.officer_b)
    assert client.get(url).status_code == 404
