"""Numbers typed and shown the Vietnamese way, with no Django import.

``parse_number`` reads what a person types in a value field: the Vietnamese decimal comma ("98,8") and
thousands dot ("1.234,5"), and also the English forms where they cannot be misread ("98.8", "1,234.5"). A lone
dot followed by exactly three digits ("1.234") could be either 1234 or 1.234, so it is refused as ambiguous
rather than guessed. ``input_text`` shows a stored number for editing: decimal comma, no thousands separator.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_GROUPED = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")


class NumberError(ValueError):
    """The text is not a number; ``ambiguous`` when it is one in two readings."""

    def __init__(self, text: str, *, ambiguous: bool = False) -> None:
        super().__init__(text)
        self.ambiguous = ambiguous


def parse_number(text: str) -> Decimal:
    """The number in ``text``.

    >>> parse_number("98,8"), parse_number("98.8"), parse_number("1.234,5"), parse_number("1,234.5")
    (Decimal('98.8'), Decimal('98.8'), Decimal('1234.5'), Decimal('1234.5'))
    >>> parse_number(" 1 234 "), parse_number("1.234.567"), parse_number("-3")
    (Decimal('1234'), Decimal('1234567'), Decimal('-3'))
    """
    raw = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if raw.endswith("%"):
        raw = raw[:-1]
    sign = ""
    if raw[:1] in "+-" and raw:
        sign, raw = ("-" if raw[0] == "-" else ""), raw[1:]
    if not raw or not re.fullmatch(r"[\d.,]+", raw) or not raw[0].isdigit() or not raw[-1].isdigit():
        raise NumberError(text)
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        whole, _sep, fraction = raw.rpartition(decimal_mark)
        if decimal_mark in whole or not _GROUPED.match(whole):
            raise NumberError(text)
        digits = whole.replace(thousands, "") + "." + fraction
    elif dots + commas == 0:
        digits = raw
    elif dots + commas == 1:
        whole, _sep, fraction = raw.partition("." if dots else ",")
        if dots and len(fraction) == 3 and whole != "0":
            raise NumberError(text, ambiguous=True)  # "1.234": 1234 in Vietnamese, 1.234 in English
        digits = f"{whole}.{fraction}"
    elif _GROUPED.match(raw):
        digits = raw.replace(".", "").replace(",", "")  # "1.234.567" or "1,234,567": thousands only
    else:
        raise NumberError(text)
    try:
        return Decimal(sign + digits)
    except InvalidOperation:
        raise NumberError(text) from None


def input_text(number: object) -> str:
    """A stored number as a person edits it: decimal comma, no thousands separator, no trailing zeros.

    >>> input_text(98.8), input_text(80), input_text(Decimal("1234.50")), input_text(None)
    ('98,8', '80', '1234,5', '')
    """
    if number is None or isinstance(number, bool):
        return ""
    try:
        exact = Decimal(str(number))
    except InvalidOperation:
        return str(number)
    if exact == exact.to_integral_value():
        return str(int(exact))
    return format(exact.normalize(), "f").replace(".", ",")
