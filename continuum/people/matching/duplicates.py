"""Finding likely duplicate records across the whole index, for a manager to review.

Each live record is described by its own profile and looked up through the same blocking
index and model as a Hub look-up, excluding itself; pairs above the threshold are stored as
DuplicatePair rows (once per pair; a pair a manager has already reviewed is not offered
again). The twins rule applies here as everywhere: twins are never offered as duplicates.
"""

import json
from collections.abc import Callable

from django.db import transaction

from continuum.core import clock
from continuum.people.matching import rules
from continuum.people.matching.service import parameters, score_description
from continuum.people.models import DuplicatePair, PersonMatchRecord


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
    *, threshold: float | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Store newly found likely duplicate pairs; returns how many were new."""
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
    return len(found)
