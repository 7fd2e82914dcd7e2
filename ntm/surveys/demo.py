"""Illustrative survey data for the demo (called at the end of ``ntm.site.demo.load_demo``).

Xã Long Phước gets four hamlets named "(minh họa)", an open recognition campaign run by the demo Front officer
``mttq.longphuoc`` with 120 households, and 70 answers (online and on paper) drawn from a fixed seed, so the
results pages have something to show. Every name says it is illustrative; nothing here is a real survey.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from ntm.accounts.models import User
from ntm.core.vocabulary import ADVANCED
from ntm.surveys import tokens
from ntm.surveys.models import Campaign, Household, Purpose
from ntm.surveys.services.answers import answer_submit, paper_answer_record, question_specs
from ntm.surveys.services.campaigns import CampaignData, campaign_create, campaign_open
from ntm.units.models import AdministrativeUnit, Hamlet, HamletKind
from ntm.units.services.hamlets import hamlet_create

DEMO_TITLE = "Lấy ý kiến sự hài lòng về kết quả xây dựng xã NTM nâng cao (minh họa)"
HAMLETS = ("Ấp Minh Họa 1", "Ấp Minh Họa 2", "Ấp Minh Họa 3", "Ấp Minh Họa 4")
HOUSEHOLDS_PER_HAMLET = 30
ANSWERS = 70


def load_survey_demo(province: AdministrativeUnit) -> Campaign | None:
    """Idempotent: does nothing when the demo campaign exists."""
    commune = AdministrativeUnit.objects.filter(
        tree_path__startswith=province.tree_path, name="Xã Long Phước"
    ).first()
    officer = User.objects.filter(username="mttq.longphuoc").first()
    if commune is None or officer is None or Campaign.objects.filter(title=DEMO_TITLE).exists():
        return None
    rng = random.Random(202)
    today = timezone.localdate()
    with transaction.atomic():
        hamlets = []
        for name in HAMLETS:
            hamlet = Hamlet.objects.filter(unit=commune, name=name).first()
            hamlets.append(hamlet or hamlet_create(unit=commune, name=name, kind=HamletKind.AP))
        campaign = campaign_create(
            actor=officer,
            data=CampaignData(
                unit=commune,
                title=DEMO_TITLE,
                purpose=Purpose.RECOGNITION,
                recognition_level=ADVANCED,
                service_name="",
                year=today.year,
                questionnaire_code="ntm-xa-nang-cao-2021-2025",
                opens_on=today - dt.timedelta(days=7),
                closes_on=today + dt.timedelta(days=21),
                threshold_overall=None,
                threshold_content=None,
                coverage_target=None,
                paper_double_entry=False,
                officers=(officer,),
            ),
        )
        key = campaign.token_key()
        households = [
            Household(
                campaign=campaign,
                hamlet=hamlet,
                code=f"MH{index + 1}-{number:03d}",
                head_name=f"Hộ minh họa {index + 1}.{number:02d}",
                token_hash=tokens.hash_token(tokens.derive_token(key, f"MH{index + 1}-{number:03d}", 1)),
            )
            for index, hamlet in enumerate(hamlets)
            for number in range(1, HOUSEHOLDS_PER_HAMLET + 1)
        ]
        Household.objects.bulk_create(households)
        campaign = campaign_open(campaign=campaign)
        specs = question_specs(campaign.questionnaire)
        # Hamlet 4 gets only a few answers, so the results page shows a hidden group.
        chosen = [h for h in households if not h.code.startswith("MH4")][: ANSWERS - 4] + [
            h for h in households if h.code.startswith("MH4")
        ][:4]
        for number, household in enumerate(chosen):
            household.campaign = campaign
            responses = {
                spec.key: rng.random() < (0.93 if spec.key != "moi_truong" else 0.78)
                for spec in specs
                if spec.has_choice
            }
            comments = {"y_kien_khac": "Đề nghị sửa đường ấp (ý kiến minh họa)."} if number % 17 == 0 else {}
            if number % 5 == 0:
                paper_answer_record(
                    campaign=campaign,
                    officer=officer,
                    household_code=household.code,
                    responses=responses,
                    comments=comments,
                )
            else:
                answer_submit(household=household, responses=responses, comments=comments)
    return campaign
