"""Guard rails on decisions: a weak dossier needs a recorded override before its recognition is recorded, the
council tally needs its configured quorum, an irreversible step asks for confirmation (without JavaScript), and
the tally says "not voted yet" before anyone voted."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.recognition.models import DossierEvent
from ntm.recognition.services import dossiers
from ntm.recognition.services.procedures import procedure_step_configure
from ntm.recognition.tests.factories import Journey, load_data, make_dossier, pdf, people, person
from ntm.recognition.worklist import votes_waiting_on
from ntm.status.models import StatusRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast_people(cast):
    load_data()
    return people(cast)


def at_decision(cast, cast_people):
    dossier = make_dossier(cast)
    journey = Journey(dossier, cast_people)
    journey.run_to("decision")
    journey.prepare()  # records the decision's number and date
    dossier.refresh_from_db()
    return dossier


def test_weak_dossier_is_not_recognised_without_a_recorded_override(cast, cast_people):
    dossier = at_decision(cast, cast_people)
    with pytest.raises(ServiceError, match="19"):
        dossiers.dossier_transition(
            dossier_id=dossier.pk, action="decide", expected_state="decision", actor=cast.coordinator
        )
    assert not StatusRecord.objects.exists()
    dossiers.dossier_transition(
        dossier_id=dossier.pk,
        action="decide",
        expected_state="decision",
        actor=cast.coordinator,
        override_reason="Kết luận số 5 của Hội đồng",
    )
    event = DossierEvent.objects.filter(dossier=dossier, action="decide").get()
    assert event.data["override"]["reason"] == "Kết luận số 5 của Hội đồng"
    assert event.data["override"]["criteria_total"] == 19
    audit = AuditEntry.objects.filter(action="dossier.decide").get()
    assert audit.changes["extra"]["override"]["reason"] == "Kết luận số 5 của Hội đồng"


def test_the_page_asks_for_confirmation_and_the_override(client_as, cast, cast_people):
    dossier = at_decision(cast, cast_people)
    client = client_as(cast.coordinator)
    url = reverse("recognition:dossier_transition", args=[dossier.pk])
    detail = client.get(reverse("recognition:dossier_detail", args=[dossier.pk])).content.decode()
    assert 'data-testid="needs-override"' in detail
    page = client.post(url, {"action": "decide", "expected_state": "decision", "comment": ""})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="confirm-transition"' in html and 'name="override_reason"' in html
    assert 'name="confirmed" value="1"' in html
    dossier.refresh_from_db()
    assert dossier.state == "decision"  # nothing happened yet
    client.post(url, {"action": "decide", "expected_state": "decision", "confirmed": "1"})
    dossier.refresh_from_db()
    assert dossier.state == "decision" and not StatusRecord.objects.exists()  # no override, refused
    client.post(
        url,
        {
            "action": "decide",
            "expected_state": "decision",
            "confirmed": "1",
            "override_reason": "Kết luận HĐ",
        },
    )
    dossier.refresh_from_db()
    assert dossier.state == "announcement"


def test_council_tally_needs_the_configured_quorum(client_as, cast, cast_people):
    dossier = make_dossier(cast)
    Journey(dossier, cast_people).run_to("council_vote")
    dossier.refresh_from_db()
    second = person("hoidong2", "Lâm Văn Hai", Role.COUNCIL_MEMBER, cast.province)
    dossiers.council_member_add(
        dossier=dossier, user=cast_people.council, position="chair", actor=cast.coordinator
    )
    dossiers.council_member_add(dossier=dossier, user=second, position="member", actor=cast.coordinator)
    page = (
        client_as(cast.coordinator)
        .get(reverse("recognition:dossier_detail", args=[dossier.pk]))
        .content.decode()
    )
    assert "Chưa biểu quyết" in page or "Not voted yet" in page
    assert [d.pk for d in votes_waiting_on(cast_people.council)] == [dossier.pk]
    dossiers.council_vote_cast(dossier=dossier, actor=cast_people.council, agree=True)
    assert votes_waiting_on(cast_people.council) == [] and votes_waiting_on(second)
    procedure_step_configure(
        version=dossier.procedure,
        step_code="council_vote",
        time_limit_days=None,
        no_time_limit=False,
        documents=None,
        council_threshold=Decimal("50"),
        council_quorum=Decimal("100"),
        source="Văn bản thử nghiệm",
        actor=cast.coordinator,
    )
    dossiers.dossier_document_add(
        dossier=dossier, code="bien_ban_hoi_dong", upload=pdf(), actor=cast.coordinator
    )
    with pytest.raises(ServiceError, match="1"):
        dossiers.dossier_transition(
            dossier_id=dossier.pk, action="approve", expected_state="council_vote", actor=cast.coordinator
        )
    dossier.refresh_from_db()
    assert dossier.state == "council_vote"
    dossiers.council_vote_cast(dossier=dossier, actor=second, agree=True)
    dossiers.dossier_transition(
        dossier_id=dossier.pk, action="approve", expected_state="council_vote", actor=cast.coordinator
    )
    dossier.refresh_from_db()
    assert dossier.state == "decision"
