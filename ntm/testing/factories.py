"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import factory

from ntm.accounts.models import Organisation, RoleAssignment, User
from ntm.units.models import AdministrativeUnit, Level, Structure

TEST_PASSWORD = "mat-khau-thu-nghiem-2025"  # noqa: S105


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("structure", "code")

    structure = Structure.REFORM_2025
    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.LazyAttribute(lambda o: f"Xã Thử Nghiệm {o.code}")
    short_name = factory.LazyAttribute(lambda o: o.name.split(" ", 1)[-1])
    unit_type = "xa"
    level = Level.COMMUNE
    parent = None


class ProvinceFactory(UnitFactory):
    code = "75"
    name = "Tỉnh Đồng Nai"
    unit_type = "tinh"
    level = Level.PROVINCE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    password = factory.django.Password(TEST_PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("short_name",)

    name = "Sở Nông nghiệp và Môi trường"
    short_name = "SNNMT"
    unit = factory.SubFactory(ProvinceFactory)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = "commune_officer"
    unit = factory.SubFactory(UnitFactory)
