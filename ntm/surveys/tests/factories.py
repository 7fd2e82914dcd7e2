"""Factories and builders for the survey tests."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import factory
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from ntm.accounts.models import User
from ntm.core.choices import Role
from ntm.surveys import household_import, tokens
from ntm.surveys.models import Campaign, Household, Purpose
from ntm.surveys.services.answers import question_specs
from ntm.surveys.services.campaigns import CampaignData, campaign_create, campaign_open
from ntm.testing.cast import Cast
from ntm.testing.factories import RoleFactory, UserFactory
from ntm.units.models import AdministrativeUnit, Hamlet


class HamletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hamlet

    name = factory.Sequence(lambda n: f"Ấp Thử {n}")


def front_officer(username: str, unit: AdministrativeUnit, full_name: str = "") -> User:
    user = UserFactory(username=username, full_name=full_name or f"Cán bộ MTTQ {username}")
    RoleFactory(user=user, role=Role.FRONT_OFFICER, unit=unit)
    return user


def campaign_data(unit: AdministrativeUnit, **overrides) -> CampaignData:
    today = timezone.localdate()
    values = {
        "unit": unit,
        "title": "Lấy ý kiến sự hài lòng xã NTM 2025",
        "purpose": Purpose.RECOGNITION,
        "recognition_level": "ntm",
        "service_name": "",
        "year": today.year,
        "questionnaire_code": "ntm-xa-2021-2025",
        "opens_on": today - dt.timedelta(days=1),
        "closes_on": today + dt.timedelta(days=14),
        "threshold_overall": None,
        "threshold_content": None,
        "coverage_target": None,
        "paper_double_entry": False,
        "officers": (),
    }
    values.update(overrides)
    return CampaignData(**values)


def add_households(campaign: Campaign, hamlets: list[Hamlet], per_hamlet: int) -> list[Household]:
    key = campaign.token_key()
    households = [
        Household(
            campaign=campaign,
            hamlet=hamlet,
            code=f"H{index}-{number:03d}",
            head_name=f"Nguyễn Văn {index}.{number}",
            token_hash=tokens.hash_token(tokens.derive_token(key, f"H{index}-{number:03d}", 1)),
        )
        for index, hamlet in enumerate(hamlets, start=1)
        for number in range(1, per_hamlet + 1)
    ]
    return Household.objects.bulk_create(households)


def all_satisfied(campaign: Campaign, **overrides) -> dict[str, bool]:
    responses = {spec.key: True for spec in question_specs(campaign.questionnaire) if spec.has_choice}
    responses.update(overrides)
    return responses


def form_data(campaign: Campaign, **overrides) -> dict[str, str]:
    """POST data of the answer form: everything "satisfied" unless overridden ({key: "0"})."""
    data = {f"q_{key}": "1" if value else "0" for key, value in all_satisfied(campaign).items()}
    data.update({f"q_{key}": value for key, value in overrides.items()})
    return data


def open_form(client, household, code: str | None = None, **extra):
    """The household's answer page, opened as its slip's script does: the code in the POST body."""
    return client.post(
        reverse("surveys:answer"), {"ma": household.token() if code is None else code}, **extra
    )


def send_answers(client, household, data: dict[str, str], **extra):
    """Post the answer form of the household (its code in the body, as the page's hidden field sends it)."""
    return client.post(reverse("surveys:answer_send"), {"ma": household.token(), **data}, **extra)


def workbook(rows, headers=household_import.HEADERS, sheet=household_import.SHEET) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass
class Survey:
    cast: Cast
    front_a: User
    front_province: User
    front_b: User
    hamlets: list[Hamlet]
    campaign: Campaign
    households: list[Household]


def make_survey(cast: Cast, *, per_hamlet: int = 12, open_it: bool = True, **overrides) -> Survey:
    front_a = front_officer("mttq_a", cast.commune_a, "Võ Thị Mặt")
    front_province = front_officer("mttq_tinh", cast.province, "Đặng Văn Trận")
    front_b = front_officer("mttq_b", cast.commune_b, "Lý Văn Bảo")
    hamlets = [
        HamletFactory(unit=cast.commune_a, name="Ấp Bà Ký"),
        HamletFactory(unit=cast.commune_a, name="Ấp Phước Hòa"),
        HamletFactory(unit=cast.commune_a, name="Ấp Long Đức"),
    ]
    campaign = campaign_create(actor=front_a, data=campaign_data(cast.commune_a, **overrides))
    households = add_households(campaign, hamlets, per_hamlet) if per_hamlet else []
    if open_it and households:
        campaign = campaign_open(campaign=campaign)
    for household in households:
        household.campaign = campaign
    return Survey(cast, front_a, front_province, front_b, hamlets, campaign, households)
