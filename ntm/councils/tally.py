"""Counting a council's votes against a threshold. Pure: no Django import.

The caller says everything the law or the procedure decides: the threshold (a percentage in (0, 100]; there is no
default), the basis (the share of all sitting ``members`` or of the ``votes_cast``), and what a share exactly at the
threshold means (``AT_LEAST`` passes it, ``MORE_THAN`` does not, so a tie at 50% fails "more than half").
Shares are exact fractions, so 2 of 3 is never rounded past a 66.67% threshold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

MEMBERS = "members"
VOTES_CAST = "votes_cast"
BASES = frozenset({MEMBERS, VOTES_CAST})
AT_LEAST = "at_least"
MORE_THAN = "more_than"
RULES = frozenset({AT_LEAST, MORE_THAN})


class TallyError(ValueError):
    """The tally cannot be made: no threshold, an unknown basis or rule, or more votes than members."""


@dataclass(frozen=True)
class Tally:
    members: int
    agree: int
    disagree: int
    cast: int
    threshold: Decimal
    basis: str
    rule: str

    @property
    def denominator(self) -> int:
        return self.members if self.basis == MEMBERS else self.cast

    @property
    def share(self) -> Fraction:
        """Agreeing votes as a percentage of the basis (0 when the basis is empty)."""
        return Fraction(self.agree, self.denominator) * 100 if self.denominator else Fraction(0)

    @property
    def passed(self) -> bool:
        if not self.denominator:
            return False
        threshold = Fraction(self.threshold)
        return self.share >= threshold if self.rule == AT_LEAST else self.share > threshold

    @property
    def share_text(self) -> str:
        """The share with one decimal and a decimal comma, as Vietnamese documents write it ("66,7")."""
        return f"{float(self.share):.1f}".replace(".", ",")


def tally(votes: Iterable[bool], *, members: int, threshold: Decimal | None, basis: str, rule: str) -> Tally:
    """Count ``votes`` (True = agree) of a council of ``members`` sitting members against ``threshold`` percent
    of ``basis`` under ``rule``. Raises ``TallyError`` when the threshold is missing or out of (0, 100], the basis
    or rule is unknown, or there are more votes than members."""
    if threshold is None:
        raise TallyError("no threshold: the caller must give the configured one")
    threshold = Decimal(threshold)
    if not Decimal(0) < threshold <= Decimal(100):
        raise TallyError(f"threshold {threshold} is not a percentage in (0, 100]")
    if basis not in BASES:
        raise TallyError(f"unknown basis {basis!r}; one of {sorted(BASES)}")
    if rule not in RULES:
        raise TallyError(f"unknown rule {rule!r}; one of {sorted(RULES)}")
    ballots = [bool(vote) for vote in votes]
    if members < 0 or len(ballots) > members:
        raise TallyError(f"{len(ballots)} votes from {members} members")
    agree = sum(ballots)
    return Tally(members, agree, len(ballots) - agree, len(ballots), threshold, basis, rule)
