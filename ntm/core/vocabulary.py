"""The project's shared words as plain constants: no Django import, so pure modules (the criteria engine, the
status logic, scoring and statistics) use the same spelling as the models.

One word, one place: a recognition level, a provenance mark or "which units are rural communes" is defined here
and imported everywhere else. The Django choices with their translated labels are in ``ntm.core.choices``.
"""

from __future__ import annotations

from typing import Final

# --- Recognition levels (official status and the level a criteria set grants) ---------------------------------
NONE: Final = "none"  # not recognised
NTM: Final = "ntm"  # đạt chuẩn nông thôn mới
ADVANCED: Final = "nang_cao"  # nông thôn mới nâng cao
MODEL: Final = "kieu_mau"  # nông thôn mới kiểu mẫu
REVOKED: Final = "thu_hoi"  # recognition revoked

RECOGNITION_LEVELS: Final = (NTM, ADVANCED, MODEL)  # the ladder, lowest first
LEVEL_RANK: Final[dict[str, int]] = {NTM: 1, ADVANCED: 2, MODEL: 3}
SELF_ASSESSED_LEVELS: Final = (NONE, *RECOGNITION_LEVELS)  # what the engine can compute
OFFICIAL_LEVELS: Final = (NONE, *RECOGNITION_LEVELS, REVOKED)  # what the register can say

# The phrase official documents use after "đạt chuẩn …" (Decree 30/2020 texts are always in Vietnamese).
LEVEL_PHRASE: Final[dict[str, str]] = {
    NTM: "nông thôn mới",
    ADVANCED: "nông thôn mới nâng cao",
    MODEL: "nông thôn mới kiểu mẫu",
    REVOKED: "nông thôn mới",
}

# --- Provenance marks (how sure we are of a fact, and whether it has a value at all) ----------------------------
CONFIRMED: Final = "confirmed"
PARTIAL: Final = "partial"
UNCONFIRMED: Final = "unconfirmed"
PLACEHOLDER: Final = "placeholder"  # no value known yet: never invented
PROVENANCE_MARKS: Final = (CONFIRMED, PARTIAL, UNCONFIRMED, PLACEHOLDER)
PROVENANCE_SYMBOLS: Final[dict[str, str]] = {CONFIRMED: "✓", PARTIAL: "≈", UNCONFIRMED: "?", PLACEHOLDER: "∅"}

# --- Administrative unit types ----------------------------------------------------------------------------------
RURAL_COMMUNE_TYPE: Final = "xa"
# Only rural communes (xã) are subjects of the commune NTM sets; phường and thị trấn are not applicable.
COMMUNE_SET_UNIT_TYPES: Final = frozenset({RURAL_COMMUNE_TYPE})
# District-level units a district set assesses (before 1/7/2025).
DISTRICT_SET_UNIT_TYPES: Final = frozenset({"huyen", "thi_xa", "thanh_pho"})
# Towns and provincial cities are not "NTM districts": QĐ 320/QĐ-TTg Annex II recognises them as having
# "hoàn thành nhiệm vụ xây dựng NTM" (completed the NTM task); the register records that as the NTM level.
TASK_COMPLETION_UNIT_TYPES: Final = frozenset({"thi_xa", "thanh_pho"})


def is_rural_commune(unit_type: str | None) -> bool:
    """Whether a unit of this type is assessed by the commune NTM sets (design.md §4: only xã)."""
    return unit_type in COMMUNE_SET_UNIT_TYPES
