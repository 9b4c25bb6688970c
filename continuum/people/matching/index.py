"""The matching index: each record's normalised profile and blocking keys, derived from the
person index.

`build_index` rebuilds it all (`continuum matching-index`); `refresh_people` keeps it current
when a person's details change (called from signal handlers, so every path that saves a
person, an alias, an address or a parent keeps the index right, including factories and the
admin). A record merged into another contributes its names, dates and addresses to the
survivor's profile, so the survivor is found by either record's details.
"""

import datetime as dt
import functools
import gc
import json
import multiprocessing
import os
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Count

from continuum.people.matching import rules
from continuum.people.models import (
    Person,
    PersonAddress,
    PersonMatchKey,
    PersonMatchRecord,
    PersonName,
    Relationship,
    RelationshipKind,
)

PERSON = Person._meta.db_table
NAME = PersonName._meta.db_table
ADDRESS = PersonAddress._meta.db_table
RELATIONSHIP = Relationship._meta.db_table
KEY_TABLE = PersonMatchKey._meta.db_table
RECORD_TABLE = PersonMatchRecord._meta.db_table
CARER_KINDS = (RelationshipKind.PARENT, RelationshipKind.STEP_PARENT, RelationshipKind.CARER)
# What a profile needs of a person's own row, in this order (`PersonRow`).
PERSON_COLUMNS = (
    "id, kind, given_name, middle_names, family_name, date_of_birth, expected_date_of_birth, "
    "sex, nhs_number"
)
PersonRow = tuple  # (id, kind, given, middle, family, born, expected, sex, nhs[, merged_into])

LOOKUP_INDEX = "people_match_key_lookup"
# "key" is a keyword in some SQL dialects: always quoted.
KEY = '"key"'
NameCounts = tuple[Counter, Counter, int]


@dataclass
class PersonRows:
    """The rows a batch of profiles is made from, as plain tuples: read by the process that
    holds the database connection, and cheap to hand to a worker process that has none.

    `merged` rows carry the survivor's id last; `addresses` are (person_id, line, postcode,
    is_open) in the order of the person's addresses, latest first."""

    people: list[PersonRow]
    merged: list[PersonRow]
    aliases: list[tuple[int, str, str]]
    addresses: list[tuple[int, str, str, bool]]
    carers: list[tuple[int, str, str]]


def _read_rows(
    cursor: CursorWrapper,
    *,
    ids: list[int] | None = None,
    id_range: tuple[int, int] | None = None,
) -> PersonRows:
    """The rows for live records (by ids, or all in a range of ids for a full build, which
    reads each table in index order rather than through long IN lists), with the records
    merged into them, in five queries. Plain SQL: the ORM spent more time building model
    values than the database spent finding them.

    Each list is ordered (by person, then by row id), so a profile lists its values in the
    same order on every database and however the query is planned."""
    if id_range is not None:
        within, params = "BETWEEN %s AND %s", list(id_range)
    else:
        ids = ids or []
        within, params = f"IN ({_placeholders(ids)})", list(ids)
    cursor.execute(
        f"SELECT {PERSON_COLUMNS} FROM {PERSON} WHERE id {within} AND merged_into_id IS NULL "  # noqa: S608 - names from the models; values bound
        "ORDER BY id",
        params,
    )
    people = cursor.fetchall()
    cursor.execute(
        f"SELECT {PERSON_COLUMNS}, merged_into_id FROM {PERSON} WHERE merged_into_id {within} "  # noqa: S608 - names from the models; values bound
        "ORDER BY id",
        params,
    )
    merged = cursor.fetchall()
    merged_ids = [m[0] for m in merged]
    whose, whose_params = f"person_id {within}", params
    if merged_ids:
        whose = f"({whose} OR person_id IN ({_placeholders(merged_ids)}))"
        whose_params = params + merged_ids
    cursor.execute(
        f"SELECT person_id, given_name, family_name FROM {NAME} WHERE {whose} "  # noqa: S608 - names from the models; values bound
        "ORDER BY person_id, id",
        whose_params,
    )
    aliases = cursor.fetchall()
    cursor.execute(
        f"SELECT person_id, line_1, postcode, end_date FROM {ADDRESS} WHERE {whose} "  # noqa: S608 - names from the models; values bound
        "ORDER BY person_id, start_date DESC, id",
        whose_params,
    )
    addresses = [
        (pid, line, postcode, end is None) for pid, line, postcode, end in cursor.fetchall()
    ]
    children, children_params = f"r.other_id {within}", params
    if merged_ids:
        children = f"({children} OR r.other_id IN ({_placeholders(merged_ids)}))"
        children_params = params + merged_ids
    cursor.execute(
        f"SELECT r.other_id, p.given_name, p.family_name FROM {RELATIONSHIP} r "  # noqa: S608 - names from the models; values bound
        f"JOIN {PERSON} p ON p.id = r.person_id "
        f"WHERE {children} AND r.kind IN ({_placeholders(CARER_KINDS)}) "
        "ORDER BY r.other_id, r.id",
        children_params + [str(k) for k in CARER_KINDS],
    )
    carers = cursor.fetchall()
    return PersonRows(people, merged, aliases, addresses, carers)


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values))


def _profiles(ids: list[int], counts: NameCounts | None) -> dict[int, rules.Profile]:
    """Profiles for these live records, with the records merged into them."""
    with connection.cursor() as cursor:
        rows = _read_rows(cursor, ids=ids)
    return profiles_from_rows(rows, counts)


def profiles_from_rows(rows: PersonRows, counts: NameCounts | None) -> dict[int, rules.Profile]:
    """Profiles of the live records in `rows`, each with the records merged into it. No
    database here: worker processes run this."""
    owner = {p[0]: p[0] for p in rows.people} | {m[0]: m[-1] for m in rows.merged}
    aliases: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for pid, given, family in rows.aliases:
        if pid in owner:
            aliases[owner[pid]].append((given, family))
    addresses: dict[int, list[tuple[str, str, bool]]] = defaultdict(list)
    for pid, line, postcode, is_open in rows.addresses:
        if pid in owner:
            # Only the survivor's own open address is "current"; a merged record's is history.
            addresses[owner[pid]].append((line, postcode, is_open and pid == owner[pid]))
    carers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for child, given, family in rows.carers:
        if child in owner:
            carers[owner[child]].append((given, family))
    merged_by_owner: dict[int, list[PersonRow]] = defaultdict(list)
    for m in rows.merged:
        merged_by_owner[m[-1]].append(m)
    return {
        p[0]: make_profile(
            p,
            merged_by_owner.get(p[0], []),
            aliases.get(p[0], []),
            addresses.get(p[0], []),
            carers.get(p[0], []),
            counts,
        )
        for p in rows.people
    }


def make_profile(
    person: PersonRow,
    merged: list[PersonRow],
    aliases: list[tuple[str, str]],
    addresses: list[tuple[str, str, bool]],
    carers: list[tuple[str, str]],
    counts: NameCounts | None,
) -> rules.Profile:
    """A record's profile from plain values: its own row, the rows merged into it, its other
    names, its addresses (latest first, the open one flagged) and its carers' names."""
    givens: list[str] = []
    families: list[str] = []
    dates: list[dt.date] = []
    nhs_numbers: list[str] = []
    # Each list keeps the first occurrence of each non-empty value, in order.
    records = [person, *merged]
    for _, _, given, _, family, born, expected, _, nhs, *_ in records:
        first = _given_parts(given)[0]
        if first and first not in givens:
            givens.append(first)
        entry = _family_entry(family)
        if entry and entry not in families:
            families.append(entry)
        day = born or expected
        if day and day not in dates:
            dates.append(day)
        if nhs and nhs not in nhs_numbers:
            nhs_numbers.append(nhs)
    for _, _, given, middle, *_ in records:
        for token in (*_words(middle), *_given_parts(given)[1]):
            if token not in givens:
                givens.append(token)
    for given, family in aliases:
        first = _given_parts(given)[0]
        if first and first not in givens:
            givens.append(first)
        entry = _family_entry(family)
        if entry and entry not in families:
            families.append(entry)
    postcodes: list[str] = []
    lines: list[str] = []
    current = ""
    for line, postcode, is_current in addresses:
        code = _postcode(postcode)
        if is_current and not current:
            current = code
        if code and code not in postcodes:
            postcodes.append(code)
        normalised = _address_line(line)
        if normalised and normalised not in lines:
            lines.append(normalised)
    if current:
        postcodes.remove(current)
        postcodes.insert(0, current)
    carer_list = [c for c in (rules.Carer.from_names(g, f) for g, f in carers) if c]
    given_tf = family_tf = 0.0
    if counts and counts[2]:
        given_counts, family_counts, total = counts
        # As for the prior: frequencies in a tiny index say little about the population.
        total = max(total, rules.MIN_INDEX_FOR_PRIOR)
        if givens:
            given_tf = given_counts.get(givens[0], 0) / total
        if families:
            family_tf = family_counts.get(families[0], 0) / total
    sex = person[7]
    return rules.Profile(
        person_id=person[0],
        kind=person[1],
        givens=givens,
        families=families,
        dates_of_birth=dates,
        sex=sex if sex in ("M", "F") else "",
        postcodes=postcodes,
        current_postcode=current,
        address_lines=lines,
        nhs_numbers=nhs_numbers,
        carers=carer_list,
        given_tf=given_tf,
        family_tf=family_tf,
    )


# Names, postcodes and address lines repeat across records (a family shares them): each
# distinct value is normalised once per process.


@functools.lru_cache(maxsize=100_000)
def _given_parts(given: str) -> tuple[str, tuple[str, ...]]:
    """The first word of a given name ("" if none) and the rest."""
    tokens = rules.name_tokens(given)
    return (tokens[0], tuple(tokens[1:])) if tokens else ("", ())


@functools.lru_cache(maxsize=100_000)
def _words(names: str) -> tuple[str, ...]:
    return tuple(rules.name_tokens(names))


@functools.lru_cache(maxsize=100_000)
def _family_entry(family: str) -> str:
    return rules.family_entry(family)


@functools.lru_cache(maxsize=100_000)
def _postcode(postcode: str) -> str:
    return rules.normalise_postcode(postcode)


@functools.lru_cache(maxsize=100_000)
def _address_line(line: str) -> str:
    return rules.normalise_address_line(line)


def keys_of(profile: rules.Profile) -> set[int]:
    return rules.profile_key_hashes(profile)


# -- Keeping it current ---------------------------------------------------------------------


@transaction.atomic
def refresh_people(person_ids: Iterable[int]) -> None:
    """Recompute the profile and keys of these records (and of the survivors they were merged
    into); remove records that have been merged away. Old keys are found from the old
    profile, so the key table needs no index by person."""
    ids = set(person_ids)
    if not ids:
        return
    survivors = set(
        Person.objects.filter(pk__in=ids, merged_into__isnull=False).values_list(
            "merged_into_id", flat=True
        )
    )
    ids |= survivors
    old = {
        pid: rules.Profile.from_json(pid, json.loads(text))
        for pid, text in PersonMatchRecord.objects.filter(person_id__in=ids).values_list(
            "person_id", "profile"
        )
    }
    counts = _cached_counts(ids)
    new = _profiles(sorted(ids), counts)
    for pid in ids:
        before = old.get(pid)
        after = new.get(pid)
        before_keys = keys_of(before) if before else set()
        after_keys = keys_of(after) if after else set()
        gone = before_keys - after_keys
        if gone:
            PersonMatchKey.objects.filter(person_id=pid, key__in=gone).delete()
        added = after_keys - before_keys
        if added:
            PersonMatchKey.objects.bulk_create(
                [PersonMatchKey(key=k, person_id=pid) for k in added]
            )
        if after is None:
            PersonMatchRecord.objects.filter(person_id=pid).delete()
        else:
            PersonMatchRecord.objects.update_or_create(
                person_id=pid,
                defaults={
                    "kind": after.kind,
                    "profile": json.dumps(after.to_json(), separators=(",", ":")),
                },
            )
    _index_size.cache_clear_later()


class _SizeCache:
    """The number of records in the index, for the prior. Counting a million rows takes
    tens of milliseconds, so the count is kept for a minute, and exactly after changes."""

    def __init__(self) -> None:
        self.value: dict[str, int] = {}
        self.at = 0.0
        self.stale = True

    def __call__(self, kind: str = "") -> int:
        if self.stale or time.monotonic() - self.at > 60:
            self.value = dict(
                PersonMatchRecord.objects.values_list("kind").annotate(n=Count("pk")).order_by()
            )
            self.at = time.monotonic()
            self.stale = False
        return self.value.get(kind, 0) if kind else sum(self.value.values())

    def cache_clear_later(self) -> None:
        self.stale = True


_index_size = _SizeCache()


def index_size(kind: str = "") -> int:
    """How many records of this kind (or of any kind) the index holds."""
    return _index_size(kind)


_counts_cache: dict[str, tuple[float, NameCounts]] = {}


def _cached_counts(ids: set[int] | None = None) -> NameCounts | None:
    """Name frequencies for a refresh: those of the last full build in this process if there
    was one, else counts of just these records' names (one indexed query for family names,
    one for given names), so a record saved between builds still gets its term frequency."""
    cached = _counts_cache.get(connection.alias)
    if cached:
        return cached[1]
    if not ids:
        return None
    names = list(Person.objects.filter(pk__in=ids).values_list("given_name", "family_name"))
    givens: Counter = Counter()
    families: Counter = Counter()
    live = Person.objects.filter(merged_into__isnull=True)
    for given, family in names:
        tokens = rules.name_tokens(given)
        if tokens:
            givens[tokens[0]] = live.filter(given_name__iexact=given).count()
        families[rules.family_entry(family)] = live.filter(family_name__iexact=family).count()
    return givens, families, max(index_size(), 1)


# -- Building it all ------------------------------------------------------------------------
# Below this many records a build runs in this process alone: starting worker processes
# costs more than it saves (and tests stay simple).
PARALLEL_FROM = 20_000
# Batches read ahead of the writer while the workers compute: enough to keep them busy,
# few enough to bound memory.
BATCHES_IN_FLIGHT_PER_WORKER = 2
# What a batch becomes: (person_id, kind, profile JSON) rows and (key, person_id) rows.
IndexRows = tuple[list[tuple[int, str, str]], list[tuple[int, int]]]


@dataclass
class BuildReport:
    records: int
    keys: int
    seconds: float


def build_index(
    *,
    progress: Callable[[int], None] | None = None,
    chunk: int = 5000,
    workers: int | None = None,
) -> BuildReport:
    """Rebuild the whole matching index in one transaction (readers keep the old one until it
    commits). The lookup index is dropped while rows are written and made again after, which
    is several times faster than writing into it.

    Profiles and keys are pure Python and most of the work: with `workers` above 1 (by
    default two, for builds of `PARALLEL_FROM` records or more), they are computed in forked
    worker processes while this process reads the next batches and writes the finished ones,
    all in its one transaction. Workers get plain rows and send back plain rows; they never
    use the database connection they inherit."""
    started = time.monotonic()
    with _collector_paused():
        with connection.cursor() as cursor:
            ids, counts = _live_ids_and_name_counts(cursor)
        _counts_cache[connection.alias] = (time.monotonic(), counts)
        if workers is None:
            workers = _default_workers(len(ids))
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {KEY_TABLE}")  # noqa: S608 - table names from the models
                cursor.execute(f"DELETE FROM {RECORD_TABLE}")  # noqa: S608 - table names from the models
                # The same index the migration makes (people_match_key_lookup), by name.
                cursor.execute(f"DROP INDEX IF EXISTS {LOOKUP_INDEX}")
            n_keys = _write_rows(ids, counts, chunk=chunk, workers=workers, progress=progress)
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE INDEX {LOOKUP_INDEX} ON {KEY_TABLE} ({KEY}, person_id)")
                cursor.execute(f"ANALYZE {KEY_TABLE}")
                if connection.vendor == "postgresql":
                    cursor.execute(f"ANALYZE {RECORD_TABLE}")
    _index_size.cache_clear_later()
    return BuildReport(records=len(ids), keys=n_keys, seconds=time.monotonic() - started)


def _write_rows(
    ids: list[int],
    counts: NameCounts,
    *,
    chunk: int,
    workers: int,
    progress: Callable[[int], None] | None,
) -> int:
    """Read, index and write the records batch by batch; returns the number of keys."""
    write = _writer()
    batches = _read_batches(ids, chunk)
    if workers > 1:
        indexed = _index_in_workers(batches, counts, workers)
    else:
        indexed = ((size, _index_batch(rows, counts)) for size, rows in batches)
    n_keys = 0
    for size, (records, keys) in indexed:
        write(records, keys)
        n_keys += len(keys)
        if progress:
            progress(size)
    return n_keys


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the build. A build allocates tens of
    millions of short-lived objects (rows, profiles, keys), none of them in reference cycles;
    the collector, triggered by the allocations, would rescan the long-lived ones (the rows
    read ahead, the caches, the framework) over and over: half the CPU time of a build.
    Reference counting still frees everything as usual. Forked workers inherit the pause."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _live_ids_and_name_counts(cursor: CursorWrapper) -> tuple[list[int], NameCounts]:
    """The ids of live records in order, and how many have each given and family name
    (normalised), for the term-frequency adjustment: agreeing on a rare name is stronger
    evidence. One read; each distinct name is normalised once."""
    cursor.execute(
        f"SELECT id, given_name, family_name FROM {PERSON} WHERE merged_into_id IS NULL "  # noqa: S608 - names from the models
        "ORDER BY id"
    )
    ids: list[int] = []
    raw_givens: Counter = Counter()
    raw_families: Counter = Counter()
    while rows := cursor.fetchmany(20_000):
        ids.extend(r[0] for r in rows)
        raw_givens.update(r[1] for r in rows)
        raw_families.update(r[2] for r in rows)
    givens: Counter = Counter()
    for given, n in raw_givens.items():
        givens[_given_parts(given)[0]] += n
    families: Counter = Counter()
    for family, n in raw_families.items():
        families[_family_entry(family)] += n
    return ids, (givens, families, len(ids))


def _default_workers(records: int) -> int:
    if records < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(os.cpu_count() or 1, 2)


def _read_batches(ids: list[int], size: int) -> Iterator[tuple[int, PersonRows]]:
    """Each batch of `size` live records (read by range of ids) and its rows."""
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        with connection.cursor() as cursor:
            rows = _read_rows(cursor, id_range=(batch[0], batch[-1]))
        yield len(batch), rows


# json.dumps(value, separators=(",", ":")), without making an encoder for every record.
_COMPACT_JSON = json.JSONEncoder(separators=(",", ":"))


def _index_batch(rows: PersonRows, counts: NameCounts | None) -> IndexRows:
    """The index rows of one batch: each record's profile as JSON and its keys."""
    records = []
    keys = []
    for pid, profile in profiles_from_rows(rows, counts).items():
        records.append((pid, profile.kind, _COMPACT_JSON.encode(profile.to_json())))
        keys.extend((k, pid) for k in keys_of(profile))
    return records, keys


def _index_in_workers(
    batches: Iterable[tuple[int, PersonRows]], counts: NameCounts, workers: int
) -> Iterator[tuple[int, IndexRows]]:
    """`_index_batch` of each batch in worker processes, in order. The batches are read here
    (in this process, inside its transaction) a few ahead of the one being written.

    The workers are forked, so they start with the name counts and the caches this process
    has warmed, without pickling them."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(counts,)
    ) as pool:
        pending: deque[tuple[int, Future[IndexRows]]] = deque()
        for size, rows in batches:
            pending.append((size, pool.submit(_index_batch_in_worker, rows)))
            if len(pending) >= workers * BATCHES_IN_FLIGHT_PER_WORKER:
                size, done = pending.popleft()
                yield size, done.result()
        while pending:
            size, done = pending.popleft()
            yield size, done.result()


_worker_counts: NameCounts | None = None


def _start_worker(counts: NameCounts) -> None:
    global _worker_counts  # one per worker process, set as it starts
    _worker_counts = counts


def _index_batch_in_worker(rows: PersonRows) -> IndexRows:
    return _index_batch(rows, _worker_counts)


def _writer() -> Callable[[list[tuple[int, str, str]], list[tuple[int, int]]], None]:
    """Write records and keys as fast as the database allows: COPY on PostgreSQL, prepared
    statements of several hundred rows elsewhere (see `_insert`)."""
    if connection.vendor == "postgresql":

        def write(records: list[tuple[int, str, str]], keys: list[tuple[int, int]]) -> None:
            connection.ensure_connection()
            with connection.connection.cursor() as cursor:
                with cursor.copy(
                    f"COPY {RECORD_TABLE} (person_id, kind, profile) FROM STDIN"
                ) as copy:
                    for row in records:
                        copy.write_row(row)
                with cursor.copy(f"COPY {KEY_TABLE} ({KEY}, person_id) FROM STDIN") as copy:
                    for row in keys:
                        copy.write_row(row)

        return write

    def write_rows(records: list[tuple[int, str, str]], keys: list[tuple[int, int]]) -> None:
        with connection.cursor() as cursor:
            _insert(cursor, RECORD_TABLE, ("person_id", "kind", "profile"), records)
            _insert(cursor, KEY_TABLE, (KEY, "person_id"), keys)

    return write_rows


# Parameters in one statement: SQLite before 3.32 allowed no more than 999.
MAX_PARAMETERS = 999


def _insert(cursor: CursorWrapper, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert rows several hundred to a statement. One statement per row (executemany) costs
    SQLite about four times as much: each statement has its own set-up and, for a table
    with AUTOINCREMENT ids like these, its own update of the id sequence."""
    width = len(columns)
    per_statement = MAX_PARAMETERS // width
    full = len(rows) - len(rows) % per_statement
    values = ", ".join([f"({', '.join(['%s'] * width)})"] * per_statement)
    insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608 - names from the models; values bound
    if full:
        cursor.executemany(
            insert + values,
            [
                list(chain.from_iterable(rows[start : start + per_statement]))
                for start in range(0, full, per_statement)
            ],
        )
    if full < len(rows):
        rest = rows[full:]
        cursor.execute(
            insert + ", ".join([f"({', '.join(['%s'] * width)})"] * len(rest)),
            list(chain.from_iterable(rest)),
        )
