"""The permission test pattern every view test reuses.

``assert_access(client_as, cast, url, expected)`` requests ``url`` as each member of the cast and checks the
status each one gets: 200 (or another code) for those who may, 403 for a role that may not, 404 for an
out-of-scope object, 302 to the sign-in page for the anonymous visitor. For a write, ``unchanged`` (a function
returning what the request may change, e.g. a row count or a row's values) proves that every refused request
(403, 404, or the anonymous visitor's redirect) wrote nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.conf import settings
from django.db.models import Model
from django.shortcuts import resolve_url

from ntm.testing.cast import Cast

ANONYMOUS = "anonymous"
MEMBERS = ("coordinator", "officer_a", "officer_b", "department", "auditor", ANONYMOUS)
# Every role of the cast: the members above plus the Front officer, the OCOP council member and the producer
# (the role-beside-scope tests of each area name them all).
EVERY_ROLE = (*MEMBERS, "front", "ocop_council", "producer")


def assert_access(
    client_as,
    cast: Cast,
    url: str,
    expected: Mapping[str, int],
    *,
    method: str = "get",
    data=None,
    unchanged: Callable[[], object] | None = None,
):
    assert method == "get" or unchanged is not None, (
        f"{method.upper()} {url}: say what a refusal leaves unchanged"
    )
    missing = set(MEMBERS) - set(expected)
    assert not missing, (
        f"the permission matrix for {url} must name every member of the cast; missing {missing}"
    )
    failures = []
    for member, status in expected.items():
        client = client_as(None if member == ANONYMOUS else getattr(cast, member))
        refused = status in (403, 404) or (status == 302 and member == ANONYMOUS)
        before = unchanged() if unchanged is not None and refused else None
        response = getattr(client, method)(url, data or {})
        if unchanged is not None and refused and unchanged() != before:
            failures.append(f"{member}: refused with {response.status_code} but the data changed")
        if response.status_code != status:
            failures.append(f"{member}: expected {status}, got {response.status_code}")
        elif status == 302 and member == ANONYMOUS:
            login = resolve_url(settings.LOGIN_URL)
            if not response["Location"].startswith(login):
                failures.append(f"{member}: redirected to {response['Location']}, not the sign-in page")
    assert not failures, f"{method.upper()} {url}: " + "; ".join(failures)


def rows_of(*models: type[Model]) -> Callable[[], tuple[list[dict], ...]]:
    """An ``unchanged`` check: every row of ``models`` with all its values (a refused write changes none)."""
    return lambda: tuple(list(model.objects.order_by("pk").values()) for model in models)
