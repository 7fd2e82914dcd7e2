"""Default thresholds of a campaign, each with its provenance mark (no Django import).

What the public documents say:

- QĐ 320/QĐ-TTg, Phụ lục I (the national criteria for an NTM *district*): the district is NTM when ≥ 90% of its
  people are satisfied overall and, in each of its communes, ≥ 80% are satisfied with each content. Both are
  conditions of the *district's* recognition. A campaign is run in one commune, so 80% per content is applied to
  it by analogy: marked partial, with that reason.
- A campaign of a district-level unit (huyện, town, city; Plan 202 II.2.c counts its own survey) applies the
  district rule as written: 90% overall and 80% per content, confirmed.
- Commune recognition (QĐ 18/2022/QĐ-TTg): the commune "meets the prescribed requirement"; no percentage is
  written. 90% overall is borrowed from the district rule and marked unconfirmed.
- Coverage (share of households asked): no rule; the default is a setting of the system, marked unconfirmed.
- Essential-service feedback: no threshold at all (placeholder): results are shown without a verdict.

A value is said to be set by the Front for the campaign only when an officer typed a value other than the default.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ntm.core.vocabulary import CONFIRMED, PARTIAL, PLACEHOLDER, UNCONFIRMED


@dataclass(frozen=True)
class ThresholdDefault:
    value: Decimal | None
    provenance: str  # one of ntm.core.vocabulary.PROVENANCE_MARKS
    source: str


QD_320 = "QĐ 320/QĐ-TTg ngày 08/3/2022, Phụ lục I"
QD_18 = "QĐ 18/2022/QĐ-TTg ngày 02/8/2022"
SYSTEM_DEFAULT = "Không có văn bản quy định: giá trị mặc định của hệ thống, sửa được cho từng đợt"

RECOGNITION_DEFAULTS = {
    "overall": ThresholdDefault(
        Decimal("90"),
        UNCONFIRMED,
        QD_18
        + " (xã “đạt yêu cầu”, không ghi tỷ lệ); "
        + QD_320
        + " (90% là mức hài lòng chung của huyện, dùng tạm cho xã)",
    ),
    "content": ThresholdDefault(
        Decimal("80"),
        PARTIAL,
        QD_320
        + " (≥ 80% hài lòng với từng nội dung ở mỗi xã là điều kiện công nhận huyện; áp dụng cho đợt khảo sát "
        "của một xã là vận dụng)",
    ),
    "coverage": ThresholdDefault(Decimal("70"), UNCONFIRMED, SYSTEM_DEFAULT),
}

DISTRICT_RECOGNITION_DEFAULTS = {
    "overall": ThresholdDefault(
        Decimal("90"), CONFIRMED, QD_320 + " (≥ 90% người dân hài lòng với kết quả xây dựng NTM của huyện)"
    ),
    "content": ThresholdDefault(
        Decimal("80"), CONFIRMED, QD_320 + " (ở mỗi xã, ≥ 80% người dân hài lòng với từng nội dung)"
    ),
    "coverage": RECOGNITION_DEFAULTS["coverage"],
}

SERVICE_DEFAULTS = {
    "overall": ThresholdDefault(None, PLACEHOLDER, "Không có ngưỡng chính thức cho ý kiến về dịch vụ"),
    "content": ThresholdDefault(None, PLACEHOLDER, "Không có ngưỡng chính thức cho ý kiến về dịch vụ"),
    "coverage": ThresholdDefault(Decimal("30"), UNCONFIRMED, SYSTEM_DEFAULT),
}

# Only for a value an officer typed (``resolve``): never for a default.
LOCAL_SOURCE = "Ủy ban MTTQ đặt cho đợt khảo sát này (không phải mức chính thức)"


def defaults_for(purpose: str, level: str = "commune") -> dict[str, ThresholdDefault]:
    """The defaults of a campaign of ``purpose`` run by a unit of ``level`` ("commune" or "district")."""
    if purpose != "recognition":
        return SERVICE_DEFAULTS
    return DISTRICT_RECOGNITION_DEFAULTS if level == "district" else RECOGNITION_DEFAULTS


def resolve(purpose: str, name: str, value: Decimal | None, *, level: str = "commune") -> ThresholdDefault:
    """The threshold ``name`` as set for a campaign: ``None`` (left blank) or the default value gives the
    default with its mark; any other value is a local decision, marked unconfirmed."""
    default = defaults_for(purpose, level)[name]
    if value is None or value == default.value:
        return default
    return ThresholdDefault(value, UNCONFIRMED, LOCAL_SOURCE)
