"""Duplicate records: finding them, the manager's review pages, merging (both histories
kept, audited) and undoing a merge exactly."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from continuum.core.chronology import record_event
from continuum.core.models import ChronologyEvent, EventKind
from continuum.frontdoor.tests.factories import ContactChildFactory
from continuum.governance import access
from continuum.governance.models import AuditEntry
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.people import actions
from continuum.people.matching import MatchQuery, find_candidates
from continuum.people.matching.duplicates import find_duplicates
from continuum.people.models import (
    DuplicatePair,
    DuplicateStatus,
    NameKind,
    PersonAddress,
    PersonName,
    Relationship,
)
from continuum.people.tests.factories import (
    AddressFactory,
    AdultFactory,
    AllocationFactory,
    ChildFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db
BORN = dt.date(2016, 3, 4)


def may_open(user, *people):
    """Comparing records is a look at each: a manager outside the children's work gives a
    reason for each first, as the review page asks."""
    for person in people:
        access.give_reason(user, person, "Reviewing a possible duplicate record for the Hub")
    return user


@pytest.fixture
def manager(records):
    return may_open(TeamManagerFactory(), *records)


@pytest.fixture
def records():
    """One child recorded twice: once by the Hub, once by a school's referral."""
    first = ChildFactory(given_name="Kayleigh", family_name="Smith", date_of_birth=BORN)
    second = ChildFactory(given_name="Kayley", family_name="Smith", date_of_birth=BORN)
    AddressFactory(person=first, line_1="12 Example Road", postcode="FY1 3LA")
    AddressFactory(
        person=second, line_1="4 Old Lane", postcode="FY2 9AB", start_date=dt.date(2015, 1, 1)
    )
    PersonName.objects.create(person=second, kind=NameKind.PREVIOUS, family_name="Walsh")
    mum = AdultFactory(given_name="Dawn", family_name="Smith")
    RelationshipFactory(person=mum, other=second)
    AllocationFactory(person=second)
    record_event(second, kind=EventKind.OTHER, occurred_on=BORN, summary="School referral")
    ContactChildFactory(person=second, given_name="Kayley")
    return first, second


def test_find_duplicates_lists_the_pair_once_and_never_twins(records):
    first, second = records
    ChildFactory(given_name="Chloe", family_name="Smith", date_of_birth=BORN)  # a twin
    assert find_duplicates() == 1
    pair = DuplicatePair.objects.get()
    assert (pair.person_id, pair.other_id) == (first.pk, second.pk)
    assert pair.probability >= 0.5 and pair.reason_list
    assert find_duplicates() == 0  # not offered twice


def test_merge_moves_both_histories_and_undo_puts_back_exactly_what_moved(records, manager):
    first, second = records
    moved_before = {
        "addresses": PersonAddress.objects.filter(person=second).count(),
        "events": ChronologyEvent.objects.filter(person=second).count(),
    }
    merge = actions.merge_people(first, second, acting_user=manager, reason="Same child")
    second.refresh_from_db()
    assert second.merged_into == first
    # Both histories on the survivor: chronology, names, relationships, allocations, contacts.
    assert first.other_names.filter(family_name="Walsh").exists()
    assert Relationship.objects.filter(other=first, person__given_name="Dawn").exists()
    assert first.allocations.count() == 1
    assert first.contact_mentions.count() == 1  # the contact that named the duplicate
    assert ChronologyEvent.objects.filter(person=first, summary="School referral").exists()
    # Two current addresses cannot both be current: the duplicate's stays with it, linked.
    assert PersonAddress.objects.filter(person=second).count() == 1
    assert PersonAddress.objects.filter(person=first).count() == 1 + moved_before["addresses"] - 1
    assert merge.rows.count() >= 5
    assert AuditEntry.objects.filter(person=first, path=f"merge:{merge.pk}").exists()
    assert AuditEntry.objects.filter(person=second, path=f"merge:{merge.pk}").exists()
    # The survivor is found by either record's details; the merged record never is.
    found = find_candidates(
        MatchQuery(given_name="Kayleigh", family_name="Walsh", date_of_birth=BORN)
    )
    assert [c.person for c in found][:1] == [first]
    assert second not in [c.person for c in found]

    actions.unmerge(merge, acting_user=manager)
    second.refresh_from_db()
    merge.refresh_from_db()
    assert second.merged_into is None and merge.undone_by == manager
    assert second.other_names.filter(family_name="Walsh").exists()
    assert not first.other_names.exists()
    assert Relationship.objects.filter(other=second, person__given_name="Dawn").exists()
    assert second.allocations.count() == 1 and first.allocations.count() == 0
    assert second.contact_mentions.count() == 1
    assert ChronologyEvent.objects.filter(person=second, summary="School referral").exists()
    assert PersonAddress.objects.filter(person=second).count() == moved_before["addresses"]
    with pytest.raises(actions.PeopleError):
        actions.unmerge(merge, acting_user=manager)


@pytest.mark.parametrize(
    ("factory", "allowed"),
    [(TeamManagerFactory, True), (HubWorkerFactory, False), (UserFactory, False)],
)
def test_only_managers_and_administrators_merge(records, factory, allowed):
    first, second = records
    if allowed:
        actions.merge_people(first, second, acting_user=may_open(factory(), first, second))
    else:
        with pytest.raises(actions.PeopleError):
            actions.merge_people(first, second, acting_user=factory())


def test_a_record_cannot_be_merged_twice(records, manager):
    first, second = records
    actions.merge_people(first, second, acting_user=manager)
    with pytest.raises(actions.PeopleError):
        actions.merge_people(first, second, acting_user=manager)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("factory", "status"), [(TeamManagerFactory, 200), (HubWorkerFactory, 403), (UserFactory, 403)]
)
def test_duplicate_pages_are_for_managers(records, factory, status):
    find_duplicates()
    pair = DuplicatePair.objects.get()
    user = factory()
    if status == 200:
        may_open(user, *records)
    client = login(user)
    assert client.get(reverse("people:duplicates")).status_code == status
    assert client.get(reverse("people:duplicate-review", args=[pair.pk])).status_code == status


def test_a_manager_reviews_side_by_side_merges_and_undoes(records, manager):
    first, second = records
    find_duplicates()
    pair = DuplicatePair.objects.get()
    client = login(manager)
    page = client.get(reverse("people:duplicate-review", args=[pair.pk]))
    assert page.content.decode().count('data-testid="side"') == 2
    assert AuditEntry.objects.filter(actor=manager, person=second).exists()
    response = client.post(
        reverse("people:duplicate-merge", args=[pair.pk]), {"keep": first.pk, "reason": "Same"}
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.MERGED
    merge = first.merges_kept.get()
    listing = client.get(reverse("people:duplicates")).content.decode()
    assert "Undo" in listing
    client.post(reverse("people:merge-undo", args=[merge.pk]))
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.OPEN


def test_a_manager_can_say_they_are_different_people(records, manager):
    find_duplicates()
    pair = DuplicatePair.objects.get()
    login(manager).post(reverse("people:duplicate-dismiss", args=[pair.pk]))
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.NOT_DUPLICATE
    assert find_duplicates() == 0
