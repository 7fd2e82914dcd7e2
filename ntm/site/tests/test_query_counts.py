"""Query counts of the main pages do not grow with rows: each page is opened with N rows of what it lists and again
with 3N, and the number of queries must be the same (an N+1 shows as a count that grows by 2N or more).

Each case builds rows through the apps' own factories and services, opens the page once to warm per-process
caches, then counts. Pages with a fixed cost that depends on the data's variety (not its size) add rows of the
same variety."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ntm.feedback.tests.factories import make_feedback
from ntm.surveys import tokens
from ntm.surveys.models import Household
from ntm.surveys.services.campaigns import campaign_create
from ntm.surveys.tests.factories import campaign_data, make_survey
from ntm.traceability.tests.factories import make_area

pytestmark = pytest.mark.django_db

N = 2
_serial = itertools.count(1)


@dataclass(frozen=True)
class Case:
    name: str
    viewer: Callable  # (cast, state) -> user (None: anonymous)
    url: Callable  # (cast, state) -> url
    setup: Callable  # cast -> state
    add: Callable  # (cast, state, n) -> None: add n rows of what the page lists


def _campaigns(cast, state, n):
    for _ in range(n):
        campaign_create(actor=state.front_a, data=campaign_data(cast.commune_a, title=f"Đợt {next(_serial)}"))


def _households(cast, state, n):
    hamlet = state.hamlets[0]
    key = state.campaign.token_key()
    codes = [f"D{next(_serial):04d}" for _ in range(n)]
    Household.objects.bulk_create(
        Household(
            campaign=state.campaign,
            hamlet=hamlet,
            code=code,
            head_name=f"Hộ {code}",
            token_hash=tokens.hash_token(tokens.derive_token(key, code, 1)),
        )
        for code in codes
    )


def _feedback(cast, state, n):
    for _ in range(n):
        make_feedback(cast.commune_a, text=f"Phản ánh số {next(_serial)} về đường ấp.")


def _located_feedback(cast, state, n):
    for _ in range(n):
        make_feedback(
            cast.commune_a,
            text=f"Phản ánh số {next(_serial)} có vị trí.",
            latitude=Decimal("10.95"),
            longitude=Decimal("106.82"),
        )


def _coded_areas(cast, state, n):
    for _ in range(n):
        make_area(cast.producer, cast.commune_a, issuer=cast.department, name=f"Vùng mã {next(_serial)}")


def _areas(cast, state, n):
    for _ in range(n):
        make_area(cast.producer, cast.commune_a, name=f"Vùng {next(_serial)}")


CASES = [
    Case(
        "surveys: campaign list",
        lambda cast, state: cast.coordinator,
        lambda cast, state: reverse("surveys:list"),
        lambda cast: make_survey(cast, per_hamlet=1),
        _campaigns,
    ),
    Case(
        "surveys: households of a campaign",
        lambda cast, state: state.front_a,
        lambda cast, state: reverse("surveys:households", args=[state.campaign.pk]),
        lambda cast: make_survey(cast, per_hamlet=1),
        _households,
    ),
    Case(
        "feedback: inbox",
        lambda cast, state: cast.officer_a,
        lambda cast, state: reverse("feedback:inbox"),
        lambda cast: None,
        _feedback,
    ),
    Case(
        "traceability: growing areas",
        lambda cast, state: cast.department,
        lambda cast, state: reverse("traceability:areas"),
        lambda cast: None,
        _areas,
    ),
    Case(
        "maps: internal layer of located feedback",
        lambda cast, state: cast.officer_a,
        lambda cast, state: "/ban-do/noi-bo/lop/phan-anh/",
        lambda cast: None,
        _located_feedback,
    ),
    Case(
        "maps: public layer of coded growing areas",
        lambda cast, state: None,
        lambda cast, state: reverse("maps:public_point_layer", args=["vung-trong"]),
        lambda cast: None,
        _coded_areas,
    ),
    Case(
        "home: my work (campaigns to open)",
        lambda cast, state: state.front_a,
        lambda cast, state: reverse("site:my_work"),
        lambda cast: make_survey(cast, per_hamlet=1),
        _campaigns,
    ),
]


def _queries(client, url: str) -> tuple[list[str], int]:
    """The statements of one GET of ``url`` and the size of its body."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured], len(response.content)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_query_count_does_not_grow_with_rows(case, cast, client_as):
    state = case.setup(cast)
    client = client_as(case.viewer(cast, state))
    url = case.url(cast, state)
    case.add(cast, state, N)
    client.get(url)  # warm the per-process caches
    few, few_size = _queries(client, url)
    case.add(cast, state, 2 * N)
    many, many_size = _queries(client, url)
    assert many_size > few_size, "the added rows are not on the page: the count would prove nothing"
    assert len(many) == len(few), "\n".join(many[len(few) - 3 :] if len(many) > len(few) else many)
