"""Project-wide pytest fixtures: the named cast and clients signed in as each member."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from ntm.testing.cast import Cast, make_cast


@pytest.fixture(autouse=True)
def primary_language():
    """Each test starts in Vietnamese: a request with the English cookie leaves English active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


@pytest.fixture
def client_as(client):
    """``client_as(user)`` signs the test client in as ``user`` (``None`` leaves it anonymous).

    There is one client: each call switches who it is signed in as, so call it before each actor's request.
    """

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def live_cast(transactional_db) -> Cast:
    """The cast in a committed database, for browser tests against the live server."""
    return make_cast()


pytest_plugins = ["ntm.testing.browser"]


@pytest.fixture(autouse=True)
def fresh_legal_registry():
    """The legal registry a page resolves sources against is remembered for a few seconds: never across tests."""
    from ntm.legal.selectors import forget_registry

    forget_registry()
    yield
    forget_registry()
