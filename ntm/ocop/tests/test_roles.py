"""Role beside scope for the OCOP writes (the POST columns the site-wide matrix leaves to the apps).

Written by hand from ``ntm.core.permissions.AREA_ROLES`` (design.md §1): the producer submits its own dossier, the
commune officer of the producer's commune pre-checks it, OCOP council members score, the coordinator closes the
scoring, records decisions and revokes certificates; the auditor reads only. An id outside the role's reach is a
404 (a role outside the area, or commune B's officer); a role that sees the evaluation but may not do this step
gets 403; a refusal writes nothing. The one allowed actor goes last, since its request moves the evaluation on.
"""

import pytest
from django.urls import reverse

from ntm.ocop.models import Certificate, Evaluation, MemberScore
from ntm.ocop.tests.factories import ALL_TOP, load_sheets, make_evaluation
from ntm.testing.permissions import assert_access, rows_of

pytestmark = pytest.mark.django_db

UNSEEN = {"officer_b": 404, "department": 404, "front": 404, "anonymous": 302}


@pytest.fixture
def sheets():
    return load_sheets()


def test_submit_is_the_producers(cast, sheets, client_as):
    evaluation = make_evaluation(cast)
    expected = {
        **UNSEEN,
        "coordinator": 403,
        "officer_a": 403,
        "auditor": 403,
        "ocop_council": 403,
        "producer": 302,
    }
    url = reverse("ocop:evaluation_submit", args=[evaluation.pk])
    assert_access(client_as, cast, url, expected, method="post", unchanged=rows_of(Evaluation))
    evaluation.refresh_from_db()
    assert evaluation.state == "submitted"


def test_precheck_is_the_communes(cast, sheets, client_as):
    evaluation = make_evaluation(cast, upto="submitted")
    expected = {
        **UNSEEN,
        "coordinator": 403,
        "auditor": 403,
        "ocop_council": 403,
        "producer": 403,
        "officer_a": 302,
    }
    url = reverse("ocop:evaluation_precheck", args=[evaluation.pk])
    assert_access(
        client_as,
        cast,
        url,
        expected,
        method="post",
        data={"decision": "accept"},
        unchanged=rows_of(Evaluation),
    )
    evaluation.refresh_from_db()
    assert evaluation.state == "scoring"


def test_scoring_is_the_councils(cast, sheets, client_as):
    evaluation = make_evaluation(cast, upto="scoring")
    data = {f"c-{code}": pick for code, pick in ALL_TOP.items()}
    expected = {
        **UNSEEN,
        "coordinator": 404,
        "officer_a": 404,
        "auditor": 404,
        "producer": 404,
        "ocop_council": 302,
    }
    url = reverse("ocop:evaluation_score", args=[evaluation.pk])
    assert_access(client_as, cast, url, expected, method="post", data=data, unchanged=rows_of(MemberScore))
    assert MemberScore.objects.get().member == cast.ocop_council


def test_closing_deciding_and_revoking_are_the_coordinators(cast, sheets, client_as):
    evaluation = make_evaluation(cast, upto="scored")
    refused = {**UNSEEN, "officer_a": 403, "auditor": 403, "ocop_council": 403, "producer": 403}
    decision = {
        "level": "province",
        "number": "8/QĐ-UBND",
        "signed_on": "2026-03-02",
        "certificate_number": "C-8",
    }
    url = reverse("ocop:evaluation_decide", args=[evaluation.pk])
    assert_access(
        client_as,
        cast,
        url,
        {**refused, "coordinator": 302},
        method="post",
        data=decision,
        unchanged=rows_of(Evaluation, Certificate),
    )
    certificate = Certificate.objects.get()
    url = reverse("ocop:certificate_revoke", args=[certificate.pk])
    revoke = {"reason": "stopped", "revoked_on": "2027-01-01"}
    assert_access(
        client_as,
        cast,
        url,
        {**refused, "coordinator": 302},
        method="post",
        data=revoke,
        unchanged=rows_of(Certificate),
    )
    certificate.refresh_from_db()
    assert certificate.revoked_on is not None
