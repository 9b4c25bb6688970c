"""The matching service on the person index: each kind of variation finds the right record
first, the index follows changes to person data, twins are never matched, and a look-up
reads only a few rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from continuum.people.matching import MatchQuery, find_candidates
from continuum.people.matching.index import build_index
from continuum.people.models import NameKind, Person, PersonMatchKey, PersonMatchRecord, PersonName
from continuum.people.tests.factories import (
    AddressFactory,
    AdultFactory,
    ChildFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db
BORN = dt.date(2016, 3, 4)


@pytest.fixture
def kayleigh():
    child = ChildFactory(given_name="Kayleigh", family_name="Smith", date_of_birth=BORN, sex="F")
    AddressFactory(person=child, line_1="12 Example Road", postcode="FY1 3LA")
    RelationshipFactory(person=AdultFactory(given_name="Dean", family_name="Smith"), other=child)
    # Neighbours in the index: the same family name, a similar name, the same birthday.
    ChildFactory(given_name="Kyle", family_name="Smith", date_of_birth=dt.date(2013, 7, 1))
    ChildFactory(given_name="Chloe", family_name="Smithson", date_of_birth=dt.date(2016, 9, 4))
    ChildFactory(given_name="Kayleigh", family_name="Smith", date_of_birth=dt.date(2009, 10, 12))
    return child


def best(**fields):
    candidates = find_candidates(MatchQuery(**fields))
    return candidates[0] if candidates else None


@pytest.mark.parametrize(
    "fields",
    [
        {"given_name": "Kayleigh", "family_name": "Smith", "date_of_birth": BORN},
        {"given_name": "Kayliegh", "family_name": "Smith", "date_of_birth": BORN},  # typo
        {"given_name": "Kayley", "family_name": "Smith", "date_of_birth": BORN},  # spelling
        {"given_name": "Kayleigh", "family_name": "Smyth", "date_of_birth": BORN},  # typo
        {"given_name": "Kayleigh", "family_name": "Smith-Jones", "date_of_birth": BORN},
        {"given_name": "Kayleigh", "family_name": "Smith", "date_of_birth": dt.date(2016, 4, 3)},
        {"given_name": "Kayleigh", "family_name": "Smith", "date_of_birth": dt.date(2016, 3, 14)},
        {"given_name": "Kayleigh", "family_name": "Smith", "postcode": "FY1 3LA"},  # no date
        {
            "given_name": "Kayleigh",
            "family_name": "Smith",
            "date_of_birth": BORN,
            "carer_names": ("Dean Smith",),
        },
    ],
)
def test_the_right_child_comes_first_despite_each_variation(kayleigh, fields):
    candidate = best(**fields)
    assert candidate is not None and candidate.person == kayleigh, fields
    assert candidate.is_match
    assert 0 < candidate.score <= 1
    assert candidate.reasons


def test_a_nickname_finds_the_recorded_name():
    liam = ChildFactory(given_name="William", family_name="Hart", date_of_birth=BORN, sex="M")
    alfred = ChildFactory(
        given_name="Alfred", family_name="Hart", date_of_birth=dt.date(2018, 1, 9)
    )
    assert best(given_name="Liam", family_name="Hart", date_of_birth=BORN).person == liam
    found = best(given_name="Alfie", family_name="Hart", date_of_birth=dt.date(2018, 1, 9))
    assert found.person == alfred
    assert any("form of the same name" in r for r in found.reasons)


def test_a_changed_family_name_is_found_through_the_previous_name(kayleigh):
    PersonName.objects.create(person=kayleigh, kind=NameKind.PREVIOUS, family_name="Walsh")
    found = best(given_name="Kayleigh", family_name="Walsh", date_of_birth=BORN)
    assert found.person == kayleigh
    assert any("previous or other name" in r for r in found.reasons)


def test_a_house_move_keeps_the_old_postcode_as_evidence(kayleigh):
    from continuum.organisation.tests.factories import UserFactory
    from continuum.people import actions

    actions.move_address(
        kayleigh,
        line_1="3 New Street",
        postcode="PR4 1AA",
        start_date=dt.date(2026, 6, 1),
        acting_user=UserFactory(),
    )
    found = best(given_name="Kayleigh", family_name="Smith", postcode="FY1 3LA")
    assert found.person == kayleigh
    assert "Lived at the same postcode before" in found.reasons
    now = best(given_name="Kayleigh", family_name="Smith", postcode="PR4 1AA")
    assert "Lives at the same postcode" in now.reasons


def test_an_unrecorded_twin_is_never_matched_to_the_recorded_one(kayleigh):
    candidates = find_candidates(
        MatchQuery(
            given_name="Chloe",
            family_name="Smith",
            date_of_birth=BORN,
            sex="F",
            postcode="FY1 3LA",
            address_line="12 Example Road",
            carer_names=("Dean Smith",),
        )
    )
    assert not any(c.is_match for c in candidates)
    twin = next(c for c in candidates if c.person == kayleigh)
    assert "twin" in twin.reasons[-1]


def test_a_common_name_with_another_date_of_birth_is_not_a_match():
    # Jack and Smith are common: agreeing on them is weak evidence (term frequencies come
    # from the index), too weak to outweigh a date of birth that differs outright.
    Person.objects.bulk_create(
        [Person(given_name="Jack", family_name=f"Other{n}", date_of_birth=BORN) for n in range(60)]
        + [
            Person(given_name=f"Other{n}", family_name="Smith", date_of_birth=BORN)
            for n in range(60)
        ]
    )
    ChildFactory(given_name="Jack", family_name="Smith", date_of_birth=dt.date(2015, 2, 2))
    build_index()
    query = MatchQuery(given_name="Jack", family_name="Smith", date_of_birth=dt.date(2019, 8, 30))
    assert not any(c.is_match for c in find_candidates(query))
    candidates = find_candidates(query, show_from=0.0)
    assert candidates[0].score < 0.05
    assert "Date of birth differs (2 Feb 2015)" in candidates[0].reasons


def test_the_nhs_number_decides_when_names_are_missing(kayleigh):
    kayleigh.nhs_number = "9434765919"
    kayleigh.save()
    assert best(nhs_number="943 476 5919".replace(" ", "")).person == kayleigh


def test_an_empty_query_finds_nobody(kayleigh):
    assert find_candidates(MatchQuery()) == []


def test_the_index_follows_saves_and_a_full_build_agrees(kayleigh):
    assert PersonMatchRecord.objects.filter(person=kayleigh).exists()
    kayleigh.given_name = "Kayla"
    kayleigh.save()
    assert best(given_name="Kayla", family_name="Smith", date_of_birth=BORN).person == kayleigh
    before = set(PersonMatchKey.objects.values_list("key", "person_id"))
    report = build_index()
    assert report.records == PersonMatchRecord.objects.count()
    assert set(PersonMatchKey.objects.values_list("key", "person_id")) == before


def test_a_lookup_is_a_few_queries_whatever_the_index_holds(kayleigh):
    for n in range(30):
        ChildFactory(family_name="Smith", date_of_birth=dt.date(2010, 1, 1 + n % 28))
    find_candidates(MatchQuery(given_name="Kayleigh", family_name="Smith", date_of_birth=BORN))
    with CaptureQueriesContext(connection) as queries:
        find_candidates(MatchQuery(given_name="Kayleigh", family_name="Smith", date_of_birth=BORN))
    assert len(queries) <= 3


def test_a_build_in_worker_processes_makes_exactly_the_same_index():
    """The parallel build (forced here on a small index, in small batches) gives the same
    profiles and keys as the build in one process, with aliases, several addresses, merged
    records, carers and an unborn child among the records."""
    from continuum.people.tests.factories import UnbornChildFactory

    children = [
        ChildFactory(given_name=given, family_name=family, date_of_birth=dt.date(2015, 1, n))
        for n, (given, family) in enumerate(
            [("Kayleigh", "Smith"), ("Liam", "Smith-Jones"), ("Zoë", "O'Brien")] * 8, start=1
        )
    ]
    UnbornChildFactory(family_name="Smith")
    for n, child in enumerate(children):
        AddressFactory(person=child, postcode="FY1 3LA" if n % 2 else "PR4 1AA")
        AddressFactory(person=child, start_date=None, end_date=dt.date(2019, 1, 1))
        AddressFactory(
            person=child, postcode="FY2 9AB", start_date=BORN, end_date=dt.date(2019, 1, 1)
        )
        if n % 3:
            RelationshipFactory(other=child)
            RelationshipFactory(other=child)
        if n % 4 == 0:
            PersonName.objects.create(
                person=child, kind=NameKind.PREVIOUS, given_name="Kay", family_name="Walsh"
            )
    for duplicate, survivor in [(children[1], children[20]), (children[22], children[2])]:
        Person.objects.filter(pk=duplicate.pk).update(merged_into=survivor)

    def index() -> tuple[list, list]:
        return (
            list(PersonMatchRecord.objects.order_by("person_id").values_list()),
            sorted(PersonMatchKey.objects.values_list("key", "person_id")),
        )

    alone = build_index(workers=1, chunk=7)
    in_one_process = index()
    parallel = build_index(workers=2, chunk=7)
    assert index() == in_one_process
    assert (parallel.records, parallel.keys) == (alone.records, alone.keys)
    merged_profile = PersonMatchRecord.objects.get(person=children[20]).profile
    assert '"zoe","liam"' in merged_profile  # the survivor's name, then the duplicate's
