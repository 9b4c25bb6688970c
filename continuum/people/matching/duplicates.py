"""Finding likely duplicate records across the whole index, for a manager to review.

Each live record is described by its own profile and looked up through the same blocking
index and model as a Hub look-up, excluding itself; pairs above the threshold are stored as
DuplicatePair rows (once per pair; a pair a manager has already reviewed is not offered
again). The twins rule applies here as everywhere: twins are never offered as duplicates.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import combinations

from django.db import transaction
from django.db.models import Count

from continuum.core import clock
from continuum.people.matching import rules
from continuum.people.matching.index import index_size
from continuum.people.matching.service import parameters, score_description
from continuum.people.models import DuplicatePair, Person, PersonMatchRecord

# The first reason given for a pair of records holding the same NHS number.
SAME_NHS_NUMBER = "Same NHS number"


def describe(profile: rules.Profile) -> rules.Description:
    """A record's own details as a description to look up."""
    return rules.Description(
        given=profile.givens[0] if profile.givens else "",
        family=profile.families[0] if profile.families else "",
        date_of_birth=profile.dates_of_birth[0] if profile.dates_of_birth else None,
        sex=profile.sex,
        postcode=profile.current_postcode or (profile.postcodes[0] if profile.postcodes else ""),
        address_line=profile.address_lines[0] if profile.address_lines else "",
        nhs_number=profile.nhs_numbers[0] if profile.nhs_numbers else "",
        carers=list(profile.carers),
    )


def find_duplicates(
    *,
    threshold: float | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> int:
    """Store newly found likely duplicate pairs; returns how many were new. Records sharing
    an NHS number are paired first (reason "Same NHS number"), then the matcher's pairs."""
    shared = flag_shared_nhs_numbers()
    found = matcher_pairs(threshold=threshold, progress=progress, workers=workers)
    now = clock.now()
    with transaction.atomic():
        DuplicatePair.objects.bulk_create(
            [
                DuplicatePair(
                    person_id=a,
                    other_id=b,
                    probability=round(p, 4),
                    reasons="\n".join(reasons),
                    found_at=now,
                )
                for (a, b), (p, reasons) in found.items()
            ],
            ignore_conflicts=True,
        )
    return shared + len(found)


def matcher_pairs(
    *,
    threshold: float | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> dict[tuple[int, int], tuple[float, list[str]]]:
    """Pairs (lower id first) the matcher finds above the threshold and not yet stored, with
    their probability and reasons: each record looked up against the rest, its best three
    (`sweep`: the index in memory, in worker processes from 20,000 records)."""
    from continuum.people.matching import sweep

    cutoff = parameters().threshold if threshold is None else threshold
    if cutoff <= rules.RULED_OUT_CEILING:
        return matcher_pairs_by_lookup(threshold=cutoff, progress=progress)
    known = set(DuplicatePair.objects.values_list("person_id", "other_id"))
    found: dict[tuple[int, int], tuple[float, list[str]]] = {}
    records = sweep.load()
    for pairs in sweep.sweep(records, cutoff, workers=workers, progress=progress):
        for pair, chance, reasons in pairs:
            if pair not in known and pair not in found:
                found[pair] = (chance, reasons)
    return found


def matcher_pairs_by_lookup(
    *, threshold: float | None = None, progress: Callable[[int], None] | None = None
) -> dict[tuple[int, int], tuple[float, list[str]]]:
    """`matcher_pairs` one Hub look-up at a time: the reference the sweep is tested against
    (about 45 minutes at 1,000,000 records)."""
    cutoff = parameters().threshold if threshold is None else threshold
    known = set(DuplicatePair.objects.values_list("person_id", "other_id"))
    found: dict[tuple[int, int], tuple[float, list[str]]] = {}
    rows = PersonMatchRecord.objects.order_by("person_id").values_list(
        "person_id", "kind", "profile"
    )
    for pid, kind, text in rows.iterator(chunk_size=2000):
        profile = rules.Profile.from_json(pid, json.loads(text))
        description = describe(profile)
        for scored, other in score_description(description, kind=kind, exclude=pid)[:3]:
            if scored.probability < cutoff or scored.ruled_out:
                break
            pair = (min(pid, other.person_id), max(pid, other.person_id))
            if pair in known or pair in found:
                continue
            found[pair] = (scored.probability, rules.explain(description, other, scored))
        if progress:
            progress(1)
    return found


def shared_nhs_numbers(person_ids: Iterable[int] | None = None) -> dict[str, list[int]]:
    """NHS numbers held by more than one live (unmerged) record, each with its records' ids
    in order; with `person_ids`, only the numbers those records hold."""
    live = Person.objects.order_by().filter(merged_into__isnull=True).exclude(nhs_number="")
    numbers = (
        live.values("nhs_number").annotate(records=Count("id")).filter(records__gt=1)
    ).values("nhs_number")
    if person_ids is not None:
        numbers = numbers.filter(
            nhs_number__in=Person.objects.order_by()
            .filter(pk__in=list(person_ids))
            .values("nhs_number")
        )
    groups: dict[str, list[int]] = defaultdict(list)
    rows = live.filter(nhs_number__in=numbers).order_by("pk").values_list("pk", "nhs_number")
    for pid, nhs in rows:
        groups[nhs].append(pid)
    return dict(groups)


def _nhs_pair(a: int, b: int, profiles: dict[int, rules.Profile], prior: float) -> tuple:
    """The matcher's probability and reasons for two records sharing an NHS number, the
    shared number first. Without both profiles (the index not yet built) it is 1.0."""
    if a not in profiles or b not in profiles:
        return 1.0, [SAME_NHS_NUMBER]
    description = describe(profiles[a])
    scored = rules.score(description, profiles[b], parameters(), prior)
    assert scored is not None
    reasons = [r for r in rules.explain(description, profiles[b], scored) if "NHS" not in r]
    return scored.probability, [SAME_NHS_NUMBER, *reasons]


def flag_shared_nhs_numbers(person_ids: Iterable[int] | None = None) -> int:
    """Store a duplicate pair, for a manager to review, for every two live records holding
    the same NHS number that are not already a pair (whatever a manager decided about them
    before: a pair said to be different people is not offered again). With `person_ids`,
    only pairs involving the numbers those records hold. Returns how many pairs were new."""
    groups = shared_nhs_numbers(person_ids)
    if not groups:
        return 0
    ids = sorted({pid for members in groups.values() for pid in members})
    known = set(
        DuplicatePair.objects.filter(person_id__in=ids, other_id__in=ids).values_list(
            "person_id", "other_id"
        )
    )
    profiles = {
        pid: rules.Profile.from_json(pid, json.loads(text))
        for pid, text in PersonMatchRecord.objects.filter(person_id__in=ids).values_list(
            "person_id", "profile"
        )
    }
    prior = rules.prior_for(parameters(), index_size())
    now = clock.now()
    new = []
    for members in groups.values():
        for a, b in combinations(members, 2):
            if (a, b) in known:
                continue
            chance, reasons = _nhs_pair(a, b, profiles, prior)
            new.append(
                DuplicatePair(
                    person_id=a,
                    other_id=b,
                    probability=round(chance, 4),
                    reasons="\n".join(reasons),
                    found_at=now,
                )
            )
    DuplicatePair.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
