"""Each ground for opening a record is gathered from the right rows: this person's, this
user's, still current. Written against the mutants `make mutation` found alive (a filter left
out, `and` turned into `or`, a field of an audit row changed) so that none of them can pass."""

import datetime as dt

import pytest
import time_machine

from continuum.governance import access
from continuum.governance.models import AuditAction, AuditEntry, BreakGlassAccess
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import (
    AgencyFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.people.tests.factories import AllocationFactory, ChildFactory

pytestmark = pytest.mark.django_db

MORNING = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)


def _grant(user, person, reason, *, at=MORNING, hours=8):
    return BreakGlassAccess.objects.create(
        user=user,
        person=person,
        reason=reason,
        granted_at=at,
        expires_at=at + dt.timedelta(hours=hours),
    )


# -- Allocations: this child's, open ---------------------------------------------------------


def test_a_worker_allocated_to_another_child_is_not_this_childs_worker(
    practitioner, assessment_team
):
    AllocationFactory(team=assessment_team, worker=practitioner)
    stranger = ChildFactory()
    decision = access.check_access(practitioner, stranger)
    assert (decision.allowed, decision.basis) == (False, "Not involved with this child")


def test_a_team_with_another_child_is_not_this_childs_team(practitioner, assessment_team):
    AllocationFactory(team=assessment_team)
    assert not access.check_access(practitioner, ChildFactory()).allowed


def test_a_manager_of_another_childs_team_or_worker_is_not_this_childs(
    manager, practitioner, assessment_team, fostering_team
):
    AllocationFactory(team=assessment_team)
    AllocationFactory(team=fostering_team, worker=practitioner)
    assert access.check_access(manager, ChildFactory()).basis == "Not involved with this child"


def test_an_ended_allocation_gives_the_team_and_manager_nothing(
    practitioner, manager, assessment_team
):
    child = AllocationFactory(
        team=assessment_team, worker=practitioner, end_date=dt.date(2026, 3, 1)
    ).person
    colleague = UserFactory(team=assessment_team)
    for user in (practitioner, colleague, manager):
        assert access.check_access(user, child).basis == "Not involved with this child"


# -- Who manages: a team manager with a team ------------------------------------------------


def test_a_colleague_in_the_allocated_team_is_not_a_manager_of_a_restricted_record(
    practitioner, assessment_team
):
    """Only managers and the allocated worker open a restricted record: a colleague in the
    same team (the manager test turned into `or` would make every team member a manager)."""
    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    child.is_restricted = True
    child.save()
    colleague = UserFactory(team=assessment_team)
    decision = access.check_access(colleague, child)
    assert (decision.allowed, decision.may_give_reason) == (False, False)
    assert decision.basis == "Restricted record: only the allocated worker and their manager"


def test_a_colleague_of_the_worker_in_another_team_is_not_the_workers_manager(
    practitioner, fostering_team
):
    """The worker's team colleague gets nothing from the worker's allocation elsewhere."""
    child = AllocationFactory(team=fostering_team, worker=practitioner).person
    colleague = UserFactory(team=practitioner.team)
    assert access.check_access(colleague, child).basis == "Not involved with this child"


def test_a_manager_line_needs_a_team(practitioner, assessment_team):
    """A team manager with no team manages nobody's children, even those allocated to no
    team's worker."""
    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    child.is_restricted = True
    child.save()
    teamless = TeamManagerFactory(team=None)
    assert not access.check_access(teamless, child).allowed


def test_a_partner_in_the_allocated_team_is_not_a_member_of_it(assessment_team):
    child = AllocationFactory(team=assessment_team).person
    partner = UserFactory(role=Role.PARTNER, team=assessment_team)
    decision = access.check_access(partner, child)
    assert (decision.allowed, decision.basis) == (
        False,
        "Partner agencies do not open case records",
    )


# -- Restricted: the child's own flag --------------------------------------------------------


def test_a_reason_does_not_open_a_restricted_record(outsider):
    child = ChildFactory(is_restricted=True)
    _grant(outsider, child, "Asked by the police about the family")
    with time_machine.travel(MORNING + dt.timedelta(hours=1)):
        decision = access.check_access(outsider, child)
    assert (decision.allowed, decision.may_give_reason) == (False, False)


# -- Reasons: this user's, for this child, not expired ---------------------------------------


def test_a_reason_given_by_someone_else_does_not_open_the_record(outsider, fostering_team):
    child = ChildFactory()
    _grant(UserFactory(team=fostering_team), child, "A colleague's own enquiry about Riley")
    with time_machine.travel(MORNING + dt.timedelta(hours=1)):
        assert access.check_access(outsider, child).basis == "Not involved with this child"


def test_a_reason_given_for_another_child_does_not_open_this_one(outsider):
    _grant(outsider, ChildFactory(), "Enquiry from the housing panel about the family")
    with time_machine.travel(MORNING + dt.timedelta(hours=1)):
        assert not access.check_access(outsider, ChildFactory()).allowed


def test_a_reason_opens_until_the_moment_it_expires(outsider):
    child = ChildFactory()
    _grant(outsider, child, "Enquiry from the housing panel about the family")
    with time_machine.travel(MORNING + dt.timedelta(hours=8) - dt.timedelta(seconds=1)):
        assert access.check_access(outsider, child).basis == "Reason given"
    with time_machine.travel(MORNING + dt.timedelta(hours=8)):
        assert not access.check_access(outsider, child).allowed


# -- Recorded recently: by this user, within the hours ---------------------------------------


def test_whoever_recorded_a_person_opens_it_for_the_break_glass_hours(outsider):
    with time_machine.travel(MORNING, tick=False):
        child = ChildFactory(created_by=outsider)
    with time_machine.travel(MORNING + dt.timedelta(hours=8) - dt.timedelta(seconds=1)):
        assert access.check_access(outsider, child).basis == "Recorded this person today"
    with time_machine.travel(MORNING + dt.timedelta(hours=8), tick=False):
        assert access.check_access(outsider, child).basis == "Not involved with this child"


def test_recording_a_person_opens_it_for_nobody_else(outsider, fostering_team):
    with time_machine.travel(MORNING, tick=False):
        child = ChildFactory(created_by=outsider)
        colleague = UserFactory(team=fostering_team)
        assert access.check_access(colleague, child).basis == "Not involved with this child"


def test_a_person_recorded_long_ago_is_not_opened_by_who_recorded_it(outsider):
    with time_machine.travel(MORNING - dt.timedelta(days=30), tick=False):
        child = ChildFactory(created_by=outsider)
    with time_machine.travel(MORNING):
        assert not access.check_access(outsider, child).allowed


# -- The audit of a look, and of a reason given ----------------------------------------------


def test_the_look_on_a_reason_is_audited_with_this_users_latest_reason(outsider, fostering_team):
    child = ChildFactory()
    _grant(outsider, child, "First: the housing panel asked", at=MORNING)
    _grant(outsider, child, "Second: the school nurse rang back", at=MORNING + dt.timedelta(1 / 24))
    # Later reasons by someone else for this child, and by this user for another child.
    later = MORNING + dt.timedelta(hours=2)
    _grant(UserFactory(team=fostering_team), child, "Someone else's reason for Riley", at=later)
    _grant(outsider, ChildFactory(), "This user's reason for another child", at=later)
    with time_machine.travel(MORNING + dt.timedelta(hours=3)):
        access.access_person(outsider, child.pk, path="/people/1/")
    look = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert (look.actor, look.person, look.basis, look.reason, look.path) == (
        outsider,
        child,
        "Reason given",
        "Second: the school nurse rang back",
        "/people/1/",
    )


def test_an_expired_reason_is_not_the_one_audited(outsider):
    child = ChildFactory()
    _grant(outsider, child, "Old: expired long before the look", at=MORNING, hours=1)
    _grant(outsider, child, "Current: granted an hour earlier", at=MORNING - dt.timedelta(hours=1))
    with time_machine.travel(MORNING + dt.timedelta(hours=2)):
        access.access_person(outsider, child.pk)
    assert AuditEntry.objects.get(action=AuditAction.VIEW).reason == (
        "Current: granted an hour earlier"
    )


def test_a_look_on_any_other_ground_is_audited_without_a_reason(practitioner, assessment_team):
    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    access.access_person(practitioner, child.pk, action=AuditAction.VIEW_AUDIT, path="/x")
    look = AuditEntry.objects.get()
    assert (look.action, look.basis, look.reason, look.path) == (
        AuditAction.VIEW_AUDIT,
        "Allocated worker",
        "",
        "/x",
    )


def test_giving_a_reason_is_audited_as_breaking_the_glass(outsider):
    child = ChildFactory()
    with time_machine.travel(MORNING, tick=False):
        grant = access.give_reason(
            outsider, child, "  Foster carer   assessment for the aunt ", path="/people/7/reason"
        )
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.person, entry.action, entry.basis, entry.reason, entry.path) == (
        outsider,
        child,
        AuditAction.BREAK_GLASS,
        "Not involved with this child",
        "Foster carer assessment for the aunt",
        "/people/7/reason",
    )
    assert (grant.user, grant.person, grant.reason) == (
        outsider,
        child,
        "Foster carer assessment for the aunt",
    )
    assert (grant.granted_at, grant.expires_at) == (MORNING, MORNING + dt.timedelta(hours=8))


def test_a_refused_look_is_audited_with_its_path(outsider):
    child = ChildFactory()
    with pytest.raises(access.AccessRefused) as refused:
        access.access_person(outsider, child.pk, path="/people/9/")
    assert refused.value.person == child
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.person, entry.action, entry.basis, entry.path) == (
        outsider,
        child,
        AuditAction.REFUSED,
        "Not involved with this child",
        "/people/9/",
    )


def test_a_partner_lookup_is_audited_against_the_agency(assessment_team):
    agency = AgencyFactory()
    first, second = ChildFactory(), ChildFactory()
    access.audit_match_lookup(agency, [first, second], path="/api/v1/person-matches")
    entries = AuditEntry.objects.order_by("person_id")
    assert [(e.agency, e.actor, e.person, e.action, e.basis, e.path) for e in entries] == [
        (
            agency,
            None,
            person,
            AuditAction.MATCHED,
            "Person-match API granted to the agency",
            "/api/v1/person-matches",
        )
        for person in sorted([first, second], key=lambda p: p.pk)
    ]


# -- Lists: the caseload and the reasons a manager reviews -----------------------------------


def test_a_managers_caseload_is_their_teams_children_and_their_workers_children(
    manager, practitioner, assessment_team, fostering_team
):
    team_only = AllocationFactory(team=assessment_team).person
    worker_elsewhere = AllocationFactory(team=fostering_team, worker=practitioner).person
    AllocationFactory(team=fostering_team, worker=UserFactory(team=fostering_team))
    AllocationFactory(team=assessment_team, end_date=dt.date(2026, 2, 1))
    assert set(access.caseload(manager)) == {team_only, worker_elsewhere}


def test_reasons_reach_the_manager_of_the_childs_open_team_and_the_reviewing_team(
    manager, outsider, assessment_team, fostering_team
):
    ours = AllocationFactory(team=assessment_team).person
    ended = AllocationFactory(team=assessment_team, end_date=dt.date(2026, 2, 1)).person
    elsewhere = AllocationFactory(team=fostering_team).person
    sent_to_us = ChildFactory()
    for child, text in [
        (ours, "About a child open to our team"),
        (ended, "About a child our team closed"),
        (elsewhere, "About a child open to fostering"),
        (sent_to_us, "About a child open to nobody, sent to us"),
    ]:
        grant = _grant(outsider, child, text)
        if child is sent_to_us:
            grant.review_team = assessment_team
            grant.save()
        elif child is elsewhere:
            grant.review_team = fostering_team
            grant.save()
    reasons = access.reasons_for_manager(manager)
    assert sorted(r.reason for r in reasons) == [
        "About a child open to nobody, sent to us",
        "About a child open to our team",
    ]
    assert not access.reasons_for_manager(UserFactory(team=assessment_team)).exists()
    assert not access.reasons_for_manager(TeamManagerFactory(team=None)).exists()


def test_audit_rows_written_without_a_path_have_none(practitioner, outsider, assessment_team):
    """Commands and actions call the audit without a request: the row's path is empty, not
    made up."""
    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    access.access_person(practitioner, child.pk)
    access.audit_change(practitioner, child)
    access.audit_match_lookup(AgencyFactory(), [child])
    access.record_refusal(outsider, child, access.check_access(outsider, child))
    access.give_reason(outsider, child, "Checking the family for a kinship assessment")
    rows = AuditEntry.objects.order_by("pk")
    assert [(row.action, row.path) for row in rows] == [
        (AuditAction.VIEW, ""),
        (AuditAction.CHANGE, ""),
        (AuditAction.MATCHED, ""),
        (AuditAction.REFUSED, ""),
        (AuditAction.BREAK_GLASS, ""),
    ]
    assert rows[1].basis == "Allocated worker"


def test_the_reasons_page_reads_each_reason_with_its_giver_and_child_at_once(
    manager, assessment_team, fostering_team, django_assert_num_queries
):
    """The reasons page names the child, who gave the reason and their team or agency: one
    query however many reasons wait."""
    for _ in range(3):
        child = AllocationFactory(team=assessment_team).person
        _grant(UserFactory(team=fostering_team, agency=AgencyFactory()), child, "A reason here")
    with django_assert_num_queries(1):
        shown = [
            (r.person.full_name, str(r.user), r.user.team.name, r.user.agency.name)
            for r in access.reasons_for_manager(manager)
        ]
    assert len(shown) == 3


# -- Restricting a record: the reason kept with the change -----------------------------------


def test_restricting_without_a_reason_asks_for_one(manager, practitioner, assessment_team):
    from continuum.governance.actions import GovernanceError, set_restriction

    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    with pytest.raises(GovernanceError) as refused:
        set_restriction(child, restricted=True, reason=None, acting_user=manager)
    assert str(refused.value) == "Say why you need to change the restriction"


def test_restricting_twice_or_lifting_nothing_says_which(manager, practitioner, assessment_team):
    from continuum.governance.actions import GovernanceError, set_restriction

    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    reason = "The family moved to a refuge after domestic abuse"
    with pytest.raises(GovernanceError) as lifting:
        set_restriction(child, restricted=False, reason=reason, acting_user=manager)
    assert str(lifting.value) == "This record is not restricted."
    set_restriction(child, restricted=True, reason=reason, acting_user=manager)
    with pytest.raises(GovernanceError) as again:
        set_restriction(child, restricted=True, reason=reason, acting_user=manager)
    assert str(again.value) == "This record is already restricted."


def test_the_record_history_keeps_the_reason_for_a_restriction(
    manager, practitioner, assessment_team
):
    from continuum.governance.actions import set_restriction

    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    set_restriction(
        child,
        restricted=True,
        reason="  The family moved to a refuge   after domestic abuse ",
        acting_user=manager,
        path="/people/3/restriction",
    )
    change = child.history.latest()
    assert (change.is_restricted, change.history_change_reason) == (
        True,
        "The family moved to a refuge after domestic abuse",
    )
    entry = AuditEntry.objects.get(action=AuditAction.RESTRICTED)
    assert (entry.actor, entry.basis, entry.reason, entry.path) == (
        manager,
        "Manager of the allocated team",
        "The family moved to a refuge after domestic abuse",
        "/people/3/restriction",
    )
