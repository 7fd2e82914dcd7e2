"""Household clean-water coverage of a commune in a year, and the shares that feed criterion 17 (pure).

The split follows the sector's monitoring indices (QĐ 1893/QĐ-BNN-TL ngày 24/6/2024): households using hygienic
water, households using clean water that meets the standard, of which from centralised (piped) schemes. Shares are
percentages of all households, rounded half-up to one decimal as the province's reports print them.

``meets_target`` compares the shares with a provincial target such as Đồng Nai's for 2024 (≥ 84,5 % clean water,
of which ≥ 40 % piped): the caller passes the target with its source; nothing here knows a threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ntm.core.messages import gettext as _
from ntm.core.tomlfile import DataFileError, Table, parse

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class HouseholdCounts:
    total: int
    hygienic: int  # households using hygienic water (nước hợp vệ sinh), clean water included
    clean: int  # households using clean water meeting the standard (nước sạch đạt quy chuẩn)
    clean_piped: int  # of ``clean``: from centralised schemes

    def problems(self) -> list[str]:
        """What is inconsistent in the counts (empty when they can be used)."""
        problems = []
        if min(self.total, self.hygienic, self.clean, self.clean_piped) < 0:
            problems.append(_("Household counts cannot be negative."))
        if self.total <= 0:
            problems.append(_("The number of households must be above 0."))
        if self.hygienic > self.total:
            problems.append(_("Households with hygienic water cannot exceed all households."))
        if self.clean > self.hygienic:
            problems.append(
                _(
                    "Households with standard clean water cannot exceed those with hygienic water (clean water is hygienic)."
                )
            )
        if self.clean_piped > self.clean:
            problems.append(_("Piped clean-water households cannot exceed all clean-water households."))
        return problems


@dataclass(frozen=True)
class Shares:
    hygienic: Decimal
    clean: Decimal
    clean_piped: Decimal


@dataclass(frozen=True)
class Target:
    clean_min: Decimal
    piped_min: Decimal
    source: str
    provenance: str


def share(part: int, whole: int) -> Decimal:
    """``part`` of ``whole`` in percent, rounded half-up to one decimal."""
    if whole <= 0:
        raise ValueError("whole must be positive")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def shares(counts: HouseholdCounts) -> Shares:
    problems = counts.problems()
    if problems:
        raise ValueError(" ".join(problems))
    return Shares(
        hygienic=share(counts.hygienic, counts.total),
        clean=share(counts.clean, counts.total),
        clean_piped=share(counts.clean_piped, counts.total),
    )


def meets_target(result: Shares, target: Target) -> bool:
    return result.clean >= target.clean_min and result.clean_piped >= target.piped_min


def quantity_rate(done: Decimal, total: Decimal) -> Decimal | None:
    """Quantity collected and treated over quantity generated, in percent to one decimal (None when nothing was
    generated)."""
    return None if total == 0 else (done * 100 / total).quantize(ONE_DECIMAL)


def rate(done: int, total: int) -> Decimal | None:
    """A collection/compliance rate in percent (None when there is nothing to count)."""
    if total < 0 or done < 0 or done > total:
        raise ValueError(_("The number done must be between 0 and the total."))
    return None if total == 0 else share(done, total)


def read_targets(data: bytes | str) -> dict[int, Target]:
    """The province's clean-water targets by year (``water_targets.toml``), checked whole."""
    errors: list[str] = []
    root = Table(parse(data), "water_targets", errors, allowed={"schema", "targets"})
    targets: dict[int, Target] = {}
    for index, raw in enumerate(root.tables("targets", required=True), start=1):
        row = Table(
            raw,
            f"targets {index}",
            errors,
            allowed={"year", "clean_min", "piped_min", "provenance", "source"},
        )
        year = row.integer("year", minimum=2000)
        mark, source, _note = row.provenance()
        if year in targets:
            row.error(_("the year %(year)s appears twice") % {"year": year})
        targets[year] = Target(row.decimal("clean_min"), row.decimal("piped_min"), source, mark)
    if errors:
        raise DataFileError(errors)
    return targets
