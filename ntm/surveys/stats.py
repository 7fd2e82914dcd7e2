"""Survey statistics (no Django import): coverage, satisfaction per content and overall, thresholds, and the
rule that hides small groups.

Definitions (⚠️ from practice: the official 2022 definition is unconfirmed, domain.md §4):

- *Satisfaction with a content* = households answering "hài lòng" ÷ households that answered that content.
- *Overall satisfaction* = the same share on the questionnaire's general question ("overall") when it has one;
  otherwise the pooled share over all content answers.
- *Coverage* = households that answered (online or on paper) ÷ households on the list.
- A threshold is met when ``share * 100 >= threshold`` (exact arithmetic, met at equality). A missing threshold
  (placeholder) is never invented: the verdict is "no threshold".

Small groups: any group (a hamlet, or the commune) with fewer than ``MIN_GROUP_ANSWERS`` answers shows no
satisfaction figure. Because the commune total minus the visible hamlets would give away the hidden ones, more
hamlets are hidden (smallest first) until the hidden hamlets together hold none or at least the minimum.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

MIN_GROUP_ANSWERS = 10
COMMUNE_KEY = "commune"


@dataclass(frozen=True)
class Share:
    """``yes`` out of ``total``."""

    yes: int
    total: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.yes / self.total, 1) if self.total else None

    def meets(self, threshold: Decimal | None) -> bool | None:
        """True/False against ``threshold`` (percent); None without a threshold or without answers."""
        if threshold is None or not self.total:
            return None
        return Fraction(self.yes * 100, self.total) >= Fraction(threshold)


@dataclass(frozen=True)
class Thresholds:
    overall: Decimal | None
    content: Decimal | None
    coverage: Decimal | None


@dataclass(frozen=True)
class GroupCounts:
    """Raw counts of one hamlet: ``items`` maps a question key to (satisfied, answered)."""

    key: str
    name: str
    households: int
    answers: int
    online: int = 0
    paper: int = 0
    items: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "households": self.households,
            "answers": self.answers,
            "online": self.online,
            "paper": self.paper,
            "items": {k: list(v) for k, v in sorted(self.items.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GroupCounts:
        return cls(
            key=str(data["key"]),
            name=str(data["name"]),
            households=int(data["households"]),
            answers=int(data["answers"]),
            online=int(data.get("online", 0)),
            paper=int(data.get("paper", 0)),
            items={k: (int(v[0]), int(v[1])) for k, v in data.get("items", {}).items()},
        )


@dataclass(frozen=True)
class ContentResult:
    key: str
    share: Share
    met: bool | None


@dataclass(frozen=True)
class GroupResult:
    key: str
    name: str
    households: int
    answers: int
    online: int
    paper: int
    coverage: Share
    coverage_met: bool | None
    suppressed: bool
    overall: Share | None = None
    overall_met: bool | None = None
    contents: tuple[ContentResult, ...] = ()

    @property
    def contents_met(self) -> bool | None:
        """Every content meets the content threshold (None when hidden or without a threshold)."""
        verdicts = [content.met for content in self.contents]
        if self.suppressed or not verdicts or any(v is None for v in verdicts):
            return None
        return all(verdicts)

    @property
    def weakest(self) -> ContentResult | None:
        """The content with the lowest satisfaction (what the district rule checks in each commune)."""
        answered = [c for c in self.contents if c.share.total]
        return min(answered, key=lambda c: Fraction(c.share.yes, c.share.total)) if answered else None

    def content(self, key: str) -> ContentResult | None:
        return next((c for c in self.contents if c.key == key), None)


@dataclass(frozen=True)
class SurveyResults:
    commune: GroupResult
    hamlets: tuple[GroupResult, ...]
    min_group: int

    @property
    def hidden_hamlets(self) -> int:
        return sum(1 for hamlet in self.hamlets if hamlet.suppressed)


def hidden_groups(answers: Mapping[str, int], min_group: int = MIN_GROUP_ANSWERS) -> set[str]:
    """Keys of the groups whose figures must be hidden, complementary suppression included."""
    hidden = {key for key, n in answers.items() if n < min_group}
    visible = sorted((n, key) for key, n in answers.items() if key not in hidden)
    while visible and 0 < sum(answers[key] for key in hidden) < min_group:
        _n, key = visible.pop(0)
        hidden.add(key)
    return hidden


def _sum_items(groups: Sequence[GroupCounts]) -> dict[str, tuple[int, int]]:
    totals: dict[str, tuple[int, int]] = {}
    for group in groups:
        for key, (yes, total) in group.items.items():
            old_yes, old_total = totals.get(key, (0, 0))
            totals[key] = (old_yes + yes, old_total + total)
    return totals


def _result(
    counts: GroupCounts,
    *,
    suppressed: bool,
    content_keys: Sequence[str],
    overall_key: str | None,
    thresholds: Thresholds,
) -> GroupResult:
    coverage = Share(counts.answers, counts.households)
    base = {
        "key": counts.key,
        "name": counts.name,
        "households": counts.households,
        "answers": counts.answers,
        "online": counts.online,
        "paper": counts.paper,
        "coverage": coverage,
        "coverage_met": coverage.meets(thresholds.coverage),
    }
    if suppressed:
        return GroupResult(**base, suppressed=True)
    contents = tuple(
        ContentResult(key, share, share.meets(thresholds.content))
        for key in content_keys
        for share in [Share(*counts.items.get(key, (0, 0)))]
    )
    if overall_key is not None:
        overall = Share(*counts.items.get(overall_key, (0, 0)))
    else:
        overall = Share(sum(c.share.yes for c in contents), sum(c.share.total for c in contents))
    return GroupResult(
        **base,
        suppressed=False,
        overall=overall,
        overall_met=overall.meets(thresholds.overall),
        contents=contents,
    )


def summarise(
    hamlets: Sequence[GroupCounts],
    *,
    commune_name: str,
    content_keys: Sequence[str],
    overall_key: str | None,
    thresholds: Thresholds,
    min_group: int = MIN_GROUP_ANSWERS,
) -> SurveyResults:
    """Results for the commune (all hamlets together) and each hamlet, with small groups hidden."""
    commune = GroupCounts(
        key=COMMUNE_KEY,
        name=commune_name,
        households=sum(h.households for h in hamlets),
        answers=sum(h.answers for h in hamlets),
        online=sum(h.online for h in hamlets),
        paper=sum(h.paper for h in hamlets),
        items=_sum_items(hamlets),
    )
    hidden = hidden_groups({h.key: h.answers for h in hamlets}, min_group)
    options = {"content_keys": content_keys, "overall_key": overall_key, "thresholds": thresholds}
    return SurveyResults(
        commune=_result(commune, suppressed=commune.answers < min_group, **options),
        hamlets=tuple(_result(h, suppressed=h.key in hidden, **options) for h in hamlets),
        min_group=min_group,
    )
