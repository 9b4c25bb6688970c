"""The matching index: each record's normalised profile and blocking keys, derived from the
person index.

`build_index` rebuilds it all (`continuum matching-index`); `refresh_people` keeps it current
when a person's details change (called from signal handlers, so every path that saves a
person, an alias, an address or a parent keeps the index right, including factories and the
admin). A record merged into another contributes its names, dates and addresses to the
survivor's profile, so the survivor is found by either record's details.
"""

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Q

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

CARER_KINDS = (RelationshipKind.PARENT, RelationshipKind.STEP_PARENT, RelationshipKind.CARER)
PERSON_FIELDS = (
    "pk",
    "kind",
    "given_name",
    "middle_names",
    "family_name",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "nhs_number",
    "merged_into_id",
)

LOOKUP_INDEX = "people_match_key_lookup"
# "key" is a keyword in some SQL dialects: always quoted.
KEY = '"key"'
NameCounts = tuple[Counter, Counter, int]


def name_frequencies() -> NameCounts:
    """How many records have each given and family name (normalised), for the
    term-frequency adjustment: agreeing on a rare name is stronger evidence."""
    givens: Counter = Counter()
    families: Counter = Counter()
    total = 0
    rows = Person.objects.filter(merged_into__isnull=True).values_list("given_name", "family_name")
    for given, family in rows.iterator(chunk_size=20000):
        tokens = rules.name_tokens(given)
        givens[tokens[0] if tokens else ""] += 1
        families[rules.family_entry(family)] += 1
        total += 1
    return givens, families, total


def _profiles(
    ids: list[int] | None, counts: NameCounts | None, *, id_range: tuple[int, int] | None = None
) -> dict[int, rules.Profile]:
    """Profiles for live records (by ids, or all in a range of ids for a full build, which
    reads each table in index order rather than through long IN lists), with the records
    merged into them, in six queries."""
    if id_range is not None:
        lo, hi = id_range
        own = Q(person_id__gte=lo, person_id__lte=hi)
        live_filter = Q(pk__gte=lo, pk__lte=hi)
        merged_filter = Q(merged_into_id__gte=lo, merged_into_id__lte=hi)
    else:
        own = Q(person_id__in=ids)
        live_filter = Q(pk__in=ids)
        merged_filter = Q(merged_into_id__in=ids)
    people = list(
        Person.objects.filter(live_filter, merged_into__isnull=True)
        .order_by()
        .values(*PERSON_FIELDS)
    )
    merged = list(Person.objects.filter(merged_filter).order_by().values(*PERSON_FIELDS))
    owner = {p["pk"]: p["pk"] for p in people} | {m["pk"]: m["merged_into_id"] for m in merged}
    rows_of = own | Q(person_id__in=[m["pk"] for m in merged]) if merged else own
    aliases: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for pid, given, family in (
        PersonName.objects.filter(rows_of)
        .order_by()
        .values_list("person_id", "given_name", "family_name")
    ):
        if pid in owner:
            aliases[owner[pid]].append((given, family))
    addresses: dict[int, list[tuple[str, str, bool]]] = defaultdict(list)
    for pid, line, postcode, end in (
        PersonAddress.objects.filter(rows_of)
        .order_by("person_id", "-start_date")
        .values_list("person_id", "line_1", "postcode", "end_date")
    ):
        if pid in owner:
            # Only the survivor's own open address is "current"; a merged record's is history.
            addresses[owner[pid]].append((line, postcode, end is None and pid == owner[pid]))
    carers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    child_of = (
        Q(other_id__gte=lo, other_id__lte=hi) if id_range is not None else Q(other_id__in=ids)
    )
    if merged:
        child_of |= Q(other_id__in=[m["pk"] for m in merged])
    for child, given, family in (
        Relationship.objects.filter(child_of, kind__in=CARER_KINDS)
        .order_by()
        .values_list("other_id", "person__given_name", "person__family_name")
    ):
        if child in owner:
            carers[owner[child]].append((given, family))
    merged_by_owner: dict[int, list[dict]] = defaultdict(list)
    for m in merged:
        merged_by_owner[m["merged_into_id"]].append(m)
    return {
        p["pk"]: make_profile(
            p,
            merged_by_owner[p["pk"]],
            aliases[p["pk"]],
            addresses[p["pk"]],
            carers[p["pk"]],
            counts,
        )
        for p in people
    }


def make_profile(
    person: dict,
    merged: list[dict],
    aliases: list[tuple[str, str]],
    addresses: list[tuple[str, str, bool]],
    carers: list[tuple[str, str]],
    counts: NameCounts | None,
) -> rules.Profile:
    """A record's profile from plain values (also used by `match-file` loading)."""
    givens: list[str] = []
    families: list[str] = []
    dates = []
    nhs_numbers = []

    def add(values: list, value: object) -> None:
        if value and value not in values:
            values.append(value)

    for record in [person, *merged]:
        tokens = rules.name_tokens(record["given_name"])
        add(givens, tokens[0] if tokens else "")
        add(families, rules.family_entry(record["family_name"]))
        add(dates, record["date_of_birth"] or record["expected_date_of_birth"])
        add(nhs_numbers, record["nhs_number"])
    for record in [person, *merged]:
        for token in (
            rules.name_tokens(record["middle_names"]) + rules.name_tokens(record["given_name"])[1:]
        ):
            add(givens, token)
    for given, family in aliases:
        tokens = rules.name_tokens(given)
        add(givens, tokens[0] if tokens else "")
        add(families, rules.family_entry(family))
    postcodes: list[str] = []
    lines: list[str] = []
    current = ""
    for line, postcode, is_current in addresses:
        code = rules.normalise_postcode(postcode)
        if is_current and not current:
            current = code
        add(postcodes, code)
        add(lines, rules.normalise_address_line(line))
    if current:
        postcodes.remove(current)
        postcodes.insert(0, current)
    carer_list = [c for c in (rules.Carer.parse(f"{g} {f}") for g, f in carers) if c]
    given_tf = family_tf = 0.0
    if counts and counts[2]:
        given_counts, family_counts, total = counts
        # As for the prior: frequencies in a tiny index say little about the population.
        total = max(total, rules.MIN_INDEX_FOR_PRIOR)
        if givens:
            given_tf = given_counts.get(givens[0], 0) / total
        if families:
            family_tf = family_counts.get(families[0], 0) / total
    return rules.Profile(
        person_id=person["pk"],
        kind=person["kind"],
        givens=givens,
        families=families,
        dates_of_birth=dates,
        sex=person["sex"] if person["sex"] in ("M", "F") else "",
        postcodes=postcodes,
        current_postcode=current,
        address_lines=lines,
        nhs_numbers=nhs_numbers,
        carers=carer_list,
        given_tf=given_tf,
        family_tf=family_tf,
    )


def keys_of(profile: rules.Profile) -> set[int]:
    return {rules.key_hash(profile.kind, k) for k in rules.profile_keys(profile)}


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


@dataclass
class BuildReport:
    records: int
    keys: int
    seconds: float


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def build_index(*, progress: Callable[[int], None] | None = None, chunk: int = 5000) -> BuildReport:
    """Rebuild the whole matching index in one transaction (readers keep the old one until it
    commits). The lookup index is dropped while rows are written and made again after, which
    is several times faster than writing into it."""
    started = time.monotonic()
    counts = name_frequencies()
    _counts_cache[connection.alias] = (time.monotonic(), counts)
    ids = list(
        Person.objects.filter(merged_into__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    table = PersonMatchKey._meta.db_table
    n_keys = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {PersonMatchKey._meta.db_table}")  # noqa: S608 - table names from the models; values bound
            cursor.execute(f"DELETE FROM {PersonMatchRecord._meta.db_table}")  # noqa: S608 - table names from the models; values bound
            # The same index the migration makes (people_match_key_lookup), by name.
            cursor.execute(f"DROP INDEX IF EXISTS {LOOKUP_INDEX}")
        writer = _writer()
        for batch in _chunks(ids, chunk):
            profiles = _profiles(None, counts, id_range=(batch[0], batch[-1]))
            records = []
            keys = []
            for pid, profile in profiles.items():
                records.append(
                    (pid, profile.kind, json.dumps(profile.to_json(), separators=(",", ":")))
                )
                keys.extend((k, pid) for k in keys_of(profile))
            writer(records, keys)
            n_keys += len(keys)
            if progress:
                progress(len(batch))
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE INDEX {LOOKUP_INDEX} ON {table} ({KEY}, person_id)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {PersonMatchKey._meta.db_table}")
                cursor.execute(f"ANALYZE {PersonMatchRecord._meta.db_table}")
        elif connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {table}")
    _index_size.cache_clear_later()
    return BuildReport(records=len(ids), keys=n_keys, seconds=time.monotonic() - started)


def _writer() -> Callable[[list[tuple[int, str, str]], list[tuple[int, int]]], None]:
    """Write records and keys as fast as the database allows: COPY on PostgreSQL, prepared
    executemany elsewhere (Django's bulk_create builds a statement per batch)."""
    key_table = PersonMatchKey._meta.db_table
    record_table = PersonMatchRecord._meta.db_table
    if connection.vendor == "postgresql":

        def write(records: list[tuple[int, str, str]], keys: list[tuple[int, int]]) -> None:
            connection.ensure_connection()
            with connection.connection.cursor() as cursor:
                with cursor.copy(
                    f"COPY {record_table} (person_id, kind, profile) FROM STDIN"
                ) as copy:
                    for row in records:
                        copy.write_row(row)
                with cursor.copy(f"COPY {key_table} ({KEY}, person_id) FROM STDIN") as copy:
                    for row in keys:
                        copy.write_row(row)

        return write

    def write_rows(records: list[tuple[int, str, str]], keys: list[tuple[int, int]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {record_table} (person_id, kind, profile) VALUES (%s, %s, %s)",  # noqa: S608 - table names from the models; values bound
                records,
            )
            cursor.executemany(f"INSERT INTO {key_table} ({KEY}, person_id) VALUES (%s, %s)", keys)  # noqa: S608 - table names from the models; values bound

    return write_rows
