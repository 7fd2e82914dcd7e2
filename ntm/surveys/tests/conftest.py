import pytest
from django.core.cache import cache

from ntm.surveys import ratelimit
from ntm.surveys.tests.factories import make_survey


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the (local-memory) cache and in this process: start each test clean."""
    cache.clear()
    ratelimit.reset_local_counters()
    yield
    ratelimit.reset_local_counters()


@pytest.fixture
def survey(cast):
    return make_survey(cast)
