import datetime as dt

from continuum.core.chronology import build_timeline
from continuum.core.models import ChronologyEvent


def event(pk: int, day: dt.date, kind: str = "visit") -> ChronologyEvent:
    return ChronologyEvent(pk=pk, occurred_on=day, kind=kind, summary=f"Event {pk}")


def test_timeline_lays_events_out_by_date_and_kind():
    events = [
        event(1, dt.date(2026, 1, 1)),
        event(2, dt.date(2026, 7, 1), "contact"),
        event(3, dt.date(2025, 1, 1)),
    ]
    timeline = build_timeline(events, width=1000)
    by_anchor = {p.anchor: p for p in timeline.points}
    assert by_anchor["event-3"].x < by_anchor["event-1"].x < by_anchor["event-2"].x
    assert by_anchor["event-2"].y != by_anchor["event-1"].y  # a lane per kind
    assert (timeline.start, timeline.end) == (dt.date(2025, 1, 1), dt.date(2026, 7, 1))
    assert [label for label, _ in timeline.legend] == ["Contact or request for support", "Visit"]


def test_a_birth_long_before_the_work_does_not_squash_the_drawing():
    events = [
        event(1, dt.date(2015, 2, 4), "birth"),
        event(2, dt.date(2025, 11, 3)),
        event(3, dt.date(2026, 2, 9)),
    ]
    timeline = build_timeline(events, years=3)
    assert [p.anchor for p in timeline.points] == ["event-2", "event-3"]
    assert timeline.start == dt.date(2025, 11, 3)


def test_no_events_no_timeline():
    assert build_timeline([]) is None


def test_axis_ticks_are_months_for_a_short_span_and_years_for_a_long_one():
    short = build_timeline([event(1, dt.date(2026, 8, 24)), event(2, dt.date(2026, 11, 10))])
    assert [label for _, label in short.ticks] == ["Sep 2026", "Oct 2026", "Nov 2026"]
    long = build_timeline(
        [event(1, dt.date(2020, 3, 1)), event(2, dt.date(2026, 11, 10))], years=10
    )
    assert [label for _, label in long.ticks] == ["2021", "2022", "2023", "2024", "2025", "2026"]
    assert all(16 <= x <= 944 for x, _ in long.ticks)
