"""Illustrative environment data for the run command (the instance is marked demo; every page shows the banner):
a few water points in the two demo communes with lab results (one outside a limit; the Long Phước scheme run
by the demo water-supply operator, whose account ``capnuoc.longphuoc`` enters its results), household coverage for
2024-2025, waste figures, facilities with inspections, and indicator 17.1 of the commune set fed from coverage
(17.1, 17.2, 17.6 and 17.7 of the province's set too)."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

from ntm.accounts.models import Organisation, OrganisationKind, User
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.environment import coverage, services
from ntm.environment.models import WaterPoint
from ntm.units.models import AdministrativeUnit, Level, Structure

POINTS = (
    # commune, code, name, kind, operator, households, lat, lon, results by date
    (
        "Xã Long Phước",
        "NS-LP-01",
        "Trạm cấp nước ấp 3 (minh họa)",
        "centralised",
        "Trung tâm Nước sạch và VSMTNT (minh họa)",
        1250,
        "10.7200",
        "106.9700",
        [
            (
                "2025-03-10",
                {"coliform": "0", "e_coli": "0", "ph": "7,1", "turbidity": "0,8", "free_chlorine": "0,4"},
            ),
            (
                "2025-09-12",
                {"coliform": "5", "e_coli": "0", "ph": "6,8", "turbidity": "1,9", "free_chlorine": "0,1"},
            ),
        ],
    ),
    (
        "Xã Long Phước",
        "NS-LP-02",
        "Giếng khoan hộ gia đình ấp 5 (minh họa)",
        "household",
        "",
        None,
        "10.7350",
        "106.9900",
        [
            (
                "2025-06-02",
                {"coliform": "0", "e_coli": "0", "arsenic": "0,004", "ph": "6,4", "odour_taste": "không"},
            )
        ],
    ),
    (
        "Xã Xuân Lộc",
        "NS-XL-01",
        "Công trình cấp nước tập trung Xuân Lộc (minh họa)",
        "centralised",
        "Trung tâm Nước sạch và VSMTNT (minh họa)",
        2100,
        "10.9300",
        "107.4100",
        [("2025-04-20", {"coliform": "0", "e_coli": "0", "ph": "7,4", "turbidity": "0,5", "colour": "5"})],
    ),
)
COVERAGE = {
    ("Xã Long Phước", 2024): (3120, 3095, 2650, 1280),
    ("Xã Long Phước", 2025): (3180, 3170, 2730, 1460),
    ("Xã Xuân Lộc", 2024): (4050, 3990, 3300, 1500),
    ("Xã Xuân Lộc", 2025): (4100, 4080, 3520, 1900),
}


def _commune(name: str) -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(
        structure=Structure.REFORM_2025, level=Level.COMMUNE, name=name, valid_to__isnull=True
    ).first()


def _operator(unit: AdministrativeUnit) -> Organisation | None:
    return Organisation.objects.filter(kind=OrganisationKind.WATER_OPERATOR, unit=unit).first()


def load_environment_demo() -> None:
    services.catalogues_load_shipped()
    coordinator = User.objects.filter(role_assignments__role=Role.PROVINCE_COORDINATOR, is_demo=True).first()
    if coordinator is None or WaterPoint.objects.exists():
        return
    for commune_name, code, name, kind, operator, households, lat, lon, results in POINTS:
        unit = _commune(commune_name)
        if unit is None:
            continue
        point = services.water_point_create(
            actor=coordinator,
            unit=unit,
            code=code,
            name=name,
            kind=kind,
            operator=operator,
            # The demo operator's accounts (capnuoc.longphuoc) enter this scheme's results and get its alerts.
            operator_organisation=_operator(unit) if kind == "centralised" else None,
            households_served=households,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
        )
        for sampled_on, values in results:
            services.sample_record(
                actor=coordinator,
                point=point,
                sampled_on=dt.date.fromisoformat(sampled_on),
                laboratory="Trung tâm Kiểm soát bệnh tật tỉnh (minh họa)",
                values=values,
            )
    for (commune_name, year), (total, hygienic, clean, piped) in COVERAGE.items():
        unit = _commune(commune_name)
        if unit is not None:
            services.coverage_set(
                actor=coordinator,
                unit=unit,
                year=year,
                counts=coverage.HouseholdCounts(total, hygienic, clean, piped),
                note="Dữ liệu minh họa",
            )
    unit = _commune("Xã Long Phước")
    if unit is not None:
        for facility_name, kind, compliant in (
            ("Trại chăn nuôi heo ấp 2 (minh họa)", "livestock", True),
            ("Xưởng chế biến hạt điều (minh họa)", "production", False),
        ):
            facility = services.facility_create(actor=coordinator, unit=unit, name=facility_name, kind=kind)
            services.inspection_record(
                actor=coordinator,
                facility=facility,
                inspected_on=dt.date(2025, 8, 15),
                compliant=compliant,
                findings="Dữ liệu minh họa",
            )
    with contextlib.suppress(ServiceError):  # the commune set is not loaded: nothing to link
        services.indicator_source_link(
            actor=coordinator, set_code="xa-ntm-2021-2025", indicator_code="17.1", source=services.CLEAN_WATER
        )
    with contextlib.suppress(ServiceError):
        criteria_sets_load_shipped(paths=[services.PROVINCE_SET_FILE])
    # The province's set judges 17.1 (clean water AND piped) and 17.7 (packaging AND medical waste) as composites.
    for code, source in (
        ("17.1", services.CLEAN_WATER_SHARES),
        ("17.2", services.FACILITY_COMPLIANCE),
        ("17.6", services.DOMESTIC_WASTE),
        ("17.7", services.PACKAGING_MEDICAL),
    ):
        with contextlib.suppress(ServiceError):
            services.indicator_source_link(
                actor=coordinator, set_code="xa-ntm-dong-nai-2024-2025", indicator_code=code, source=source
            )
