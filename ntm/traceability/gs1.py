"""GS1 identifiers for labels: the GTIN check digit and the GS1 Digital Link URI a QR code holds. Pure.

The check digit is the GS1 modulo-10 rule (GS1 General Specifications): from the right, the digits before the
check digit are weighted 3, 1, 3, …; the check digit brings the sum to a multiple of 10. A GTIN-8/12/13/14 is
written as 14 digits in a Digital Link URI (left-padded with zeros), primary key AI ``01``, then the qualifiers in
the order 22 → 10 → 21, and data attributes such as ``17`` (expiry, YYMMDD) in the query string; reserved
characters are percent-encoded (GS1 Digital Link URI syntax 1.2).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from ntm.core.messages import gettext as _

GTIN_LENGTHS = (8, 12, 13, 14)
GS1_RESOLVER = "https://id.gs1.org"


class GtinError(ValueError):
    """The text is not a valid GTIN; the message says why."""


def check_digit(body: str) -> int:
    """The GS1 modulo-10 check digit of ``body`` (all digits but the last)."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def normalise_gtin(text: str) -> str:
    """``text`` as a 14-digit GTIN; ``GtinError`` when its length or check digit is wrong."""
    digits = (text or "").replace(" ", "").strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) not in GTIN_LENGTHS:
        raise GtinError(_("A GTIN has 8, 12, 13 or 14 digits."))
    if check_digit(digits[:-1]) != int(digits[-1]):
        raise GtinError(
            _("The GTIN's check digit is wrong (the last digit should be %(digit)s).")
            % {"digit": check_digit(digits[:-1])}
        )
    return digits.zfill(14)


def digital_link(
    gtin: str, *, lot: str = "", serial: str = "", expiry: dt.date | None = None, domain: str = GS1_RESOLVER
) -> str:
    """The GS1 Digital Link URI of a trade item: ``<domain>/01/<gtin14>[/10/<lot>][/21/<serial>][?17=YYMMDD]``."""
    uri = f"{domain.rstrip('/')}/01/{normalise_gtin(gtin)}"
    if lot:
        uri += f"/10/{quote(lot, safe='')}"
    if serial:
        uri += f"/21/{quote(serial, safe='')}"
    if expiry is not None:
        uri += f"?17={expiry:%y%m%d}"
    return uri
