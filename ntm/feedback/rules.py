"""The feedback inbox's rules, without Django: tracking codes, personal ID numbers, deadlines, the province box.

- A tracking code is 12 random base32 characters (60 bits) shown in three groups of four ("PA-7K3M-Q9XD-2WRT"
  with the fixed prefix ``PA``, "phản ánh"); only ``sha256`` of the normalised code is stored. Codes are read in
  any case, with or without the prefix, dashes or spaces; 0 and 1 (absent from base32) read as O and I.
- Personal ID numbers: a run of exactly 12 digits (the citizen identity card, CCCD, since 2016) or 9 digits (the
  old identity card, CMND) — spaces, dots or dashes between digit groups included — is refused in the text and the
  contact; a 10- or 11-digit run (a phone number) is accepted.
- The answer deadline counts ``days`` after the day of submission, either calendar days or working days (Monday
  to Friday, less the public holidays the province lists: ``holidays``).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Collection

PREFIX = "PA"
CODE_LENGTH = 12  # base32 characters: 60 bits
_CODE = re.compile(rf"^[A-Z2-7]{{{CODE_LENGTH}}}$")
_SEPARATORS = re.compile(r"[\s\-.]+")
_LOOKALIKES = str.maketrans({"0": "O", "1": "I"})

WORKING_DAYS = "working"
CALENDAR_DAYS = "calendar"
DAY_KINDS = (WORKING_DAYS, CALENDAR_DAYS)


def new_code() -> str:
    """A fresh code, as shown to the citizen: ``PA-XXXX-XXXX-XXXX``."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode("ascii")[:CODE_LENGTH]
    return display(raw)


def display(code: str) -> str:
    return f"{PREFIX}-" + "-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize(raw: str | None) -> str | None:
    """The 12 characters of a typed code, or None when it cannot be one."""
    text = _SEPARATORS.sub("", (raw or "").upper()).translate(_LOOKALIKES)
    if text.startswith(PREFIX) and len(text) == CODE_LENGTH + len(PREFIX):
        text = text[len(PREFIX) :]
    return text if _CODE.match(text) else None


def code_hash(code: str) -> str:
    """What the database keeps of a normalised code."""
    return hashlib.sha256(f"ntm.feedback:{code}".encode()).hexdigest()


# A digit run: digits with single spaces, dots or dashes between them, not touching another digit.
_DIGIT_RUN = re.compile(r"(?<![\d])\d(?:[ .\-]?\d)*(?![\d])")
ID_LENGTHS = frozenset({9, 12})


def has_id_number(text: str) -> bool:
    """Does ``text`` hold something that reads as a personal ID number (12-digit CCCD or 9-digit CMND)?"""
    for match in _DIGIT_RUN.finditer(text or ""):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) in ID_LENGTHS:
            return True
    return False


def due_date(
    submitted_on: dt.date, days: int, kind: str = WORKING_DAYS, holidays: Collection[dt.date] = ()
) -> dt.date:
    """The last day of the answer period: ``days`` calendar or working days after ``submitted_on``; a working day
    is Monday to Friday and not in ``holidays``."""
    if kind not in DAY_KINDS:
        raise ValueError(f"Unknown kind of days {kind!r}")
    if kind == CALENDAR_DAYS:
        return submitted_on + dt.timedelta(days=days)
    day, left = submitted_on, days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


def is_overdue(due: dt.date, today: dt.date) -> bool:
    """Overdue from the day after the last day of the answer period."""
    return today > due


def inside(box: tuple[float, float, float, float], lat: float, lon: float) -> bool:
    """Is (lat, lon) inside ``box`` = (min_lon, min_lat, max_lon, max_lat)?"""
    min_lon, min_lat, max_lon, max_lat = box
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon
