"""Illustrative infrastructure data for the run command (the instance is marked demo; every page shows the
banner; every name here says "minh họa"): in Xã Long Phước, a radio station and a loudspeaker cluster in each
demo ấp — the one of the last ấp broken since June 2025, so the computed 8.3 is not met —, a free wifi point and
an internet access point, mobile coverage by ấp, and an approved, posted general construction plan; indicators 8.3
and 1.1 of the commune NTM set fed from them."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

from ntm.accounts.models import User
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.infrastructure import services
from ntm.infrastructure.models import Asset, AssetKind
from ntm.units.models import AdministrativeUnit, Hamlet, Level, Structure

SET = "xa-ntm-2021-2025"
CHECKED = dt.date(2025, 3, 1)


def load_infrastructure_demo() -> None:
    coordinator = User.objects.filter(role_assignments__role=Role.PROVINCE_COORDINATOR, is_demo=True).first()
    unit = AdministrativeUnit.objects.filter(
        structure=Structure.REFORM_2025, level=Level.COMMUNE, name="Xã Long Phước", valid_to__isnull=True
    ).first()
    if coordinator is None or unit is None or Asset.objects.exists():
        return
    hamlets = list(Hamlet.objects.filter(unit=unit, is_active=True).order_by("name"))
    base_lat, base_lon = Decimal("10.7200"), Decimal("106.9700")

    def add(kind, name, index, **extra):
        return services.asset_create(
            actor=coordinator,
            unit=unit,
            kind=kind,
            name=name,
            status="working",
            status_on=CHECKED,
            latitude=base_lat + Decimal("0.008") * index,
            longitude=base_lon + Decimal("0.01") * (index % 3),
            **extra,
        )

    add(AssetKind.RADIO, "Đài truyền thanh xã Long Phước (minh họa)", 0, operator="UBND xã (minh họa)")
    add(
        AssetKind.WIFI,
        "Wifi miễn phí nhà văn hóa xã (minh họa)",
        1,
        place_kind="cultural",
        operator="VNPT (minh họa)",
    )
    add(AssetKind.INTERNET, "Điểm bưu điện văn hóa xã (minh họa)", 2, operator="Bưu điện (minh họa)")
    clusters = [
        add(AssetKind.LOUDSPEAKER, f"Cụm loa {hamlet.name}", index + 3, hamlet=hamlet, speakers=4)
        for index, hamlet in enumerate(hamlets)
    ]
    if clusters:
        services.asset_check(
            actor=coordinator,
            asset=clusters[-1],
            status="broken",
            checked_on=dt.date(2025, 6, 10),
            note="Hỏng bộ thu (minh họa)",
        )
    if hamlets:
        services.coverage_set(
            actor=coordinator,
            unit=unit,
            surveyed_on=CHECKED,
            covered={
                hamlet.pk: {"2g", "3g", "4g"} | ({"5g"} if index == 0 else set())
                for index, hamlet in enumerate(hamlets)
            },
        )
    services.planning_record_save(
        actor=coordinator,
        unit=unit,
        title="Quy hoạch chung xây dựng xã Long Phước đến năm 2035 (minh họa)",
        decision_number="0000/QĐ-UBND (minh họa)",
        decision_date=dt.date(2023, 5, 4),
        issuer="UBND huyện Long Thành (minh họa)",
        posted_on=dt.date(2023, 6, 1),
        posted_place="Trụ sở UBND xã và nhà văn hóa các ấp (minh họa)",
        rules_number="0001/QĐ-UBND (minh họa)",
        rules_date=dt.date(2023, 5, 4),
        note="Dữ liệu minh họa",
    )
    for indicator, source in (("8.3", services.RADIO_EVERY_HAMLET), ("1.1", services.PLAN_APPROVED_POSTED)):
        with contextlib.suppress(ServiceError):  # the commune set is not loaded: nothing to link
            services.indicator_source_link(
                actor=coordinator, set_code=SET, indicator_code=indicator, source=source
            )
