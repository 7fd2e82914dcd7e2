import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Refusal messages in their English ids, so a test can match their words (the project starts in Vietnamese)."""
    with translation.override("en"):
        yield
