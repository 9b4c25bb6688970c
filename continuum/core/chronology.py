"""Writing to and reading from the chronology."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from continuum.core.models import ChronologyEvent, EventKind


def record_event(
    person: models.Model,
    *,
    kind: str,
    occurred_on: dt.date,
    summary: str,
    detail: str = "",
    recorded_by: models.Model | None = None,
    source: models.Model | None = None,
) -> ChronologyEvent:
    """Add an event to a person's chronology. Called from actions, inside their transaction."""
    return ChronologyEvent.objects.create(
        person=person,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary[:300],
        detail=detail,
        recorded_by=recorded_by,
        source=f"{source._meta.label}:{source.pk}" if source is not None else "",
    )


# -- Links from an event to its record ----------------------------------------------------------
# Each app says how to open the records it points events at ("socialwork.CaseNote" -> the case
# note's page), so the chronology links every event to its record without knowing the apps.

SourceLink = Callable[[int], str]
_source_links: dict[str, tuple[SourceLink, str]] = {}


def register_source_link(label: str, url_for: SourceLink, text: str) -> None:
    """`label` is the model's label ("socialwork.CaseNote"), `url_for(pk)` its page's address
    and `text` the link's words ("Open the case note")."""
    _source_links[label] = (url_for, text)


def source_link(source: str) -> tuple[str, str] | None:
    """The (address, words) of the record an event came from, or None when it has no page."""
    label, _, pk = source.partition(":")
    found = _source_links.get(label)
    if found is None or not pk.isdigit():
        return None
    url_for, text = found
    return url_for(int(pk)), text


# One colour per kind, from the GOV.UK colour palette, for the timeline.
KIND_COLOURS = {
    EventKind.RECORD_CREATED: "#505a5f",
    EventKind.BIRTH: "#00703c",
    EventKind.ADDRESS: "#1d70b8",
    EventKind.FAMILY: "#4c2c92",
    EventKind.ALLOCATION: "#28a197",
    EventKind.CONTACT: "#f47738",
    EventKind.SIGNPOSTING: "#0f7a52",
    EventKind.ASSESSMENT: "#003078",
    EventKind.PLAN: "#85994b",
    EventKind.MEETING: "#912b88",
    EventKind.VISIT: "#5694ca",
    EventKind.EDUCATION: "#d53880",
    EventKind.HEALTH: "#b58840",
    EventKind.POLICE: "#0b0c0c",
    EventKind.MISSING: "#d4351c",
    EventKind.CARE: "#6f72af",
    EventKind.CLOSURE: "#626a6e",
    EventKind.OTHER: "#b1b4b6",
}


@dataclass(frozen=True)
class TimelinePoint:
    x: float
    y: float
    colour: str
    label: str
    anchor: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    points: list[TimelinePoint]
    ticks: list[tuple[float, str]]
    axis_y: float
    legend: list[tuple[str, str]]
    start: dt.date
    end: dt.date


def build_timeline(
    events: list[ChronologyEvent], *, width: int = 960, years: int = 3
) -> Timeline | None:
    """Lay events out along a time axis, one lane per kind, for an SVG drawing."""
    if not events:
        return None
    # A birth years before the work began would squash the work into a sliver at the right,
    # so the drawing covers at most `years` before the latest event; the table has the rest.
    latest = max(e.occurred_on for e in events)
    window_start = dt.date(latest.year - years, latest.month, 1)
    events = [e for e in events if e.occurred_on >= window_start]
    kinds = [k for k in EventKind.values if any(e.kind == k for e in events)]
    lane_height, top, left, right = 22, 10, 16, 16
    axis_y = top + lane_height * len(kinds) + 6
    start = min(e.occurred_on for e in events)
    end = max(e.occurred_on for e in events)
    span = max((end - start).days, 1)
    usable = width - left - right

    def x_of(day: dt.date) -> float:
        return round(left + usable * (day - start).days / span, 1)

    points = [
        TimelinePoint(
            x=x_of(e.occurred_on),
            y=top + lane_height * kinds.index(e.kind) + lane_height / 2,
            colour=KIND_COLOURS.get(e.kind, "#b1b4b6"),
            label=f"{e.occurred_on:%-d %b %Y}: {e.summary}",
            anchor=f"event-{e.pk}",
        )
        for e in events
    ]
    ticks = [(x_of(day), label) for day, label in _tick_dates(start, end)]
    legend = [(EventKind(k).label, KIND_COLOURS.get(k, "#b1b4b6")) for k in kinds]
    return Timeline(width, int(axis_y + 24), points, ticks, axis_y, legend, start, end)


def _tick_dates(start: dt.date, end: dt.date, *, most: int = 8) -> list[tuple[dt.date, str]]:
    """Labelled dates for the axis: the first of each month (or of each year, for long
    spans) inside the range, thinned to at most `most`."""
    months = []
    day = dt.date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    if len(months) > most * 3:
        years = [d for d in months if d.month == 1]
        step = max(1, -(-len(years) // most))
        return [(d, str(d.year)) for d in years[::step]]
    step = max(1, -(-len(months) // most))
    return [(d, f"{d:%b %Y}") for d in months[::step]]
