"""Illustrative indicator values for the run command's demo (never loaded on a database with real data).

A handful of rural communes get values for 2023-2025 against the commune NTM set through the services (audited, with
the verification thread: some verified by the responsible department, some waiting). Every other rural commune, and
the earlier years, get verified values written in bulk (one insert, so the run command stays fast), each with a
"strength" drawn from the seed so the matrix, overview and map show a mix of met and not met rather than "no data".
Everything comes from a fixed seed so the demo is the same on every machine. The values are invented ("Dữ liệu minh
họa" shows on every page and in each value's note); they only make the pages show something.
"""

from __future__ import annotations

import random

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ntm.accounts.models import User
from ntm.assessment import services
from ntm.assessment.models import IndicatorValue, ValueStatus
from ntm.assessment.selectors.assessments import set_version
from ntm.core.choices import Role
from ntm.core.vocabulary import COMMUNE_SET_UNIT_TYPES
from ntm.units.models import AdministrativeUnit, Level, Structure, UnitYearAttribute

DEMO_SET = "xa-ntm-2021-2025"
DEMO_YEARS = (2023, 2024, 2025)
BULK_YEARS = (2021, 2022, 2023, 2024, 2025)
DEMO_COMMUNE_COUNT = 2  # with the audited thread; every other commune gets bulk values
NOTE = "Dữ liệu minh họa"


def _demo_value(indicator, rng: random.Random, strength: float = 0.95):
    if indicator.kind == "boolean":
        return rng.random() < strength
    if indicator.kind == "percentage":
        return round(rng.uniform(70, 100), 1)
    if indicator.kind == "count":
        return rng.randint(0, 5)
    return round(rng.uniform(40, 80), 1)


@transaction.atomic
def load_assessment_demo() -> int:
    """Enter illustrative values; returns how many were written. Does nothing if any value exists already."""
    if IndicatorValue.objects.exists():
        return 0
    province = AdministrativeUnit.objects.get(
        structure=Structure.REFORM_2025, code=settings.NTM_PROVINCE_CODE, level=Level.PROVINCE
    )
    communes = list(
        AdministrativeUnit.objects.subtree(province)
        .filter(level=Level.COMMUNE, unit_type__in=COMMUNE_SET_UNIT_TYPES)
        .order_by("code")
    )
    chosen = [u for u in communes if u.name in ("Xã Long Phước", "Xã Xuân Lộc")]
    chosen += [u for u in communes if u not in chosen][: DEMO_COMMUNE_COUNT - len(chosen)]
    officer = User.objects.filter(role_assignments__role=Role.COMMUNE_OFFICER, is_demo=True).first()
    verifiers = {
        a.organisation.short_name: a.user
        for a in province.role_assignments.filter(role=Role.DEPARTMENT_OFFICER).select_related(
            "organisation", "user"
        )
    }
    criteria_set = set_version(DEMO_SET).criteria_set()
    rng = random.Random(202)  # Plan 202
    written = 0
    for unit in chosen:
        for year in DEMO_YEARS:
            UnitYearAttribute.objects.get_or_create(
                unit=unit, year=year, defaults={"region": "DNB", "note": f"{NOTE}: vùng Đông Nam Bộ"}
            )
            for _group, indicator in criteria_set.iter_indicators():
                if not indicator.is_entered or not indicator.thresholds:
                    continue
                value = services.value_set(
                    unit=unit,
                    year=year,
                    set_code=DEMO_SET,
                    indicator_code=indicator.code,
                    value=_demo_value(indicator, rng),
                    note=NOTE,
                    actor=officer,
                )
                written += 1
                verifier = verifiers.get(value.department)
                if verifier is not None and year < 2025:
                    services.value_verify(value=value, actor=verifier)
    written += _bulk_values(communes, chosen, criteria_set, officer, rng)
    return written


def _bulk_values(communes, chosen, criteria_set, officer, rng: random.Random) -> int:
    """Verified illustrative values for every (commune, year) the audited loop above did not fill."""
    now = timezone.now()
    indicators = [i for _g, i in criteria_set.iter_indicators() if i.is_entered and i.thresholds]
    rows, attributes = [], []
    for unit in communes:
        strength = rng.uniform(
            0.9, 1.0
        )  # some communes meet nearly everything, others fall short here and there
        for year in BULK_YEARS:
            if unit in chosen and year in DEMO_YEARS:
                continue
            attributes.append(
                UnitYearAttribute(unit=unit, year=year, region="DNB", note=f"{NOTE}: vùng Đông Nam Bộ")
            )
            for indicator in indicators:
                rows.append(
                    IndicatorValue(
                        unit=unit,
                        year=year,
                        set_code=DEMO_SET,
                        indicator_code=indicator.code,
                        value=_demo_value(indicator, rng, strength),
                        note=NOTE,
                        department=indicator.department.code,
                        status=ValueStatus.VERIFIED,
                        entered_by=officer,
                        entered_at=now,
                        verified_at=now,
                    )
                )
    UnitYearAttribute.objects.bulk_create(attributes, ignore_conflicts=True, batch_size=1000)
    IndicatorValue.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
