"""Every check the front door makes, refusing. Each row here exists because deleting the check
it names left the rest of the suite green; the test now fails without it."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from continuum.frontdoor import actions
from continuum.frontdoor.models import (
    AdviceLineConsultation,
    AgencyCheck,
    Contact,
    ContactDecision,
    ContactStatus,
)
from continuum.frontdoor.tests.factories import (
    ContactChildFactory,
    DraftRequestFactory,
    ReceivedContactFactory,
)
from continuum.frontdoor.tests.test_actions import details
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    PartnerUserFactory,
    TeamFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.people.models import Person
from continuum.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub_team():
    return TeamFactory(slug="request-for-support-hub", name="Request for Support Hub")


@pytest.fixture
def hub_worker(hub_team):
    return HubWorkerFactory(team=hub_team)


@pytest.fixture
def edt_worker():
    """A practitioner (not a Hub worker) in the Emergency Duty Team."""
    return UserFactory(role=Role.PRACTITIONER, team=TeamFactory(slug="emergency-duty-team"))


def outsiders() -> dict[str, object]:
    """People who are neither the Hub nor the Emergency Duty Team."""
    return {
        "a partner agency's user": PartnerUserFactory(),
        "a practitioner in another team": UserFactory(team=TeamFactory(slug="assessment")),
        "another team's manager": TeamManagerFactory(team=TeamFactory(slug="fostering")),
        "an administrator": UserFactory(role=Role.ADMINISTRATOR, team=None),
    }


OUTSIDERS = [
    "a partner agency's user",
    "a practitioner in another team",
    "another team's manager",
    "an administrator",
]


# -- Drafts and submission ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["hub worker", "council practitioner", "no agency"])
def test_only_partner_agency_staff_draft_requests(hub_team, who):
    user = {
        "hub worker": lambda: HubWorkerFactory(team=hub_team),  # the council is their agency
        "council practitioner": lambda: UserFactory(team=TeamFactory(slug="assessment")),
        "no agency": lambda: PartnerUserFactory(agency=None),
    }[who]()
    with pytest.raises(actions.FrontDoorError, match="Only staff of a partner agency"):
        actions.save_draft(details(), acting_user=user)
    assert not Contact.objects.exists()


def test_a_draft_is_saved_and_sent_only_by_its_own_agency():
    owner, other = PartnerUserFactory(), PartnerUserFactory()
    draft = actions.save_draft(details(), acting_user=owner)
    with pytest.raises(actions.FrontDoorError, match="belongs to another agency"):
        actions.save_draft(
            details(worries="Not mine"), acting_user=other, contact=draft, expected_version=1
        )
    with pytest.raises(actions.FrontDoorError, match="belongs to another agency"):
        actions.submit_request(draft, acting_user=other)
    draft.refresh_from_db()
    assert (draft.worries, draft.status, draft.reference) == (
        "Hungry at school",
        ContactStatus.DRAFT,
        None,
    )


def test_a_request_is_sent_once():
    school = PartnerUserFactory()
    draft = actions.save_draft(details(), acting_user=school)
    sent = actions.submit_request(draft, acting_user=school)
    with pytest.raises(actions.FrontDoorError, match="has already been submitted"):
        actions.submit_request(draft, acting_user=school)
    sent.refresh_from_db()
    assert Contact.objects.filter(reference__isnull=False).count() == 1
    assert sent.reference.endswith("000001")


# -- Recording a contact: the Hub and the Emergency Duty Team --------------------------------


def test_the_emergency_duty_team_records_contacts(edt_worker):
    contact = actions.record_contact("edt_record", details(), acting_user=edt_worker, rag="red")
    assert (contact.status, contact.submitted_by) == (ContactStatus.RECEIVED, edt_worker)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_nobody_else_records_contacts(who):
    user = outsiders()[who]
    with pytest.raises(actions.FrontDoorError, match="Only the Hub and the Emergency Duty Team"):
        actions.record_contact("phone", details(), acting_user=user)
    assert not Contact.objects.exists()


def test_requests_for_support_are_not_recorded_by_the_hub(hub_worker):
    with pytest.raises(actions.FrontDoorError, match="come from partner agencies"):
        actions.record_contact("request_for_support", details(), acting_user=hub_worker)
    assert not Contact.objects.exists()


def test_a_contact_cannot_be_received_in_the_future(hub_worker):
    with (
        time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), tick=False),
        pytest.raises(actions.SubmissionProblems, match="cannot be in the future"),
    ):
        actions.record_contact(
            "phone",
            details(),
            acting_user=hub_worker,
            received_at=dt.datetime(2026, 11, 23, 10, 1, tzinfo=dt.UTC),
        )
    assert not Contact.objects.exists()


def test_the_emergency_duty_team_uses_the_contact_page_and_others_do_not(edt_worker):
    url = reverse("frontdoor:contact-new")
    edt = Client()
    edt.force_login(edt_worker)
    assert edt.get(url).status_code == 200
    posted = edt.post(
        url,
        {
            "kind": "edt_record",
            "rag": "red",
            "worries": "Police called at 02:00: children home alone",
            "child-TOTAL_FORMS": "1",
            "child-INITIAL_FORMS": "0",
            "adult-TOTAL_FORMS": "0",
            "adult-INITIAL_FORMS": "0",
            "action": "record",
            "child-0-given_name": "Riley",
            "child-0-family_name": "Sample",
            "child-0-sex": "U",
        },
    )
    assert posted.status_code == 302 and posted["Location"] == reverse("home")
    assert Contact.objects.get().submitted_by == edt_worker
    for user in outsiders().values():
        other = Client()
        other.force_login(user)
        assert other.get(url).status_code == 403
        assert other.post(url, {"kind": "phone"}).status_code == 403
    assert Contact.objects.count() == 1


# -- Screening: only the Hub, and nothing after the decision ----------------------------------


def _check_on(contact, by):
    return AgencyCheck.objects.create(
        contact=contact, agency="police", requested_at=contact.received_at, requested_by=by
    )


HUB_ACTIONS = {
    "start screening": lambda c, u, h: actions.start_screening(c, acting_user=u),
    "change urgency": lambda c, u, h: actions.set_rag(c, "red", acting_user=u),
    "request a check": lambda c, u, h: actions.request_check(c, "health", acting_user=u),
    "record a check": lambda c, u, h: actions.record_check_result(
        _check_on(c, h), "Known to police", acting_user=u
    ),
    "create a record": lambda c, u, h: actions.create_person_for(c.people.get(), acting_user=u),
    "decide": lambda c, u, h: actions.decide(c, "early_help", "Needs help", acting_user=u),
}


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("act", HUB_ACTIONS.values(), ids=HUB_ACTIONS.keys())
def test_only_the_hub_screens_matches_checks_and_decides(hub_worker, who, act):
    contact = ContactChildFactory().contact
    people = Person.objects.count()
    with pytest.raises(actions.FrontDoorError, match="Only the Request for Support Hub"):
        act(contact, outsiders()[who], hub_worker)
    contact.refresh_from_db()
    assert (contact.status, contact.rag, contact.screened_by) == (
        ContactStatus.RECEIVED,
        "amber",
        None,
    )
    assert not contact.checks.exclude(summary="").exists()
    assert not contact.checks.filter(agency="health").exists()
    assert Person.objects.count() == people
    assert not ContactDecision.objects.exists()


@pytest.fixture
def decided(hub_worker):
    contact = ContactChildFactory(person=ChildFactory(), match_status="matched").contact
    actions.decide(
        contact, "signpost", "Needs a food bank", signposted_to="Foodbank", acting_user=hub_worker
    )
    contact.refresh_from_db()
    return contact


def test_urgency_cannot_change_after_the_decision(hub_worker, decided):
    with pytest.raises(actions.FrontDoorError, match="urgency can no longer change"):
        actions.set_rag(decided, "red", acting_user=hub_worker)
    decided.refresh_from_db()
    assert decided.rag == "amber"


def test_no_check_is_requested_after_the_decision_or_twice(hub_worker, decided):
    with pytest.raises(actions.FrontDoorError, match="no more checks can be requested"):
        actions.request_check(decided, "police", acting_user=hub_worker)
    assert not decided.checks.exists()
    open_contact = ReceivedContactFactory()
    actions.request_check(open_contact, "police", acting_user=hub_worker)
    with pytest.raises(actions.FrontDoorError, match="already waiting for an answer"):
        actions.request_check(open_contact, "police", acting_user=hub_worker)
    assert open_contact.checks.count() == 1


def test_a_checks_answer_is_recorded_once_and_not_empty(hub_worker):
    check = _check_on(ReceivedContactFactory(), hub_worker)
    with pytest.raises(actions.FrontDoorError, match="Summarise what the agency shared"):
        actions.record_check_result(check, "   ", acting_user=hub_worker)
    check.refresh_from_db()
    assert check.received_at is None
    actions.record_check_result(check, "Known to police", acting_user=hub_worker)
    with pytest.raises(actions.FrontDoorError, match="already been recorded"):
        actions.record_check_result(check, "Something else", acting_user=hub_worker)
    check.refresh_from_db()
    assert check.summary == "Known to police"


def test_a_record_is_created_once(hub_worker):
    named = ContactChildFactory()
    actions.create_person_for(named, acting_user=hub_worker)
    with pytest.raises(actions.FrontDoorError, match="is already matched"):
        actions.create_person_for(named, acting_user=hub_worker)
    assert Person.objects.count() == 1


def test_a_draft_is_not_decided_and_a_decision_needs_a_reason(hub_worker):
    draft = DraftRequestFactory()
    with pytest.raises(actions.FrontDoorError, match="A draft cannot be decided"):
        actions.decide(draft, "early_help", "Needs help", acting_user=hub_worker)
    contact = ContactChildFactory(person=ChildFactory(), match_status="matched").contact
    with pytest.raises(actions.SubmissionProblems, match="Give the reason"):
        actions.decide(contact, "early_help", "  \n ", acting_user=hub_worker)
    assert not ContactDecision.objects.exists()


# -- The Advice Line ------------------------------------------------------------------------

ADVICE = {
    "caller_agency_kind": "school",
    "caller_role": "Year 6 teacher",
    "question": "Worries about neglect at home",
    "advice": "Talk to your DSL today",
    "outcome": "submit_request",
}


def test_the_hub_and_its_manager_record_advice(hub_worker, hub_team):
    actions.record_advice(acting_user=hub_worker, **ADVICE)
    actions.record_advice(acting_user=TeamManagerFactory(team=hub_team), **ADVICE)
    assert AdviceLineConsultation.objects.count() == 2


@pytest.mark.parametrize("who", OUTSIDERS)
def test_nobody_else_records_advice(who):
    with pytest.raises(actions.FrontDoorError, match="Only Hub social workers"):
        actions.record_advice(acting_user=outsiders()[who], **ADVICE)
    assert not AdviceLineConsultation.objects.exists()


def test_the_advice_action_itself_refuses_identifying_details(hub_worker):
    with pytest.raises(actions.SubmissionProblems, match="could identify the family") as refused:
        actions.record_advice(
            acting_user=hub_worker, **{**ADVICE, "question": "Tyler Smith, 3 Caunce St, FY1 3LA"}
        )
    assert [field for field, _ in refused.value.problems] == ["question"]
    assert not AdviceLineConsultation.objects.exists()


# -- The pages: partners' pages for partners, the Hub's for the Hub ---------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


PARTNER_PAGES = [
    ("get", "frontdoor:my-requests", False),
    ("get", "frontdoor:request-new", False),
    ("post", "frontdoor:request-new", False),
    ("post", "frontdoor:request-new-autosave", False),
    ("get", "frontdoor:request-discard", True),
    ("post", "frontdoor:request-discard", True),
    ("get", "frontdoor:request-edit", True),
    ("post", "frontdoor:request-edit", True),
    ("post", "frontdoor:request-autosave", True),
    ("get", "frontdoor:request-detail", True),
]


@pytest.mark.parametrize(("method", "name", "with_pk"), PARTNER_PAGES)
def test_partner_pages_are_for_partner_agencies(hub_worker, method, name, with_pk):
    draft = DraftRequestFactory()
    url = reverse(name, args=[draft.pk] if with_pk else [])
    for user in (hub_worker, UserFactory(team=TeamFactory(slug="assessment"))):
        response = getattr(_client(user), method)(url, {"version": "1"} if method == "post" else {})
        assert response.status_code == 403, (user, url)
    assert Contact.objects.count() == 1


HUB_PAGES = [
    ("get", "frontdoor:queue", []),
    ("get", "frontdoor:screen", ["contact"]),
    ("post", "frontdoor:start-screening", ["contact"]),
    ("post", "frontdoor:confirm-match", ["contact", "named"]),
    ("post", "frontdoor:create-person", ["contact", "named"]),
    ("post", "frontdoor:request-check", ["contact"]),
    ("post", "frontdoor:record-check", ["contact", "check"]),
    ("post", "frontdoor:change-rag", ["contact"]),
    ("post", "frontdoor:decide", ["contact"]),
    ("get", "frontdoor:advice-line", []),
    ("post", "frontdoor:advice-line", []),
]
HUB_POSTS = {
    "frontdoor:request-check": {"agency": "health"},
    "frontdoor:record-check": {"summary": "Known"},
    "frontdoor:change-rag": {"rag": "red"},
    "frontdoor:decide": {"outcome": "early_help", "reason": "Needs help"},
    "frontdoor:advice-line": ADVICE,
}


@pytest.mark.parametrize(("method", "name", "args"), HUB_PAGES)
def test_hub_pages_are_for_the_hub(hub_worker, method, name, args):
    named = ContactChildFactory(person=None)
    contact = named.contact
    check = AgencyCheck.objects.create(
        contact=contact, agency="police", requested_at=contact.received_at, requested_by=hub_worker
    )
    values = {"contact": contact.pk, "named": named.pk, "check": check.pk}
    posts = {**HUB_POSTS, "frontdoor:confirm-match": {"person": ChildFactory().pk}}
    url = reverse(name, args=[values[a] for a in args])
    for user in (
        PartnerUserFactory(),
        UserFactory(team=TeamFactory(slug="assessment")),
        TeamManagerFactory(team=TeamFactory(slug="fostering")),
    ):
        client = _client(user)
        response = client.get(url) if method == "get" else client.post(url, posts.get(name, {}))
        assert response.status_code == 403, (user, url)
    contact.refresh_from_db()
    check.refresh_from_db()
    named.refresh_from_db()
    assert (contact.status, contact.rag, contact.screened_by) == (
        ContactStatus.RECEIVED,
        "amber",
        None,
    )
    assert (check.received_at, named.person, contact.checks.count()) == (None, None, 1)
    assert not AdviceLineConsultation.objects.exists() and not ContactDecision.objects.exists()


@pytest.mark.parametrize(
    "name", ["frontdoor:change-rag", "frontdoor:request-check", "frontdoor:decide"]
)
def test_the_hubs_pages_do_not_reach_a_referrers_draft(hub_worker, name):
    draft = DraftRequestFactory()
    response = _client(hub_worker).post(reverse(name, args=[draft.pk]), HUB_POSTS[name])
    assert response.status_code == 404
    draft.refresh_from_db()
    assert (draft.status, draft.rag) == (ContactStatus.DRAFT, "amber")


def test_the_screening_page_does_not_show_a_draft(hub_worker):
    draft = DraftRequestFactory()
    assert _client(hub_worker).get(reverse("frontdoor:screen", args=[draft.pk])).status_code == 404


def test_a_sent_request_is_no_longer_edited_or_autosaved():
    school = PartnerUserFactory()
    contact = actions.submit_request(
        actions.save_draft(details(), acting_user=school), acting_user=school
    )
    client = _client(school)
    edit = client.get(reverse("frontdoor:request-edit", args=[contact.pk]))
    assert edit.status_code == 302
    assert edit["Location"] == reverse("frontdoor:request-detail", args=[contact.pk])
    autosaved = client.post(
        reverse("frontdoor:request-autosave", args=[contact.pk]),
        {"version": str(contact.version), "worries": "Changed"},
    )
    assert autosaved.status_code == 409 and autosaved.json()["saved"] is False
    contact.refresh_from_db()
    assert contact.worries == "Hungry at school"


def test_another_agency_cannot_autosave_over_a_draft():
    draft = actions.save_draft(details(), acting_user=PartnerUserFactory())
    other = _client(PartnerUserFactory())
    response = other.post(
        reverse("frontdoor:request-autosave", args=[draft.pk]), {"version": "1", "worries": "x"}
    )
    assert response.status_code == 404
    draft.refresh_from_db()
    assert (draft.worries, draft.version) == ("Hungry at school", 1)
