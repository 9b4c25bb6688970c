"""Child protection's due dates and flags, as pure functions of dates and the authority's
timescales (DOMAIN.md "Rules the system keeps"; `[timescales]` in config/blackpool.toml).

| what | rule | timescale name |
| --- | --- | --- |
| strategy discussion | held within N working days of the Hub's decision | strategy_discussion |
| initial child protection conference | within 15 working days of the strategy discussion | initial_child_protection_conference |
| first core group | within 10 working days of the initial conference | first_core_group |
| later core groups | every N working days after the last one | core_group_interval |
| first review conference | within 3 months of the initial conference | first_review_conference_months |
| later review conferences | at most every 6 months | review_conference_months |
| (months) | a date on a weekend or bank holiday comes forward to the working day before | |
| visits to a child on a plan | every 10 working days | child_protection_visit |

The actions read the numbers from configuration and pass them in; nothing here reads a file.
"""

import datetime as dt

from continuum.core import calendar
from continuum.socialwork.rules import add_months

LONG_PLAN_YEARS = 2
"""A plan lasting this long or longer is flagged (the DfE's measure of plans lasting 2 years)."""


def strategy_discussion_due(requested_on: dt.date, working_days: int) -> dt.date:
    return calendar.add_working_days(requested_on, working_days)


def initial_conference_due(strategy_discussion_on: dt.date, working_days: int) -> dt.date:
    """The initial child protection conference: within `working_days` (15) working days of the
    strategy discussion that started the Section 47 enquiry."""
    return calendar.add_working_days(strategy_discussion_on, working_days)


def next_core_group_due(
    initial_conference_on: dt.date,
    last_core_group_on: dt.date | None,
    *,
    first_working_days: int,
    interval_working_days: int,
) -> dt.date:
    """The first core group within `first_working_days` (10) of the initial conference, then
    every `interval_working_days` after the last one held."""
    if last_core_group_on is None:
        return calendar.add_working_days(initial_conference_on, first_working_days)
    return calendar.add_working_days(last_core_group_on, interval_working_days)


def _working_day_on_or_before(day: dt.date) -> dt.date:
    """A date counted in months that falls on a weekend or a bank holiday comes forward to the
    working day before it: the conference is "within" the months, so never after."""
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def next_review_conference_due(
    initial_conference_on: dt.date,
    last_review_on: dt.date | None,
    *,
    first_months: int,
    then_months: int,
) -> dt.date:
    """The first review conference within `first_months` (3) of the initial conference, then at
    most every `then_months` (6) after the last review."""
    if last_review_on is None:
        return _working_day_on_or_before(add_months(initial_conference_on, first_months))
    return _working_day_on_or_before(add_months(last_review_on, then_months))


def midway_review_due(last_conference_on: dt.date, next_conference_on: dt.date) -> dt.date:
    """The chair's review of progress between conferences, "to prevent any drift and delay":
    halfway between the last conference and the next."""
    return last_conference_on + dt.timedelta(
        days=(next_conference_on - last_conference_on).days // 2
    )


def plan_lasted_long(started_on: dt.date, until: dt.date) -> bool:
    """Has a plan started on `started_on` lasted two years or more by `until`?"""
    return until >= add_months(started_on, 12 * LONG_PLAN_YEARS)


def plan_flags(previous_plans: int, started_on: dt.date, until: dt.date) -> tuple[str, ...]:
    """The flags shown wherever the child appears: a second or later plan, and a plan lasting
    two years or more (`until` is the plan's end, or today for an open plan)."""
    flags = []
    if previous_plans >= 1:
        flags.append(f"Child Protection plan number {previous_plans + 1}")
    if plan_lasted_long(started_on, until):
        flags.append(f"On a Child Protection plan for {LONG_PLAN_YEARS} years or more")
    return tuple(flags)
