"""The directory's search index, held in memory: the search entries, word index and activity
types of every service as a few NumPy columns, so that "what matches, how many, and the
nearest twenty" is a handful of vector operations instead of two database scans.

At 10,000 services a search by postcode within five miles matches thousands of sessions;
counting them and sorting by distance in SQL cost 5 to 20 ms a search however it was
indexed, and most of the rest was building the query. Here the same search takes well under
a millisecond, identically on SQLite and PostgreSQL.

The database stays the source of truth. `search.refresh_search_entries` writes a new random
token to `SearchIndexVersion` whenever it rebuilds any entries; each search reads the token
(one primary-key lookup) and reloads the snapshot when it has changed, so every process
sees a change on its next search, and a rolled-back change is never served (its token is
rolled back with it). Loading 10,000 services takes a few tenths of a second, once per
process per change.

The matching rules here are the ones `search.entries_matching` wrote in SQL before; the
tests check them against `rules.schedule_matches` on a table of schedules and questions.
"""

import bisect
import datetime as dt
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection

from continuum.core import clock
from continuum.directory import rules
from continuum.directory.models import (
    SearchEntry,
    SearchIndexVersion,
    SearchWord,
    Service,
    ServiceAttribute,
    TaxonomyTerm,
)

NO_ROWS = np.zeros(0, dtype=np.int64)


def _seconds(value: dt.time | None) -> float:
    if value is None:
        return np.nan
    return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6


def _day(value: dt.date | None) -> float:
    return np.nan if value is None else float(value.toordinal())


@dataclass(frozen=True)
class Criteria:
    """What a search asks, in the index's units (seconds since midnight, day ordinals)."""

    age: float | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    words: tuple[str, ...] = ()
    taxonomy_term_ids: tuple[uuid.UUID, ...] = ()
    taxonomy_id: uuid.UUID | None = None
    sessions: bool = False
    on: dt.date | None = None
    day: int | None = None
    open_at: dt.time | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None


def _rows(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _id_value(value: uuid.UUID) -> object:
    """A UUID as this database's driver returns it (a hex string on SQLite, a UUID on
    PostgreSQL), so ids read with plain SQL can be compared without converting them all."""
    return Service._meta.pk.get_db_prep_value(value, connection)


def service_key(raw: object) -> int:
    """A service's id as a positive 63-bit number, the same in every table and process: from
    a UUID, or from an id as the database driver returned it (a hex string on SQLite)."""
    number = raw.int if isinstance(raw, uuid.UUID) else int(str(raw), 16)
    return number & ((1 << 63) - 1)


def _floats(values: tuple, convert: Callable[[Any], float] = float) -> np.ndarray:
    return np.array([np.nan if v is None else convert(v) for v in values], dtype=np.float64)


def _time_seconds(value: object) -> float:
    return _seconds(dt.time.fromisoformat(value) if isinstance(value, str) else value)


def _date_ordinal(value: object) -> float:
    return _day(dt.date.fromisoformat(value) if isinstance(value, str) else value)


def _groups(labels: list, members: np.ndarray) -> dict[object, np.ndarray]:
    """{label: the members with that label}, without a Python loop per member."""
    numbers: dict[object, int] = {}
    coded = np.fromiter(
        (numbers.setdefault(label, len(numbers)) for label in labels),
        dtype=np.int64,
        count=len(labels),
    )
    order = np.argsort(coded, kind="stable")
    bounds = np.searchsorted(coded[order], np.arange(len(numbers) + 1))
    grouped = members[order]
    return {label: grouped[bounds[n] : bounds[n + 1]] for label, n in numbers.items()}


class Snapshot:
    """Every search entry as columns (NaN where the database has NULL), with the word index
    and activity types as sets of services. Immutable once loaded; replaced, never
    changed, so threads can share it.

    Read with plain SQL, keeping ids as the driver returns them: converting 10,000 ids to
    UUIDs and parsing every time through the ORM cost more than everything else together."""

    def __init__(self, token: str) -> None:
        self.token = token
        entry = _table(SearchEntry)
        # SQLite's driver would parse times and dates in Python, one call per value: read
        # them as ISO text instead and parse them here in C (PostgreSQL's driver is fast).
        sessions = ", ".join(
            f"CAST({c} AS TEXT)" if connection.vendor == "sqlite" else c
            for c in ("opens_at", "closes_at", "valid_from", "valid_to")
        )
        rows = _rows(
            "SELECT service_at_location_id, service_key, is_first, is_active, easting, "  # noqa: S608 - table names from the models
            f"northing, minimum_age, maximum_age, day_mask, {sessions} FROM {entry}"
        )
        columns = list(zip(*rows, strict=True)) if rows else [()] * 13
        (places, keys, first, active, east, north, low, high, days) = columns[:9]
        opens, closes, valid_from, valid_to = columns[9:]
        # Places are numbered in id order, so ties in distance or name break by id as the
        # database would (ORDER BY ..., service_at_location_id).
        self.place_ids: list = sorted(set(places))
        place_index = {pk: n for n, pk in enumerate(self.place_ids)}
        self.place = np.array([place_index[p] for p in places], dtype=np.int64)
        entry_keys = np.array(keys, dtype=np.int64)
        # Services are numbered by their key (`service_key`), which the word index
        # also carries.
        self.keys = np.unique(entry_keys)
        self.service = np.searchsorted(self.keys, entry_keys)
        self.is_first = np.array(first, dtype=bool)
        self.is_active = np.array(active, dtype=bool)
        self.easting = _floats(east)
        self.northing = _floats(north)
        self.minimum_age = _floats(low)
        self.maximum_age = _floats(high)
        self.day_mask = np.array(days, dtype=np.int64)
        self.opens_at = _floats(opens, _time_seconds)
        self.closes_at = _floats(closes, _time_seconds)
        self.valid_from = _floats(valid_from, _date_ordinal)
        self.valid_to = _floats(valid_to, _date_ordinal)
        self.located = ~(np.isnan(self.easting) | np.isnan(self.northing))

        # Services in the database's own name order (its collation), so results without a
        # postcode are in the order the database would give; equal names share a rank.
        ranks, rank, previous = {}, -1, None
        for pk, name in _rows(f"SELECT id, name FROM {_table(Service)} ORDER BY name, id"):  # noqa: S608 - table name from the model
            if name != previous:
                rank, previous = rank + 1, name
            ranks[service_key(pk)] = rank
        self.name_rank = np.array([ranks[k] for k in self.keys.tolist()], dtype=np.int64)

        # A few hundred distinct words over a couple of hundred thousand (word, service)
        # rows: the database groups them, and NumPy reads each group's keys from text.
        if connection.vendor == "postgresql":
            joined = "string_agg(CAST(service_key AS TEXT), ',')"
        else:
            joined = "group_concat(service_key, ',')"
        self.words, self.word_services = [], []
        for word, text in sorted(
            _rows(f"SELECT word, {joined} FROM {_table(SearchWord)} GROUP BY word")  # noqa: S608 - table name from the model
        ):
            keys = np.array(text.split(","), dtype=np.int64)
            found = np.searchsorted(self.keys, keys).clip(max=max(len(self.keys) - 1, 0))
            services = found[self.keys[found] == keys] if len(self.keys) else NO_ROWS
            if len(services):
                self.words.append(word)
                self.word_services.append(services)

        attributes = _rows(
            f"SELECT a.service_id, a.taxonomy_term_id, t.taxonomy_id "  # noqa: S608 - table names from the models
            f"FROM {_table(ServiceAttribute)} a "
            f"JOIN {_table(TaxonomyTerm)} t ON t.id = a.taxonomy_term_id"
        )
        attribute_keys = np.array([service_key(a[0]) for a in attributes], dtype=np.int64)
        self.term_services = self._known([a[1] for a in attributes], attribute_keys)
        self.taxonomy_services = self._known([a[2] for a in attributes], attribute_keys)

    def _known(self, labels: list, keys: np.ndarray) -> dict[object, np.ndarray]:
        """{label: numbers of the services with that label}, for services with entries."""
        found = np.searchsorted(self.keys, keys)
        known = found < len(self.keys)
        known[known] = self.keys[found[known]] == keys[known]
        return _groups([label for label, k in zip(labels, known, strict=True) if k], found[known])

    def __len__(self) -> int:
        return len(self.place)

    # -- What matches -----------------------------------------------------------------------

    def _services_where(self, chosen: list[np.ndarray]) -> np.ndarray:
        """Entries whose service is in every one of these sets of services."""
        allowed = np.ones(len(self.keys), dtype=bool)
        for services in chosen:
            member = np.zeros(len(self.keys), dtype=bool)
            member[services] = True
            allowed &= member
        return allowed[self.service]

    def _with_word(self, word: str) -> np.ndarray:
        """Services with a word starting with `word` (as the word index's range did)."""
        lo = bisect.bisect_left(self.words, word)
        hi = bisect.bisect_left(self.words, rules.prefix_bound(word))
        if lo == hi:
            return NO_ROWS
        return np.concatenate(self.word_services[lo:hi])

    def matching(self, criteria: Criteria) -> np.ndarray:
        """A mask of the entries that match everything asked except place. Without a
        timetable question, one entry per service at a place; with one, each of its sessions
        that matches."""
        mask = self.is_active.copy()
        low, high = self.minimum_age, self.maximum_age
        if criteria.age is not None:
            mask &= (np.isnan(low) | (low <= criteria.age)) & (
                np.isnan(high) | (high >= criteria.age)
            )
        if criteria.minimum_age is not None:
            mask &= low >= criteria.minimum_age  # NaN (no minimum) never compares true
        if criteria.maximum_age is not None:
            mask &= high <= criteria.maximum_age
        chosen = [self._with_word(word) for word in criteria.words]
        if criteria.taxonomy_term_ids:
            chosen.append(
                np.concatenate(
                    [NO_ROWS]
                    + [
                        self.term_services.get(_id_value(t), NO_ROWS)
                        for t in criteria.taxonomy_term_ids
                    ]
                )
            )
        if criteria.taxonomy_id is not None:
            chosen.append(self.taxonomy_services.get(_id_value(criteria.taxonomy_id), NO_ROWS))
        if chosen:
            mask &= self._services_where(chosen)
        if not criteria.sessions:
            return mask & self.is_first
        on = float((criteria.on or clock.today()).toordinal())
        mask &= np.isnan(self.valid_from) | (self.valid_from <= on)
        mask &= np.isnan(self.valid_to) | (self.valid_to >= on)
        if criteria.day is not None:
            mask &= (self.day_mask & (1 << criteria.day)) > 0
        opens, closes = self.opens_at, self.closes_at
        if criteria.open_at is not None:
            at = _seconds(criteria.open_at)
            # As rules.schedule_matches: open from opening time up to closing time; a closing
            # time at or before the opening time is an overnight session.
            either_open = np.isnan(opens) | np.isnan(closes)
            overnight = ~either_open & (closes <= opens)
            same_day = (
                ~overnight & (np.isnan(opens) | (opens <= at)) & (np.isnan(closes) | (closes > at))
            )
            mask &= same_day | (overnight & ((opens <= at) | (closes > at)))
        if criteria.start_time is not None:
            mask &= opens >= _seconds(criteria.start_time)
        if criteria.end_time is not None:
            mask &= closes <= _seconds(criteria.end_time)
        return mask

    # -- In what order ----------------------------------------------------------------------

    def nearest(
        self,
        mask: np.ndarray,
        origin: tuple[int, int],
        radius: float | None,
        start: int,
        size: int,
    ) -> tuple[int, list[tuple[uuid.UUID, float]]]:
        """(how many places match within the radius, the page of (id, squared distance)
        nearest first; ties by id)."""
        east, north = origin
        mask = mask & self.located
        d2 = (self.easting - east) ** 2 + (self.northing - north) ** 2
        if radius is not None:
            mask &= d2 <= float(np.ceil(radius)) ** 2
        places, first = np.unique(self.place[mask], return_index=True)
        distances = d2[mask][first]
        total = len(places)
        if start >= total:
            return total, []
        need = start + size
        if need < total:
            # Only the nearest `need` (and any tied with the last of them) need sorting.
            cut = np.partition(distances, need - 1)[need - 1]
            keep = distances <= cut
            places, distances = places[keep], distances[keep]
        order = np.lexsort((places, distances))[start:need]
        return total, [(_uuid(self.place_ids[places[n]]), float(distances[n])) for n in order]

    def by_name(
        self, mask: np.ndarray, start: int, size: int
    ) -> tuple[int, list[tuple[uuid.UUID, None]]]:
        """Every match, in service name order (ties by id)."""
        places, first = np.unique(self.place[mask], return_index=True)
        total = len(places)
        if start >= total:
            return total, []
        ranks = self.name_rank[self.service[mask][first]]
        order = np.lexsort((places, ranks))[start : start + size]
        return total, [(_uuid(self.place_ids[p]), None) for p in places[order]]


def _uuid(raw: object) -> uuid.UUID:
    return raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))


_lock = threading.Lock()
_snapshots: dict[str, Snapshot] = {}


def current_token() -> str:
    """The token of the search entries as they are now ("" before the first build)."""
    table = connection.ops.quote_name(SearchIndexVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT token FROM {table} WHERE id = %s",  # noqa: S608 - table name from the model
            [SearchIndexVersion.SINGLETON],
        )
        row = cursor.fetchone()
    return row[0] if row else ""


def snapshot() -> Snapshot:
    """The index as the database has it now: this process's copy if the token still
    matches, else freshly loaded."""
    token = current_token()
    alias = connection.alias
    held = _snapshots.get(alias)
    if held is not None and held.token == token:
        return held
    with _lock:
        held = _snapshots.get(alias)
        if held is None or held.token != token:
            held = _snapshots[alias] = Snapshot(token)
        return held


def changed() -> None:
    """Record that the search entries have changed: every process reloads on its next
    search. Part of the caller's transaction."""
    SearchIndexVersion.objects.update_or_create(
        pk=SearchIndexVersion.SINGLETON, defaults={"token": uuid.uuid4().hex}
    )
