"""The demo feedback: three items labelled demo in Xã Long Phước, one answered, one past its deadline."""

import pytest
from django.utils import timezone

from ntm.core.choices import Role
from ntm.feedback import selectors
from ntm.feedback.demo import load_feedback_demo
from ntm.feedback.models import Feedback, FeedbackState
from ntm.testing.factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_feedback(cast):
    officer = UserFactory(username="xa.longphuoc")
    RoleFactory(user=officer, role=Role.COMMUNE_OFFICER, unit=cast.commune_a)
    load_feedback_demo()
    load_feedback_demo()  # once
    items = Feedback.objects.all()
    assert items.count() == 3 and all(item.is_demo and "(minh họa)" in item.text for item in items)
    assert items.filter(state=FeedbackState.ANSWERED).count() == 1
    assert list(
        selectors.escalated(cast.coordinator, timezone.localdate()).values_list("category", flat=True)
    ) == ["results"]
