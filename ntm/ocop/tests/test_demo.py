"""The OCOP demo: labelled, idempotent, and it shows a catalogue, an expiring certificate and work in progress."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from ntm.core.models import Notification
from ntm.ocop.demo import load_ocop_demo
from ntm.ocop.models import Certificate, Evaluation, EvaluationState, Producer

pytestmark = pytest.mark.django_db


def test_demo_is_labelled_idempotent_and_shows_the_catalogue(client):
    call_command("load_demo")
    assert load_ocop_demo() is None  # already there
    assert Producer.objects.get().is_demo
    assert Certificate.objects.filter(is_demo=True).count() == 2
    assert {e.state for e in Evaluation.objects.all()} == {EvaluationState.SUBMITTED, EvaluationState.SCORING}
    body = client.get(reverse("ocop:catalogue")).content.decode()
    assert "Bưởi da xanh (minh họa)" in body and "Dữ liệu minh họa" in body
    call_command("run_scheduled")
    assert Notification.objects.filter(key__startswith="ocop.expiry.").exists()
