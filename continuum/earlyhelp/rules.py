"""Early help's rules as pure functions: when the next review is due, what an assessment needs
before it is complete, what a step up needs, how the family's ratings draw as a chart."""

import datetime as dt
from dataclasses import dataclass

# "An assessment cannot be completed without ..." is data: field name -> what the page says.
REQUIRED_TO_COMPLETE: dict[str, str] = {
    "worries": "Say what we are worried about",
    "strengths": "Say what the family's strengths and assets are",
    "child_voice": "Record what the child tells us",
    "family_view": "Record what the family think",
    "goals": "Write at least one goal in the family's own words",
}

MAX_TEXT = 20_000  # about eight pages of typing, as a Request for Support allows
MAX_GOAL = 500
RATING_MIN, RATING_MAX = 0, 10


def next_review_due(
    plan_started_on: dt.date, last_review_on: dt.date | None, every_weeks: int
) -> dt.date:
    """A Team Around the Family plan is reviewed every `every_weeks` weeks (6 by default, from
    config): after the last review, or after the assessment that started the plan."""
    return (last_review_on or plan_started_on) + dt.timedelta(weeks=every_weeks)


def completion_problems(values: dict[str, str]) -> list[tuple[str, str]]:
    """What is missing before an Early Help Assessment can be completed: (field, message)."""
    return [
        (name, message)
        for name, message in REQUIRED_TO_COMPLETE.items()
        if not " ".join((values.get(name) or "").split())
    ]


def field_problem(name: str, value: str) -> str | None:
    """Why one field of a draft cannot be saved (the others still are), or None."""
    if len(value) > MAX_TEXT:
        return f"This answer is too long to save: keep it under {MAX_TEXT:,} characters"
    if name == "goals" and any(len(line.strip()) > MAX_GOAL for line in value.splitlines()):
        return f"Keep each goal under {MAX_GOAL} characters"
    return None


def goals_from(text: str) -> list[str]:
    """The family's goals, one a line, as they wrote them (blank lines and bullets dropped)."""
    goals = []
    for line in text.splitlines():
        goal = line.strip().lstrip("-*\u2022").strip()
        if goal and goal not in goals:
            goals.append(goal)
    return goals


def rating_problem(value: object) -> str | None:
    """A family's rating is a whole number from 0 to 10."""
    try:
        score = int(str(value).strip())
    except (TypeError, ValueError):
        return "Give a rating from 0 to 10"
    if str(score) != str(value).strip() or not RATING_MIN <= score <= RATING_MAX:
        return "Give a rating from 0 to 10"
    return None


def step_up_problem(escalation: str) -> str | None:
    """A step up is for risk that has escalated ("not if it just stays the same"): without a
    recorded escalation it is refused."""
    if len(" ".join((escalation or "").split()).split()) < 3:
        return (
            "Record what has escalated and why: early help steps up when risk escalates, "
            "not if it just stays the same"
        )
    return None


# -- The family's ratings over time, as a small line chart ------------------------------------


@dataclass(frozen=True)
class ChartLine:
    label: str
    colour: str
    points: list[tuple[float, float, int, str]]  # x, y, score, date label

    @property
    def path(self) -> str:
        return " ".join(f"{x},{y}" for x, y, _, _ in self.points)


@dataclass(frozen=True)
class RatingsChart:
    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    lines: list[ChartLine]
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, str]]


COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#d53880", "#28a197"]


def ratings_chart(
    reviews: list[dt.date],
    goals: list[tuple[str, dict[dt.date, int]]],
    *,
    width: int = 640,
    height: int = 240,
) -> RatingsChart | None:
    """Lay out each goal's ratings (0 to 10) at each review as a line. None with no reviews."""
    if not reviews:
        return None
    left, right, top, bottom = 36, 16, 12, height - 28
    usable = width - left - right
    span = len(reviews) - 1

    def x_of(index: int) -> float:
        return round(left + (usable * index / span if span else usable / 2), 1)

    def y_of(score: int) -> float:
        return round(bottom - (bottom - top) * score / RATING_MAX, 1)

    lines = []
    for n, (label, scores) in enumerate(goals):
        points = [
            (x_of(i), y_of(scores[day]), scores[day], f"{day:%-d %b %Y}")
            for i, day in enumerate(reviews)
            if day in scores
        ]
        lines.append(ChartLine(label, COLOURS[n % len(COLOURS)], points))
    return RatingsChart(
        width=width,
        height=height,
        top=top,
        bottom=bottom,
        left=left,
        right=right,
        lines=lines,
        y_ticks=[(y_of(s), s) for s in (0, 5, 10)],
        x_ticks=[(x_of(i), f"{day:%-d %b}") for i, day in enumerate(reviews)],
    )
