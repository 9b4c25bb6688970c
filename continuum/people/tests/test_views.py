"""The person pages: search, the record with its chronology, history; nothing is deleted."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.organisation.tests.factories import UserFactory
from continuum.people import actions
from continuum.people.models import Person, PersonDataDeletionError, RelationshipKind
from continuum.people.search import parse_query
from continuum.people.tests.factories import (
    AddressFactory,
    AdultFactory,
    AllocationFactory,
    ChildFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "names", "dob", "postcode", "nhs"),
    [
        ("Ava Smith", ["Ava", "Smith"], None, "", ""),
        ("smith 04/02/2015", ["smith"], dt.date(2015, 2, 4), "", ""),
        ("2015-02-04", [], dt.date(2015, 2, 4), "", ""),
        ("fy1 3la", [], None, "FY1 3LA", ""),
        ("943 476 5919", [], None, "", "9434765919"),
        ("O'Neil-Brown FY4 1AB", ["O'Neil-Brown"], None, "FY4 1AB", ""),
    ],
)
def test_parse_query(text, names, dob, postcode, nhs):
    parsed = parse_query(text)
    assert (parsed.names, parsed.date_of_birth, parsed.postcode, parsed.nhs_number) == (
        names,
        dob,
        postcode,
        nhs,
    )


def test_parse_query_reports_an_invalid_nhs_number_and_date():
    parsed = parse_query("943 476 5918 31/02/2015")
    assert parsed.problems == [
        "943 476 5918 is not a valid NHS number",
        "31/02/2015 is not a real date",
    ]


def test_search_by_name_dob_postcode_nhs_and_alias(practitioner_client):
    ava = ChildFactory(
        given_name="Ava",
        family_name="Testerson",
        date_of_birth=dt.date(2015, 2, 4),
        nhs_number="9434765919",
    )
    ChildFactory(given_name="Ava", family_name="Testerson", date_of_birth=dt.date(2016, 5, 1))
    AddressFactory(person=ava, postcode="FY1 3LA")
    ava.other_names.create(kind="previous", given_name="Ava", family_name="Oldname")

    def found(q):
        return [
            p.pk
            for p in (
                item.person
                for item in practitioner_client.get(reverse("people:search"), {"q": q}).context[
                    "results"
                ]
            )
        ]

    assert found("ava test 04/02/2015") == [ava.pk]
    assert found("943 476 5919") == [ava.pk]
    assert found("Testerson FY1 3LA") == [ava.pk]
    assert found("Oldname") == [ava.pk]
    assert len(found("Ava")) == 2
    assert found("Nobody") == []


def test_record_shows_chronology_people_who_matter_and_workers(
    practitioner_client, practitioner, assessment_team
):
    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    mum = AdultFactory(given_name="Jo", family_name=child.family_name)
    RelationshipFactory(person=mum, other=child, kind=RelationshipKind.PARENT)
    sister = ChildFactory(family_name=child.family_name)
    RelationshipFactory(person=child, other=sister, kind=RelationshipKind.SIBLING)
    record_event(
        child,
        kind=EventKind.CONTACT,
        occurred_on=dt.date(2026, 9, 1),
        summary="Request for Support from school",
    )
    record_event(
        child,
        kind=EventKind.ASSESSMENT,
        occurred_on=dt.date(2026, 10, 1),
        summary="Child and Family Assessment started",
    )
    record_event(child, kind=EventKind.VISIT, occurred_on=dt.date(2025, 1, 1), summary="Home visit")

    response = practitioner_client.get(reverse("people:detail", args=[child.pk]))
    events = response.context["events"]
    assert [e.summary for e in events] == [
        "Child and Family Assessment started",
        "Request for Support from school",
        "Home visit",
    ]
    assert {(p.pk, label) for p, label, _ in response.context["relationships"]} == {
        (mum.pk, "Parent"),
        (sister.pk, "Sibling"),
    }
    assert [a.worker for a in response.context["allocations"]] == [practitioner]
    assert len(response.context["timeline"].points) == 3

    filtered = practitioner_client.get(
        reverse("people:detail", args=[child.pk]), {"kind": "contact"}
    )
    assert [e.summary for e in filtered.context["events"]] == ["Request for Support from school"]


def test_history_shows_who_changed_what(practitioner_client, practitioner, assessment_team):
    child = AllocationFactory(
        team=assessment_team, worker=practitioner, person__given_name="Ava"
    ).person
    child.given_name = "Eva"
    child._history_user = practitioner
    child.save()
    response = practitioner_client.get(reverse("people:history", args=[child.pk]))
    record, rows = list(response.context["changes"])[0]
    assert record.history_user == practitioner
    assert ("Given name", "Ava", "Eva") in rows


def test_person_data_is_never_deleted():
    child = ChildFactory()
    with pytest.raises(PersonDataDeletionError):
        child.delete()
    with pytest.raises(PersonDataDeletionError):
        Person.objects.all().delete()
    assert Person.objects.filter(pk=child.pk).exists()


def test_moving_house_keeps_the_old_address(practitioner):
    child = ChildFactory()
    actions.move_address(
        child,
        line_1="1 First Street",
        postcode="FY1 1AA",
        start_date=dt.date(2020, 1, 1),
        acting_user=practitioner,
    )
    actions.move_address(
        child,
        line_1="2 Second Street",
        postcode="FY2 2BB",
        start_date=dt.date(2025, 6, 1),
        acting_user=practitioner,
    )
    old, new = child.addresses.order_by("start_date")
    assert (old.end_date, new.end_date) == (dt.date(2025, 5, 31), None)
    assert child.chronology.filter(kind="address").count() == 2
    with pytest.raises(actions.PeopleError):
        actions.move_address(
            child,
            line_1="3 Back Street",
            postcode="FY3 3CC",
            start_date=dt.date(2025, 1, 1),
            acting_user=practitioner,
        )


def test_reallocation_counts_a_change_of_worker(practitioner, manager, assessment_team):
    from continuum.organisation.tests.factories import UserFactory

    child = ChildFactory()
    actions.allocate(
        child,
        team=assessment_team,
        worker=practitioner,
        acting_user=manager,
        start_date=dt.date(2026, 1, 5),
    )
    colleague = UserFactory(team=assessment_team)
    actions.allocate(
        child,
        team=assessment_team,
        worker=colleague,
        acting_user=manager,
        start_date=dt.date(2026, 3, 2),
    )
    assert child.allocations.filter(end_date__isnull=True).get().worker == colleague
    assert child.allocations.count() == 2
    with pytest.raises(actions.PeopleError, match="not a member"):
        actions.allocate(child, team=assessment_team, worker=UserFactory(), acting_user=manager)


def test_home_shows_my_caseload(practitioner_client, practitioner, assessment_team):
    child = AllocationFactory(
        team=assessment_team, worker=practitioner, person__given_name="Kayleigh"
    ).person
    response = practitioner_client.get(reverse("home"))
    assert list(response.context["children"]) == [child]
    assert "Kayleigh" in response.content.decode()


def test_sign_in_page_is_public_and_everything_else_is_not(client):
    assert client.get(reverse("sign-in")).status_code == 200
    response = client.get(reverse("people:search"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("sign-in"))


def test_relationships_are_added_corrected_and_ended_on_the_record_and_audited():
    """Issue 14, item 4: the Hub (and whoever may record on the record) adds and corrects
    family links; nothing is deleted."""
    from continuum.core.models import ChronologyEvent
    from continuum.governance.models import AuditEntry
    from continuum.people.models import Relationship
    from continuum.people.tests.factories import AdultFactory, AllocationFactory

    allocation = AllocationFactory(worker=UserFactory())
    child, worker = allocation.person, allocation.worker
    mum = AdultFactory(given_name="Dana", family_name="Sample")
    AllocationFactory(person=mum, team=allocation.team, worker=worker)
    client = Client()
    client.force_login(worker)
    url = reverse("people:relationships", args=[child.pk])

    added = client.post(url, {"action": "add", "other": str(mum.pk), "kind": "step_parent"})
    assert added.status_code == 302
    relationship = Relationship.objects.get()
    assert (relationship.person, relationship.other, relationship.kind) == (
        mum,
        child,
        "step_parent",
    )
    client.post(url, {"action": "correct", "relationship": relationship.pk, "kind": "parent"})
    relationship.refresh_from_db()
    assert relationship.kind == "parent"
    assert relationship.history.filter(kind="step_parent").exists()
    assert ChronologyEvent.objects.filter(
        person=child, summary__startswith="Relationship corrected"
    ).exists()
    client.post(url, {"action": "end", "relationship": relationship.pk})
    relationship.refresh_from_db()
    assert relationship.end_date is not None
    assert AuditEntry.objects.filter(person=mum, actor=worker, action="change").count() >= 3
    page = client.get(url).content.decode()
    assert "ended" in page and "Dana Sample" in page


def test_a_record_the_user_cannot_open_cannot_be_linked():
    from continuum.people.models import Relationship
    from continuum.people.tests.factories import AllocationFactory

    allocation = AllocationFactory(worker=UserFactory())
    stranger = ChildFactory(is_restricted=True)
    client = Client()
    client.force_login(allocation.worker)
    url = reverse("people:relationships", args=[allocation.person.pk])
    for number in (str(stranger.pk), "999999"):
        response = client.post(
            url, {"action": "add", "other": number, "kind": "sibling"}, follow=True
        )
        assert "Enter the number of a record you can open" in response.content.decode()
    assert not Relationship.objects.exists()
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(url).status_code in (302, 403)
