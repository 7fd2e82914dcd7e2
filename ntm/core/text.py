"""Text helpers with no Django import: Vietnamese name normalisation for search and matching."""

from __future__ import annotations

import functools
import re
import unicodedata

# Old-style and new-style tone placement ("Hoà" / "Hòa", "Thuỷ" / "Thủy") both reduce to the same letters once
# the combining marks are stripped, so a single NFD pass covers them. "đ"/"Đ" is a separate letter, not a mark.
_SPACES = re.compile(r"[\s\-_.,;:/()'\"]+")


@functools.lru_cache(maxsize=50_000)  # unit names are folded on every list and map
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


# Vietnamese alphabetical order: letters with breve, circumflex or horn, and "đ", are letters of their own that
# follow their base letter (a ă â b c d đ e ê … o ô ơ … u ư …); the five tone marks only break ties, in the
# dictionary order ngang, huyền, hỏi, ngã, sắc, nặng.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # grave, hook, tilde, acute, dot


@functools.lru_cache(maxsize=50_000)  # unit names recur on every list
def sort_key(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """A key that sorts Vietnamese text as a Vietnamese reader expects (Đ after D, Ă and Â after A).

    >>> sorted(["Đông Hòa", "Dầu Giây", "Xuân Lộc", "An Phước", "Ấp Bắc", "Dĩ An"], key=sort_key)
    ['An Phước', 'Ấp Bắc', 'Dầu Giây', 'Dĩ An', 'Đông Hòa', 'Xuân Lộc']
    """
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", (text or "").lower()):
        if char in _LETTER_MARKS and letters:
            base, _mark = letters[-1]
            letters[-1] = (base, _LETTER_MARKS[char])
        elif char in _TONES:
            tones.append(_TONES[char])
        elif unicodedata.category(char) == "Mn":
            continue
        elif char == "đ":
            letters.append((ord("d"), 9))
        else:
            letters.append((ord(char), 0))
            tones.append(0)
    return tuple(letters), tuple(tones)
