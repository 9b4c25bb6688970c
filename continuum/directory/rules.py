"""Rules of the services directory. Pure functions: no Django imports.

Distance is the straight line between two postcode centroids in OSGB36 eastings and northings
(metres), which is what the ONS postcode directory gives; over a town the size of Blackpool
the flat-grid error is far below a postcode's own size. Schedules follow ORUK's iCalendar
fields (`freq`, `byday`, `opens_at`, `closes_at`, `valid_from`, `valid_to`).
"""

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

Point = tuple[float, float]

# ---------------------------------------------------------------------------------------------
# Distance

METRES_PER_MILE = 1609.344
# How far the pages look when a family gives a postcode but no distance: all of Blackpool and
# its edges from anywhere in it.
DEFAULT_RADIUS_M = 8_000
MAX_RADIUS_M = 100_000


def distance_m(a: Point, b: Point) -> float:
    """Straight-line distance in metres between two OSGB36 grid points."""
    return math.hypot(a[0] - b[0], a[1] - b[1])


def bounding_box(centre: Point, radius_m: float) -> tuple[float, float, float, float]:
    """(min easting, max easting, min northing, max northing) of the square around a circle:
    an index range scan finds the candidates, then the exact distance decides."""
    east, north = centre
    return (east - radius_m, east + radius_m, north - radius_m, north + radius_m)


def describe_distance(metres: float) -> str:
    """'0.3 miles', '1.2 miles', 'under 0.1 miles': families in England think in miles."""
    miles = metres / METRES_PER_MILE
    if miles < 0.1:
        return "under 0.1 miles"
    return f"{miles:.1f} miles"


def parse_proximity(value: str | None) -> int | None:
    """ORUK's `proximity` (metres, sent as a string): a whole number from 1 to 100 km.
    Raises ValueError with a plain-English message otherwise."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    try:
        metres = float(text)
    except ValueError:
        raise ValueError("proximity must be a distance in metres, like 1500") from None
    if not math.isfinite(metres) or metres <= 0:
        raise ValueError("proximity must be a distance in metres greater than 0")
    if metres > MAX_RADIUS_M:
        raise ValueError(f"proximity must be {MAX_RADIUS_M:,} metres or less")
    return math.ceil(metres)


# ---------------------------------------------------------------------------------------------
# Age

MAX_AGE = 130


def age_eligible(minimum_age: float | None, maximum_age: float | None, age: float) -> bool:
    """Whether a person of `age` years may use a service with these ORUK age limits. A missing
    limit means no limit on that side; both limits are inclusive (0 to 4 includes 4-year-olds).
    """
    if minimum_age is not None and age < minimum_age:
        return False
    return not (maximum_age is not None and age > maximum_age)


def describe_ages(minimum_age: float | None, maximum_age: float | None) -> str:
    """'Ages 0 to 4', 'Ages 16 and over', 'Up to age 17', 'All ages'."""

    def show(value: float) -> str:
        if value == int(value):
            return str(int(value))
        whole, part = int(value), value - int(value)
        fractions = {0.25: "¼", 0.5: "½", 0.75: "¾"}
        return f"{whole}{fractions.get(round(part, 2), f'{part:.2f}'[1:])}"

    if minimum_age is None and maximum_age is None:
        return "All ages"
    if minimum_age is None or minimum_age == 0:
        return f"Up to age {show(maximum_age)}" if maximum_age is not None else "All ages"
    if maximum_age is None:
        return f"Ages {show(minimum_age)} and over"
    return f"Ages {show(minimum_age)} to {show(maximum_age)}"


# ---------------------------------------------------------------------------------------------
# Days and times

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ALL_DAYS_MASK = 0b1111111
_BYDAY_PART = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")


def parse_byday(byday: str) -> tuple[int, ...]:
    """Weekday numbers (Monday 0) named in an iCalendar BYDAY list: 'TH,FR' -> (3, 4);
    '2MO,-1FR' (second Monday, last Friday of a month) -> (0, 4). Raises ValueError on
    anything else, so that an import says which schedule is wrong."""
    days: list[int] = []
    for raw in (byday or "").upper().replace(" ", "").split(","):
        if not raw:
            continue
        match = _BYDAY_PART.match(raw)
        if not match:
            raise ValueError(f"'{raw}' is not a day like MO, SA or 2MO")
        day = DAY_CODES.index(match.group(2))
        if day not in days:
            days.append(day)
    return tuple(sorted(days))


def day_mask(byday: str) -> int:
    """One bit per weekday (Monday = 1, Sunday = 64) for a BYDAY list; 0 when none is named."""
    return sum(1 << day for day in parse_byday(byday))


def parse_day(value: str | None) -> int | None:
    """A weekday from what a person or a client sends: 'Saturday', 'sat', 'SA', 'saturday '.
    None for blank; ValueError with a plain-English message otherwise."""
    text = (value or "").strip().lower()
    if not text:
        return None
    for number, (code, name) in enumerate(zip(DAY_CODES, DAY_NAMES, strict=True)):
        if text in (code.lower(), name.lower(), name[:3].lower()):
            return number
    raise ValueError("day must be a day of the week, like Saturday or SA")


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def parse_time(value: str | None) -> dt.time | None:
    """'10:00', '10:00:00', '09:30Z' or '09:30+01:00' -> 10:00 (wall-clock time; the offset is
    dropped because timetables in the directory are all local to the authority). None for
    blank; ValueError with a plain-English message otherwise."""
    text = (value or "").strip()
    if not text:
        return None
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"'{text[:20]}' is not a time like 10:00 or 14:30")
    return dt.time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))


@dataclass(frozen=True)
class ScheduleFacts:
    """What a schedule says about when a service runs, as plain values."""

    byday: str = ""
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    freq: str = "WEEKLY"


def schedule_matches(
    schedule: ScheduleFacts,
    *,
    day: int | None = None,
    at: dt.time | None = None,
    on: dt.date | None = None,
) -> bool:
    """Whether a schedule runs on `day` (Monday 0), is open at time `at` (from opening time up
    to but not including closing time) and is valid on date `on`. Each condition left as None
    is not asked. A schedule without days runs on none of them; one without times matches any
    time on its days. A closing time at or before the opening time means the session runs
    overnight; we count both its evening and its early-morning hours as that day's."""
    if on is not None:
        if schedule.valid_from is not None and on < schedule.valid_from:
            return False
        if schedule.valid_to is not None and on > schedule.valid_to:
            return False
    if day is not None and day not in parse_byday(schedule.byday):
        return False
    if at is None:
        return True
    opens, closes = schedule.opens_at, schedule.closes_at
    if opens is not None and closes is not None and closes <= opens:
        # Overnight (the Emergency Duty Team's 5pm to 9am): open late that day and early on it.
        return at >= opens or at < closes
    if opens is not None and at < opens:
        return False
    return not (closes is not None and at >= closes)


def describe_time(value: dt.time) -> str:
    """GOV.UK style: 10am, 2:30pm, midday, midnight."""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}


def describe_schedule(schedule: ScheduleFacts) -> str:
    """'Saturdays, 10am to midday'; 'Mondays and Thursdays, 9:30am to 11am'; 'The first
    Saturday of each month, 10am to midday'."""
    parts = [p for p in (schedule.byday or "").upper().replace(" ", "").split(",") if p]
    if schedule.freq == "MONTHLY" and parts:
        named = []
        for part in parts:
            match = _BYDAY_PART.match(part)
            if not match:
                continue
            ordinal = _ORDINALS.get(int(match.group(1) or 0), "every")
            named.append(f"{ordinal} {DAY_NAMES[DAY_CODES.index(match.group(2))]}")
        days = "The " + _and(named) + " of each month" if named else ""
    else:
        try:
            days = _and([f"{DAY_NAMES[d]}s" for d in parse_byday(schedule.byday)])
        except ValueError:
            days = ""
    times = ""
    if schedule.opens_at and schedule.closes_at:
        times = f"{describe_time(schedule.opens_at)} to {describe_time(schedule.closes_at)}"
    elif schedule.opens_at:
        times = f"from {describe_time(schedule.opens_at)}"
    return ", ".join(p for p in (days, times) if p)


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class TimetableEntry:
    """One session in a family hub's weekly timetable."""

    day: int
    opens_at: dt.time | None
    closes_at: dt.time | None
    title: str
    key: str = ""


def weekly_timetable(
    sessions: Iterable[tuple[ScheduleFacts, str, str]], *, on: dt.date | None = None
) -> list[tuple[str, list[TimetableEntry]]]:
    """A hub's week, Monday to Sunday, each day's sessions in time order. `sessions` are
    (schedule, title, key) triples; schedules not valid on `on` are left out. Days with no
    sessions are left out too."""
    days: dict[int, list[TimetableEntry]] = {d: [] for d in range(7)}
    for schedule, title, key in sessions:
        if on is not None and not schedule_matches(schedule, on=on):
            continue
        try:
            weekdays = parse_byday(schedule.byday)
        except ValueError:
            continue
        for day in weekdays:
            days[day].append(TimetableEntry(day, schedule.opens_at, schedule.closes_at, title, key))
    return [
        (
            DAY_NAMES[d],
            sorted(entries, key=lambda e: (e.opens_at or dt.time(0), e.title)),
        )
        for d, entries in days.items()
        if entries
    ]


# ---------------------------------------------------------------------------------------------
# Free text

# Letters and digits, with apostrophes inside a word ("children's"): never LIKE wildcards.
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)
MAX_SEARCH_WORDS = 8


def search_words(text: str | None) -> list[str]:
    """The words of a free-text search, lower case, at most eight, each at most 40 letters:
    'Stay & Play, FY1!' -> ['stay', 'play', 'fy1']."""
    words = [w.lower()[:40] for w in _WORD.findall((text or "")[:200])]
    return list(dict.fromkeys(w for w in words if w))[:MAX_SEARCH_WORDS]


def index_words(text: str) -> set[str]:
    """Every distinct word of a service's search text, for the word index (each at most 40
    letters, as `search_words` cuts them)."""
    return {w.lower()[:40] for w in _WORD.findall(text or "")}


def prefix_bound(word: str) -> str:
    """The first string after every string that starts with `word`: 'pare' -> 'parf', so a
    prefix search is the index range word <= x < prefix_bound(word)."""
    return word[:-1] + chr(ord(word[-1]) + 1)


def build_search_text(*parts: str) -> str:
    """The lower-case text a service is found by: its name, description, organisation and
    activity types, with whitespace collapsed."""
    return " ".join(" ".join(p.split()) for p in parts if p).lower()
