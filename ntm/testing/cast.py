"""The named cast every view test uses (healthchecks' alice/bob/charlie pattern).

- ``coordinator``: province coordinator of the province
- ``officer_a`` / ``officer_b``: commune officers of commune A / commune B
- ``department``: department officer (Sở Nông nghiệp và Môi trường), province-wide
- ``auditor``: read-only, province-wide
- anonymous: the test client without a session
"""

from __future__ import annotations

from dataclasses import dataclass

from ntm.accounts.models import Organisation, User
from ntm.core.choices import Role
from ntm.testing.factories import OrganisationFactory, ProvinceFactory, RoleFactory, UnitFactory, UserFactory
from ntm.units.models import AdministrativeUnit, Level


@dataclass
class Cast:
    province: AdministrativeUnit
    commune_a: AdministrativeUnit
    commune_b: AdministrativeUnit
    organisation: Organisation
    coordinator: User
    officer_a: User
    officer_b: User
    department: User
    auditor: User


def make_cast() -> Cast:
    province = ProvinceFactory()
    commune_a = UnitFactory(code="26413", name="Xã Long Phước", parent=province, level=Level.COMMUNE)
    commune_b = UnitFactory(code="26098", name="Phường Bảo Vinh", unit_type="phuong", parent=province)
    organisation = OrganisationFactory(unit=province)

    def person(username: str, full_name: str, role: str, unit: AdministrativeUnit, **extra) -> User:
        user = UserFactory(username=username, full_name=full_name)
        RoleFactory(user=user, role=role, unit=unit, **extra)
        return user

    return Cast(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        organisation=organisation,
        coordinator=person("dieuphoi", "Nguyễn Văn Điều Phối", Role.PROVINCE_COORDINATOR, province),
        officer_a=person("xa_a", "Trần Thị An", Role.COMMUNE_OFFICER, commune_a),
        officer_b=person("xa_b", "Lê Văn Bình", Role.COMMUNE_OFFICER, commune_b),
        department=person(
            "so_nn", "Phạm Thị Sở", Role.DEPARTMENT_OFFICER, province, organisation=organisation
        ),
        auditor=person("kiemsoat", "Võ Văn Kiểm", Role.AUDITOR, province),
    )
