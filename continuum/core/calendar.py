"""Working days in England and Wales: Monday to Friday less the bank holidays.

Pure functions with no Django imports. Bank holidays come from the maintained `holidays`
library (England's subdivision of the UK calendar, which England and Wales share, including
substitute days and one-off holidays such as a coronation), so nobody keeps a list by hand.

Statutory timescales are counted the usual way: "within N working days of" a date means the
Nth working day after it. The start day itself never counts, whether or not it is a working day.
"""

import datetime as dt
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[dt.date]:
    """The bank holidays of England and Wales in a year."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def bank_holiday_name(day: dt.date) -> str | None:
    """The holiday's name (for example "Easter Monday"), or None on an ordinary day."""
    return holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    """True from Monday to Friday unless the day is a bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (before it, when `days` is negative).

    `add_working_days(d, 0)` is `d` itself if it is a working day, else the next working day.
    """
    step = ONE_DAY if days >= 0 else -ONE_DAY
    remaining = abs(days)
    day = start
    if remaining == 0:
        while not is_working_day(day):
            day += ONE_DAY
        return day
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


@lru_cache(maxsize=8192)
def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative if `end` is earlier).

    The inverse of `add_working_days`: `working_days_between(d, add_working_days(d, n)) == n`.
    Remembered: a team's work page asks it for every open assessment (a day at a time, it
    took most of the page's time), and the answer for two dates never changes.
    """
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        if is_working_day(day):
            count += 1
    return count


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after `day`."""
    return add_working_days(day, 1)
