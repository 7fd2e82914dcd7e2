"""The pure readings of indicators 8.3 and 1.1 (no database)."""

import datetime as dt

from ntm.infrastructure.indicators import PlanRecord, plan_approved_and_posted, radio_reaches_every_hamlet

HAMLETS = {1: "Ấp 1", 2: "Ấp 2", 3: "Ấp 3"}


def test_radio_met_when_station_works_and_every_hamlet_has_a_working_cluster():
    result = radio_reaches_every_hamlet(
        ["working"], HAMLETS, [(1, "working"), (2, "working"), (3, "working")]
    )
    assert result.met is True
    assert result.hamlets_covered == 3


def test_one_broken_cluster_leaves_its_hamlet_uncovered():
    result = radio_reaches_every_hamlet(["working"], HAMLETS, [(1, "working"), (2, "broken"), (3, "working")])
    assert result.met is False
    assert result.hamlets_missing == ("Ấp 2",)


def test_a_second_working_cluster_in_the_hamlet_still_covers_it():
    clusters = [(1, "working"), (2, "broken"), (2, "working"), (3, "working")]
    assert radio_reaches_every_hamlet(["working"], HAMLETS, clusters).met is True


def test_no_working_station_is_not_met():
    clusters = [(1, "working"), (2, "working"), (3, "working")]
    result = radio_reaches_every_hamlet(["broken"], HAMLETS, clusters)
    assert result.met is False
    assert not result.station_working


def test_nothing_recorded_is_no_figure_and_a_cluster_of_another_commune_does_not_count():
    assert radio_reaches_every_hamlet([], HAMLETS, []).met is None
    assert radio_reaches_every_hamlet(["working"], {1: "Ấp 1"}, [(9, "working")]).met is False


def test_plan_approved_and_posted_by_the_end_of_the_year():
    approved_2023 = PlanRecord(dt.date(2023, 5, 4), dt.date(2024, 2, 1))
    assert plan_approved_and_posted([approved_2023], 2022) is None
    assert plan_approved_and_posted([approved_2023], 2023) is False  # approved, not yet posted
    assert plan_approved_and_posted([approved_2023], 2024) is True
    assert plan_approved_and_posted([PlanRecord(dt.date(2023, 5, 4), None)], 2025) is False
