"""Building OCOP rows for tests: the shipped taxonomy, a fully known test sheet, a producer of the cast and an
evaluation taken as far along the cycle as a test needs."""

from __future__ import annotations

import datetime as dt

from ntm.accounts.models import User
from ntm.core.choices import Role
from ntm.ocop.models import Category, DecisionLevel, Evaluation, Producer, ProducerKind, ProducerStatus
from ntm.ocop.services.evaluations import (
    decision_record,
    evaluation_precheck,
    evaluation_submit,
    product_register,
    score_submit,
    scoring_close,
)
from ntm.ocop.services.sheets import sheet_load, shipped_load
from ntm.ocop.tests.sheets import test_sheet_toml
from ntm.testing.factories import RoleFactory, UserFactory

LEAF = "I.1.a"  # Rau, củ, quả, hạt tươi


def load_sheets(*, test_sheet: bool = True):
    """The shipped taxonomy and frame sheet, and (by default) the test sheet for every sub-group."""
    shipped_load()
    if test_sheet:
        return sheet_load(data=test_sheet_toml())
    return None


def leaf(code: str = LEAF) -> Category:
    return Category.objects.get(code=code)


def make_producer(cast, *, owner=None, unit=None, name="HTX Rau sạch Long Phước") -> Producer:
    return Producer.objects.create(
        name=name,
        kind=ProducerKind.COOPERATIVE,
        unit=unit or cast.commune_a,
        address="Ấp 1, xã Long Phước",
        representative="Lý Thị Sản",
        phone="0251 3000 000",
        owner=cast.producer if owner is None else owner,
        status=ProducerStatus.APPROVED,
    )


def council_members(cast, n: int = 3):
    members = [cast.ocop_council]
    for index in range(1, n):
        user = User.objects.filter(username=f"hd_ocop_{index}").first()
        if user is None:
            user = UserFactory(username=f"hd_ocop_{index}", full_name=f"Thành viên {index}")
            RoleFactory(user=user, role=Role.OCOP_COUNCIL_MEMBER, unit=cast.province)
        members.append(user)
    return members


DOSSIER = {
    "product_description": "Rau ăn lá trồng theo VietGAP.",
    "samples_count": 5,
    "quality_declaration": "Số 01/2026/CBCL",
    "evidence_note": "Giấy ĐKKD, giấy chứng nhận VietGAP",
}
ALL_TOP = {"A.1.1": "c", "B.1.1": "c", "C.1.1": "c"}


def make_evaluation(
    cast, *, producer=None, upto: str = "draft", scores=(ALL_TOP, ALL_TOP, ALL_TOP), year=2026
) -> Evaluation:
    """An evaluation of a new product, taken up to ``upto``: draft, submitted, scoring, scored, decided."""
    producer = producer or make_producer(cast)
    evaluation = product_register(
        actor=producer.owner or cast.coordinator,
        producer=producer,
        category=leaf(),
        data={"name": "Rau cải Long Phước", "where_to_buy": "Chợ Long Phước", **DOSSIER},
        year=year,
    )
    steps = ["draft", "submitted", "scoring", "scored", "decided"]
    if steps.index(upto) >= 1:
        evaluation = evaluation_submit(actor=producer.owner, evaluation=evaluation)
    if steps.index(upto) >= 2:
        evaluation = evaluation_precheck(
            actor=cast.officer_a,
            evaluation=evaluation,
            raw_material_origin=True,
            idea_origin=True,
            local_labour=True,
            note="",
            accept=True,
        )
    if steps.index(upto) >= 3:
        for member, choices in zip(council_members(cast, len(scores)), scores, strict=True):
            score_submit(actor=member, evaluation=evaluation, choices=choices)
        evaluation = scoring_close(actor=cast.coordinator, evaluation=evaluation)
    if steps.index(upto) >= 4:
        decision_record(
            actor=cast.coordinator,
            evaluation=evaluation,
            number="123/QĐ-UBND",
            signed_on=dt.date(2026, 3, 2),
            certificate_number="OCOP-2026-001",
            level=DecisionLevel.PROVINCE,
        )
        evaluation.refresh_from_db()
    return evaluation
