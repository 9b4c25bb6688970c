"""The front door end to end through its actions: draft, submit, screen, check, decide."""

import datetime as dt

import pytest
import time_machine

from continuum.core.models import ChronologyEvent
from continuum.earlyhelp.models import EarlyHelpRequest
from continuum.frontdoor import actions, submission
from continuum.frontdoor.models import ContactDecision, ContactStatus, MatchStatus
from continuum.frontdoor.tests.factories import ContactChildFactory, ReceivedContactFactory
from continuum.governance.access import check_access
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    PartnerUserFactory,
    TeamFactory,
    UserFactory,
)
from continuum.people.matching import MatchQuery, find_candidates
from continuum.people.models import Allocation
from continuum.people.tests.factories import AllocationFactory, ChildFactory
from continuum.socialwork.models import Assessment, StrategyDiscussion

pytestmark = pytest.mark.django_db
LONDON = dt.timezone(dt.timedelta(0))


def details(**changes) -> submission.RequestDetails:
    base = submission.RequestDetails(
        referrer_name="Alex Example",
        referrer_role="DSL",
        children=[
            submission.NamedPerson(
                given_name="Riley",
                family_name="Sample",
                date_of_birth=dt.date(2017, 5, 14),
                sex="M",
            ),
            submission.NamedPerson(
                given_name="Maisie",
                family_name="Sample",
                date_of_birth=dt.date(2019, 9, 2),
                sex="F",
            ),
        ],
        family_address_line_1="12 Example Road",
        family_postcode="FY1 3LA",
        claimed_level=3,
        worries="Hungry at school",
        strengths="Mum asks for help",
        child_voice="'Sometimes we only have cereal for tea'",
        consent="given",
        safeguarding_lead_consulted=True,
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


@pytest.fixture
def teams():
    return {
        slug: TeamFactory(slug=slug, name=slug.replace("-", " ").title())
        for slug in (
            "request-for-support-hub",
            "assessment-and-support",
            "strengthening-and-supporting-families",
            "complex-needs",
            "early-help-hub",
        )
    }


@pytest.fixture
def hub_worker(teams):
    return HubWorkerFactory(team=teams["request-for-support-hub"])


@pytest.fixture
def school_user():
    return PartnerUserFactory()


def test_a_draft_is_saved_and_a_stale_copy_cannot_overwrite_it(school_user):
    draft = actions.save_draft(details(), acting_user=school_user)
    assert draft.status == ContactStatus.DRAFT and draft.reference is None
    actions.save_draft(
        details(worries="Version from tab A"),
        acting_user=school_user,
        contact=draft,
        expected_version=1,
    )
    with pytest.raises(actions.StaleDraftError):
        actions.save_draft(
            details(worries="Old tab B"), acting_user=school_user, contact=draft, expected_version=1
        )
    draft.refresh_from_db()
    assert (draft.worries, draft.version) == ("Version from tab A", 2)


@pytest.mark.parametrize("version", [None, 0])
def test_saving_over_a_draft_without_saying_which_version_is_refused(school_user, version):
    draft = actions.save_draft(details(), acting_user=school_user)
    with pytest.raises(actions.DraftVersionMissing, match="did not say which version"):
        actions.save_draft(
            details(worries="Blind"),
            acting_user=school_user,
            contact=draft,
            expected_version=version,
        )
    draft.refresh_from_db()
    assert (draft.worries, draft.version) == ("Hungry at school", 1)


def test_submission_needs_strengths_voice_and_consent(school_user):
    draft = actions.save_draft(
        details(strengths=" ", child_voice="", consent="dispensed", consent_dispensed_reason=""),
        acting_user=school_user,
    )
    with pytest.raises(actions.SubmissionProblems) as problems:
        actions.submit_request(draft, acting_user=school_user)
    assert [f for f, _ in problems.value.problems] == [
        "strengths",
        "child_voice",
        "consent_dispensed_reason",
    ]
    draft.refresh_from_db()
    assert draft.status == ContactStatus.DRAFT and draft.reference is None


@time_machine.travel(
    dt.datetime(2026, 4, 2, 15, 0, tzinfo=dt.UTC)
)  # 16:00 in London, the Thursday before Easter
def test_submitting_gives_a_reference_and_a_due_time_over_easter(school_user):
    draft = actions.save_draft(details(), acting_user=school_user)
    contact = actions.submit_request(draft, acting_user=school_user)
    assert contact.reference == "RFS-2026-000001"
    assert contact.rag == "amber"
    # Good Friday and Easter Monday are bank holidays: due at close on Tuesday 7 April.
    assert contact.due_at == dt.datetime(
        2026, 4, 7, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    with pytest.raises(actions.FrontDoorError, match="has been submitted"):
        actions.save_draft(details(), acting_user=school_user, contact=contact)


def test_the_whole_front_door(hub_worker, school_user, teams):
    known = ChildFactory(
        given_name="Riley", family_name="Sample", date_of_birth=dt.date(2017, 5, 14)
    )
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)):
        contact = actions.submit_request(
            actions.save_draft(details(), acting_user=school_user), acting_user=school_user
        )
        riley, maisie = contact.people.order_by("id")
        actions.start_screening(contact, acting_user=hub_worker)
        assert check_access(hub_worker, known).allowed is False  # not matched yet
        offered = actions.offer_candidates(
            riley,
            find_candidates(MatchQuery(given_name="Riley", family_name="Sample")),
            acting_user=hub_worker,
        )
        assert [item.person for item in offered] == [known]
        actions.confirm_match(riley, known, acting_user=hub_worker)
        assert check_access(hub_worker, known).basis == "Hub: screening a contact about this child"
        actions.create_person_for(maisie, acting_user=hub_worker)
        check = actions.request_check(contact, "police", acting_user=hub_worker)
        actions.record_check_result(check, "No police involvement known", acting_user=hub_worker)
        decision = actions.decide(
            contact, "statutory_assessment", "Persistent neglect indicators", acting_user=hub_worker
        )

    maisie.refresh_from_db()
    assert (
        maisie.match_status == MatchStatus.NEW
        and maisie.person.addresses.get().postcode == "FY1 3LA"
    )
    assert decision.team.slug == "assessment-and-support" and decision.was_on_time
    assessments = Assessment.objects.filter(contact=contact).order_by("person_id")
    assert [(a.person_id, a.kind, a.due_on) for a in assessments] == [
        (known.pk, "child_and_family", dt.date(2027, 1, 28)),
        (maisie.person_id, "child_and_family", dt.date(2027, 1, 28)),
    ]
    assert (
        Allocation.objects.filter(
            team=teams["assessment-and-support"], end_date__isnull=True
        ).count()
        == 2
    )
    assert ChronologyEvent.objects.filter(person=known, kind="contact").count() == 2
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    with pytest.raises(actions.FrontDoorError, match="already decided"):
        actions.decide(contact, "signpost", "Again", acting_user=hub_worker)
    assert "Child and Family Assessment" in decision.outcome_for_referrer


def test_a_child_open_to_ssf_recently_goes_back_to_ssf(hub_worker, teams):
    child = AllocationFactory(
        team=teams["strengthening-and-supporting-families"], end_date=dt.date(2026, 9, 1)
    ).person
    contact = ContactChildFactory(person=child, match_status="matched").contact
    decision = actions.decide(
        contact, "statutory_assessment", "Worries have returned", acting_user=hub_worker
    )
    assert decision.team.slug == "strengthening-and-supporting-families"
    assert Assessment.objects.get(person=child).team.slug == "strengthening-and-supporting-families"


@pytest.mark.parametrize(
    ("outcome", "team", "model"),
    [
        ("significant_harm", "assessment-and-support", StrategyDiscussion),
        ("specialist_assessment", "complex-needs", Assessment),
        ("early_help", "early-help-hub", EarlyHelpRequest),
    ],
)
def test_each_decision_starts_its_record(hub_worker, teams, outcome, team, model):
    child = ChildFactory()
    contact = ContactChildFactory(person=child, match_status="matched").contact
    decision = actions.decide(contact, outcome, "Reason recorded", acting_user=hub_worker)
    assert decision.team.slug == team
    assert model.objects.get(person=child).team.slug == team


def test_signposting_must_say_where_and_closes_without_a_team(hub_worker, teams):
    contact = ContactChildFactory(person=ChildFactory(), match_status="matched").contact
    with pytest.raises(actions.SubmissionProblems):
        actions.decide(contact, "signpost", "Needs a food bank", acting_user=hub_worker)
    decision = actions.decide(
        contact,
        "signpost",
        "Needs a food bank",
        signposted_to="Foodbank at Talbot and Brunswick Family Hub",
        acting_user=hub_worker,
    )
    assert decision.team is None and decision.next_step == "signposting"
    assert not Allocation.objects.exists()


def test_no_decision_until_every_child_is_matched(hub_worker, teams):
    contact = ContactChildFactory().contact
    with pytest.raises(actions.SubmissionProblems, match="Match or create a record"):
        actions.decide(contact, "early_help", "Struggling", acting_user=hub_worker)
    # Read back from the database: the factory's object in memory would pass whatever happened.
    contact.refresh_from_db()
    assert contact.status == ContactStatus.RECEIVED
    assert not ContactDecision.objects.filter(contact=contact).exists()


def test_only_the_hub_screens(school_user, teams):
    contact = ReceivedContactFactory()
    with pytest.raises(actions.FrontDoorError, match="Only the Request for Support Hub"):
        actions.start_screening(contact, acting_user=school_user)


def test_an_out_of_hours_record_counts_from_the_next_opening(teams):
    # A practitioner in the Emergency Duty Team, not a Hub worker: the EDT's own ground.
    edt_worker = UserFactory(team=TeamFactory(slug="emergency-duty-team"))
    saturday_night = dt.datetime(2026, 11, 21, 22, 30, tzinfo=dt.UTC)
    with time_machine.travel(dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)):
        contact = actions.record_contact(
            "edt_record", details(), acting_user=edt_worker, received_at=saturday_night, rag="red"
        )
    assert contact.reference.startswith("EDT-2026-")
    # Handed over at 9:00 on Monday; red is due when the Hub closes that day.
    assert contact.due_at == dt.datetime(2026, 11, 23, 17, 0, tzinfo=dt.UTC)


def _match_nobody(contact, user):
    return actions.create_person_for(contact.people.get(), acting_user=user)


def _record_a_check(contact, user):
    from continuum.frontdoor.models import AgencyCheck

    check = AgencyCheck.objects.create(
        contact=contact, agency="police", requested_at=contact.received_at, requested_by=user
    )
    return actions.record_check_result(check, "Not known to police", acting_user=user)


SCREENING_ACTIONS = {
    "start screening": lambda c, u: actions.start_screening(c, acting_user=u),
    "change urgency": lambda c, u: actions.set_rag(c, "red", acting_user=u),
    "request a check": lambda c, u: actions.request_check(c, "health", acting_user=u),
    "record a check's answer": _record_a_check,
    "create a record": _match_nobody,
}


@pytest.mark.parametrize("act", SCREENING_ACTIONS.values(), ids=SCREENING_ACTIONS.keys())
def test_the_first_thing_the_hub_does_starts_screening(hub_worker, act):
    contact = ContactChildFactory().contact
    with time_machine.travel(dt.datetime(2026, 11, 23, 11, 0, tzinfo=dt.UTC), tick=False):
        act(contact, hub_worker)
    contact.refresh_from_db()
    assert (contact.status, contact.screened_by, contact.screening_started_at) == (
        ContactStatus.SCREENING,
        hub_worker,
        dt.datetime(2026, 11, 23, 11, 0, tzinfo=dt.UTC),
    )
    colleague = HubWorkerFactory(team=hub_worker.team)
    actions.start_screening(contact, acting_user=colleague)
    contact.refresh_from_db()
    assert contact.screened_by == hub_worker  # it stays with whoever started


def test_deciding_an_unstarted_contact_records_who_screened_it(hub_worker, teams):
    contact = ContactChildFactory(person=ChildFactory(), match_status="matched").contact
    actions.decide(contact, "early_help", "Struggling with routines", acting_user=hub_worker)
    contact.refresh_from_db()
    assert (contact.status, contact.screened_by) == (ContactStatus.DECIDED, hub_worker)
    assert contact.screening_started_at is not None


@pytest.mark.parametrize("act", SCREENING_ACTIONS.values(), ids=SCREENING_ACTIONS.keys())
def test_the_hub_cannot_touch_a_referrers_draft(hub_worker, act):
    from continuum.frontdoor.tests.factories import DraftRequestFactory

    draft = DraftRequestFactory()
    ContactChildFactory(contact=draft)
    draft.received_at = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)  # for the check helper
    with pytest.raises(actions.FrontDoorError, match="has not been sent to the Hub"):
        act(draft, hub_worker)
    draft.refresh_from_db()
    assert (draft.status, draft.screened_by) == (ContactStatus.DRAFT, None)
    assert not draft.checks.filter(agency="health").exists()  # no check requested
    assert not draft.checks.exclude(summary="").exists()  # no answer recorded
    assert draft.people.get().person is None  # no record created


# --- taking over a contact another worker started ------------------------------------------


def test_a_hub_worker_takes_over_a_contact_a_colleague_started_and_it_is_recorded(hub_worker):
    from continuum.core.models import ChronologyEvent
    from continuum.frontdoor.models import ScreeningTakeover
    from continuum.governance.models import AuditAction, AuditEntry

    colleague = HubWorkerFactory(team=hub_worker.team)
    named = ContactChildFactory(person=ChildFactory(), match_status=MatchStatus.MATCHED)
    unmatched = ContactChildFactory(contact=named.contact, given_name="Maisie")
    contact = actions.start_screening(named.contact, acting_user=colleague)

    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC), tick=False):
        contact = actions.take_over_screening(
            contact, reason="  Sam is off sick  today ", acting_user=hub_worker
        )

    contact.refresh_from_db()
    assert contact.screened_by == hub_worker
    assert contact.status == ContactStatus.SCREENING
    takeover = ScreeningTakeover.objects.get(contact=contact)
    assert (takeover.previous_worker, takeover.taken_by, takeover.reason) == (
        colleague,
        hub_worker,
        "Sam is off sick today",
    )
    event = ChronologyEvent.objects.get(person=named.person, detail="Sam is off sick today")
    assert event.summary == f"{hub_worker} took over screening {contact.reference} from {colleague}"
    assert AuditEntry.objects.filter(
        person=named.person, actor=hub_worker, action=AuditAction.CHANGE
    ).exists()
    assert unmatched.person is None


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("received", "Nobody has started screening this contact"),
        ("mine", "You are already screening this contact"),
        ("decided", "The decision has been made"),
        ("no reason", "Say why you are taking over this contact"),
    ],
)
def test_taking_over_is_refused_when_there_is_nothing_to_take_over(hub_worker, state, message):
    from continuum.frontdoor.models import ScreeningTakeover

    colleague = HubWorkerFactory(team=hub_worker.team)
    contact = ReceivedContactFactory()
    if state != "received":
        starter = hub_worker if state == "mine" else colleague
        contact = actions.start_screening(contact, acting_user=starter)
    if state == "decided":
        contact.status = ContactStatus.DECIDED
        contact.save()
    with pytest.raises(actions.FrontDoorError, match=message):
        actions.take_over_screening(
            contact, reason="" if state == "no reason" else "Away", acting_user=hub_worker
        )
    assert not ScreeningTakeover.objects.exists()


def test_only_the_hub_takes_over_screening(hub_worker):
    contact = actions.start_screening(ReceivedContactFactory(), acting_user=hub_worker)
    with pytest.raises(actions.FrontDoorError, match="Only the Request for Support Hub"):
        actions.take_over_screening(contact, reason="Away", acting_user=UserFactory())
    contact.refresh_from_db()
    assert contact.screened_by == hub_worker


# --- a check answered after the decision ----------------------------------------------------


def test_a_late_check_answer_is_recorded_and_goes_on_each_child_s_record(hub_worker, teams):
    """Issue 14, item 5: a health reply after the decision could not be recorded."""
    from continuum.core.models import EventKind
    from continuum.governance.models import AuditEntry

    named = ContactChildFactory(person=ChildFactory(), match_status=MatchStatus.MATCHED)
    contact = named.contact
    check = actions.request_check(contact, "health", acting_user=hub_worker)
    actions.decide(contact, "early_help", "Family struggling", acting_user=hub_worker)

    actions.record_check_result(
        check, "Missed two health visitor appointments", acting_user=hub_worker
    )

    check.refresh_from_db()
    assert check.summary == "Missed two health visitor appointments"
    event = ChronologyEvent.objects.get(person=named.person, kind=EventKind.HEALTH)
    assert event.summary == (
        f"Health check for {contact.reference} answered after the Hub's decision"
    )
    assert event.detail == "Missed two health visitor appointments"
    assert AuditEntry.objects.filter(person=named.person, actor=hub_worker).exists()


def test_a_check_answered_before_the_decision_stays_with_the_screening(hub_worker):
    named = ContactChildFactory(person=ChildFactory(), match_status=MatchStatus.MATCHED)
    check = actions.request_check(named.contact, "health", acting_user=hub_worker)
    actions.record_check_result(check, "Up to date with checks", acting_user=hub_worker)
    assert not ChronologyEvent.objects.filter(detail="Up to date with checks").exists()


# --- family links stated in a contact -------------------------------------------------------


def _family_contact():
    from continuum.frontdoor.models import ContactPerson, PersonRole
    from continuum.people.tests.factories import AdultFactory

    riley = ContactChildFactory(person=ChildFactory(given_name="Riley"), match_status="matched")
    contact = riley.contact
    maisie = ContactChildFactory(
        contact=contact, given_name="Maisie", person=ChildFactory(given_name="Maisie")
    )
    mum = ContactPerson.objects.create(
        contact=contact,
        role=PersonRole.PARENT_CARER,
        given_name="Dana",
        family_name="Sample",
        relationship_to_child="Mum",
        lives_with_child=True,
        person=AdultFactory(given_name="Dana"),
        match_status="matched",
    )
    return contact, riley, maisie, mum


def test_the_hub_confirms_the_family_links_a_contact_states(hub_worker):
    """Issue 14, item 4: records made from one request said "No one recorded yet"."""
    from continuum.governance.models import AuditEntry
    from continuum.people.models import HouseholdMember, Relationship

    contact, riley, maisie, mum = _family_contact()
    proposals = actions.proposed_family_links(list(contact.people.all()))
    assert [(a.given_name, b.given_name, kind) for a, b, kind in proposals] == [
        ("Dana", "Riley", "parent"),
        ("Dana", "Maisie", "parent"),
        ("Riley", "Maisie", "sibling"),
    ]

    made = actions.confirm_family_links(
        contact,
        {(mum.pk, riley.pk): "parent", (riley.pk, maisie.pk): "half_sibling"},
        household=True,
        acting_user=hub_worker,
    )

    assert {(r.person_id, r.other_id, r.kind) for r in made} == {
        (mum.person_id, riley.person_id, "parent"),
        (riley.person_id, maisie.person_id, "half_sibling"),
    }
    assert Relationship.objects.count() == 2
    members = set(HouseholdMember.objects.values_list("person_id", flat=True))
    assert members == {riley.person_id, maisie.person_id, mum.person_id}
    assert ChronologyEvent.objects.filter(person=riley.person, kind="family").count() == 3
    assert AuditEntry.objects.filter(person=mum.person, actor=hub_worker).exists()

    # Confirming again records nothing twice.
    again = actions.confirm_family_links(
        contact, {(mum.pk, riley.pk): "parent"}, household=True, acting_user=hub_worker
    )
    assert again == [] and Relationship.objects.count() == 2
    assert HouseholdMember.objects.count() == 3


def test_family_links_are_only_those_stated_between_matched_people(hub_worker):
    from continuum.people.models import Relationship

    contact, riley, maisie, mum = _family_contact()
    other = ContactChildFactory(person=ChildFactory())
    with pytest.raises(actions.FrontDoorError, match="not one this contact states"):
        actions.confirm_family_links(
            contact, {(mum.pk, other.pk): "parent"}, acting_user=hub_worker
        )
    with pytest.raises(actions.FrontDoorError, match="from the list"):
        actions.confirm_family_links(
            contact, {(mum.pk, riley.pk): "best_friend"}, acting_user=hub_worker
        )
    maisie.person = None
    maisie.save()
    with pytest.raises(actions.FrontDoorError, match="Match or create a record"):
        actions.confirm_family_links(
            contact, {(mum.pk, maisie.pk): "parent"}, acting_user=hub_worker
        )
    with pytest.raises(actions.FrontDoorError, match="Only the Request for Support Hub"):
        actions.confirm_family_links(
            contact, {(mum.pk, riley.pk): "parent"}, acting_user=UserFactory()
        )
    assert not Relationship.objects.exists()
