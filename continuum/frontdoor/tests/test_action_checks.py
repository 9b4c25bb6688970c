"""Who may do what at the front door, checked in the actions themselves, with the plain-English
refusal each person sees. Written from `make mutation`'s survivors: each test fails if its
check, or its message, is changed or removed."""

import datetime as dt

import pytest
import time_machine

from continuum.core import clock
from continuum.core.models import ChronologyEvent, EventKind
from continuum.frontdoor import actions, submission
from continuum.frontdoor.access import is_hub_staff
from continuum.frontdoor.models import (
    AdviceLineConsultation,
    AgencyCheck,
    Contact,
    ContactKind,
    ContactStatus,
    PersonRole,
    ScreeningCandidate,
)
from continuum.frontdoor.tests.factories import (
    ContactChildFactory,
    DraftRequestFactory,
    ReceivedContactFactory,
)
from continuum.governance.access import check_access
from continuum.governance.models import AuditAction, AuditEntry
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    PartnerUserFactory,
    TeamFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 11, 0, tzinfo=dt.UTC)  # a Monday morning


def details() -> submission.RequestDetails:
    return submission.RequestDetails(
        referrer_name="Alex Example",
        referrer_role="DSL",
        children=[
            submission.NamedPerson(
                given_name="Riley", family_name="Sample", date_of_birth=dt.date(2017, 5, 14)
            )
        ],
        claimed_level=3,
        worries="Hungry at school",
        strengths="Mum asks for help",
        child_voice="'Sometimes we only have cereal for tea'",
        consent="given",
        safeguarding_lead_consulted=True,
    )


@pytest.fixture
def hub_worker():
    return HubWorkerFactory(team=TeamFactory(slug="request-for-support-hub"))


def test_staff_without_an_agency_cannot_draft_a_request():
    worker = UserFactory(team=None)
    with pytest.raises(
        actions.FrontDoorError,
        match=r"^Only staff of a partner agency make Requests for Support\.$",
    ):
        actions.save_draft(details(), acting_user=worker)
    assert not Contact.objects.exists()


@pytest.mark.parametrize("step", ["save", "submit"])
def test_another_agency_cannot_change_or_send_a_draft(step):
    draft = DraftRequestFactory()
    other_school = PartnerUserFactory()
    with pytest.raises(actions.FrontDoorError, match=r"^This draft belongs to another agency\.$"):
        if step == "save":
            actions.save_draft(details(), acting_user=other_school, contact=draft)
        else:
            actions.submit_request(draft, acting_user=other_school)
    draft.refresh_from_db()
    assert (draft.status, draft.version, draft.referrer_role) == (
        "draft",
        1,
        "Designated Safeguarding Lead",
    )


@time_machine.travel(NOW, tick=False)
def test_a_hub_worker_outside_the_emergency_duty_team_records_a_phone_contact(hub_worker):
    contact = actions.record_contact(ContactKind.PHONE, details(), acting_user=hub_worker)
    assert contact.reference.startswith("PH-2026-")
    assert contact.submitted_by == hub_worker


@pytest.mark.parametrize(
    "make_user",
    [
        PartnerUserFactory,
        lambda: UserFactory(team=TeamFactory(slug="assessment-and-support")),
    ],
    ids=["partner", "social worker"],
)
def test_only_the_hub_and_the_emergency_duty_team_record_contacts(make_user):
    with pytest.raises(
        actions.FrontDoorError,
        match=r"^Only the Hub and the Emergency Duty Team record contacts\.$",
    ):
        actions.record_contact(ContactKind.PHONE, details(), acting_user=make_user())
    assert not Contact.objects.exists()


def test_only_hub_social_workers_record_advice_line_consultations():
    worker = UserFactory(role=Role.PRACTITIONER)
    with pytest.raises(
        actions.FrontDoorError,
        match=r"^Only Hub social workers record Advice Line consultations\.$",
    ):
        actions.record_advice(
            caller_agency_kind="school",
            caller_role="Year 6 teacher",
            question="Worried about a pupil's attendance",
            advice="Talk to your DSL",
            outcome="submit_request",
            acting_user=worker,
        )
    assert not AdviceLineConsultation.objects.exists()


@pytest.mark.parametrize("field", ["caller_role", "question", "advice"])
def test_identifying_details_are_refused_beside_the_field_they_are_in(hub_worker, field):
    fields = {
        "caller_role": "Year 6 teacher",
        "question": "Worried about a pupil's attendance",
        "advice": "Talk to your DSL",
    }
    fields[field] = "Tyler Smith, 3 Caunce St, FY1 3LA, dob 04/02/2015"
    with pytest.raises(actions.SubmissionProblems) as refused:
        actions.record_advice(
            caller_agency_kind="school", outcome="submit_request", acting_user=hub_worker, **fields
        )
    assert refused.value.problems == [
        (field, "Remove the details that could identify the family (highlighted)")
    ]
    assert not AdviceLineConsultation.objects.exists()


def test_a_consultation_keeps_what_the_hub_worker_wrote(hub_worker):
    consultation = actions.record_advice(
        caller_agency_kind="health",
        caller_role="Health visitor",
        question="Worried about a baby's weight",
        advice="Talk to the GP today",
        outcome="signposted",
        acting_user=hub_worker,
    )
    consultation.refresh_from_db()
    assert (
        consultation.caller_agency_kind,
        consultation.caller_role,
        consultation.question,
        consultation.advice,
        consultation.outcome,
        consultation.recorded_by,
    ) == (
        "health",
        "Health visitor",
        "Worried about a baby's weight",
        "Talk to the GP today",
        "signposted",
        hub_worker,
    )


def test_a_draft_records_who_started_it():
    school = PartnerUserFactory()
    draft = actions.save_draft(details(), acting_user=school)
    assert Contact.objects.get(pk=draft.pk).submitted_by == school


HUB_ONLY = {
    "start screening": lambda c, u: actions.start_screening(c, acting_user=u),
    "change urgency": lambda c, u: actions.set_rag(c, "red", acting_user=u),
    "match a person": lambda c, u: actions.confirm_match(
        c.people.get(), ChildFactory(), acting_user=u
    ),
    "create a record": lambda c, u: actions.create_person_for(c.people.get(), acting_user=u),
    "request a check": lambda c, u: actions.request_check(c, "police", acting_user=u),
    "record a check": lambda c, u: actions.record_check_result(
        AgencyCheck.objects.create(contact=c, agency="police", requested_at=NOW, requested_by=u),
        "Known to police",
        acting_user=u,
    ),
    "decide": lambda c, u: actions.decide(c, "signpost", "Needs a food bank", acting_user=u),
}


@pytest.mark.parametrize("step", HUB_ONLY)
@pytest.mark.parametrize(
    "make_user",
    [
        PartnerUserFactory,
        lambda: UserFactory(team=TeamFactory(slug="assessment-and-support")),
        lambda: TeamManagerFactory(team=TeamFactory(slug="assessment-and-support")),
    ],
    ids=["partner", "social worker", "another team's manager"],
)
def test_only_the_hub_screens_matches_checks_and_decides(step, make_user):
    contact = ContactChildFactory().contact
    before = Contact.objects.values().get(pk=contact.pk)
    with pytest.raises(
        actions.FrontDoorError, match=r"^Only the Request for Support Hub can do this\.$"
    ):
        HUB_ONLY[step](contact, make_user())
    assert Contact.objects.values().get(pk=contact.pk) == before
    assert contact.people.get().person_id is None
    assert not AgencyCheck.objects.filter(received_at__isnull=False).exists()


@time_machine.travel(NOW, tick=False)
def test_the_hub_changes_urgency_and_the_due_time_follows(hub_worker):
    contact = ReceivedContactFactory(received_at=NOW, rag="green")
    actions.set_rag(contact, "Red", acting_user=hub_worker)
    contact.refresh_from_db()
    assert (contact.rag, contact.due_at) == ("red", dt.datetime(2026, 11, 23, 17, 0, tzinfo=dt.UTC))


def test_urgency_and_matches_are_fixed_once_decided(hub_worker):
    contact = ContactChildFactory(contact__status=ContactStatus.DECIDED).contact
    with pytest.raises(
        actions.FrontDoorError,
        match=r"^The decision has been made; urgency can no longer change\.$",
    ):
        actions.set_rag(contact, "red", acting_user=hub_worker)
    with pytest.raises(
        actions.FrontDoorError,
        match=r"^The decision has been made; matches can no longer change\.$",
    ):
        actions.confirm_match(contact.people.get(), ChildFactory(), acting_user=hub_worker)
    contact.refresh_from_db()
    assert contact.rag == "amber" and contact.people.get().person_id is None


@pytest.mark.parametrize(
    ("role", "team", "hub_staff"),
    [
        (Role.HUB_WORKER, "request-for-support-hub", True),
        (Role.HUB_WORKER, None, True),
        (Role.TEAM_MANAGER, "request-for-support-hub", True),
        (Role.TEAM_MANAGER, "assessment-and-support", False),
        (Role.TEAM_MANAGER, None, False),
        (Role.PRACTITIONER, "request-for-support-hub", False),
        (Role.ADMINISTRATOR, "request-for-support-hub", False),
    ],
)
def test_who_counts_as_hub_staff(role, team, hub_staff):
    user = UserFactory(role=role, team=TeamFactory(slug=team) if team else None)
    assert is_hub_staff(user) is hub_staff


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (ContactStatus.RECEIVED, True),
        (ContactStatus.SCREENING, True),
        (ContactStatus.DECIDED, False),
    ],
)
def test_screening_opens_a_record_only_until_the_decision(hub_worker, status, allowed):
    child = ChildFactory()
    ContactChildFactory(person=child, contact__status=status)
    decision = check_access(hub_worker, child)
    assert decision.allowed is allowed
    if allowed:
        assert decision.basis == "Hub: screening a contact about this child"


def test_a_colleague_who_sends_the_draft_is_recorded_as_the_sender():
    author = PartnerUserFactory()
    colleague = PartnerUserFactory(agency=author.agency)
    draft = actions.save_draft(details(), acting_user=author)
    actions.submit_request(draft, acting_user=colleague)
    assert Contact.objects.get(pk=draft.pk).submitted_by == colleague


def offered(named, person, hub_worker):
    """Screening offered this record for the named person (the Hub matches only to those)."""
    ScreeningCandidate.objects.create(
        named=named, person=person, percent=90, offered_to=hub_worker, offered_at=clock.now()
    )


def test_a_match_records_the_hub_worker_on_the_match_the_chronology_and_the_audit(hub_worker):
    child = ChildFactory()
    named = ContactChildFactory()
    offered(named, child, hub_worker)
    actions.confirm_match(named, child, acting_user=hub_worker)
    named.refresh_from_db()
    assert named.matched_by == hub_worker
    assert ChronologyEvent.objects.get(person=child, kind=EventKind.CONTACT).recorded_by == (
        hub_worker
    )
    assert list(AuditEntry.objects.values_list("actor", "person", "action")) == [
        (hub_worker.pk, child.pk, AuditAction.CHANGE)
    ]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("outcome", "next_record"),
    [("statutory_assessment", EventKind.ASSESSMENT), ("significant_harm", EventKind.MEETING)],
)
def test_every_chronology_event_the_hub_writes_names_the_hub_worker(
    hub_worker, outcome, next_record
):
    TeamFactory(slug="assessment-and-support")
    named = ContactChildFactory(contact__family_address_line_1="1 Example Road")
    named.contact.family_postcode = "FY1 3LA"
    named.contact.save()
    actions.create_person_for(named, acting_user=hub_worker)
    actions.decide(named.contact, outcome, "Neglect", acting_user=hub_worker)
    named.refresh_from_db()
    assert named.matched_by == hub_worker
    events = ChronologyEvent.objects.filter(person=named.person)
    assert set(events.values_list("kind", flat=True)) >= {
        EventKind.RECORD_CREATED,
        EventKind.BIRTH,
        EventKind.ADDRESS,
        EventKind.CONTACT,
        EventKind.ALLOCATION,
        next_record,
    }
    assert set(events.values_list("recorded_by", flat=True)) == {hub_worker.pk}


def test_the_worries_go_into_the_childs_chronology_and_not_a_parents(hub_worker):
    child, mum = ChildFactory(), ChildFactory(kind="adult")
    named_child = ContactChildFactory(contact__worries="No food at home")
    named_mum = ContactChildFactory(contact=named_child.contact, role=PersonRole.PARENT_CARER)
    offered(named_child, child, hub_worker)
    offered(named_mum, mum, hub_worker)
    actions.confirm_match(named_child, child, acting_user=hub_worker)
    actions.confirm_match(named_mum, mum, acting_user=hub_worker)
    assert dict(ChronologyEvent.objects.values_list("person", "detail")) == {
        child.pk: "No food at home",
        mum.pk: "",
    }
