"""Working days in England and Wales, checked against real dates."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from continuum.core.calendar import (
    add_working_days,
    bank_holiday_name,
    bank_holidays,
    is_working_day,
    next_working_day,
    working_days_between,
)

D = dt.date


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2026,
            {
                D(2026, 1, 1),
                D(2026, 4, 3),
                D(2026, 4, 6),
                D(2026, 5, 4),
                D(2026, 5, 25),
                D(2026, 8, 31),
                D(2026, 12, 25),
                D(2026, 12, 26),  # Boxing Day itself, a Saturday
                D(2026, 12, 28),  # and its substitute
            },
        ),
        (
            2027,
            {
                D(2027, 1, 1),
                D(2027, 3, 26),
                D(2027, 3, 29),
                D(2027, 5, 3),
                D(2027, 5, 31),
                D(2027, 8, 30),
                D(2027, 12, 25),
                D(2027, 12, 26),
                D(2027, 12, 27),
                D(2027, 12, 28),
            },
        ),
    ],
)
def test_bank_holidays_of_england_and_wales(year, expected):
    assert bank_holidays(year) == expected


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 4, 2), True),  # Maundy Thursday
        (D(2026, 4, 3), False),  # Good Friday
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 4, 7), True),
        (D(2026, 5, 4), False),  # Early May bank holiday
        (D(2026, 5, 25), False),  # Spring bank holiday
        (D(2026, 12, 25), False),  # Christmas Day, a Friday
        (D(2026, 12, 26), False),  # Boxing Day, a Saturday
        (D(2026, 12, 28), False),  # Boxing Day substitute
        (D(2026, 12, 29), True),
        (D(2027, 12, 27), False),  # Christmas substitute (25th is a Saturday)
        (D(2027, 12, 28), False),  # Boxing Day substitute
        (D(2026, 11, 21), False),  # a Saturday
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 4, 2), 1, D(2026, 4, 7)),  # over Easter 2026
        (D(2026, 4, 1), 2, D(2026, 4, 7)),
        (D(2027, 3, 25), 1, D(2027, 3, 30)),  # over Easter 2027
        (D(2026, 12, 24), 1, D(2026, 12, 29)),  # over Christmas 2026
        (D(2026, 12, 24), 3, D(2026, 12, 31)),
        (D(2027, 12, 24), 1, D(2027, 12, 29)),  # over Christmas 2027
        (D(2026, 5, 1), 1, D(2026, 5, 5)),  # Early May bank holiday weekend
        (D(2026, 5, 22), 1, D(2026, 5, 26)),  # Spring bank holiday weekend
        (D(2026, 4, 3), 0, D(2026, 4, 7)),  # zero days from a holiday: next working day
        (D(2026, 11, 23), 0, D(2026, 11, 23)),
        (D(2026, 4, 7), -1, D(2026, 4, 2)),  # backwards over Easter
        (D(2026, 11, 23), 45, D(2027, 1, 28)),  # a CAFA referred today, over Christmas
        (D(2026, 1, 5), 15, D(2026, 1, 26)),  # an initial conference after a strategy discussion
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 4, 2), D(2026, 4, 7), 1),
        (D(2026, 12, 24), D(2027, 1, 4), 4),  # 29, 30, 31 Dec, 4 Jan
        (D(2026, 11, 23), D(2026, 11, 23), 0),
        (D(2026, 4, 7), D(2026, 4, 2), -1),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


def test_next_working_day_after_christmas_2026():
    assert next_working_day(D(2026, 12, 24)) == D(2026, 12, 29)


def test_holiday_names_come_from_the_library():
    assert bank_holiday_name(D(2026, 4, 6)) == "Easter Monday"
    assert bank_holiday_name(D(2026, 4, 7)) is None


@given(
    st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31)),
    st.integers(min_value=1, max_value=120),
)
def test_counting_inverts_adding(start, days):
    due = add_working_days(start, days)
    assert is_working_day(due)
    assert working_days_between(start, due) == days


def test_working_days_between_two_dates_is_worked_out_once():
    """A team's work page asks for every open assessment; the answer is remembered."""
    from continuum.core.calendar import working_days_between

    start, end = dt.date(2031, 3, 3), dt.date(2031, 4, 30)
    first = working_days_between(start, end)
    hits = working_days_between.cache_info().hits
    assert working_days_between(start, end) == first
    assert working_days_between.cache_info().hits == hits + 1
