"""The named cast every view test uses (healthchecks' alice/bob/charlie pattern).

- ``coordinator``: province coordinator of the province
- ``officer_a`` / ``officer_b``: commune officers of commune A / commune B
- ``department``: department officer (Sở Nông nghiệp và Môi trường), province-wide
- ``auditor``: read-only, province-wide
- ``front``: Fatherland Front officer of commune A
- ``ocop_council``: OCOP council member, province-wide
- ``producer``: a producer (a cooperative's account), bound to commune A
- ``operator``: a water-supply operator's account (đơn vị cấp nước), bound to commune A with its operator
- anonymous: the test client without a session

The last four are made on first use, so a test that does not name them runs with the same rows as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

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

    @cached_property
    def front(self) -> User:
        return _person("mttq_cast", "Đỗ Thị Mặt Trận", Role.FRONT_OFFICER, self.commune_a)

    @cached_property
    def ocop_council(self) -> User:
        return _person("hd_ocop", "Hồ Văn Sản Phẩm", Role.OCOP_COUNCIL_MEMBER, self.province)

    @cached_property
    def producer(self) -> User:
        return _person("htx_a", "HTX Long Phước", Role.PRODUCER, self.commune_a)

    @cached_property
    def water_operator(self) -> Organisation:
        return OrganisationFactory(
            name="Tổ vận hành trạm cấp nước ấp 3",
            short_name="CN-A",
            unit=self.commune_a,
            kind="water_operator",
        )

    @cached_property
    def operator(self) -> User:
        return _person(
            "capnuoc_a", "Mai Văn Nước", Role.WATER_OPERATOR, self.commune_a, organisation=self.water_operator
        )


def _person(username: str, full_name: str, role: str, unit: AdministrativeUnit, **extra) -> User:
    user = UserFactory(username=username, full_name=full_name)
    RoleFactory(user=user, role=role, unit=unit, **extra)
    return user


def make_cast() -> Cast:
    province = ProvinceFactory()
    commune_a = UnitFactory(code="26413", name="Xã Long Phước", parent=province, level=Level.COMMUNE)
    commune_b = UnitFactory(code="26098", name="Phường Bảo Vinh", unit_type="phuong", parent=province)
    organisation = OrganisationFactory(unit=province)

    return Cast(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        organisation=organisation,
        coordinator=_person("dieuphoi", "Nguyễn Văn Điều Phối", Role.PROVINCE_COORDINATOR, province),
        officer_a=_person("xa_a", "Trần Thị An", Role.COMMUNE_OFFICER, commune_a),
        officer_b=_person("xa_b", "Lê Văn Bình", Role.COMMUNE_OFFICER, commune_b),
        department=_person(
            "so_nn", "Phạm Thị Sở", Role.DEPARTMENT_OFFICER, province, organisation=organisation
        ),
        auditor=_person("kiemsoat", "Võ Văn Kiểm", Role.AUDITOR, province),
    )
