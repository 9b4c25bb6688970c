"""Suggestions and their moderation, and the Hub's signposting, through the actions."""

import pytest

from continuum.core.models import ChronologyEvent, EventKind
from continuum.demo.signposting import record_demo_signposting, search_text
from continuum.directory import actions
from continuum.directory.models import (
    RecordSource,
    Service,
    ServiceSuggestion,
    Signposting,
    SuggestionStatus,
)
from continuum.directory.search import SearchQuery, search_service_at_locations
from continuum.directory.tests.factories import (
    ServiceFactory,
    SuggestionFactory,
    TermFactory,
    service_at,
)
from continuum.frontdoor import actions as frontdoor_actions
from continuum.frontdoor.tests.factories import ContactChildFactory, DraftRequestFactory
from continuum.governance.models import AuditEntry
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import HubWorkerFactory, TeamFactory, UserFactory
from continuum.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return UserFactory(role=Role.ADMINISTRATOR, team=None, first_name="Ada", last_name="Admin")


@pytest.fixture
def hub_worker():
    return HubWorkerFactory(team=TeamFactory(slug="request-for-support-hub", name="Hub"))


def test_anyone_can_suggest_and_nothing_is_published_until_accepted():
    suggestion = actions.suggest_service(
        actions.SuggestionDetails(
            name="  Layton  Toddler  Group ", description="Songs", postcode="fy1 4hu"
        )
    )
    assert (suggestion.name, suggestion.postcode, suggestion.status) == (
        "Layton Toddler Group",
        "FY1 4HU",
        SuggestionStatus.PENDING,
    )
    assert suggestion.suggested_by is None
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (actions.SuggestionDetails(description="x"), "name"),
        (actions.SuggestionDetails(name="x"), "description"),
        (actions.SuggestionDetails(name="x", description="y", postcode="Blackpool"), "postcode"),
        (
            actions.SuggestionDetails(name="x", description="y", minimum_age=9, maximum_age=2),
            "maximum_age",
        ),
    ],
)
def test_a_suggestion_says_what_is_missing(details, field):
    with pytest.raises(actions.SuggestionProblems) as caught:
        actions.suggest_service(details)
    assert field in dict(caught.value.problems)


def test_an_administrator_accepts_and_the_service_is_found(administrator):
    term = TermFactory(name="Baby and toddler groups")
    suggestion = SuggestionFactory(activity=term)
    service = actions.accept_suggestion(suggestion, acting_user=administrator)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert (suggestion.service, suggestion.moderated_by) == (service, administrator)
    assert service.source == RecordSource.SUGGESTED
    assert service.organization.name == "Bloomfield Families Together"
    assert service.schedules.get().description == "Saturdays 10am to midday"
    page = search_service_at_locations(SearchQuery(postcode="FY1 3LA", text="bumps", age=0))
    assert [h.service for h in page.items] == [service]
    assert service.history.count() == 1


def test_an_administrator_edits_then_accepts_and_history_keeps_both(administrator):
    suggestion = SuggestionFactory()
    edited = actions.SuggestionDetails(
        **{
            **{n: getattr(suggestion, n) for n in actions.SUGGESTION_FIELDS},
            "name": "Bloomfield Baby Group",
        }
    )
    actions.accept_suggestion(suggestion, acting_user=administrator, details=edited)
    suggestion.refresh_from_db()
    assert suggestion.service.name == "Bloomfield Baby Group"
    history = list(suggestion.history.order_by("history_date"))
    assert history[0].name == "Bloomfield Bumps and Babies"
    assert [h.history_change_reason for h in history[1:]] == [
        "Edited by an administrator",
        "Accepted",
    ]


def test_rejecting_needs_a_reason_and_is_final(administrator):
    suggestion = SuggestionFactory()
    with pytest.raises(actions.SuggestionProblems):
        actions.reject_suggestion(suggestion, "   ", acting_user=administrator)
    actions.reject_suggestion(suggestion, "It closed in 2025", acting_user=administrator)
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.rejection_reason) == (
        SuggestionStatus.REJECTED,
        "It closed in 2025",
    )
    with pytest.raises(actions.DirectoryError, match="already not added by Ada Admin"):
        actions.accept_suggestion(suggestion, acting_user=administrator)


def test_only_administrators_moderate():
    suggestion = SuggestionFactory()
    for user in (UserFactory(), HubWorkerFactory(), None):
        with pytest.raises(actions.DirectoryError, match="Only an administrator"):
            actions.accept_suggestion(suggestion, acting_user=user)
        with pytest.raises(actions.DirectoryError, match="Only an administrator"):
            actions.reject_suggestion(suggestion, "No", acting_user=user)
    assert ServiceSuggestion.objects.get().status == SuggestionStatus.PENDING


def test_accepting_with_an_unknown_postcode_says_so(administrator):
    suggestion = SuggestionFactory(postcode="FY9 9ZZ")
    with pytest.raises(actions.SuggestionProblems, match="We cannot find the postcode FY9 9ZZ"):
        actions.accept_suggestion(suggestion, acting_user=administrator)
    assert ServiceSuggestion.objects.get().status == SuggestionStatus.PENDING


def test_signposting_is_recorded_on_the_contact_and_in_each_childs_chronology(hub_worker):
    riley, maisie = ChildFactory(given_name="Riley"), ChildFactory(given_name="Maisie")
    contact = ContactChildFactory(person=riley).contact
    ContactChildFactory(contact=contact, person=maisie, given_name="Maisie")
    ContactChildFactory(contact=contact, person=None, given_name="Unmatched")
    foodbank, group = ServiceFactory(name="Food pantry"), ServiceFactory(name="Parenting group")
    rows = actions.record_signposting(contact, [foodbank, group, foodbank], acting_user=hub_worker)
    assert [r.service for r in rows] == [foodbank, group]
    events = ChronologyEvent.objects.filter(kind=EventKind.SIGNPOSTING)
    assert {e.person for e in events} == {riley, maisie}
    assert all(
        "Food pantry, Parenting group" in e.summary and contact.reference in e.summary
        for e in events
    )
    assert AuditEntry.objects.filter(actor=hub_worker).count() == 2
    again = actions.record_signposting(contact, [foodbank], acting_user=hub_worker)
    assert again == [] and Signposting.objects.count() == 2 and events.count() == 2


def test_signposting_is_the_hubs_and_not_for_drafts_or_closed_services(hub_worker):
    contact = ContactChildFactory().contact
    service = ServiceFactory()
    with pytest.raises(actions.DirectoryError, match="Only the Request for Support Hub"):
        actions.record_signposting(contact, [service], acting_user=UserFactory())
    with pytest.raises(actions.DirectoryError, match="draft"):
        actions.record_signposting(DraftRequestFactory(), [service], acting_user=hub_worker)
    with pytest.raises(actions.DirectoryError, match="at least one"):
        actions.record_signposting(contact, [], acting_user=hub_worker)
    closed = ServiceFactory(name="Old club", status="defunct")
    with pytest.raises(actions.DirectoryError, match="not running now: Old club"):
        actions.record_signposting(contact, [closed], acting_user=hub_worker)


@pytest.mark.parametrize(
    ("words", "search"),
    [
        ("a parenting programme", "parenting"),
        ("Blackpool Better Start", "better start"),
        ("debt and housing advice", "money"),
        ("the foodbank and the family hub", "food"),
        ("the drug and alcohol service", "alcohol"),
        ("Awaken: return home interview and exploitation assessment", "youth"),
        ("somewhere nobody has heard of", "family hub"),
    ],
)
def test_the_demo_signposts_to_what_its_words_name(words, search):
    assert search_text(words) == search


def test_the_demo_records_directory_signposting_for_its_decisions(hub_worker):
    service_at("FY1 3JQ", name="Near parenting group", description="Parenting support")
    service_at("FY3 7RW", name="Far parenting group", description="Parenting support")
    service_at("FY1 3JQ", name="Revoe family hub", description="Family hub sessions")
    riley = ChildFactory(given_name="Riley")
    contact = ContactChildFactory(person=riley).contact
    contact.family_postcode = "FY1 3LA"
    contact.save()
    frontdoor_actions.decide(
        contact,
        "signpost",
        "Parenting worries only",
        acting_user=hub_worker,
        signposted_to="a parenting programme",
    )
    assert record_demo_signposting(per_family=1) == 1
    assert [s.service.name for s in contact.signpostings.all()] == ["Near parenting group"]
    event = ChronologyEvent.objects.get(person=riley, kind=EventKind.SIGNPOSTING)
    assert "Near parenting group" in event.summary and contact.reference in event.summary
    assert record_demo_signposting() == 0  # already recorded: nothing twice
