"""Two officers acting at once on PostgreSQL: exactly one transition wins, the other gets a 409 conflict."""

import threading

import pytest
from django.db import connection, connections

from ntm.core.exceptions import StateConflict
from ntm.recognition.models import Dossier, DossierEvent
from ntm.recognition.services import dossiers
from ntm.recognition.tests.factories import Journey, load_data, make_dossier, people, person

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _race(count, work):
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def target(index):
        try:
            barrier.wait(timeout=30)
            outcome = work(index)
        except Exception as exc:  # recorded and asserted on below
            outcome = type(exc).__name__
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sorted(outcomes)


def test_two_coordinators_acting_at_once_exactly_one_wins(live_cast):
    if connection.vendor != "postgresql":
        pytest.fail("This test must run on PostgreSQL (DATABASE_URL).")
    load_data()
    cast_people = people(live_cast)
    second = person("dieuphoi2", "Lê Thị Phối", "province_coordinator", live_cast.province)
    dossier = make_dossier(live_cast)
    journey = Journey(dossier, cast_people)
    journey.run_to("provincial_appraisal")
    journey.prepare()
    actors = [live_cast.coordinator, second]
    actions = ["complete", "return"]

    def act(index):
        moved = dossiers.dossier_transition(
            dossier_id=dossier.pk,
            action=actions[index],
            expected_state="provincial_appraisal",
            actor=actors[index],
            reasons=[dossiers.Reason("", "Bổ sung")],
        )
        return f"ok:{moved.state}"

    outcomes = _race(2, act)
    assert StateConflict.__name__ in outcomes and len([o for o in outcomes if o.startswith("ok:")]) == 1
    dossier.refresh_from_db()
    winner = next(o for o in outcomes if o.startswith("ok:")).removeprefix("ok:")
    assert dossier.state == winner
    events = DossierEvent.objects.filter(
        dossier=dossier, from_state="provincial_appraisal", kind="transition"
    )
    assert events.count() == 1


def test_many_concurrent_identical_transitions_move_the_dossier_once(live_cast):
    if connection.vendor != "postgresql":
        pytest.fail("This test must run on PostgreSQL (DATABASE_URL).")
    load_data()
    cast_people = people(live_cast)
    dossier = make_dossier(live_cast)
    Journey(dossier, cast_people).prepare()
    revision = Dossier.objects.get(pk=dossier.pk).revision

    def act(_index):
        dossiers.dossier_transition(
            dossier_id=dossier.pk,
            action="complete",
            expected_state="self_assessment",
            actor=live_cast.officer_a,
        )
        return "ok"

    outcomes = _race(8, act)
    assert outcomes.count("ok") == 1 and outcomes.count(StateConflict.__name__) == 7
    assert Dossier.objects.get(pk=dossier.pk).revision == revision + 1
