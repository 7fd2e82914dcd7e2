"""What the run command's demo loader needs from criteria sets: the shipped sets, loaded as in production, and
attributes by year for the two demo communes so that the evaluation form can be tried with a unit.

The sets are legal data, not illustrative data; loading them is idempotent. The attributes only record the region
(Đông Nam Bộ, domain.md §1.1); whether a commune is especially disadvantaged is not known, so the flag stays off and
the note says the row is illustrative.
"""

from __future__ import annotations

from django.conf import settings

from ntm.criteria.services import LoadResult, criteria_sets_load_shipped
from ntm.units.models import AdministrativeUnit, Level, Structure, UnitYearAttribute
from ntm.units.services.registry import unit_attribute_set

DEMO_COMMUNES = ("Xã Long Phước", "Xã Xuân Lộc")
DEMO_YEARS = (2024, 2025, 2026)


def load_criteria_sets_for_demo() -> list[LoadResult]:
    results = criteria_sets_load_shipped()
    province = AdministrativeUnit.objects.filter(
        structure=Structure.REFORM_2025, code=settings.NTM_PROVINCE_CODE, level=Level.PROVINCE
    ).first()
    if province is None:
        return results
    communes = AdministrativeUnit.objects.subtree(province).filter(
        level=Level.COMMUNE, name__in=DEMO_COMMUNES
    )
    for unit in communes:
        for year in DEMO_YEARS:
            if not UnitYearAttribute.objects.filter(unit=unit, year=year).exists():
                unit_attribute_set(
                    unit=unit,
                    year=year,
                    region="DNB",
                    disadvantaged=False,
                    commune_group=None,
                    note="Dữ liệu minh họa: vùng Đông Nam Bộ; cờ xã ĐBKK và nhóm xã chưa xác định",
                )
    return results
