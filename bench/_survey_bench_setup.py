"""Data for bench/survey_submissions.py (run inside Django): a commune, hamlets, an open campaign and households.
Prints a JSON object with the tokens of each group and the answer form's field names."""

import json
import sys

import django

django.setup()

from django.utils import timezone  # noqa: E402

from ntm.accounts.services import role_assign, user_create  # noqa: E402
from ntm.audit.context import acting_as  # noqa: E402
from ntm.core.choices import Role  # noqa: E402
from ntm.surveys import tokens  # noqa: E402
from ntm.surveys.models import Household  # noqa: E402
from ntm.surveys.services.answers import question_specs  # noqa: E402
from ntm.surveys.services.campaigns import CampaignData, campaign_create, campaign_open  # noqa: E402
from ntm.units.models import AdministrativeUnit, Level, Structure  # noqa: E402
from ntm.units.services.hamlets import hamlet_create  # noqa: E402

groups = {name: int(count) for name, count in (arg.split("=") for arg in sys.argv[1:])}
with acting_as(None):
    province = AdministrativeUnit.objects.create(
        structure=Structure.REFORM_2025,
        code="75",
        name="Tỉnh Đồng Nai",
        level=Level.PROVINCE,
        unit_type="tinh",
    )
    commune = AdministrativeUnit.objects.create(
        structure=Structure.REFORM_2025,
        code="26413",
        name="Xã Long Phước",
        level=Level.COMMUNE,
        unit_type="xa",
        parent=province,
    )
    hamlets = [hamlet_create(unit=commune, name=f"Ấp Đo Tải {n}") for n in range(1, 9)]
    officer = user_create(username="mttq.bench", password=None, full_name="Cán bộ đo tải")
    role_assign(user=officer, role=Role.FRONT_OFFICER, unit=commune)
    today = timezone.localdate()
    campaign = campaign_create(
        actor=officer,
        data=CampaignData(
            unit=commune,
            title="Đo tải",
            purpose="recognition",
            recognition_level="ntm",
            service_name="",
            year=today.year,
            questionnaire_code="ntm-xa-2021-2025",
            opens_on=today,
            closes_on=today,
            threshold_overall=None,
            threshold_content=None,
            coverage_target=None,
            paper_double_entry=False,
            officers=(officer,),
        ),
    )
    key = campaign.token_key()
    output = {
        "fields": [f"q_{spec.key}" for spec in question_specs(campaign.questionnaire) if spec.has_choice]
    }
    rows = []
    for name, count in groups.items():
        codes = [f"{name}-{n:05d}" for n in range(count)]
        rows += [
            Household(
                campaign=campaign,
                hamlet=hamlets[n % len(hamlets)],
                code=code,
                head_name="Hộ đo tải",
                token_hash=tokens.hash_token(tokens.derive_token(key, code, 1)),
            )
            for n, code in enumerate(codes)
        ]
        output[name] = [tokens.derive_token(key, code, 1) for code in codes]
    Household.objects.bulk_create(rows, batch_size=2000)
    campaign_open(campaign=campaign)
    output["campaign_id"] = campaign.pk
print(json.dumps(output))
