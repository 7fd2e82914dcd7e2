"""Illustrative (demo) data for the run command: users for every role, bound to real units.

The loader refuses to run on a database that holds real data (any account not created by it), and marks the
instance as demo so every page shows the "Dữ liệu minh họa" banner. Units come from the registry import, so
the demo binds people to the real tree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from ntm.accounts.models import OrganisationKind, User
from ntm.accounts.services import organisation_create, role_assign, user_create
from ntm.assessment.demo import load_assessment_demo
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.core.models import DataKind, InstanceState
from ntm.criteria.demo import load_criteria_sets_for_demo
from ntm.environment.demo import load_environment_demo
from ntm.feedback.demo import load_feedback_demo
from ntm.infrastructure.demo import load_infrastructure_demo
from ntm.knowledge.demo import load_knowledge_demo
from ntm.maps.demo import load_map_demo
from ntm.ocop.demo import load_ocop_demo
from ntm.programme.demo import load_programme_demo
from ntm.recognition.demo import load_recognition_demo
from ntm.surveys.demo import load_survey_demo
from ntm.traceability.demo import load_traceability_demo
from ntm.units.models import AdministrativeUnit, Level, Structure
from ntm.units.registry import load_province
from ntm.units.services.registry import units_import

DEMO_PASSWORD = "demo-ntm-2025"  # noqa: S105 (published demo password, demo data only)


@dataclass(frozen=True)
class DemoPerson:
    username: str
    full_name: str
    role: str
    unit_name: str  # a unit's full name in the 2025 structure ("" = the province), or "legacy:<name>"
    organisation: str = ""


DEPARTMENTS = {
    "SNNMT": "Sở Nông nghiệp và Môi trường",
    "SXD": "Sở Xây dựng",
    "SYT": "Sở Y tế",
}

# A water-supply operator (đơn vị cấp nước) with accounts, bound to its commune: (short name, name, commune).
WATER_OPERATORS = {"CN-LP": ("Tổ vận hành trạm cấp nước ấp 3 Long Phước (minh họa)", "Xã Long Phước")}

PEOPLE = (
    DemoPerson("dieuphoi", "Nguyễn Văn Điều", Role.PROVINCE_COORDINATOR, ""),
    DemoPerson("so.nnmt", "Trần Thị Nông", Role.DEPARTMENT_OFFICER, "", "SNNMT"),
    DemoPerson("so.xaydung", "Lê Văn Dựng", Role.DEPARTMENT_OFFICER, "", "SXD"),
    DemoPerson("xa.longphuoc", "Phạm Thị Phước", Role.COMMUNE_OFFICER, "Xã Long Phước"),
    DemoPerson("xa.xuanloc", "Hoàng Văn Lộc", Role.COMMUNE_OFFICER, "Xã Xuân Lộc"),
    DemoPerson("mttq.longphuoc", "Võ Thị Mặt", Role.FRONT_OFFICER, "Xã Long Phước"),
    DemoPerson("mttq.tinh", "Đặng Văn Trận", Role.FRONT_OFFICER, ""),
    DemoPerson("hoidong", "Bùi Thị Thẩm", Role.COUNCIL_MEMBER, ""),
    DemoPerson("hoidong.ocop", "Đỗ Văn Sao", Role.OCOP_COUNCIL_MEMBER, ""),
    DemoPerson("huyen.longthanh", "Ngô Văn Huyện", Role.DISTRICT_OFFICER, "legacy:Huyện Long Thành"),
    DemoPerson("htx.longphuoc", "Lý Thị Sản", Role.PRODUCER, "Xã Long Phước"),
    DemoPerson("capnuoc.longphuoc", "Mai Văn Nước", Role.WATER_OPERATOR, "Xã Long Phước", "CN-LP"),
    DemoPerson("kiemsoat", "Trương Văn Soát", Role.AUDITOR, ""),
)


def demo_refusal_reason() -> str | None:
    """Why the demo cannot be loaded here, or None when it can."""
    if InstanceState.current().data_kind == DataKind.REAL:
        return "Cơ sở dữ liệu này đang chứa dữ liệu thật; không nạp dữ liệu minh họa."
    if User.objects.filter(is_demo=False).exists():
        return "Cơ sở dữ liệu đã có tài khoản thật; không trộn dữ liệu minh họa với dữ liệu thật."
    return None


def is_demo_loaded() -> bool:
    return InstanceState.current().data_kind == DataKind.DEMO


def _unit(province: AdministrativeUnit, unit_name: str) -> AdministrativeUnit:
    if not unit_name:
        return province
    if unit_name.startswith("legacy:"):
        return AdministrativeUnit.objects.get(
            structure=Structure.LEGACY, name=unit_name.removeprefix("legacy:")
        )
    return AdministrativeUnit.objects.get(tree_path__startswith=province.tree_path, name=unit_name)


def load_demo() -> list[DemoPerson]:
    """Import the province's units, create the demo departments and people, mark the instance as demo."""
    reason = demo_refusal_reason()
    if reason:
        raise ServiceError(reason)
    units_import(snapshot=load_province(settings.NTM_PROVINCE_CODE))
    with transaction.atomic():
        province = AdministrativeUnit.objects.get(
            structure=Structure.REFORM_2025, code=settings.NTM_PROVINCE_CODE, level=Level.PROVINCE
        )
        organisations = {}
        for short_name, name in DEPARTMENTS.items():
            organisations[short_name] = province.organisations.filter(short_name=short_name).first() or (
                organisation_create(name=name, short_name=short_name, unit=province)
            )
        for short_name, (name, commune) in WATER_OPERATORS.items():
            unit = _unit(province, commune)
            organisations[short_name] = unit.organisations.filter(short_name=short_name).first() or (
                organisation_create(
                    name=name, short_name=short_name, unit=unit, kind=OrganisationKind.WATER_OPERATOR
                )
            )
        for person in PEOPLE:
            user = User.objects.filter(username=person.username).first() or user_create(
                username=person.username, password=DEMO_PASSWORD, full_name=person.full_name, is_demo=True
            )
            role_assign(
                user=user,
                role=person.role,
                unit=_unit(province, person.unit_name),
                organisation=organisations.get(person.organisation),
            )
        state = InstanceState.current()
        state.data_kind = DataKind.DEMO
        state.save()
    load_criteria_sets_for_demo()
    load_assessment_demo()
    load_survey_demo(province)
    load_map_demo()
    load_programme_demo(province)
    load_recognition_demo()
    load_environment_demo()
    load_infrastructure_demo()
    load_traceability_demo(province)
    load_ocop_demo()
    load_feedback_demo()
    load_knowledge_demo(province)
    return list(PEOPLE)
