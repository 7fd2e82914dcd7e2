"""OCOP scoring: a score sheet as data, a council member's total, the council average and the star (pure: no Django).

A sheet (QĐ 148/QĐ-TTg, Annex III: one per product sub-group) has three parts, A (40 points), B (25) and C (35),
each split into sections and sub-criteria; each sub-criterion offers options worth some points. A point value not
yet known is ``None`` (a shipped sheet marks it "unknown", never invents it): :func:`missing_values` names every
one and :func:`council_result` refuses to score such a sheet.

The star is the highest band whose lower bound the council average reaches **and** whose mandatory conditions
(a criterion that must reach a minimum for that star and every higher one) are all met, judged on the council's
average points for that criterion. Averages are rounded to the sheet's ``decimals`` half-up before the bands are
read, so the page, the minutes and the band agree. A spread between members' totals above the sheet's
``disagreement_threshold`` is flagged for the council chair (a working rule of this system, not a legal one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ntm.core.messages import gettext as _

PARTS = ("A", "B", "C")
STARS = (1, 2, 3, 4, 5)
# The lowest star an OCOP certificate is issued for, and the average from which the province proposes a product
# for national (5★) evaluation (QĐ 1489/QĐ-TTg amending Annex II of QĐ 148/QĐ-TTg).
CERTIFIED_FROM_STAR = 3
NATIONAL_PROPOSAL_FROM = Decimal(90)
# The highest star the province itself recognises after QĐ 1489/QĐ-TTg (3★ and 4★).
PROVINCIAL_MAX_STAR = 4


class ScoringError(ValueError):
    """Scores cannot be computed: ``errors`` lists every problem (missing values, unanswered criteria …)."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    points: Decimal | None  # None: the value is not known yet


@dataclass(frozen=True)
class Mandatory:
    """To rank ``star`` or higher, the criterion must reach ``min_points`` (the council's average for it)."""

    star: int
    min_points: Decimal


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    part: str
    section: str
    options: tuple[Option, ...]
    mandatory: tuple[Mandatory, ...] = ()

    @property
    def max_points(self) -> Decimal | None:
        values = [o.points for o in self.options]
        if not values or any(v is None for v in values):
            return None
        return max(values)

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Section:
    code: str
    name: str
    part: str
    max_points: Decimal | None
    known: bool  # False: its sub-criteria are not loaded yet


@dataclass(frozen=True)
class Part:
    code: str
    name: str
    max_points: Decimal


@dataclass(frozen=True)
class StarBand:
    star: int
    min_points: Decimal
    provenance: str
    source: str


@dataclass(frozen=True)
class Sheet:
    code: str
    version: str
    title: str
    parts: tuple[Part, ...]
    sections: tuple[Section, ...]
    criteria: tuple[Criterion, ...]
    bands: tuple[StarBand, ...]
    decimals: int = 2
    disagreement_threshold: Decimal = Decimal(10)

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code), None)


def missing_values(sheet: Sheet) -> list[str]:
    """Every value the sheet still lacks, named; empty when the sheet can be scored."""
    missing = []
    for section in sheet.sections:
        if not section.known:
            missing.append(
                _("%(code)s %(name)s: sub-criteria and their points are not loaded yet")
                % {"code": section.code, "name": section.name}
            )
    for criterion in sheet.criteria:
        if not criterion.options:
            missing.append(
                _("%(code)s %(name)s: no options") % {"code": criterion.code, "name": criterion.name}
            )
        for option in criterion.options:
            if option.points is None:
                missing.append(
                    _("%(code)s %(name)s, option “%(option)s”: points unknown")
                    % {"code": criterion.code, "name": criterion.name, "option": option.label}
                )
    if not sheet.bands:
        missing.append(_("star bands are not set"))
    for part in sheet.parts:
        known = [c.max_points for c in sheet.criteria if c.part == part.code]
        if (
            known
            and all(v is not None for v in known)
            and not any(not s.known for s in sheet.sections if s.part == part.code)
        ):
            total = sum(known, Decimal(0))
            if total != part.max_points:
                missing.append(
                    _("Part %(part)s: its criteria add up to %(total)s points, not %(max)s")
                    % {"part": part.code, "total": total, "max": part.max_points}
                )
    return missing


def round_points(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _require_complete(sheet: Sheet) -> None:
    missing = missing_values(sheet)
    if missing:
        raise ScoringError(
            [_("This score sheet cannot be used for scoring until these values are filled in:"), *missing]
        )


def member_points(sheet: Sheet, choices: Mapping[str, str]) -> dict[str, Decimal]:
    """One member's points per criterion from their chosen option codes; every criterion must be answered."""
    _require_complete(sheet)
    errors, points = [], {}
    for criterion in sheet.criteria:
        chosen = choices.get(criterion.code)
        option = criterion.option(chosen) if chosen is not None else None
        if chosen is None:
            errors.append(
                _("%(code)s %(name)s: not scored") % {"code": criterion.code, "name": criterion.name}
            )
        elif option is None:
            errors.append(
                _("%(code)s: “%(option)s” is not one of its options")
                % {"code": criterion.code, "option": chosen}
            )
        else:
            points[criterion.code] = option.points
    unknown = sorted(set(choices) - {c.code for c in sheet.criteria})
    if unknown:
        errors.append(_("Unknown criteria: %(codes)s") % {"codes": ", ".join(unknown)})
    if errors:
        raise ScoringError(errors)
    return points


def member_total(sheet: Sheet, choices: Mapping[str, str]) -> Decimal:
    return sum(member_points(sheet, choices).values(), Decimal(0))


def part_totals(sheet: Sheet, choices: Mapping[str, str]) -> dict[str, Decimal]:
    points = member_points(sheet, choices)
    totals = {part.code: Decimal(0) for part in sheet.parts}
    for criterion in sheet.criteria:
        totals[criterion.part] += points[criterion.code]
    return totals


def band_star(sheet: Sheet, average: Decimal) -> int:
    """The star of the band ``average`` falls in (ignoring mandatory conditions)."""
    reached = [band.star for band in sheet.bands if average >= band.min_points]
    return max(reached) if reached else 0


@dataclass(frozen=True)
class CouncilResult:
    totals: tuple[Decimal, ...]
    average: Decimal
    band_star: int  # what the average alone gives
    star: int  # after the mandatory conditions
    failed_mandatory: dict[int, tuple[str, ...]] = field(
        default_factory=dict
    )  # star -> criterion codes failed
    spread: Decimal = Decimal(0)
    disagreement: bool = False

    @property
    def certified(self) -> bool:
        return self.star >= CERTIFIED_FROM_STAR

    @property
    def provincial_star(self) -> int:
        """The star the province recognises: 3★ or 4★ (a 5★ average is recognised 4★ pending the ministry)."""
        return min(self.star, PROVINCIAL_MAX_STAR) if self.certified else 0

    @property
    def propose_national(self) -> bool:
        return self.average >= NATIONAL_PROPOSAL_FROM and self.star == 5


def council_result(
    sheet: Sheet, members: Sequence[Mapping[str, str]], *, threshold: Decimal | None = None
) -> CouncilResult:
    """The council's result from each member's choices (at least one member)."""
    if not members:
        raise ScoringError([_("No council member has scored yet.")])
    per_member = [member_points(sheet, choices) for choices in members]
    totals = tuple(sum(points.values(), Decimal(0)) for points in per_member)
    count = Decimal(len(totals))
    average = round_points(sum(totals, Decimal(0)) / count, sheet.decimals)
    by_band = band_star(sheet, average)
    failed: dict[int, list[str]] = {}
    for criterion in sheet.criteria:
        mean = round_points(sum(p[criterion.code] for p in per_member) / count, sheet.decimals)
        for condition in criterion.mandatory:
            if mean < condition.min_points:
                failed.setdefault(condition.star, []).append(criterion.code)
    star = 0
    for candidate in sorted({band.star for band in sheet.bands}):
        if candidate > by_band:
            break
        if any(k <= candidate for k in failed):
            break
        star = candidate
    spread = max(totals) - min(totals)
    limit = sheet.disagreement_threshold if threshold is None else threshold
    return CouncilResult(
        totals=totals,
        average=average,
        band_star=by_band,
        star=star,
        failed_mandatory={k: tuple(v) for k, v in sorted(failed.items())},
        spread=spread,
        disagreement=spread > limit,
    )
