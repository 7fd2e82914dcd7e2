"""Which colour class a unit gets on the map, and the palettes (no Django import).

Three colourings:

* ``status``: official status from the register (none / ntm / nang_cao / kieu_mau / thu_hoi), with the same
  hues as the status labels elsewhere (ColorBrewer Dark2, whose first three are safe for colour-blind readers)
  and always a text label; phường, thị trấn and special zones are not subjects of the commune sets ("na").
* ``criteria``: how many criteria a commune meets by its own assessment, in five classes of the share met
  (a sequential ColorBrewer YlGnBu palette, safe for colour-blind readers and in grey-scale print).
* ``criterion``: whether one criterion (or indicator) is met, by self-assessment.

Self-assessed results may rest on unconfirmed thresholds; ``provisional`` carries that to the map, which marks
such units (dashed outline) and labels them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ntm.core.vocabulary import ADVANCED, MODEL, NONE, NTM, REVOKED

STATUS: Final = "status"
CRITERIA: Final = "criteria"
CRITERION: Final = "criterion"
COLOURINGS: Final = (STATUS, CRITERIA, CRITERION)

NOT_APPLICABLE: Final = "na"
NO_DATA: Final = "nodata"

STATUS_CLASSES: Final = (NONE, NTM, ADVANCED, MODEL, REVOKED, NOT_APPLICABLE)
CRITERIA_CLASSES: Final = ("c0", "c1", "c2", "c3", "all", NO_DATA, NOT_APPLICABLE)
CRITERION_CLASSES: Final = ("met", "notmet", NO_DATA, NOT_APPLICABLE)

FILL: Final[dict[str, str]] = {
    # official status: the Dark2 hues of the status labels; "none" light grey
    NONE: "#e6e6e6",
    NTM: "#1b9e77",
    ADVANCED: "#d95f02",
    MODEL: "#7570b3",
    REVOKED: "#e7298a",
    # share of criteria met (YlGnBu, 5 classes)
    "c0": "#ffffcc",
    "c1": "#a1dab4",
    "c2": "#41b6c4",
    "c3": "#2c7fb8",
    "all": "#253494",
    # one criterion
    "met": "#1b9e77",
    "notmet": "#d95f02",
    # shared
    NO_DATA: "#f7f7f7",
    NOT_APPLICABLE: "#ffffff",
}
"""Fill colour of each class (the legend, the Leaflet layer and the printed map use the same)."""

# Lower bounds of the share of criteria met for c0..c3; "all" is every criterion met.
_CRITERIA_STEPS: Final = ((0.75, "c3"), (0.5, "c2"), (0.25, "c1"), (0.0, "c0"))


def status_class(level: str, *, applicable: bool) -> str:
    if not applicable:
        return NOT_APPLICABLE
    return level if level in STATUS_CLASSES else NONE


def criteria_class(assessment: Mapping[str, Any] | None, *, applicable: bool) -> str:
    """The class of a unit's share of criteria met; ``nodata`` without a usable self-assessment."""
    if not applicable:
        return NOT_APPLICABLE
    if not assessment or not assessment.get("criteria_total"):
        return NO_DATA
    met, total = int(assessment["criteria_met"]), int(assessment["criteria_total"])
    if met >= total:
        return "all"
    share = met / total
    return next(css for bound, css in _CRITERIA_STEPS if share >= bound)


def criterion_class(assessment: Mapping[str, Any] | None, code: str, *, applicable: bool) -> str:
    if not applicable:
        return NOT_APPLICABLE
    result = (assessment or {}).get("by_criterion", {}).get(code)
    if result is None:
        return NO_DATA
    return "met" if result.get("met") else "notmet"


def is_provisional(assessment: Mapping[str, Any] | None, colouring: str, code: str = "") -> bool:
    """Whether the self-assessed value shown rests on an unconfirmed threshold."""
    if not assessment or colouring == STATUS:
        return False
    if colouring == CRITERION:
        return bool(assessment.get("by_criterion", {}).get(code, {}).get("provisional"))
    return bool(assessment.get("provisional"))


def classes_of(colouring: str) -> tuple[str, ...]:
    return {STATUS: STATUS_CLASSES, CRITERIA: CRITERIA_CLASSES, CRITERION: CRITERION_CLASSES}[colouring]
