"""Text helpers with no Django import: Vietnamese name normalisation for search and matching."""

from __future__ import annotations

import re
import unicodedata

# Old-style and new-style tone placement ("Hoà" / "Hòa", "Thuỷ" / "Thủy") both reduce to the same letters once
# the combining marks are stripped, so a single NFD pass covers them. "đ"/"Đ" is a separate letter, not a mark.
_SPACES = re.compile(r"[\s\-_.,;:/()'\"]+")


def fold(text: str) -> str:
    """Lower-case ASCII form of a Vietnamese text: no tone marks, no diacritics, single spaces.

    >>> fold("Xã Bảo Hoà")
    'xa bao hoa'
    >>> fold("  Phường  TRẤN  Biên ")
    'phuong tran bien'
    """
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped.lower()).strip()
