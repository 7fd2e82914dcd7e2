"""No 500 on odd input (issue 14 item 5): every GET route, fed out-of-range or junk query values, answers < 500.

The routes come from the URL conf and the API's OpenAPI document, so a new route is swept without a line here.
Path parameters take a sample value by name (the cast's commune A, a criteria set code, ...); every ``int`` id names
an object the sweep does not build (it would need each area's fixtures and slow the sweep past a minute), so
those routes answer 404 and the sweep checks that a bad id is a 404, not a 500.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import django_filters
import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ntm.accounts.services import api_token_create
from ntm.testing.cast import Cast

pytestmark = pytest.mark.django_db

ODD_QUERIES = (
    {"year": "-1"},
    {"year": "99999999999"},
    {"year": "abc"},
    {"page": "100000000000000000000"},
    {"page": "-1"},
    {"q": "x" * 5000},
)

# Routes the sweep leaves out, with the reason.
SKIPPED_NAMESPACES = {
    "admin": "Django's admin reads its own parameters (p, o, e) and is for superusers only",
}
SKIPPED_ROUTES = {
    "api-v1:openapi-view": "the Swagger page is static HTML; the document it loads is fetched below",
    "set_language": "POST only (the language switch)",
    "accounts:logout": "signs the client out in the middle of the sweep",
}

# Where a route takes another value than the sample below.
ROUTE_SAMPLES = {"maps:print": {"fmt": "svg"}}

# A sample value for each path parameter, by name; any other parameter (an ``int`` id) takes MISSING_ID.
MISSING_ID = 987654


def _samples(cast: Cast) -> dict[str, object]:
    return {
        "structure": "2025",
        "code": cast.commune_a.code,
        "ref": "xa-ntm-2021-2025",
        "indicator": "1.1",
        "fmt": "xlsx",
        "kind": "docx",
        "key": "none",
        "step_code": "none",
        "job_id": uuid.UUID(int=1),
        "url": "none",
        "id": "none",
        "app_label": "units",
        "content_type_id": "1",
        "object_id": "1",
    }


def _routes(resolver=None, namespace: str = "", params: tuple[str, ...] = ()):
    """(name, path parameter names) of every named route in the URL conf."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        names = tuple(_parameters(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else entry.namespace or namespace
            )
            yield from _routes(entry, inner or "", params + names)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), params + names


def _parameters(pattern) -> list[str]:
    return list(pattern.regex.groupindex)


def _urls(cast: Cast) -> list[str]:
    samples = _samples(cast)
    urls, seen = [], set()
    for name, params in _routes():
        if name.split(":")[0] in SKIPPED_NAMESPACES or name in SKIPPED_ROUTES or name in seen:
            continue
        seen.add(name)
        kwargs = {param: samples.get(param, MISSING_ID) for param in params} | ROUTE_SAMPLES.get(name, {})
        urls.append(reverse(name, kwargs=kwargs))
    return urls


def _sweep(client, urls: list[str], **headers) -> list[str]:
    client.raise_request_exception = False
    failures = []
    for url in urls:
        for query in ODD_QUERIES:
            response = client.get(url, query, **headers)
            if response.status_code >= 500:
                failures.append(
                    f"{url} {sorted(query)[0]}={str(query[sorted(query)[0]])[:20]}: {response.status_code}"
                )
    return failures


# The page sweep is split into SHARDS slices of the route list (every route is in exactly one), so parallel test
# workers share it.
SHARDS = 4


# Every query parameter a page reads (year, page and q too, with other values than above): the names the code reads
# from ``request.GET``, the filters of every FilterSet, and the fields of the forms bound to the query string. Each is sent, all at once, with a
# value out of any range (negative and past every integer column) and with a 5,000-character one.
GET_READ = re.compile(r"""GET(?:\.get|\.getlist)?\(?\[?["']([a-z_0-9]+)["']""")
ODD_VALUES = ("-100000000000000000000", "x" * 5000)


def _read_parameters() -> list[str]:
    names = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("ntm."):
            continue
        for source in Path(config.path).rglob("*.py"):
            if "tests" not in source.parts:
                names.update(GET_READ.findall(source.read_text(encoding="utf-8")))
    pending = list(django_filters.FilterSet.__subclasses__())
    while pending:
        filterset = pending.pop()
        pending += filterset.__subclasses__()
        names.update(filterset.base_filters)
    from ntm.criteria.forms import EvaluateForm
    from ntm.maps.forms import MapQueryForm

    names.update(EvaluateForm.base_fields, MapQueryForm.base_fields)
    return sorted(names)


def test_the_sweep_knows_the_parameters_pages_read():
    names = _read_parameters()
    assert {"unit", "dept", "status", "structure", "level", "year_from"} <= set(names), names


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("member", ["coordinator", "anonymous"])
def test_no_page_answers_500_on_any_parameter_it_reads(client_as, cast, member, shard):
    client = client_as(None if member == "anonymous" else getattr(cast, member))
    client.raise_request_exception = False
    names = _read_parameters()
    failures = []
    urls = [url for url in _urls(cast) if not url.startswith("/api/")]
    assert len(urls) > 100
    for url in urls[shard::SHARDS]:
        for value in ODD_VALUES:
            response = client.get(url, dict.fromkeys(names, value))
            if response.status_code >= 500:
                failures.append(f"{url} every parameter={value[:20]}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("member", ["coordinator", "anonymous"])
def test_no_page_answers_500_on_odd_input(client_as, cast, member, shard):
    client = client_as(None if member == "anonymous" else getattr(cast, member))
    urls = [url for url in _urls(cast) if not url.startswith("/api/")]
    assert len(urls) > 100
    failures = _sweep(client, urls[shard::SHARDS])
    assert not failures, "\n".join(failures)


def _api_urls(client, cast: Cast) -> list[str]:
    document = client.get("/api/v1/openapi.json").json()
    samples = _samples(cast)
    urls = []
    for path, operations in document["paths"].items():
        if "get" not in operations:
            continue
        urls.append(re.sub(r"\{(\w+)\}", lambda match: str(samples.get(match[1], MISSING_ID)), path))
    return urls


@pytest.mark.parametrize("member", ["coordinator", "anonymous"])
def test_no_api_endpoint_answers_500_on_odd_input(client, cast, member):
    headers = {}
    if member != "anonymous":
        _token, raw = api_token_create(user=getattr(cast, member), name="sweep")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    urls = _api_urls(client, cast)
    assert len(urls) > 10
    failures = _sweep(client, urls, **headers)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "query", [{"page": "100000000000000000000"}, {"page": "-1"}, {"page": "0"}, {"page_size": "10" * 12}]
)
def test_api_answers_422_with_the_error_shape_for_a_page_out_of_range(client, cast, query):
    response = client.get("/api/v1/criteria-sets", query)
    assert response.status_code == 422
    assert set(response.json()) == {"error", "detail"}


@pytest.mark.parametrize("year", ["-1", "99999999999", "abc"])
def test_api_answers_422_with_the_error_shape_for_a_year_out_of_range(client, cast, year):
    response = client.get("/api/v1/criteria-sets", {"year": year})
    assert response.status_code == 422
    assert set(response.json()) == {"error", "detail"}


@pytest.mark.parametrize("year", ["-1", "99999999999", "abc"])
def test_a_dashboard_answers_404_for_a_year_out_of_range(client_as, cast, year):
    response = client_as(cast.coordinator).get(reverse("assessment:overview"), {"year": year})
    assert response.status_code == 404
