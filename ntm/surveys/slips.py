"""A4 sheets of QR slips, one section per hamlet, rendered by WeasyPrint (run in a background job).

Each slip carries the commune, the hamlet, the household code and head's name (so the hamlet's Front work
committee can hand it to the right house), the QR code of the answer URL (the code in its fragment, see
``answer_url``), the same code in letters for typing into the answer page, the closing date and short
instructions in Vietnamese. Eight slips per page, with dashed cutting lines.

The PDF holds working codes: it is attached to a job that only the officer who asked can download.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from itertools import groupby

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ntm.core.exceptions import ServiceError
from ntm.core.models import InstanceState
from ntm.surveys import tokens
from ntm.surveys.models import Campaign, Household

SLIPS_PER_PAGE = 8


def answer_url(base_url: str, token: str) -> str:
    """What a slip's QR code holds: the answer page with the code in the URL fragment (``…/ks/#<code>``), which
    browsers never send, so the code reaches no request line or log; the page's script posts it."""
    return f"{base_url.rstrip('/')}{reverse('surveys:answer')}#{token}"


def _slip(household: Household, key: bytes, base_url: str) -> dict:
    token = tokens.derive_token(key, household.code, household.token_version)
    if tokens.hash_token(token) != household.token_hash:
        raise ServiceError(
            _(
                "The code of household %(code)s does not match (has the server's secret key changed?). "
                "Issue a new code for this household."
            )
            % {"code": household.code}
        )
    qr = segno.make(answer_url(base_url, token), error="m", micro=False)
    return {
        "household": household,
        "code": tokens.format_token(token),
        "code_groups": tokens.format_token(token).split("-"),
        "qr": qr.svg_data_uri(scale=4, border=2, dark="#000"),
    }


def slips_pdf(
    *,
    campaign: Campaign,
    base_url: str,
    hamlet_id: int | None = None,
    household_id: int | None = None,
    include_answered: bool = False,
    progress: Callable[[int, str], None] | None = None,
) -> tuple[bytes, int]:
    """The PDF and the number of slips in it."""
    # Imported here, not at module level: only the task worker renders PDFs, and WeasyPrint is heavy to load
    # (it would slow every web process's start and log its progress at INFO).
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from weasyprint import HTML

    households = campaign.households.select_related("hamlet").order_by("hamlet__name", "code")
    if hamlet_id:
        households = households.filter(hamlet_id=hamlet_id)
    if household_id:
        households = households.filter(pk=household_id)
    if not include_answered:
        households = households.filter(receipt__isnull=True)
    households = list(households)
    if not households:
        raise ServiceError(
            _("No household needs a printed form (every household has answered, or the list is empty).")
        )
    key = campaign.token_key()
    sections = [(hamlet, list(group)) for hamlet, group in groupby(households, key=lambda h: h.hamlet)]
    slips = []
    enter_code_url = base_url.rstrip("/") + reverse("surveys:answer")
    demo_mode = InstanceState.is_demo()
    with translation.override("vi"):
        for hamlet, members in sections:
            slips.extend(_slip(h, key, base_url) for h in members)
            if progress is not None:
                progress(
                    int(len(slips) * 90 / len(households)),
                    _("Built %(done)s/%(total)s forms (%(hamlet)s)")
                    % {"done": len(slips), "total": len(households), "hamlet": hamlet.name},
                )
        # Eight to a page across hamlets, as the form says: a hamlet of three households does not take a sheet.
        html = render_to_string(
            "surveys/slips.html",
            {
                "campaign": campaign,
                "hamlets": [hamlet for hamlet, _members in sections],
                "pages": pack_pages(slips),
                "count": len(slips),
                "enter_code_url": enter_code_url,
                "demo_mode": demo_mode,
            },
        )
        document = HTML(string=html, base_url=base_url).render()
    return document.write_pdf(), len(households)


def pack_pages(slips: list, per_page: int = SLIPS_PER_PAGE) -> list[list]:
    """The slips in pages of ``per_page``, in order (hamlet by hamlet), a page holding the end of one hamlet and the
    start of the next."""
    return [slips[i : i + per_page] for i in range(0, len(slips), per_page)]
