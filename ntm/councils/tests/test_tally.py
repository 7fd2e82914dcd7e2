"""The pure tally: no database, no Django."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm.councils.tally import AT_LEAST, MEMBERS, MORE_THAN, VOTES_CAST, TallyError, tally


def test_the_threshold_is_never_defaulted_and_must_be_a_percentage():
    with pytest.raises(TallyError, match="no threshold"):
        tally([True], members=3, threshold=None, basis=MEMBERS, rule=AT_LEAST)
    for bad in (Decimal(0), Decimal("-5"), Decimal("100.01")):
        with pytest.raises(TallyError, match="percentage"):
            tally([True], members=3, threshold=bad, basis=MEMBERS, rule=AT_LEAST)


def test_unknown_basis_rule_and_more_votes_than_members_are_refused():
    with pytest.raises(TallyError, match="basis"):
        tally([True], members=3, threshold=Decimal(50), basis="present", rule=AT_LEAST)
    with pytest.raises(TallyError, match="rule"):
        tally([True], members=3, threshold=Decimal(50), basis=MEMBERS, rule="majority")
    with pytest.raises(TallyError, match="3 votes from 2 members"):
        tally([True, True, False], members=2, threshold=Decimal(50), basis=MEMBERS, rule=AT_LEAST)


def test_the_basis_is_all_members_or_the_votes_cast():
    on_members = tally([True, True, False], members=4, threshold=Decimal("50"), basis=MEMBERS, rule=AT_LEAST)
    assert (on_members.agree, on_members.disagree, on_members.cast, on_members.share) == (2, 1, 3, 50)
    assert on_members.passed
    assert not tally(
        [True, True, False], members=4, threshold=Decimal("66.67"), basis=MEMBERS, rule=AT_LEAST
    ).passed
    on_cast = tally(
        [True, True, False], members=4, threshold=Decimal("66.66"), basis=VOTES_CAST, rule=AT_LEAST
    )
    assert on_cast.passed and on_cast.share_text == "66,7"
    assert not tally([], members=0, threshold=Decimal("1"), basis=VOTES_CAST, rule=AT_LEAST).passed


def test_a_tie_at_the_threshold_passes_at_least_and_fails_more_than():
    votes = [True, True, False, False]
    assert tally(votes, members=4, threshold=Decimal(50), basis=MEMBERS, rule=AT_LEAST).passed
    assert not tally(votes, members=4, threshold=Decimal(50), basis=MEMBERS, rule=MORE_THAN).passed
    assert tally(
        [True, True, True, False], members=4, threshold=Decimal(50), basis=MEMBERS, rule=MORE_THAN
    ).passed


def test_exact_fractions_do_not_round_two_thirds_up():
    two_thirds = [True, True, False]
    assert not tally(two_thirds, members=3, threshold=Decimal("66.67"), basis=MEMBERS, rule=AT_LEAST).passed
    assert tally(two_thirds, members=3, threshold=Decimal("66.66"), basis=MEMBERS, rule=AT_LEAST).passed


ballots = st.lists(st.booleans(), max_size=30)
thresholds = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100), places=2)
bases = st.sampled_from([MEMBERS, VOTES_CAST])
rules = st.sampled_from([AT_LEAST, MORE_THAN])
# Properties, not timings: a loaded test machine must not fail them (design.md §6: no timed assertions).
untimed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@untimed
@given(ballots, st.integers(min_value=0, max_value=10), thresholds, bases, rules)
def test_counts_add_up_and_the_share_stays_a_percentage(votes, absent, threshold, basis, rule):
    result = tally(votes, members=len(votes) + absent, threshold=threshold, basis=basis, rule=rule)
    assert result.agree + result.disagree == result.cast == len(votes)
    assert 0 <= result.share <= 100
    assert result.threshold == threshold


@untimed
@given(ballots, st.integers(min_value=0, max_value=10), thresholds, bases, rules)
def test_one_more_agreeing_vote_never_turns_a_pass_into_a_fail(votes, absent, threshold, basis, rule):
    members = len(votes) + absent + 1
    before = tally(votes, members=members, threshold=threshold, basis=basis, rule=rule)
    after = tally([*votes, True], members=members, threshold=threshold, basis=basis, rule=rule)
    assert after.share >= before.share
    assert after.passed or not before.passed


@untimed
@given(ballots, st.integers(min_value=0, max_value=10), thresholds, rules)
def test_counting_all_members_is_never_more_lenient_than_counting_votes_cast(votes, absent, threshold, rule):
    members = len(votes) + absent
    on_members = tally(votes, members=members, threshold=threshold, basis=MEMBERS, rule=rule)
    on_cast = tally(votes, members=members, threshold=threshold, basis=VOTES_CAST, rule=rule)
    assert on_members.share <= on_cast.share
    assert on_cast.passed or not on_members.passed


@untimed
@given(ballots, st.integers(min_value=0, max_value=10), thresholds, bases)
def test_more_than_is_never_more_lenient_than_at_least(votes, absent, threshold, basis):
    members = len(votes) + absent
    strict = tally(votes, members=members, threshold=threshold, basis=basis, rule=MORE_THAN)
    lenient = tally(votes, members=members, threshold=threshold, basis=basis, rule=AT_LEAST)
    assert lenient.passed or not strict.passed
    assert strict.passed == lenient.passed or strict.share == threshold


@untimed
@given(st.integers(min_value=1, max_value=30), thresholds, bases, rules)
def test_a_unanimous_council_passes_and_a_silent_one_does_not(members, threshold, basis, rule):
    assert tally([True] * members, members=members, threshold=threshold, basis=basis, rule=rule).passed or (
        rule == MORE_THAN and threshold == 100
    )
    assert not tally([], members=members, threshold=threshold, basis=basis, rule=rule).passed
