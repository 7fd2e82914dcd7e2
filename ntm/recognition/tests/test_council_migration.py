"""Migration 0004 moves the appraisal council into the councils app and back, keeping ids, dates and votes."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ntm.councils.models import CouncilMember, CouncilVote
from ntm.recognition import selectors
from ntm.recognition.models import Dossier
from ntm.recognition.services import dossiers
from ntm.recognition.tests.factories import Journey, load_data, make_dossier, people, person

pytestmark = [pytest.mark.sqlite_journey, pytest.mark.django_db(transaction=True)]

BEFORE = [("recognition", "0003_statusrecord_to_status_app")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_council_rows_go_back_to_recognition_and_forward_into_councils(live_cast):
    load_data()
    cast_people = people(live_cast)
    dossier = make_dossier(live_cast)
    Journey(dossier, cast_people).run_to("council_vote")
    chair = dossiers.council_member_add(
        dossier=dossier, user=cast_people.council, position="chair", actor=live_cast.coordinator
    )
    vote = dossiers.council_vote_cast(
        dossier=dossier, actor=cast_people.council, agree=False, remarks="Chưa đạt"
    )
    round_ = Dossier.objects.get(pk=dossier.pk).council_round
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        old_member = old.get_model("recognition", "CouncilMember").objects.get()
        assert (old_member.pk, old_member.dossier_id, old_member.user_id, old_member.position) == (
            chair.pk,
            dossier.pk,
            cast_people.council.pk,
            "chair",
        )
        assert old_member.added_at == chair.added_at
        old_vote = old.get_model("recognition", "CouncilVote").objects.get()
        assert (old_vote.pk, old_vote.member_id, old_vote.round, old_vote.agree, old_vote.remarks) == (
            vote.pk,
            chair.pk,
            round_,
            False,
            "Chưa đạt",
        )
    finally:
        _migrate(latest)
    dossier = Dossier.objects.get(pk=dossier.pk)
    member = CouncilMember.objects.get(council=dossier.council)
    assert (member.pk, member.user, member.position, member.active_to) == (
        chair.pk,
        cast_people.council,
        "chair",
        None,
    )
    assert (member.added_at, member.active_from) == (chair.added_at, chair.active_from)
    moved = CouncilVote.objects.get(member=member)
    assert (moved.pk, moved.subject_type, moved.subject_id, moved.round, moved.agree, moved.remarks) == (
        vote.pk,
        "recognition.dossier",
        dossier.pk,
        round_,
        False,
        "Chưa đạt",
    )
    assert dossier.council.kind == "appraisal" and dossier.council.unit_id == dossier.unit_id
    assert [row.pk for row in selectors.votes_of(dossier)] == [vote.pk]
    # New rows after the copy get fresh ids (the sequences were moved past the copied ones).
    second = person("hoidong2", "Lâm Văn Hai", "council_member", live_cast.province)
    added = dossiers.council_member_add(
        dossier=dossier, user=second, position="member", actor=live_cast.coordinator
    )
    assert added.pk > chair.pk
    assert dossiers.council_vote_cast(dossier=dossier, actor=second, agree=True).pk > vote.pk
