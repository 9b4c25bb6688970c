"""Due dates of social work, as pure functions of dates and the authority's timescales.

The numbers come from the authority's configuration (`[timescales]` in config/blackpool.toml,
read by `organisation.config.timescale`); these functions take them as arguments, so they are
tested with tables of dates and never read a file themselves.
"""

import datetime as dt
from dataclasses import dataclass

from continuum.core import calendar


def assessment_due(referral_date: dt.date, working_days: int) -> dt.date:
    """A Child and Family Assessment is due `working_days` (45) working days from the referral,
    as the statutory timescale and the census count it, not from allocation."""
    return calendar.add_working_days(referral_date, working_days)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when that month is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def next_visit_due(
    started_on: dt.date, last_visit_on: dt.date | None, every_working_days: int
) -> dt.date:
    """The next statutory visit: `every_working_days` working days after the last visit, or
    after the plan or episode started when there has been none."""
    return calendar.add_working_days(last_visit_on or started_on, every_working_days)


def next_review_due(
    started_on: dt.date, last_review_on: dt.date | None, every_months: int
) -> dt.date:
    """A Child in Need plan's next review: `every_months` after the last review, or after the
    plan started."""
    return add_months(last_review_on or started_on, every_months)


def transfer_due(child_in_need_started_on: dt.date, months: int) -> dt.date:
    """Assessment and Support hold Child in Need work for up to `months` (3) before it moves to
    Strengthening and Supporting Families."""
    return add_months(child_in_need_started_on, months)


@dataclass(frozen=True)
class Due:
    """How a due date reads on a page: "due in 3 days", "2 days overdue"."""

    on: dt.date
    days_left: int

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0

    @property
    def words(self) -> str:
        if self.days_left < 0:
            days = -self.days_left
            return f"{days} day{'s' if days != 1 else ''} overdue"
        if self.days_left == 0:
            return "due today"
        return f"due in {self.days_left} day{'s' if self.days_left != 1 else ''}"


def due(on: dt.date, today: dt.date) -> Due:
    return Due(on=on, days_left=(on - today).days)
