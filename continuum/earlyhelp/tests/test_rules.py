"""Early help's pure rules, as tables."""

import datetime as dt

import pytest

from continuum.earlyhelp import rules


@pytest.mark.parametrize(
    ("started", "last", "weeks", "due"),
    [
        (dt.date(2026, 11, 2), None, 6, dt.date(2026, 12, 14)),
        (dt.date(2026, 11, 2), dt.date(2026, 12, 10), 6, dt.date(2027, 1, 21)),
        (dt.date(2026, 11, 2), None, 4, dt.date(2026, 11, 30)),
    ],
)
def test_next_review_due(started, last, weeks, due):
    assert rules.next_review_due(started, last, weeks) == due


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("0", False),
        ("10", False),
        (" 7 ", False),
        ("11", True),
        ("-1", True),
        ("", True),
        ("seven", True),
        ("7.5", True),
        (None, True),
        ("07", True),
    ],
)
def test_ratings_are_whole_numbers_from_0_to_10(value, problem):
    assert (rules.rating_problem(value) is not None) == problem


@pytest.mark.parametrize(
    ("escalation", "refused"),
    [
        ("", True),
        ("   ", True),
        ("worse", True),
        ("no change", True),
        ("Disclosed being hit at home", False),
    ],
)
def test_a_step_up_needs_a_recorded_escalation(escalation, refused):
    assert (rules.step_up_problem(escalation) is not None) == refused


def test_completion_needs_the_childs_voice_and_the_familys_goals():
    missing = [name for name, _ in rules.completion_problems({"worries": "Late"})]
    assert missing == ["strengths", "child_voice", "family_view", "goals"]


def test_goals_one_a_line_in_the_familys_words():
    assert rules.goals_from("- Calmer mornings\n\n• On time for school\nCalmer mornings") == [
        "Calmer mornings",
        "On time for school",
    ]


def test_the_chart_places_ratings_between_0_and_10():
    days = [dt.date(2026, 11, 2), dt.date(2026, 12, 14)]
    chart = rules.ratings_chart(days, [("On time", {days[0]: 0, days[1]: 10})])
    (line,) = chart.lines
    (x0, y0, s0, _), (x1, y1, s1, _) = line.points
    assert (y0, y1) == (chart.bottom, chart.top)
    assert x0 < x1 and (s0, s1) == (0, 10)
    assert rules.ratings_chart([], []) is None
