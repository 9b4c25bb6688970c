"""Who may merge, unmerge and review duplicate records, checked in the actions, with the
plain-English refusal each person sees. Written from `make mutation`'s survivors: each test
fails if its check, or its message, is changed or removed."""

import datetime as dt

import pytest
import time_machine

from continuum.core.models import ChronologyEvent
from continuum.governance import access
from continuum.governance.models import AuditAction, AuditEntry
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.people import actions
from continuum.people.models import (
    DuplicatePair,
    DuplicateStatus,
    Person,
    PersonAddress,
    PersonMerge,
)
from continuum.people.tests.factories import AddressFactory, ChildFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 11, 0, tzinfo=dt.UTC)


def administrator():
    return UserFactory(role=Role.ADMINISTRATOR, team=None)


def with_reasons(user, pair):
    """A manager outside both children's work gives a reason to open each record first, as
    the duplicate review page asks (the policy's Purpose.MERGE)."""
    for person in (pair.person, pair.other):
        access.give_reason(user, person, "Reviewing a possible duplicate record for the Hub")
    return user


@pytest.fixture
def pair():
    first, second = ChildFactory(), ChildFactory()
    return DuplicatePair.objects.create(
        person=first, other=second, probability=0.97, reasons="Same name", found_at=NOW
    )


REFUSED = [
    ("merge", r"^Only team managers and administrators can merge records$"),
    ("unmerge", r"^Only team managers and administrators can undo a merge$"),
    ("review", r"^Only team managers and administrators review duplicate records$"),
]


def act(step, pair, user, merge=None):
    if step == "merge":
        return actions.merge_people(pair.person, pair.other, acting_user=user, pair=pair)
    if step == "unmerge":
        return actions.unmerge(merge, acting_user=user)
    return actions.mark_not_duplicate(pair, acting_user=user)


@pytest.mark.parametrize(("step", "message"), REFUSED)
@pytest.mark.parametrize("make_user", [UserFactory, HubWorkerFactory], ids=["worker", "Hub"])
def test_only_managers_and_administrators_merge_unmerge_and_review(pair, step, message, make_user):
    merge = (
        actions.merge_people(
            pair.person, pair.other, acting_user=with_reasons(TeamManagerFactory(), pair)
        )
        if step == "unmerge"
        else None
    )
    with pytest.raises(actions.PeopleError, match=message):
        act(step, pair, make_user(), merge)
    pair.refresh_from_db()
    other = Person.objects.get(pk=pair.other_id)
    if step == "unmerge":
        merge.refresh_from_db()
        assert merge.undone_at is None and other.merged_into_id == pair.person_id
    else:
        assert pair.status == DuplicateStatus.OPEN and other.merged_into_id is None


@pytest.mark.parametrize("make_user", [TeamManagerFactory, administrator], ids=["manager", "admin"])
def test_managers_and_administrators_may(pair, make_user):
    user = with_reasons(make_user(), pair)
    merge = act("merge", pair, user)
    assert Person.objects.get(pk=pair.other_id).merged_into_id == pair.person_id
    act("unmerge", pair, user, merge)
    assert PersonMerge.objects.get().undone_by == user
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.OPEN


@time_machine.travel(NOW, tick=False)
def test_a_review_records_who_decided_and_when(pair):
    manager = with_reasons(TeamManagerFactory(), pair)
    actions.mark_not_duplicate(pair, acting_user=manager)
    pair.refresh_from_db()
    assert (pair.status, pair.reviewed_by, pair.reviewed_at) == (
        DuplicateStatus.NOT_DUPLICATE,
        manager,
        NOW,
    )


@time_machine.travel(NOW, tick=False)
def test_a_merge_records_who_why_and_when_and_undoing_it_is_audited_on_both_records(pair):
    manager = with_reasons(TeamManagerFactory(), pair)
    merge = actions.merge_people(
        pair.person, pair.other, acting_user=manager, pair=pair, reason="Same NHS number"
    )
    assert PersonMerge.objects.get().reason == "Same NHS number"
    pair.refresh_from_db()
    assert (pair.status, pair.reviewed_by, pair.reviewed_at) == (
        DuplicateStatus.MERGED,
        manager,
        NOW,
    )
    assert set(
        ChronologyEvent.objects.filter(source=f"people.PersonMerge:{merge.pk}").values_list(
            "person", "recorded_by"
        )
    ) == {(pair.person_id, manager.pk)}
    actions.unmerge(merge, acting_user=manager)
    assert set(
        AuditEntry.objects.filter(path=f"unmerge:{merge.pk}").values_list(
            "actor", "person", "action"
        )
    ) == {
        (manager.pk, pair.person_id, AuditAction.CHANGE),
        (manager.pk, pair.other_id, AuditAction.CHANGE),
    }
    undone = ChronologyEvent.objects.filter(summary__contains="undone")
    assert set(undone.values_list("person", "recorded_by")) == {
        (pair.person_id, manager.pk),
        (pair.other_id, manager.pk),
    }
    pair.refresh_from_db()
    assert (pair.status, pair.reviewed_by, pair.reviewed_at) == (DuplicateStatus.OPEN, None, None)


def test_a_move_of_address_is_audited_and_touches_nobody_else():
    worker = UserFactory()
    child, neighbour = ChildFactory(), ChildFactory()
    AddressFactory(person=neighbour)
    actions.move_address(
        child, line_1="2 New Street", postcode="FY1 3LA", start_date=NOW.date(), acting_user=worker
    )
    assert list(AuditEntry.objects.values_list("actor", "person", "action")) == [
        (worker.pk, child.pk, AuditAction.CHANGE)
    ]
    assert ChronologyEvent.objects.get(person=child).recorded_by == worker
    assert PersonAddress.objects.get(person=neighbour).end_date is None
