"""One-time household tokens for the satisfaction survey (no Django import).

Design (see README, "Khảo sát sự hài lòng"):

- A token is derived, never stored in clear: ``HMAC-SHA256(campaign_key, "<household code>:<version>")``,
  base32, the first 26 characters (130 bits), so it is unguessable and the same slip can be printed again.
- ``campaign_key = HMAC-SHA256(SECRET_KEY, "ntm.surveys.campaign-key:" + campaign salt)``: the salt is random
  per campaign and stored with it; the server's secret key is not in the database, so a copy of the database
  alone does not give anybody the tokens of households that have not answered yet.
- The database keeps only ``sha256(token)`` (unique) to find the household when a token comes back.
- ``version`` is bumped when an officer re-issues a lost slip: the old slip stops working.

Tokens are shown in upper case on the slips, in groups of four, and accepted in any case, with or without the dashes
and spaces used to group them for typing; base32 has no 0 or 1, so a typed 0 is read as O and a typed 1 as I.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

TOKEN_LENGTH = 26  # base32 characters, 5 bits each: 130 bits
_TOKEN = re.compile(rf"^[a-z2-7]{{{TOKEN_LENGTH}}}$")
_SEPARATORS = re.compile(r"[\s\-.]+")
_LOOKALIKES = str.maketrans({"0": "o", "1": "i"})


def campaign_key(secret_key: str, salt: str) -> bytes:
    """The per-campaign HMAC key: needs both the server's secret and the campaign's stored salt."""
    return hmac.new(
        secret_key.encode(), b"ntm.surveys.campaign-key:" + salt.encode(), hashlib.sha256
    ).digest()


def derive_token(key: bytes, household_code: str, version: int) -> str:
    """The household's token for this campaign key and version: 26 lower-case base32 characters."""
    digest = hmac.new(key, f"household:{household_code}:{version}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:TOKEN_LENGTH]


def hash_token(token: str) -> str:
    """What the database stores and looks up: the SHA-256 of the normalised token, in hex."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def normalize_token(raw: str | None) -> str | None:
    """The token in canonical form, or None when ``raw`` cannot be a token (wrong length or characters)."""
    # base32 has no 0 or 1: a typed zero is the letter O, a typed one the letter I (as people read them).
    cleaned = _SEPARATORS.sub("", raw or "").lower().translate(_LOOKALIKES)
    return cleaned if _TOKEN.match(cleaned) else None


def format_token(token: str) -> str:
    """The token grouped for reading and typing on a phone: ``ABCD-EFGH-…`` (groups of four)."""
    upper = token.upper()
    return "-".join(upper[i : i + 4] for i in range(0, len(upper), 4))
