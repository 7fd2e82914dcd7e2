"""The assessment lines of "my work": a returned value with its reason on the commune's home (and a
notification), values waiting for the department's verification on the department's home."""

import pytest
from django.urls import reverse

from ntm.accounts.models import Organisation
from ntm.assessment.models import IndicatorValue
from ntm.assessment.selectors import assessments
from ntm.assessment.services import value_return, value_set, value_verify
from ntm.assessment.worklist import assessment_work
from ntm.core.models import Notification
from ntm.criteria.services import criteria_sets_load_shipped

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"


@pytest.fixture
def value(cast):
    criteria_sets_load_shipped()
    Organisation.objects.filter(pk=cast.organisation.pk).update(short_name="SNNMT")
    assessments.set_version(SET)
    return value_set(
        unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=79.5, actor=cast.officer_a
    )


def keys(user):
    return {item.key: item for item in assessment_work(user)}


def test_department_sees_values_to_verify_then_commune_sees_the_return(client_as, cast, value):
    waiting = keys(cast.department)["assessment.to_verify"]
    assert waiting.count == 1 and "awaiting=1" in waiting.url and "dept=SNNMT" in waiting.url
    assert "assessment.returned" not in keys(cast.officer_a)
    assert "assessment.to_verify" not in keys(cast.officer_a)

    value_return(value=value, comment="Thiếu bản đồ tưới tiêu", actor=cast.department)

    returned = keys(cast.officer_a)["assessment.returned"]
    assert returned.count == 1 and "Thiếu bản đồ tưới tiêu" in returned.details[0][0]
    assert returned.details[0][1].endswith("#ind-3.1")
    assert "assessment.to_verify" not in keys(cast.department)
    assert not keys(cast.officer_b)  # another commune's return is not mine
    notice = Notification.objects.get(user=cast.officer_a)
    assert "3.1" in notice.text and notice.url.endswith("#ind-3.1")
    assert not Notification.objects.filter(user=cast.officer_b).exists()

    home = client_as(cast.officer_a).get(reverse("site:home")).content.decode()
    assert 'data-work="assessment.returned"' in home and "Thiếu bản đồ tưới tiêu" in home
    assert 'data-testid="home-notifications"' in home


def test_verified_value_leaves_the_department_list(cast, value):
    value_verify(value=value, actor=cast.department)
    assert IndicatorValue.objects.get().status == "verified"
    assert "assessment.to_verify" not in keys(cast.department)
