"""The performance figures' arithmetic, as pure functions: shares, periods, bands.

The dashboard (returns/dashboard.py) reads the records; these decide what counts and how it
reads, so each is tested with tables of values.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Share:
    """ "38 of 40 (95%)": how many of a number met a standard."""

    met: int
    of: int

    @property
    def percent(self) -> int | None:
        """Rounded half up, as the Department publishes; None when there is nothing to count."""
        if self.of == 0:
            return None
        return int(self.met * 100 / self.of + 0.5)

    @property
    def words(self) -> str:
        if self.of == 0:
            return "None in this period"
        return f"{self.met:,} of {self.of:,} ({self.percent}%)"


def collection_year_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The census year (1 April to 31 March) that holds `day`."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def period_problem(start: dt.date, end: dt.date) -> str | None:
    if end < start:
        return "The end of the period must be on or after its start."
    if (end - start).days > 366 * 5:
        return "Choose a period of at most five years."
    return None


def bands(counts: Iterable[int], *, top: int) -> list[tuple[str, int]]:
    """How many have 0, 1, ... `top` or more: "3 or more" is the last band."""
    counted = Counter(min(n, top) for n in counts)
    return [(f"{n} or more" if n == top else str(n), counted.get(n, 0)) for n in range(0, top + 1)]


def bar_widths(values: list[int], *, width: int = 100) -> list[int]:
    """Bar lengths for a chart, the largest `width` long; a non-zero value is never drawn as
    nothing (at least 1)."""
    largest = max(values, default=0)
    if largest <= 0:
        return [0 for _ in values]
    return [max(1, round(v * width / largest)) if v > 0 else 0 for v in values]
