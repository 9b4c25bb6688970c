"""Every child protection timescale, counted across the Christmas and Easter bank holidays of
2026 and 2027, and the flags for a second plan and a plan of two years or more. Expected dates
are worked out by hand from the calendar (England and Wales bank holidays: Good Friday 3 April
and Easter Monday 6 April 2026; Christmas 25 and 28 December 2026, New Year 1 January 2027;
Good Friday 26 and Easter Monday 29 March 2027; 27 and 28 December 2027 and 3 January 2028 in
lieu of Christmas, Boxing Day and New Year's Day on a weekend)."""

import datetime as dt

import pytest

from continuum.organisation.config import DEFAULT_TIMESCALES
from continuum.socialwork import rules, rules_protection

D = dt.date


def test_the_defaults_are_domain_md_s():
    assert DEFAULT_TIMESCALES["initial_child_protection_conference"] == 15
    assert DEFAULT_TIMESCALES["first_core_group"] == 10
    assert DEFAULT_TIMESCALES["first_review_conference_months"] == 3
    assert DEFAULT_TIMESCALES["review_conference_months"] == 6
    assert DEFAULT_TIMESCALES["child_protection_visit"] == 10


@pytest.mark.parametrize(
    ("requested", "due"),
    [
        (D(2026, 12, 1), D(2026, 12, 2)),
        (D(2026, 12, 24), D(2026, 12, 29)),  # Christmas 2026
        (D(2026, 4, 2), D(2026, 4, 7)),  # Easter 2026
        (D(2027, 3, 25), D(2027, 3, 30)),  # Easter 2027
        (D(2027, 12, 24), D(2027, 12, 29)),  # Christmas 2027, holidays in lieu
    ],
)
def test_a_strategy_discussion_is_due_the_next_working_day(requested, due):
    assert rules_protection.strategy_discussion_due(requested, 1) == due


@pytest.mark.parametrize(
    ("strategy_discussion", "due"),
    [
        (D(2026, 12, 1), D(2026, 12, 22)),
        (D(2026, 12, 14), D(2027, 1, 7)),  # Christmas 2026 and New Year 2027
        (D(2026, 3, 26), D(2026, 4, 20)),  # Easter 2026
        (D(2027, 3, 22), D(2027, 4, 14)),  # Easter 2027
        (D(2027, 12, 17), D(2028, 1, 12)),  # Christmas 2027 and New Year 2028 in lieu
    ],
)
def test_the_initial_conference_is_due_15_working_days_from_the_strategy_discussion(
    strategy_discussion, due
):
    assert rules_protection.initial_conference_due(strategy_discussion, 15) == due


@pytest.mark.parametrize(
    ("initial_conference", "last_core_group", "due"),
    [
        (D(2026, 12, 18), None, D(2027, 1, 6)),  # Christmas 2026
        (D(2026, 4, 1), None, D(2026, 4, 17)),  # Easter 2026
        (D(2027, 3, 25), None, D(2027, 4, 12)),  # Easter 2027
        (D(2027, 12, 23), None, D(2028, 1, 11)),  # Christmas 2027
        # Later core groups: every 30 working days after the last (6 weeks), configurable.
        (D(2026, 10, 1), D(2026, 11, 30), D(2027, 1, 14)),
    ],
)
def test_core_groups_first_within_10_working_days_then_at_the_interval(
    initial_conference, last_core_group, due
):
    assert (
        rules_protection.next_core_group_due(
            initial_conference, last_core_group, first_working_days=10, interval_working_days=30
        )
        == due
    )


@pytest.mark.parametrize(
    ("initial_conference", "last_review", "due"),
    [
        (D(2026, 12, 18), None, D(2027, 3, 18)),
        (D(2026, 11, 30), None, D(2027, 2, 26)),  # 28 Feb 2027 is a Sunday
        (D(2026, 9, 25), None, D(2026, 12, 24)),  # 25 December 2026
        (D(2026, 1, 6), None, D(2026, 4, 2)),  # Easter Monday 2026, Good Friday before it
        (D(2026, 12, 29), None, D(2027, 3, 25)),  # Easter Monday 2027, Good Friday before it
        (D(2027, 9, 27), None, D(2027, 12, 24)),  # 27 December 2027, in lieu of Christmas
        # Then at most every 6 months after the last review.
        (D(2026, 12, 18), D(2027, 3, 18), D(2027, 9, 17)),  # 18 Sep 2027 is a Saturday
        (D(2026, 12, 18), D(2027, 6, 28), D(2027, 12, 24)),  # 28 Dec 2027 in lieu
        (D(2026, 1, 6), D(2026, 6, 25), D(2026, 12, 24)),  # Christmas Day 2026
    ],
)
def test_review_conferences_first_within_3_months_then_every_6(
    initial_conference, last_review, due
):
    assert (
        rules_protection.next_review_conference_due(
            initial_conference, last_review, first_months=3, then_months=6
        )
        == due
    )


@pytest.mark.parametrize(
    ("last", "due"),
    [
        (D(2026, 12, 24), D(2027, 1, 12)),  # Christmas 2026
        (D(2026, 4, 1), D(2026, 4, 17)),  # Easter 2026
        (D(2027, 3, 24), D(2027, 4, 9)),  # Easter 2027
        (D(2027, 12, 23), D(2028, 1, 11)),  # Christmas 2027
    ],
)
def test_child_protection_visits_every_10_working_days(last, due):
    assert rules.next_visit_due(D(2026, 1, 5), last, 10) == due


def test_the_chairs_midway_review_falls_halfway_between_conferences():
    assert rules_protection.midway_review_due(D(2026, 12, 18), D(2027, 3, 18)) == D(2027, 2, 1)


LONG = "On a Child Protection plan for 2 years or more"


@pytest.mark.parametrize(
    ("previous_plans", "started", "until", "flags"),
    [
        (0, D(2025, 1, 1), D(2026, 12, 1), ()),
        (1, D(2026, 6, 1), D(2026, 12, 1), ("Child Protection plan number 2",)),
        (3, D(2026, 6, 1), D(2026, 12, 1), ("Child Protection plan number 4",)),
        (0, D(2024, 12, 1), D(2026, 12, 1), (LONG,)),  # two years to the day
        (0, D(2024, 12, 2), D(2026, 12, 1), ()),  # a day short
        (2, D(2024, 2, 29), D(2026, 2, 28), ("Child Protection plan number 3", LONG)),
        (0, D(2024, 2, 29), D(2026, 2, 27), ()),
    ],
)
def test_second_plans_and_plans_of_two_years_or_more_are_flagged(
    previous_plans, started, until, flags
):
    assert rules_protection.plan_flags(previous_plans, started, until) == flags
