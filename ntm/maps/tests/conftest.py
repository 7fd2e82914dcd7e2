import pytest
from django.core.cache import cache

from ntm.maps import layers


@pytest.fixture(autouse=True)
def clean_map_state():
    """Each test starts with an empty cache and no self-assessment provider, and leaves them so."""
    cache.clear()
    layers.unregister_self_assessment_provider()
    yield
    cache.clear()
    layers.unregister_self_assessment_provider()
