"""The access policy against the database: who opens what, and the audit of every look."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from continuum.governance import access
from continuum.governance.models import AuditEntry, BreakGlassAccess
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    PartnerUserFactory,
    TeamFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.people.tests.factories import AllocationFactory, ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def allocated_child(practitioner, assessment_team):
    return AllocationFactory(team=assessment_team, worker=practitioner).person


def make_user(kind, assessment_team, fostering_team):
    return {
        "allocated worker": lambda: None,
        "colleague in the allocated team": lambda: UserFactory(team=assessment_team),
        "manager of the allocated team": lambda: TeamManagerFactory(team=assessment_team),
        "manager of another team": lambda: TeamManagerFactory(team=fostering_team),
        "worker in another team": lambda: UserFactory(team=fostering_team),
        "Hub worker not screening": lambda: HubWorkerFactory(
            team=TeamFactory(slug="request-for-support-hub")
        ),
        "partner": lambda: PartnerUserFactory(),
        "administrator": lambda: UserFactory(role=Role.ADMINISTRATOR, team=None, is_superuser=True),
    }[kind]()


@pytest.mark.parametrize(
    ("kind", "allowed", "may_give_reason"),
    [
        ("allocated worker", True, False),
        ("colleague in the allocated team", True, False),
        ("manager of the allocated team", True, False),
        ("manager of another team", False, True),
        ("worker in another team", False, True),
        ("Hub worker not screening", False, True),
        ("partner", False, False),
        ("administrator", False, True),
    ],
)
def test_policy_matrix(
    kind, allowed, may_give_reason, allocated_child, practitioner, assessment_team, fostering_team
):
    user = make_user(kind, assessment_team, fostering_team) or practitioner
    decision = access.check_access(user, allocated_child)
    assert (decision.allowed, decision.may_give_reason) == (allowed, may_give_reason)


def test_an_ended_allocation_gives_no_access(practitioner, assessment_team):
    child = AllocationFactory(
        team=assessment_team, worker=practitioner, end_date=dt.date(2026, 3, 1)
    ).person
    assert not access.check_access(practitioner, child).allowed


def test_the_manager_line_follows_the_worker_into_another_teams_allocation(
    practitioner, manager, fostering_team
):
    child = AllocationFactory(team=fostering_team, worker=practitioner).person
    decision = access.check_access(manager, child)
    assert decision.allowed and decision.basis == "Manager of the allocated worker"


def test_every_view_is_audited_with_who_and_why(practitioner_client, practitioner, allocated_child):
    url = reverse("people:detail", args=[allocated_child.pk])
    practitioner_client.get(url)
    practitioner_client.get(url)
    entries = AuditEntry.objects.filter(person=allocated_child, action="view")
    assert entries.count() == 2
    assert {(e.actor_id, e.basis, e.path) for e in entries} == {
        (practitioner.pk, "Allocated worker", url)
    }


def test_an_outsider_must_give_a_reason_first(outsider_client, outsider, allocated_child):
    url = reverse("people:detail", args=[allocated_child.pk])
    response = outsider_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:reason", args=[allocated_child.pk]))
    assert not AuditEntry.objects.filter(action="view").exists()

    refused = outsider_client.post(response["Location"], {"reason": "  "})
    assert "Enter the reason" in refused.content.decode()
    assert not BreakGlassAccess.objects.exists()

    given = outsider_client.post(
        response["Location"], {"reason": "Foster carer assessment for the family's aunt"}
    )
    assert given.status_code == 302 and given["Location"] == url
    page = outsider_client.get(url)
    assert page.status_code == 200
    view = AuditEntry.objects.get(action="view")
    assert (view.actor_id, view.basis, view.reason) == (
        outsider.pk,
        "Reason given",
        "Foster carer assessment for the family's aunt",
    )


def test_a_reason_expires(outsider, allocated_child):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)):
        access.give_reason(outsider, allocated_child, "Checking a connected person assessment")
        assert access.check_access(outsider, allocated_child).allowed
    with time_machine.travel(dt.datetime(2026, 11, 23, 17, 1, tzinfo=dt.UTC)):
        assert not access.check_access(outsider, allocated_child).allowed


def test_partners_are_refused_without_the_offer_of_a_reason(partner_client, allocated_child):
    response = partner_client.get(reverse("people:detail", args=[allocated_child.pk]))
    assert response.status_code == 403
    assert "Partner agencies do not open case records" in response.content.decode()
    assert partner_client.get(reverse("people:search") + "?q=a").status_code == 403


def test_audit_page_lists_views_and_reasons(practitioner_client, outsider, allocated_child):
    access.give_reason(outsider, allocated_child, "Duty enquiry from another authority")
    access.access_person(outsider, allocated_child.pk)
    response = practitioner_client.get(reverse("people:audit", args=[allocated_child.pk]))
    html = response.content.decode()
    assert "Duty enquiry from another authority" in html
    assert str(outsider) in html
    assert AuditEntry.objects.filter(person=allocated_child, action="view_audit").count() == 1


def test_team_manager_reviews_reasons_given_for_their_teams_children(
    manager_client, manager, outsider, allocated_child
):
    other_child = ChildFactory()
    access.give_reason(outsider, allocated_child, "Housing panel asked about the family")
    access.give_reason(outsider, other_child, "Not one of the manager's children")
    page = manager_client.get(reverse("governance:reasons"))
    waiting = list(page.context["waiting"])
    assert [g.reason for g in waiting] == ["Housing panel asked about the family"]
    manager_client.post(reverse("governance:mark-reviewed", args=[waiting[0].pk]))
    grant = BreakGlassAccess.objects.get(person=allocated_child)
    assert grant.reviewed_by == manager and grant.reviewed_at is not None


def test_only_managers_see_the_reasons_page(practitioner_client):
    assert practitioner_client.get(reverse("governance:reasons")).status_code == 403


def test_caseload_lists_only_my_open_children(
    practitioner, manager, assessment_team, fostering_team
):
    mine = AllocationFactory(team=assessment_team, worker=practitioner).person
    AllocationFactory(team=assessment_team, worker=practitioner, end_date=dt.date(2026, 2, 1))
    colleague = UserFactory(team=assessment_team)
    theirs = AllocationFactory(team=assessment_team, worker=colleague).person
    AllocationFactory(team=fostering_team)
    assert list(access.caseload(practitioner)) == [mine]
    assert set(access.caseload(manager)) == {mine, theirs}


@pytest.mark.parametrize(
    ("kind", "allowed", "basis"),
    [
        ("allocated worker", False, "Only an administrator or the allocated manager can restrict"),
        ("worker in another team", False, "Only an administrator or the allocated manager"),
        ("Hub worker not screening", False, "Only an administrator or the allocated manager"),
        ("partner", False, "Only an administrator or the allocated manager can restrict"),
        ("manager of another team", False, "Only an administrator or the allocated manager"),
        ("manager of the allocated team", True, "Manager of the allocated team"),
        ("administrator", True, "Administrator"),
    ],
)
def test_who_may_restrict_a_record(
    kind, allowed, basis, allocated_child, practitioner, assessment_team, fostering_team
):
    user = make_user(kind, assessment_team, fostering_team) or practitioner
    decision = access.can(user, access.Purpose.RESTRICT, allocated_child)
    assert decision.allowed is allowed
    assert decision.basis.startswith(basis)


def test_a_superuser_of_any_role_may_restrict(allocated_child):
    superuser = UserFactory(role=Role.PRACTITIONER, is_superuser=True)
    assert access.can(superuser, access.Purpose.RESTRICT, allocated_child) == (
        access.AccessDecision(True, "Administrator")
    )


@pytest.mark.parametrize("kind", ["allocated worker", "worker in another team", "partner"])
def test_restricting_is_refused_to_workers_without_a_query(
    kind, allocated_child, practitioner, assessment_team, fostering_team, django_assert_num_queries
):
    """Every record page asks whether its reader may restrict the record: for anyone who is
    neither an administrator nor a manager that costs nothing."""
    user = make_user(kind, assessment_team, fostering_team) or practitioner
    with django_assert_num_queries(0):
        assert not access.can(user, access.Purpose.RESTRICT, allocated_child).allowed


def test_a_manager_with_no_team_is_refused_without_a_query(
    allocated_child, django_assert_num_queries
):
    manager = TeamManagerFactory(team=None)
    with django_assert_num_queries(0):
        decision = access.can(manager, access.Purpose.RESTRICT, allocated_child)
    assert not decision.allowed


def test_a_manager_is_asked_with_the_facts(
    allocated_child, fostering_team, django_assert_num_queries
):
    """A team manager's answer depends on whose the child is: the facts are gathered."""
    manager = TeamManagerFactory(team=fostering_team)
    with django_assert_num_queries(2):  # the child's allocations; any reason given
        assert not access.can(manager, access.Purpose.RESTRICT, allocated_child).allowed
