"""Who opens which page of the knowledge library and of emulation, by member of the cast (written by hand from
``ntm.core.permissions.AREA_ROLES['knowledge']``: the coordinator and the department write, review and publish and
keep emulation; a commune officer writes its own commune's good models; the auditor reads; published items are
public). Refusals of a write change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ntm.knowledge import services
from ntm.knowledge.models import Article, ArticleState, Award, MovementParticipant
from ntm.knowledge.tests.factories import good_model_data, published
from ntm.testing.permissions import assert_access

pytestmark = pytest.mark.django_db


def _rows():
    return (
        list(Article.objects.values_list("pk", "state")),
        MovementParticipant.objects.count(),
        Award.objects.count(),
    )


def test_article_pages(client_as, cast):
    draft = services.article_save(actor=cast.officer_a, article=None, data=good_model_data(cast.commune_a))
    public = published(cast.coordinator, cast.coordinator, good_model_data(cast.province, title="Tin tỉnh"))
    assert_access(
        client_as,
        cast,
        reverse("knowledge:manage_detail", args=[draft.pk]),
        {
            "coordinator": 200,
            "department": 200,
            "auditor": 200,
            "officer_a": 200,
            "officer_b": 404,
            "anonymous": 302,
        },
    )
    assert_access(
        client_as,
        cast,
        reverse("knowledge:article_edit", args=[draft.pk]),
        {
            "coordinator": 200,
            "department": 200,
            "auditor": 403,
            "officer_a": 200,
            "officer_b": 404,
            "anonymous": 302,
        },
    )
    # A published item: everyone reads it; a commune does not edit the province's item.
    assert_access(
        client_as,
        cast,
        reverse("knowledge:public_detail", args=[public.pk]),
        {
            "coordinator": 200,
            "department": 200,
            "auditor": 200,
            "officer_a": 200,
            "officer_b": 200,
            "anonymous": 200,
        },
    )
    assert_access(
        client_as,
        cast,
        reverse("knowledge:manage_detail", args=[public.pk]),
        {
            "coordinator": 200,
            "department": 200,
            "auditor": 200,
            "officer_a": 200,
            "officer_b": 200,
            "anonymous": 302,
        },
    )
    assert_access(
        client_as,
        cast,
        reverse("knowledge:article_transition", args=[draft.pk]),
        {
            "coordinator": 302,
            "department": 302,
            "auditor": 403,
            "officer_a": 302,
            "officer_b": 404,
            "anonymous": 302,
        },
        method="post",
        data={"action": "nothing"},
        unchanged=_rows,
    )
    assert Article.objects.get(pk=draft.pk).state == ArticleState.DRAFT


def test_emulation_pages(client_as, cast):
    movement = services.movement_save(
        actor=cast.coordinator,
        movement=None,
        data={
            "title": "Phong trào",
            "unit": cast.province,
            "starts_on": dt.date(2025, 1, 1),
            "ends_on": dt.date(2025, 12, 31),
        },
    )
    decision = services.award_decision_create(
        actor=cast.coordinator,
        data={
            "unit": cast.province,
            "number": "1/QĐ",
            "decided_on": dt.date(2025, 5, 1),
            "issuing_body": "UBND tỉnh",
            "place": "Đồng Nai",
            "reason": "thành tích",
            "signer_title": "Chủ tịch",
        },
    )
    readers = {
        "coordinator": 200,
        "department": 200,
        "auditor": 200,
        "officer_a": 404,
        "officer_b": 404,
        "anonymous": 302,
    }
    for name, pk in (
        ("movement_detail", movement.pk),
        ("decision_detail", decision.pk),
        ("decision_word", decision.pk),
    ):
        assert_access(client_as, cast, reverse(f"knowledge:{name}", args=[pk]), readers)
    keepers = {
        "coordinator": 400,
        "department": 400,
        "auditor": 403,
        "officer_a": 403,
        "officer_b": 403,
        "anonymous": 302,
    }
    assert_access(
        client_as,
        cast,
        reverse("knowledge:participant_add", args=[movement.pk]),
        keepers,
        method="post",
        unchanged=_rows,
    )
    assert_access(
        client_as,
        cast,
        reverse("knowledge:award_add", args=[decision.pk]),
        keepers,
        method="post",
        unchanged=_rows,
    )
