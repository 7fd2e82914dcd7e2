import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clean_map_state():
    """Each test starts with an empty cache, and leaves it so."""
    cache.clear()
    yield
    cache.clear()
