"""Official status from decisions (pure, no database)."""

import datetime as dt

from ntm.core.vocabulary import ADVANCED, MODEL, NONE, NTM, REVOKED
from ntm.status.logic import Decision, status_on

D = dt.date


def test_no_decision_means_not_recognised():
    assert status_on([], D(2025, 1, 1)).level == NONE


def test_highest_standing_recognition_wins_and_future_decisions_do_not_count():
    decisions = [
        Decision(1, NTM, D(2019, 5, 1)),
        Decision(2, ADVANCED, D(2023, 3, 1)),
        Decision(3, MODEL, D(2026, 1, 2)),
    ]
    assert status_on(decisions, D(2022, 12, 31)).level == NTM
    assert status_on(decisions, D(2023, 3, 1)).level == ADVANCED
    assert status_on(decisions, D(2026, 1, 2)).decision == 3


def test_revoking_advanced_falls_back_to_ntm_and_revoking_everything_shows_revoked():
    decisions = [
        Decision(1, NTM, D(2019, 5, 1)),
        Decision(2, ADVANCED, D(2023, 3, 1)),
        Decision(3, REVOKED, D(2024, 6, 1), revokes=2),
    ]
    assert status_on(decisions, D(2024, 5, 31)).level == ADVANCED
    assert status_on(decisions, D(2024, 6, 1)).level == NTM
    decisions.append(Decision(4, REVOKED, D(2025, 1, 1), revokes=1))
    assert status_on(decisions, D(2025, 1, 1)) == status_on(decisions, D(2030, 1, 1))
    assert status_on(decisions, D(2025, 1, 1)).level == REVOKED
    assert status_on(decisions, D(2025, 1, 1)).decision == 4
