"""Query parameters every page and endpoint reads the same way, so odd input answers 404/422, never 500.

``year_param`` reads ``?year=`` (junk or a year out of range is a 404 on a page, or a clamp where the page
says so); ``MAX_PAGE`` bounds ``?page=`` for the API's paginated lists (:class:`ntm.core.api.BoundedPagination`).
HTML lists go through :func:`ntm.core.paging.paginate`, whose ``Paginator.get_page`` already turns junk into
the first page and a page past the end into the last.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

YEAR_MIN = 2000
YEAR_MAX = 2100
MAX_PAGE = 1_000_000


def parse_year(
    value: str | None, default: int, *, low: int = YEAR_MIN, high: int = YEAR_MAX, clamp: bool = False
) -> int:
    """``value`` as a year in ``low..high`` (``default`` when empty).

    Junk raises ``Http404``; a number out of range raises ``Http404`` too, or is brought into range with ``clamp``.
    """
    if not value:
        return default
    try:
        year = int(value.strip()[:10])
    except ValueError:
        if clamp:
            return default
        raise Http404(_("There is no such year.")) from None
    if low <= year <= high:
        return year
    if clamp:
        return max(low, min(year, high))
    raise Http404(_("There is no such year."))


def year_param(
    request: HttpRequest, default: int, *, low: int = YEAR_MIN, high: int = YEAR_MAX, clamp: bool = False
) -> int:
    """The ``?year=`` of ``request`` read by :func:`parse_year`."""
    return parse_year(request.GET.get("year"), default, low=low, high=high, clamp=clamp)
