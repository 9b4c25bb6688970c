"""Issue 14, item 7: the wording users tripped over, each checked where they read it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from continuum.frontdoor.tests.factories import ContactChildFactory, ReceivedContactFactory
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    PartnerUserFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hub():
    return login(HubWorkerFactory(team=TeamFactory(slug="request-for-support-hub")))


def test_a_decision_with_nothing_chosen_names_each_question(hub):
    contact = ReceivedContactFactory()
    response = hub.post(reverse("frontdoor:decide", args=[contact.pk]), {})
    html = response.content.decode()
    assert response.status_code == 400
    assert "This field is required" not in html
    assert "Choose the decision" in html and "Give the reason for the decision" in html


def test_a_missing_answer_names_its_question_on_every_hub_form(hub):
    response = hub.post(reverse("frontdoor:contact-new"), {"adult-TOTAL_FORMS": "0"})
    html = response.content.decode()
    assert "This field is required" not in html
    assert "Answer \u201cHow did it come in?\u201d" in html


def test_with_no_possible_matches_the_button_just_creates_a_record(hub):
    contact = ContactChildFactory(given_name="Zebedee", family_name="Quux").contact
    html = hub.get(reverse("frontdoor:screen", args=[contact.pk])).content.decode()
    assert "No one in the person index looks like Zebedee Quux" in html
    assert "None of these" not in html
    assert re.search(r">Create a new record<span class=\"govuk-visually-hidden\"> for", html)


def test_the_date_received_hint_says_when_to_leave_it_empty(hub):
    html = hub.get(reverse("frontdoor:contact-new")).content.decode()
    assert "Leave empty for now" not in html
    assert "Leave this empty if the contact came in just now" in html


def test_the_request_list_and_the_request_page_use_the_same_status_words():
    partner = PartnerUserFactory()
    contact = ReceivedContactFactory(agency=partner.agency)
    client = login(partner)
    listed = client.get(reverse("frontdoor:my-requests")).content.decode()
    page = client.get(reverse("frontdoor:request-detail", args=[contact.pk])).content.decode()
    assert "With the Hub" not in listed
    assert "Waiting for screening" in listed and "Waiting for screening" in page


def test_a_school_s_home_page_does_not_offer_what_partners_cannot_do():
    html = login(PartnerUserFactory()).get(reverse("home")).content.decode()
    assert "use Continuum to ask the Advice Line" not in html
    assert "phone the Advice Line on 01253 478959" in html


def test_only_the_advice_line_is_highlighted_on_the_advice_line_page(hub):
    html = hub.get(reverse("frontdoor:advice-line")).content.decode()
    current = re.findall(r'aria-current="page">(?:<strong[^>]*>)?([^<]+)<', html)
    assert current == ["Advice Line"]
    queue = hub.get(reverse("frontdoor:queue")).content.decode()
    assert re.findall(r'aria-current="page">(?:<strong[^>]*>)?([^<]+)<', queue) == ["Hub queue"]


def test_the_referrer_s_outcome_names_the_services_the_family_was_signposted_to():
    """Issue 14, item 8."""
    import datetime as dt

    from continuum.directory.models import Signposting
    from continuum.directory.tests.factories import service_at
    from continuum.frontdoor.models import ContactDecision, ContactStatus

    partner = PartnerUserFactory()
    contact = ReceivedContactFactory(agency=partner.agency, status=ContactStatus.DECIDED)
    hub_worker = HubWorkerFactory()
    ContactDecision.objects.create(
        contact=contact,
        outcome="signpost",
        next_step="signpost",
        reason="Needs food",
        explanation="e",
        signposted_to="Blackpool Food Bank",
        outcome_for_referrer="The family does not need an assessment.",
        decided_by=hub_worker,
        decided_at=dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC),
        was_on_time=True,
    )
    sal = service_at("FY1 3LA", name="Stay and Play")
    Signposting.objects.create(
        contact=contact,
        service=sal.service,
        recorded_by=hub_worker,
        recorded_at=dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC),
    )
    html = login(partner).get(reverse("frontdoor:request-detail", args=[contact.pk]))
    body = html.content.decode()
    assert "The Hub helped the family to reach:" in body
    assert "Blackpool Food Bank" in body and "Stay and Play" in body
