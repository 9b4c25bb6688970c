"""`find-duplicates` looks every record up at once (`matching.sweep`): it must find exactly
the pairs, probabilities and reasons that one Hub look-up per record finds."""

import datetime as dt
import random

import pytest

from continuum.people.matching import duplicates, service, sweep
from continuum.people.models import NameKind, Person, PersonKind, PersonName
from continuum.people.tests.factories import AddressFactory, ChildFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

FAMILIES = ["Smith", "Smyth", "Jones", "Hart", "Khan", "Walsh", "Taylor-Brown", "Brown"]
GIVENS = ["Kayleigh", "Kayley", "Jack", "Jake", "Amira", "Ella", "Ellie", "Tom", "Thomas", "Ava"]
NHS = ["9434765919", "4012000004", "9434765900"]


def _variant(rng: random.Random, person: Person) -> dict:
    """Another record of the same person, as a second system might hold it."""
    born = person.date_of_birth
    change = rng.choice(["same", "given", "swap", "digit", "family", "no-dob"])
    given = rng.choice(GIVENS) if change == "given" else person.given_name
    if change == "swap" and born and born.day <= 12:
        born = dt.date(born.year, born.day, born.month)
    elif change == "digit" and born:
        born = born.replace(day=min(28, born.day % 10 + 10))
    family = rng.choice(FAMILIES) if change == "family" else person.family_name
    return {
        "given_name": given,
        "family_name": family,
        "date_of_birth": None if change == "no-dob" else born,
        "kind": person.kind,
    }


def build_index(seed: int) -> None:
    """Families sharing a few names, dates and postcodes (so blocking finds many look-alikes),
    twins, carers, children recorded twice, shared NHS numbers and a merged record."""
    rng = random.Random(seed)
    children = []
    for f in range(24):
        family = rng.choice(FAMILIES)
        postcode = rng.choice(["FY1 3LA", "FY1 3LB", "FY2 9AB", "FY4 1AA"])
        mum = ChildFactory(
            kind=PersonKind.ADULT,
            given_name=rng.choice(["Dawn", "Lisa", "Dawne"]),
            family_name=family,
            date_of_birth=rng.choice([None, dt.date(1985, 3, 4)]),
        )
        AddressFactory(person=mum, postcode=postcode, line_1=f"{f} Example Road")
        first_born = dt.date(2014 + rng.randrange(3), rng.randrange(1, 13), rng.randrange(1, 29))
        for c in range(rng.randrange(1, 4)):
            born = (
                first_born
                if c == 1 and rng.random() < 0.4
                else (first_born + dt.timedelta(days=400 * c))
            )
            child = ChildFactory(
                given_name=rng.choice(GIVENS),
                family_name=family,
                date_of_birth=born,
                nhs_number=rng.choice(NHS) if rng.random() < 0.15 else "",
            )
            AddressFactory(person=child, postcode=postcode, line_1=f"{f} Example Road")
            RelationshipFactory(person=mum, other=child)
            children.append(child)
    for child in rng.sample(children, 14):
        again = ChildFactory(**_variant(rng, child))
        if rng.random() < 0.5:
            AddressFactory(person=again, postcode="FY2 9AB", line_1="4 Old Lane")
    survivor, merged = rng.sample(children, 2)
    PersonName.objects.create(person=survivor, kind=NameKind.ALIAS, given_name="Bobbie")
    merged.merged_into = survivor
    merged.save()


@pytest.mark.parametrize(
    ("seed", "limit", "threshold", "workers"),
    [(1, 200, None, 1), (2, 200, 0.2, 1), (3, 4, None, 1), (4, 200, None, 2)],
)
def test_the_sweep_finds_the_same_pairs_as_one_look_up_per_record(
    monkeypatch, seed, limit, threshold, workers
):
    build_index(seed)
    # A small candidate limit makes the blocking's cut-off (most shared keys, then the
    # lower id) decide which look-alikes are scored, as it does at a million records.
    monkeypatch.setattr(service, "CANDIDATE_LIMIT", limit)
    monkeypatch.setattr(sweep, "CANDIDATE_LIMIT", limit)
    by_lookup = duplicates.matcher_pairs_by_lookup(threshold=threshold)
    swept = duplicates.matcher_pairs(threshold=threshold, workers=workers)
    assert len(by_lookup) >= 3  # the index holds duplicates to find
    assert swept == by_lookup


def test_a_threshold_at_or_below_the_ruled_out_ceiling_looks_up_one_by_one():
    build_index(5)
    assert duplicates.matcher_pairs(threshold=0.005) == duplicates.matcher_pairs_by_lookup(
        threshold=0.005
    )
