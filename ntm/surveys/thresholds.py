"""Default thresholds of a campaign, each with its provenance mark (no Django import).

What is known (domain.md §2.1, §4):

- ✅ QĐ 320/QĐ-TTg, Annex I: a *district* is NTM when ≥ 90% of its people are satisfied overall and, in *each
  commune*, ≥ 80% are satisfied with *each* content. So 80% per content in every commune is a confirmed
  requirement (for the district's recognition) and 90% is the confirmed district-wide level.
- ❌ Commune recognition (QĐ 18/2022): "meets the prescribed requirement", percentage not found. 90% overall is
  borrowed from the district rule and marked unconfirmed.
- ❌ Coverage (share of households asked): no national rule found; local practice is ≥ 60-70% of households.
- Essential-service feedback: no threshold at all (placeholder): results are shown without a verdict.

An officer may change any value for a campaign; a changed value is marked "set locally" (unconfirmed).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ntm.core.vocabulary import CONFIRMED, PLACEHOLDER, UNCONFIRMED


@dataclass(frozen=True)
class ThresholdDefault:
    value: Decimal | None
    provenance: str  # one of ntm.core.vocabulary.PROVENANCE_MARKS
    source: str


QD_320 = "QĐ 320/QĐ-TTg ngày 08/3/2022, Phụ lục I"

RECOGNITION_DEFAULTS = {
    "overall": ThresholdDefault(
        Decimal("90"),
        UNCONFIRMED,
        "Mức cho xã chưa tìm thấy văn bản (QĐ 18/2022 chỉ ghi 'đạt yêu cầu'); 90% lấy theo mức toàn huyện của "
        + QD_320,
    ),
    "content": ThresholdDefault(
        Decimal("80"),
        CONFIRMED,
        "Mỗi xã ≥ 80% hài lòng với từng nội dung: điều kiện công nhận huyện NTM, " + QD_320,
    ),
    "coverage": ThresholdDefault(
        Decimal("70"),
        UNCONFIRMED,
        "Thực tiễn địa phương (≥ 60-70% số hộ: Ninh Thuận, Tây Ninh, Bình Dương, theo báo chí địa phương); "
        "chưa có quy định toàn quốc",
    ),
}

SERVICE_DEFAULTS = {
    "overall": ThresholdDefault(None, PLACEHOLDER, "Không có ngưỡng chính thức cho ý kiến về dịch vụ"),
    "content": ThresholdDefault(None, PLACEHOLDER, "Không có ngưỡng chính thức cho ý kiến về dịch vụ"),
    "coverage": ThresholdDefault(
        Decimal("30"), UNCONFIRMED, "Mục tiêu do Ủy ban MTTQ đặt (không có quy định)"
    ),
}

LOCAL_SOURCE = "Ủy ban MTTQ đặt cho đợt khảo sát này (không phải mức chính thức)"


def defaults_for(purpose: str) -> dict[str, ThresholdDefault]:
    return RECOGNITION_DEFAULTS if purpose == "recognition" else SERVICE_DEFAULTS


def resolve(purpose: str, name: str, value: Decimal | None) -> ThresholdDefault:
    """The threshold ``name`` as set for a campaign: ``None`` (left blank) or the default value gives the
    default with its mark; any other value is a local decision, marked unconfirmed."""
    default = defaults_for(purpose)[name]
    if value is None or value == default.value:
        return default
    return ThresholdDefault(value, UNCONFIRMED, LOCAL_SOURCE)
