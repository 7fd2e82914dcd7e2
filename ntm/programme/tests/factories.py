"""Test data for the programme app: a small old Đồng Nai (two districts, four old communes) with the lineage to the
cast's 2025 units, indicator values, a closed service-feedback campaign, and the loaded plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ntm.assessment.models import IndicatorValue
from ntm.legal.models import LegalDocument
from ntm.legal.services import legal_documents_load
from ntm.programme.models import Target, TargetPlan
from ntm.programme.services.targets import programme_load_shipped, report_forms_load_shipped
from ntm.surveys.models import Campaign, CampaignStatus, Purpose, Questionnaire
from ntm.testing.cast import Cast
from ntm.testing.factories import UnitFactory
from ntm.units.models import AdministrativeUnit, Level, UnitLineage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "minh-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class OldDongNai:
    province: AdministrativeUnit
    long_thanh: AdministrativeUnit
    xuan_loc: AdministrativeUnit
    old_long_phuoc: AdministrativeUnit
    old_bao_hoa: AdministrativeUnit
    old_xuan_dinh: AdministrativeUnit
    old_township: AdministrativeUnit
    new_xuan_dinh: AdministrativeUnit


def old_dong_nai(cast: Cast) -> OldDongNai:
    """Old province 75 → 2025 province; old Long Phước → Xã Long Phước (cast.commune_a); old Bảo Hoà and old Xuân
    Định → new Xã Xuân Định (as in the 2025 reform)."""
    province = UnitFactory(
        structure="legacy", code="75", name="Tỉnh Đồng Nai", level=Level.PROVINCE, unit_type="tinh"
    )
    UnitLineage.objects.get_or_create(new_unit=cast.province, old_unit=province, defaults={"source": "test"})

    def legacy(code, name, parent, level=Level.COMMUNE, unit_type="xa"):
        return UnitFactory(
            structure="legacy", code=code, name=name, parent=parent, level=level, unit_type=unit_type
        )

    long_thanh = legacy("740", "Huyện Long Thành", province, Level.DISTRICT, "huyen")
    xuan_loc = legacy("741", "Huyện Xuân Lộc", province, Level.DISTRICT, "huyen")
    old_long_phuoc = legacy("26413", "Xã Long Phước", long_thanh)
    old_bao_hoa = legacy("26464", "Xã Bảo Hoà", xuan_loc)
    old_xuan_dinh = legacy("26461", "Xã Xuân Định", xuan_loc)
    old_township = legacy("26368", "Thị trấn Long Thành", long_thanh, unit_type="thi_tran")
    new_xuan_dinh = UnitFactory(code="26461", name="Xã Xuân Định", parent=cast.province, level=Level.COMMUNE)
    for old, new in (
        (old_long_phuoc, cast.commune_a),
        (old_bao_hoa, new_xuan_dinh),
        (old_xuan_dinh, new_xuan_dinh),
        (old_township, cast.commune_a),
    ):
        UnitLineage.objects.get_or_create(new_unit=new, old_unit=old, defaults={"source": "test"})
    return OldDongNai(
        province,
        long_thanh,
        xuan_loc,
        old_long_phuoc,
        old_bao_hoa,
        old_xuan_dinh,
        old_township,
        new_xuan_dinh,
    )


def value(unit, set_code: str, code: str, raw, year: int = 2025) -> IndicatorValue:
    return IndicatorValue.objects.create(
        unit=unit, year=year, set_code=set_code, indicator_code=code, value=raw, entered_at=timezone.now()
    )


# Tests run cycles after Plan 202's own periods (2026) with communes reporting: as the system expects, that is an
# instruction of the province for those periods, entered as data (illustrative, not a real instruction).
TEST_INSTRUCTION = {
    "valid_from": "2026-01-01",
    "valid_to": "2030-12-31",
    "departments": True,
    "unit_structure": "2025",
    "unit_codes": [],
    "unit_level": "commune",
    "who": "Các sở, ngành và UBND các xã, phường (dữ liệu thử)",
    "provenance": "unconfirmed",
    "source": "KH 202/KH-UBND, mục VI.6",
    "note": "",
}


def load_plan(*, instruction: bool = True) -> TargetPlan:
    if not LegalDocument.objects.exists():
        legal_documents_load()
    programme_load_shipped()
    report_forms_load_shipped()
    plan = TargetPlan.objects.get(code="ke-hoach-202")
    rules = list((plan.reporting or {}).get("reporters") or [])
    if instruction and TEST_INSTRUCTION not in rules:
        plan.reporting = {**plan.reporting, "reporters": [*rules, TEST_INSTRUCTION]}
        plan.save(update_fields=["reporting"])
    return plan


def target(code: str) -> Target:
    return Target.objects.select_related("plan").get(code=code)


def service_campaign(
    unit, user, *, online: int, closed: bool = True, year: int = 2025, purpose: str = Purpose.SERVICE
) -> Campaign:
    """A survey campaign (by default on one essential service) with its frozen results."""
    questionnaire, _created = Questionnaire.objects.get_or_create(
        code=f"thu-{purpose}",
        version=1,
        defaults={
            "title": "Phiếu ý kiến (thử)",
            "purpose": purpose,
            "provenance": "unconfirmed",
            "source": "kiểm thử",
            "content_hash": "x" * 64,
        },
    )
    service = purpose == Purpose.SERVICE
    return Campaign.objects.create(
        unit=unit,
        title=f"Ý kiến về dịch vụ ({unit.name})"
        if service
        else f"Lấy ý kiến về kết quả xây dựng NTM ({unit.name})",
        purpose=purpose,
        recognition_level="" if service else "ntm",
        service_name="Đặt lịch khám" if service else "",
        year=year,
        questionnaire=questionnaire,
        opens_on=dt.date(year, 3, 1),
        closes_on=dt.date(year, 3, 31),
        status=CampaignStatus.CLOSED if closed else CampaignStatus.OPEN,
        threshold_overall_provenance="placeholder",
        threshold_overall_source="x",
        threshold_content_provenance="placeholder",
        threshold_content_source="x",
        coverage_provenance="placeholder",
        coverage_source="x",
        frozen_results={"hamlets": [{"online": online, "paper": 3, "answers": online + 3}]}
        if closed
        else None,
        closed_at=timezone.make_aware(dt.datetime(year, 4, 1)) if closed else None,
        created_by=user,
    )


def ntm_campaign(unit, user, *, online: int, closed: bool = True, year: int = 2025) -> Campaign:
    """A closed survey of residents' satisfaction with NTM results (purpose: recognition)."""
    return service_campaign(unit, user, online=online, closed=closed, year=year, purpose=Purpose.RECOGNITION)
