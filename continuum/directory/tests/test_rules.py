"""The directory's rules, case by case: distance, schedules, ages, and reading what people
type."""

import datetime as dt

import pytest

from continuum.directory import rules
from continuum.directory.rules import ScheduleFacts

T = dt.time


@pytest.mark.parametrize(
    ("a", "b", "metres"),
    [
        ((331292, 436427), (331292, 436427), 0),
        ((0, 0), (3, 4), 5),
        ((331292, 436427), (331394, 436510), 131.5),  # FY1 3LA to FY1 3JQ
        ((331292, 436427), (333184, 437435), 2143.8),  # FY1 3LA to FY3 7RW
    ],
)
def test_distance(a, b, metres):
    assert rules.distance_m(a, b) == pytest.approx(metres, abs=0.1)
    assert rules.distance_m(a, b) == rules.distance_m(b, a)


def test_bounding_box_holds_the_circle():
    assert rules.bounding_box((100, 200), 50) == (50, 150, 150, 250)


@pytest.mark.parametrize(
    ("metres", "text"),
    [
        (0, "under 0.1 miles"),
        (131, "under 0.1 miles"),
        (1609.344, "1.0 miles"),
        (2144, "1.3 miles"),
    ],
)
def test_describe_distance(metres, text):
    assert rules.describe_distance(metres) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("1500", 1500),
        ("1500.2", 1501),
        (" 800 ", 800),
        ("100000", 100000),
    ],
)
def test_parse_proximity(value, expected):
    assert rules.parse_proximity(value) == expected


@pytest.mark.parametrize("value", ["-1", "0", "abc", "nan", "inf", "1e9", "100001"])
def test_parse_proximity_refuses(value):
    with pytest.raises(ValueError, match="proximity"):
        rules.parse_proximity(value)


@pytest.mark.parametrize(
    ("low", "high", "age", "eligible"),
    [
        (0, 4, 4, True),
        (0, 4, 0, True),
        (0, 4, 5, False),
        (2, 12, 1, False),
        (None, None, 40, True),
        (16, None, 15, False),
        (16, None, 99, True),
        (None, 17, 17, True),
        (15.75, 25, 15, False),
        (15.75, 25, 16, True),
        (15.75, 25, 25, True),
        (15.75, 25, 26, False),
    ],
)
def test_age_eligible(low, high, age, eligible):
    assert rules.age_eligible(low, high, age) is eligible


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (None, None, "All ages"),
        (0, 4, "Up to age 4"),
        (2, 12, "Ages 2 to 12"),
        (16, None, "Ages 16 and over"),
        (15.75, 25, "Ages 15¾ to 25"),
        (None, 17, "Up to age 17"),
    ],
)
def test_describe_ages(low, high, text):
    assert rules.describe_ages(low, high) == text


@pytest.mark.parametrize(
    ("byday", "days", "mask"),
    [
        ("", (), 0),
        ("SA", (5,), 32),
        ("TH,FR", (3, 4), 8 + 16),
        ("mo, we", (0, 2), 1 + 4),
        ("2MO,-1FR", (0, 4), 1 + 16),
        ("SU,MO,SU", (0, 6), 1 + 64),
    ],
)
def test_parse_byday(byday, days, mask):
    assert rules.parse_byday(byday) == days
    assert rules.day_mask(byday) == mask


@pytest.mark.parametrize("byday", ["XX", "SAT", "6SA", "MO;TU", "1"])
def test_parse_byday_refuses(byday):
    with pytest.raises(ValueError, match="is not a day"):
        rules.parse_byday(byday)


@pytest.mark.parametrize(
    ("text", "day"),
    [("Saturday", 5), ("sat", 5), ("SA", 5), (" monday ", 0), ("Su", 6), ("", None), (None, None)],
)
def test_parse_day(text, day):
    assert rules.parse_day(text) == day


@pytest.mark.parametrize("text", ["Funday", "7", "S", "'; drop table"])
def test_parse_day_refuses(text):
    with pytest.raises(ValueError, match="day of the week"):
        rules.parse_day(text)


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("10:00", T(10)),
        ("10:00:00", T(10)),
        ("9:30", T(9, 30)),
        ("09:30Z", T(9, 30)),
        ("09:30+01:00", T(9, 30)),
        ("23:59:59.5", T(23, 59, 59)),
        ("", None),
    ],
)
def test_parse_time(text, time):
    assert rules.parse_time(text) == time


@pytest.mark.parametrize("text", ["24:00", "10", "10.30", "noon", "10:60", "1:2:3:4"])
def test_parse_time_refuses(text):
    with pytest.raises(ValueError, match="is not a time"):
        rules.parse_time(text)


SATURDAY_MORNING = ScheduleFacts(byday="SA", opens_at=T(10), closes_at=T(12))
TERM_TIME = ScheduleFacts(
    byday="MO,WE",
    opens_at=T(9, 30),
    closes_at=T(11, 30),
    valid_from=dt.date(2026, 9, 1),
    valid_to=dt.date(2026, 12, 18),
)
OVERNIGHT = ScheduleFacts(byday="MO,TU,WE,TH", opens_at=T(17), closes_at=T(9))
ALL_DAY = ScheduleFacts(byday="SA,SU")


@pytest.mark.parametrize(
    ("schedule", "day", "at", "on", "matches"),
    [
        (SATURDAY_MORNING, 5, None, None, True),
        (SATURDAY_MORNING, 4, None, None, False),
        (SATURDAY_MORNING, 5, T(10), None, True),
        (SATURDAY_MORNING, 5, T(11, 59), None, True),
        (SATURDAY_MORNING, 5, T(12), None, False),  # closing time is not open
        (SATURDAY_MORNING, 5, T(9, 59), None, False),
        (SATURDAY_MORNING, None, T(11), None, True),
        (SATURDAY_MORNING, None, None, None, True),
        (TERM_TIME, 0, T(10), dt.date(2026, 11, 23), True),
        (TERM_TIME, 0, T(10), dt.date(2026, 8, 31), False),  # before it is valid
        (TERM_TIME, 0, T(10), dt.date(2026, 12, 19), False),  # after
        (TERM_TIME, 0, None, dt.date(2026, 12, 18), True),  # the last valid day counts
        (TERM_TIME, 1, None, dt.date(2026, 11, 24), False),
        (OVERNIGHT, 0, T(22), None, True),
        (OVERNIGHT, 0, T(8), None, True),
        (OVERNIGHT, 0, T(12), None, False),
        (OVERNIGHT, 4, T(22), None, False),
        (ALL_DAY, 6, T(3), None, True),
        (ALL_DAY, 0, T(3), None, False),
        (ScheduleFacts(), None, T(10), None, True),  # no days named: only the day question fails
        (ScheduleFacts(), 0, None, None, False),
    ],
)
def test_schedule_matches(schedule, day, at, on, matches):
    assert rules.schedule_matches(schedule, day=day, at=at, on=on) is matches


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        (SATURDAY_MORNING, "Saturdays, 10am to midday"),
        (TERM_TIME, "Mondays and Wednesdays, 9:30am to 11:30am"),
        (
            ScheduleFacts(byday="1SA", freq="MONTHLY", opens_at=T(14), closes_at=T(16)),
            "The first Saturday of each month, 2pm to 4pm",
        ),
        (ScheduleFacts(byday="-1FR", freq="MONTHLY"), "The last Friday of each month"),
        (
            ScheduleFacts(byday="MO,TU,WE", opens_at=T(0)),
            "Mondays, Tuesdays and Wednesdays, from midnight",
        ),
        (ScheduleFacts(), ""),
    ],
)
def test_describe_schedule(schedule, text):
    assert rules.describe_schedule(schedule) == text


def test_weekly_timetable_orders_days_and_times_and_drops_expired_sessions():
    sessions = [
        (ScheduleFacts(byday="SA", opens_at=T(13)), "Afternoon", "a"),
        (ScheduleFacts(byday="SA,MO", opens_at=T(9)), "Morning", "m"),
        (ScheduleFacts(byday="TU", valid_to=dt.date(2020, 1, 1)), "Expired", "x"),
        (ScheduleFacts(byday="nonsense"), "Broken", "b"),
    ]
    table = rules.weekly_timetable(sessions, on=dt.date(2026, 11, 23))
    assert [(day, [e.title for e in entries]) for day, entries in table] == [
        ("Monday", ["Morning"]),
        ("Saturday", ["Morning", "Afternoon"]),
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Stay & Play, FY1!", ["stay", "play", "fy1"]),
        ("  ", []),
        (None, []),
        ("parenting PARENTING parenting", ["parenting"]),
        ("a b c d e f g h i j", ["a", "b", "c", "d", "e", "f", "g", "h"]),
        ("%_\\' OR 1=1 --", ["or", "1"]),
        ("Children's centre", ["children's", "centre"]),
    ],
)
def test_search_words(text, words):
    assert rules.search_words(text) == words
