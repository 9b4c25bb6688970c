"""Looking every record up against the rest at once, for `continuum find-duplicates`.

A Hub look-up asks the database for the records sharing most blocking keys with one
description (`service.score_description`). Asking that a million times costs a million
queries and scores two hundred candidates each: about 45 minutes at 1,000,000 records. This
module gives the same pairs (a test compares them) for a fraction of the work:

- the key index is read once into two sorted NumPy arrays (key, record), so a record's
  candidates are a few binary searches and a count, chosen exactly as the SQL chooses them
  (most shared keys first, then the lower person id, at most `CANDIDATE_LIMIT`);
- a candidate that the family rules rule out cannot be a pair (its probability is at most
  `rules.RULED_OUT_CEILING`, below any threshold this is used with), and those rules look
  only at the NHS number, the given name and the date of birth. A date of birth that
  differs outright is found for all candidates at once with array arithmetic; the given
  name and date levels of the rest are compared once per distinct pair of values (cached),
  and only the few candidates left are scored in full, exactly as a look-up scores them;
- from `PARALLEL_FROM` records the records are shared among forked worker processes, which
  inherit the arrays and use no database connection.
"""

import datetime as dt
import functools
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from django.db import connection

from continuum.people.matching import rules
from continuum.people.matching.duplicates import describe
from continuum.people.matching.index import KEY, index_size
from continuum.people.matching.service import CANDIDATE_LIMIT, KINDS, parameters
from continuum.people.models import PersonMatchKey, PersonMatchRecord

# Below this many records the sweep runs in this process (workers cost more than they save).
PARALLEL_FROM = 20_000
# Records handed to a worker at a time.
CHUNK = 2_000

# A pair found by one record's look-up: (lower id, higher id), probability, reasons.
Found = tuple[tuple[int, int], float, list[str]]


@dataclass
class Records:
    """Every record of the index in person-id order, with what the sweep compares as arrays."""

    pids: np.ndarray  # person ids, ascending
    kinds: list[str]
    texts: list[str]  # the profile JSON
    dob: np.ndarray  # YYYYMMDD of the only date of birth; 0 if none
    year: np.ndarray
    month: np.ndarray
    day: np.ndarray
    several_dates: np.ndarray  # more than one date of birth (merged records): compare in full
    nhs: np.ndarray  # an id for each distinct NHS number held; 0 if none
    several_nhs: np.ndarray
    nhs_ids: dict[str, int]
    givens: list[tuple[str, ...]]
    dates: list[tuple[dt.date, ...]]
    nhs_numbers: list[tuple[str, ...]]
    key_hashes: np.ndarray  # every (key, record) of the key index, sorted by key
    key_records: np.ndarray  # the record's position in `pids`


def load() -> Records:
    """Read the matching index (profiles and keys) into memory: two plain queries."""
    records = PersonMatchRecord._meta.db_table
    keys = PersonMatchKey._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT person_id, kind, profile FROM {records} ORDER BY person_id"  # noqa: S608
        )
        rows = cursor.fetchall()
    n = len(rows)
    pids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
    kinds = [r[1] for r in rows]
    texts = [r[2] for r in rows]
    del rows
    dob = np.zeros(n, dtype=np.int64)
    several_dates = np.zeros(n, dtype=bool)
    nhs = np.zeros(n, dtype=np.int64)
    several_nhs = np.zeros(n, dtype=bool)
    nhs_ids: dict[str, int] = {}
    interned: dict[tuple[str, ...], tuple[str, ...]] = {}
    givens: list[tuple[str, ...]] = []
    dates: list[tuple[dt.date, ...]] = []
    nhs_numbers: list[tuple[str, ...]] = []
    for i, text in enumerate(texts):
        data = json.loads(text)
        names = tuple(data[1])
        givens.append(interned.setdefault(names, names))
        born = tuple(dt.date.fromisoformat(d) for d in data[3])
        dates.append(born)
        if len(born) == 1:
            dob[i] = born[0].year * 10000 + born[0].month * 100 + born[0].day
        several_dates[i] = len(born) > 1
        numbers = tuple(data[8])
        nhs_numbers.append(numbers)
        if numbers:
            nhs[i] = nhs_ids.setdefault(numbers[0], len(nhs_ids) + 1)
        several_nhs[i] = len(numbers) > 1
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {KEY}, person_id FROM {keys}")  # noqa: S608
        while rows := cursor.fetchmany(200_000):  # millions of keys: not as Python tuples at once
            chunks.append(np.array(rows, dtype=np.int64).reshape(-1, 2))
    pairs = np.concatenate(chunks) if chunks else np.zeros((0, 2), dtype=np.int64)
    del chunks
    order = np.argsort(pairs[:, 0], kind="stable")
    key_hashes = np.ascontiguousarray(pairs[order, 0])
    key_records = np.searchsorted(pids, pairs[order, 1]).astype(np.int64)
    return Records(
        pids=pids,
        kinds=kinds,
        texts=texts,
        dob=dob,
        year=dob // 10000,
        month=dob // 100 % 100,
        day=dob % 100,
        several_dates=several_dates,
        nhs=nhs,
        several_nhs=several_nhs,
        nhs_ids=nhs_ids,
        givens=givens,
        dates=dates,
        nhs_numbers=nhs_numbers,
        key_hashes=key_hashes,
        key_records=key_records,
    )


def blocked(records: Records, i: int, description: rules.Description, kind: str) -> np.ndarray:
    """The positions of the records `score_description` would fetch for this description:
    those sharing most of its keys, then the lower person id, at most CANDIDATE_LIMIT."""
    kinds = (kind,) if kind else KINDS
    hashed = np.array(
        sorted(
            {rules.key_hash(k, key) for k in kinds for key in rules.description_keys(description)}
        ),
        dtype=np.int64,
    )
    if not len(hashed):
        return hashed
    low = np.searchsorted(records.key_hashes, hashed, "left")
    high = np.searchsorted(records.key_hashes, hashed, "right")
    parts = [records.key_records[a:b] for a, b in zip(low, high, strict=True) if b > a]
    if not parts:
        return np.zeros(0, dtype=np.int64)
    found, shared = np.unique(np.concatenate(parts), return_counts=True)
    if len(found) > CANDIDATE_LIMIT:
        # np.unique sorts by position, which is person-id order: ties keep the lower id.
        found = found[np.argsort(-shared, kind="stable")[:CANDIDATE_LIMIT]]
    return found


def _digits(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


_POWERS = 10 ** np.arange(7, -1, -1, dtype=np.int64)


def _date_levels(records: Records, found: np.ndarray, born: dt.date) -> np.ndarray:
    """`rules.compare_date_of_birth` for candidates with one date of birth, all at once: 4 the
    same; 3 day and month swapped; 2 one slip of the keyboard in YYYYMMDD (a digit wrong or
    two next to each other swapped); 1 two of day, month and year the same; 0 differs; NULL
    when the candidate has none."""
    dob = records.dob[found]
    year, month, day = records.year[found], records.month[found], records.day[found]
    asked = born.year * 10000 + born.month * 100 + born.day
    digits = dob[:, None] // _POWERS % 10
    wanted = asked // _POWERS % 10
    differ = digits != wanted
    wrong = differ.sum(axis=1)
    # Two neighbouring digits swapped: they differ at k and k+1, each holding the other's.
    crossed = (
        differ[:, :-1]
        & differ[:, 1:]
        & (digits[:, :-1] == wanted[1:])
        & (digits[:, 1:] == wanted[:-1])
    ).any(axis=1)
    parts = (year == born.year).astype(np.int8) + (month == born.month) + (day == born.day)
    levels = np.zeros(len(found), dtype=np.int8)
    levels[parts >= 2] = 1
    levels[(wrong == 1) | ((wrong == 2) & crossed)] = 2
    levels[(year == born.year) & (month == born.day) & (day == born.month)] = 3
    levels[dob == asked] = 4
    levels[dob == 0] = rules.NULL
    return levels


class _Light:
    """The given names, for `rules.compare_given`."""

    __slots__ = ("givens",)

    def __init__(self, givens: tuple[str, ...]) -> None:
        self.givens = list(givens)


@functools.lru_cache(maxsize=1_000_000)
def _given_level(given: str, middle: tuple[str, ...], recorded: tuple[str, ...]) -> int:
    return rules.compare_given(given, middle, _Light(recorded))[0]  # type: ignore[arg-type]


def _levels_in_full(description: rules.Description, profile: rules.Profile) -> rules.Levels:
    return rules.Levels(
        nhs=rules.compare_nhs_number(description.nhs_number, profile),
        given=rules.compare_given(description.given, description.middle, profile)[0],
        dob=rules.compare_date_of_birth(description.date_of_birth, profile)[0],
    )


def _may_pair(description: rules.Description, records: Records, found: np.ndarray) -> list[int]:
    """The candidates the family rules do not rule out (only they can reach a threshold
    above `rules.RULED_OUT_CEILING`), decided from the NHS number, given name and date of
    birth as `rules.is_twin_pattern` and `rules.is_other_family_member` decide."""
    unusual = records.several_dates[found] | records.several_nhs[found]
    nhs = records.nhs_ids.get(description.nhs_number, -1) if description.nhs_number else -1
    agrees = (records.nhs[found] == nhs) if nhs > 0 else np.zeros(len(found), dtype=bool)
    born = description.date_of_birth
    if born is None:
        dob = np.full(len(found), rules.NULL, dtype=np.int8)
    else:
        dob = _date_levels(records, found, born)
    # A date that differs outright rules a candidate out, whatever the names: most of them.
    look = unusual | agrees | (dob != 0)
    found, unusual, agrees, dob = found[look], unusual[look], agrees[look], dob[look]
    given, middle = description.given, tuple(description.middle)
    # Given and family name the wrong way round can lift the given name's level (`rules.score`):
    # a candidate whose given name agrees with the description's family name is kept.
    swapped = rules.first_family_part(description.family) if given and description.family else ""
    keep: list[int] = []
    for j, odd, same_nhs, date_level in zip(
        found.tolist(), unusual.tolist(), agrees.tolist(), dob.tolist(), strict=True
    ):
        if odd:
            profile = rules.Profile.from_json(int(records.pids[j]), json.loads(records.texts[j]))
            levels = _levels_in_full(description, profile)
            if not (rules.is_twin_pattern(levels) or rules.is_other_family_member(levels)):
                keep.append(j)
            continue
        if same_nhs:
            keep.append(j)
            continue
        level = _given_level(given, middle, records.givens[j]) if given else rules.NULL
        if level in (0, 1) and swapped and _given_level(swapped, (), records.givens[j]) >= 2:
            keep.append(j)
            continue
        # With a date of birth at least near: ruled out by a given name that differs or
        # only sounds alike. Without one: by a given name that differs.
        if (level not in (0, 1)) if date_level >= 1 else level != 0:
            keep.append(j)
    return keep


def look_up(records: Records, i: int, cutoff: float, priors: dict[str, float]) -> list[Found]:
    """The pairs record `i`'s own look-up gives: the best three candidates (itself excluded)
    at or above the cutoff and not ruled out, as `duplicates.matcher_pairs` finds them."""
    pid = int(records.pids[i])
    profile = rules.Profile.from_json(pid, json.loads(records.texts[i]))
    description = describe(profile)
    if description.is_empty:
        return []
    kind = records.kinds[i]
    found = blocked(records, i, description, kind)
    found = found[found != i]
    if not len(found):
        return []
    model = parameters()
    scored: list[tuple[rules.Scored, rules.Profile]] = []
    for j in _may_pair(description, records, found):
        other = rules.Profile.from_json(int(records.pids[j]), json.loads(records.texts[j]))
        # A candidate that cannot reach the cutoff cannot be a pair (None).
        result = rules.score(description, other, model, priors[kind], must_beat=cutoff)
        if result is not None:
            scored.append((result, other))
    scored.sort(key=lambda pair: (-pair[0].probability, -pair[0].weight, pair[0].person_id))
    pairs: list[Found] = []
    for result, other in scored[:3]:
        if result.probability < cutoff or result.ruled_out:
            break
        pairs.append(
            (
                (min(pid, other.person_id), max(pid, other.person_id)),
                result.probability,
                rules.explain(description, other, result),
            )
        )
    return pairs


_shared: tuple[Records, float, dict[str, float]] | None = None


def _look_up_chunk(bounds: tuple[int, int]) -> list[list[Found]]:
    assert _shared is not None
    records, cutoff, priors = _shared
    return [look_up(records, i, cutoff, priors) for i in range(*bounds)]


def sweep(
    records: Records,
    cutoff: float,
    *,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[list[Found]]:
    """Each record's pairs, in person-id order."""
    global _shared  # read by the forked workers
    if cutoff <= rules.RULED_OUT_CEILING:
        raise ValueError("The sweep needs a threshold above the ruled-out ceiling")
    priors = {k: rules.prior_for(parameters(), index_size(k)) for k in KINDS}
    n = len(records.pids)
    chunks = [(start, min(start + CHUNK, n)) for start in range(0, n, CHUNK)]
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if n >= PARALLEL_FROM else 1
    _shared = (records, cutoff, priors)
    try:
        if workers <= 1:
            for bounds in chunks:
                result = _look_up_chunk(bounds)
                if progress:
                    progress(bounds[1] - bounds[0])
                yield from result
            return
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = pool.map(_look_up_chunk, chunks)
            for bounds, result in zip(chunks, results, strict=True):
                if progress:
                    progress(bounds[1] - bounds[0])
                yield from result
    finally:
        _shared = None
