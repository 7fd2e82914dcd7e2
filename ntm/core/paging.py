"""Pagination and htmx partials shared by every list page."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset, per_page: int | None = None) -> Page:
    """The requested page of ``queryset``; a page number out of range gives the last page, junk gives the first."""
    paginator = Paginator(queryset, per_page or settings.NTM_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def is_htmx_partial(request: HttpRequest) -> bool:
    """True when htmx asks for a fragment (not for a boosted full page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted
