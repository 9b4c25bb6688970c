"""Restricted records and the routes around the policy. Each test is one way an attacker or a
curious colleague found into a restricted child's record, closed: search, the reason page,
duplicate review and merge, the Hub's match, the person-match API, and the audit of every look
and refusal."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from continuum.core import clock
from continuum.core.models import ChronologyEvent
from continuum.frontdoor import actions as frontdoor_actions
from continuum.frontdoor.models import ContactStatus
from continuum.frontdoor.tests.factories import ContactChildFactory
from continuum.governance import access
from continuum.governance.models import AuditAction, AuditEntry, BreakGlassAccess, SearchAudit
from continuum.governance.rules import Purpose
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    PartnerAgencyFactory,
    TeamFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.organisation.tokens import issue_token
from continuum.people import actions as people_actions
from continuum.people.models import DuplicatePair, MatchingApiGrant, Person
from continuum.people.tests.factories import AddressFactory, AllocationFactory, ChildFactory

pytestmark = pytest.mark.django_db
BORN = dt.date(2015, 2, 4)


@pytest.fixture
def hub_team():
    return TeamFactory(slug="request-for-support-hub", name="Request for Support Hub")


@pytest.fixture
def restricted(practitioner, assessment_team):
    """Tyler is restricted: only Sam (allocated) and Sam's manager may open the record."""
    child = ChildFactory(
        given_name="Tyler",
        family_name="Quayle",
        date_of_birth=BORN,
        nhs_number="9434765919",
        is_restricted=True,
    )
    AddressFactory(person=child, line_1="3 Caunce Street", postcode="FY1 3LA")
    AllocationFactory(person=child, team=assessment_team, worker=practitioner)
    return child


def text(response) -> str:
    return response.content.decode()


# -- Search -----------------------------------------------------------------------------------


def test_search_shows_a_restricted_child_as_a_record_you_cannot_open(
    restricted, outsider, client_for
):
    page = text(client_for(outsider).get(reverse("people:search"), {"q": "Quayle"}))
    assert "A record you cannot open matches your search" in page
    page = page.split('data-testid="search-results"')[1].split("</table>")[0]
    for detail in (
        "Tyler",
        "4 Feb 2015",
        "FY1 3LA",
        reverse("people:detail", args=[restricted.pk]),
    ):
        assert detail not in page


def test_the_allocated_worker_finds_the_restricted_child_by_name(
    restricted, practitioner, client_for
):
    page = text(client_for(practitioner).get(reverse("people:search"), {"q": "Quayle"}))
    assert "Tyler Quayle" in page and "FY1 3LA" in page


def test_every_search_is_audited_with_what_was_typed_and_who_was_listed(
    restricted, outsider, client_for
):
    other = ChildFactory(given_name="Tia", family_name="Quayle")
    client_for(outsider).get(reverse("people:search"), {"q": "Quayle"})
    search = SearchAudit.objects.get(actor=outsider)
    assert (search.query, search.shown, search.shown_as_cannot_open) == ("Quayle", 1, 1)
    assert AuditEntry.objects.get(person=other, actor=outsider).action == AuditAction.LISTED
    refused = AuditEntry.objects.get(person=restricted, actor=outsider)
    assert refused.action == AuditAction.REFUSED and "Quayle" in refused.reason


def test_a_search_that_finds_nobody_is_audited_too(outsider, client_for):
    client_for(outsider).get(reverse("people:search"), {"q": "Nobody Here"})
    assert SearchAudit.objects.get(actor=outsider).shown == 0


# -- The reason page --------------------------------------------------------------------------


def test_the_reason_page_names_nobody_and_is_audited_as_a_refused_look(outsider, client_for):
    child = ChildFactory(given_name="Harper", family_name="Lowther")
    response = client_for(outsider).get(reverse("people:reason", args=[child.pk]))
    assert response.status_code == 200
    assert "Harper" not in text(response) and "Lowther" not in text(response)
    entry = AuditEntry.objects.get(person=child, actor=outsider)
    assert entry.action == AuditAction.REFUSED


def test_the_reason_page_of_a_restricted_child_refuses_without_a_name(
    restricted, outsider, client_for
):
    response = client_for(outsider).get(reverse("people:reason", args=[restricted.pk]))
    assert response.status_code == 403
    assert "Tyler" not in text(response) and "Quayle" not in text(response)
    assert AuditEntry.objects.filter(
        person=restricted, actor=outsider, action=AuditAction.REFUSED
    ).exists()
    response = client_for(outsider).post(
        reverse("people:reason", args=[restricted.pk]),
        {"reason": "The school rang asking about this child's safety at home"},
    )
    assert response.status_code == 403
    assert not BreakGlassAccess.objects.filter(person=restricted).exists()


@pytest.mark.parametrize(
    "next_url", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"]
)
def test_the_reason_page_never_sends_anyone_to_another_site(next_url, outsider, client_for):
    child = ChildFactory()
    url = reverse("people:reason", args=[child.pk]) + "?" + f"next={next_url}"
    response = client_for(outsider).post(
        url, {"reason": "The school rang asking about this child's safety at home"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[child.pk])


def test_the_reason_page_returns_to_the_page_asked_for(outsider, client_for):
    child = ChildFactory()
    wanted = reverse("people:history", args=[child.pk])
    response = client_for(outsider).post(
        reverse("people:reason", args=[child.pk]) + f"?next={wanted}",
        {"reason": "The school rang asking about this child's safety at home"},
    )
    assert response["Location"] == wanted


@pytest.mark.parametrize(
    "reason",
    ["aaaaaaaaaa", "xxxxxxxxxxxxxxxxx", "need need need need", "asdfgh qwrtpl zxcvbn", "."],
)
def test_a_reason_must_be_a_sentence_not_filler(reason, outsider, client_for):
    child = ChildFactory()
    response = client_for(outsider).post(
        reverse("people:reason", args=[child.pk]), {"reason": reason}
    )
    assert response.status_code == 400
    assert not BreakGlassAccess.objects.exists()


def test_a_reason_for_someone_with_no_allocation_goes_to_the_hub_manager(
    outsider, hub_team, client_for
):
    hub_manager = TeamManagerFactory(team=hub_team)
    child = ChildFactory()  # no allocation: most of the index
    access.give_reason(outsider, child, "The school rang asking about this child's safety")
    assert list(access.reasons_for_manager(hub_manager)) == list(BreakGlassAccess.objects.all())
    page = text(client_for(hub_manager).get(reverse("governance:reasons")))
    assert "asking about this child" in page


def test_the_reviewing_team_is_read_from_the_authority_configuration(
    outsider, settings, tmp_path, fostering_team
):
    """`[governance] reason_reviewer_team` in the authority's file names the team."""
    config = tmp_path / "authority.toml"
    config.write_text(
        settings.CONTINUUM_AUTHORITY_CONFIG.read_text().replace(
            'reason_reviewer_team = "request-for-support-hub"',
            f'reason_reviewer_team = "{fostering_team.slug}"',
        )
    )
    settings.CONTINUUM_AUTHORITY_CONFIG = config
    grant = access.give_reason(outsider, ChildFactory(), "The school rang about this child today")
    assert grant.review_team == fostering_team


def test_a_reason_for_an_allocated_child_goes_to_the_allocated_teams_manager(
    outsider, manager, assessment_team
):
    child = AllocationFactory(team=assessment_team).person
    grant = access.give_reason(outsider, child, "The school rang asking about this child today")
    assert grant.review_team == assessment_team
    assert grant in access.reasons_for_manager(manager)


# -- Refusals are audited ---------------------------------------------------------------------


def test_a_refused_open_is_recorded(restricted, outsider, client_for):
    response = client_for(outsider).get(reverse("people:detail", args=[restricted.pk]))
    assert response.status_code == 403
    assert "Tyler" not in text(response)
    entry = AuditEntry.objects.get(person=restricted, actor=outsider)
    assert entry.action == AuditAction.REFUSED and "Restricted" in entry.basis


def test_a_partner_refused_is_recorded(partner, client_for):
    child = ChildFactory()
    client_for(partner).get(reverse("people:detail", args=[child.pk]))
    assert AuditEntry.objects.get(person=child, actor=partner).action == AuditAction.REFUSED


def test_a_restricted_sibling_is_not_named_on_a_brothers_record(restricted, outsider, client_for):
    from continuum.people.tests.factories import RelationshipFactory

    brother = ChildFactory(given_name="Jordan", family_name="Quayle")
    RelationshipFactory(person=restricted, other=brother, kind="sibling")
    access.give_reason(outsider, brother, "The school rang asking about this child today")
    page = text(client_for(outsider).get(reverse("people:detail", args=[brother.pk])))
    assert "Jordan Quayle" in page
    assert "Tyler" not in page and "A record you cannot open" in page


# -- History ----------------------------------------------------------------------------------


def test_the_history_of_a_bulk_loaded_record_is_an_empty_page_not_a_crash(
    practitioner, assessment_team, client_for
):
    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    child.history.all().delete()  # as a bulk load leaves it
    response = client_for(practitioner).get(reverse("people:history", args=[child.pk]))
    assert response.status_code == 200
    assert response.context["changes"] == []


# -- Duplicate review and merge ---------------------------------------------------------------


@pytest.fixture
def pair_with_restricted(restricted):
    copy = ChildFactory(given_name="Tyler", family_name="Quayle", date_of_birth=BORN)
    return DuplicatePair.objects.create(
        person=restricted,
        other=copy,
        probability=0.97,
        reasons="Names agree|Born the same day",
        found_at=clock.now(),
    )


def test_duplicate_review_needs_access_to_both_records(
    pair_with_restricted, fostering_team, client_for
):
    other_manager = TeamManagerFactory(team=fostering_team)
    copy = pair_with_restricted.other
    access.give_reason(other_manager, copy, "Reviewing possible duplicate records for the Hub")
    client = client_for(other_manager)
    response = client.get(reverse("people:duplicate-review", args=[pair_with_restricted.pk]))
    assert response.status_code == 403
    for detail in ("943 476 5919", "9434765919", "Caunce", "FY1 3LA", "Sam"):
        assert detail not in text(response)
    listing = text(client.get(reverse("people:duplicates")))
    assert "A record you cannot open" in listing and "Names agree" not in listing
    response = client.post(
        reverse("people:duplicate-merge", args=[pair_with_restricted.pk]),
        {"keep": copy.pk, "reason": "Same child"},
    )
    assert response.status_code == 403
    pair_with_restricted.refresh_from_db()
    assert pair_with_restricted.status == "open"
    assert AuditEntry.objects.filter(
        person=pair_with_restricted.person, actor=other_manager, action=AuditAction.REFUSED
    ).exists()


def test_the_allocated_manager_reviews_a_pair_once_the_other_record_is_opened(
    pair_with_restricted, manager, client_for
):
    client = client_for(manager)
    url = reverse("people:duplicate-review", args=[pair_with_restricted.pk])
    refused = client.get(url)
    assert refused.status_code == 403
    assert reverse("people:reason", args=[pair_with_restricted.other.pk]) in text(refused)
    access.give_reason(
        manager, pair_with_restricted.other, "Reviewing possible duplicate records for the Hub"
    )
    assert client.get(url).status_code == 200


def test_a_merge_keeps_the_strictest_restriction_and_undo_puts_it_back(
    pair_with_restricted, manager, outsider
):
    restricted, copy = pair_with_restricted.person, pair_with_restricted.other
    access.give_reason(manager, copy, "Reviewing possible duplicate records for the Hub")
    access.give_reason(outsider, copy, "The school rang asking about this child's safety")
    assert access.check_access(outsider, copy).allowed
    merge = people_actions.merge_people(copy, restricted, acting_user=manager)
    copy.refresh_from_db()
    assert copy.is_restricted
    assert not access.check_access(outsider, copy).allowed  # the reason no longer opens it
    people_actions.unmerge(merge, acting_user=manager)
    copy.refresh_from_db()
    assert not copy.is_restricted


def test_merging_is_refused_in_the_action_too(pair_with_restricted, fostering_team):
    other_manager = TeamManagerFactory(team=fostering_team)
    with pytest.raises(access.AccessRefused):
        people_actions.merge_people(
            pair_with_restricted.other, pair_with_restricted.person, acting_user=other_manager
        )
    with pytest.raises(access.AccessRefused):
        people_actions.mark_not_duplicate(pair_with_restricted, acting_user=other_manager)


# -- Restricting a record ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("manager", True), ("administrator", True), ("practitioner", False), ("outsider", False)],
)
def test_administrators_and_the_allocated_manager_restrict_a_record(
    who, allowed, request, practitioner, assessment_team, client_for
):
    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    user = (
        UserFactory(role=Role.ADMINISTRATOR, team=None)
        if who == "administrator"
        else request.getfixturevalue(who)
    )
    url = reverse("people:restriction", args=[child.pk])
    response = client_for(user).post(url, {"reason": "Witness protection: the family has moved"})
    child.refresh_from_db()
    assert child.is_restricted is allowed
    assert response.status_code == (302 if allowed else 403)
    if allowed:
        entry = AuditEntry.objects.get(person=child, action=AuditAction.RESTRICTED)
        assert entry.actor == user and "Witness protection" in entry.reason
        client_for(user).post(url, {"reason": "The risk has passed, agreed at the review"})
        child.refresh_from_db()
        assert not child.is_restricted
        assert AuditEntry.objects.filter(person=child, action=AuditAction.UNRESTRICTED).exists()


def test_restricting_needs_a_reason(manager, practitioner, assessment_team, client_for):
    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    response = client_for(manager).post(
        reverse("people:restriction", args=[child.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    child.refresh_from_db()
    assert not child.is_restricted


def test_a_restricted_record_shuts_out_the_team_but_not_the_worker(
    practitioner, assessment_team, manager
):
    colleague = UserFactory(team=assessment_team)
    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    assert access.check_access(colleague, child).allowed
    from continuum.governance.actions import set_restriction

    set_restriction(
        child, restricted=True, reason="Adoption: placement address", acting_user=manager
    )
    child.refresh_from_db()
    assert not access.check_access(colleague, child).allowed
    assert access.check_access(practitioner, child).allowed
    assert access.check_access(manager, child).allowed


# -- The Hub's match --------------------------------------------------------------------------


@pytest.fixture
def hub_worker(hub_team):
    return HubWorkerFactory(team=hub_team)


def test_the_hub_cannot_match_a_contact_to_any_record_number(restricted, hub_worker, client_for):
    """The attack: a made-up phone contact, matched to any person id, to open the record."""
    named = ContactChildFactory(given_name="Made", family_name="Up", date_of_birth=None)
    stranger = ChildFactory(given_name="Someone", family_name="Else")
    client = client_for(hub_worker)
    for target in (restricted, stranger):
        response = client.post(
            reverse("frontdoor:confirm-match", args=[named.contact_id, named.pk]),
            {"person": target.pk},
            follow=True,
        )
        assert "was not offered as a possible match" in text(response)
        named.refresh_from_db()
        assert named.person_id is None
        assert not ChronologyEvent.objects.filter(person=target).exists()
        assert not access.check_access(hub_worker, target).allowed
        assert client.get(reverse("people:detail", args=[stranger.pk])).status_code == 302


@pytest.mark.parametrize("value", ["abc", "", "-1", "1.5", "99999999"])
def test_a_match_with_a_bad_person_gives_a_message_not_an_error(value, hub_worker, client_for):
    named = ContactChildFactory()
    response = client_for(hub_worker).post(
        reverse("frontdoor:confirm-match", args=[named.contact_id, named.pk]),
        {"person": value},
        follow=True,
    )
    assert response.status_code == 200
    page = text(response)
    assert "Choose one of the possible matches" in page or "was not offered" in page


def test_screening_shows_a_restricted_candidate_without_its_details(
    restricted, hub_worker, client_for
):
    named = ContactChildFactory(given_name="Tyler", family_name="Quayle", date_of_birth=BORN)
    page = text(client_for(hub_worker).get(reverse("frontdoor:screen", args=[named.contact_id])))
    assert "A record you cannot open" in page
    candidates = page.split('data-testid="candidates"')[1].split("</table>")[0]
    assert "4 Feb 2015" not in candidates and "Tyler" not in candidates
    search = SearchAudit.objects.get(actor=hub_worker)
    assert search.purpose.startswith("Hub candidates") and search.shown_as_cannot_open == 1


def test_matching_a_restricted_candidate_keeps_its_involvement_hidden(
    restricted, hub_worker, client_for
):
    named = ContactChildFactory(given_name="Tyler", family_name="Quayle", date_of_birth=BORN)
    client = client_for(hub_worker)
    client.get(reverse("frontdoor:screen", args=[named.contact_id]))
    client.post(
        reverse("frontdoor:confirm-match", args=[named.contact_id, named.pk]),
        {"person": restricted.pk},
    )
    named.refresh_from_db()
    assert named.person == restricted
    page = text(client.get(reverse("frontdoor:screen", args=[named.contact_id])))
    assert 'data-testid="involvement-hidden"' in page
    assert "Sam" not in page.split("Is this family known?")[1].split("Multi-agency checks")[0]
    assert client.get(reverse("people:detail", args=[restricted.pk])).status_code == 403


def test_a_match_to_an_offered_candidate_is_audited(hub_worker, client_for):
    known = ChildFactory(
        given_name="Riley", family_name="Sample", date_of_birth=dt.date(2017, 5, 14)
    )
    named = ContactChildFactory()
    client = client_for(hub_worker)
    client.get(reverse("frontdoor:screen", args=[named.contact_id]))
    client.post(
        reverse("frontdoor:confirm-match", args=[named.contact_id, named.pk]), {"person": known.pk}
    )
    named.refresh_from_db()
    assert named.person == known
    assert AuditEntry.objects.filter(
        person=known, actor=hub_worker, action=AuditAction.CHANGE
    ).exists()
    assert named.contact.status in (ContactStatus.RECEIVED, ContactStatus.SCREENING)


def test_confirm_match_action_refuses_a_record_not_offered(hub_worker):
    named = ContactChildFactory()
    with pytest.raises(frontdoor_actions.FrontDoorError, match="not offered"):
        frontdoor_actions.confirm_match(named, ChildFactory(), acting_user=hub_worker)


# -- The person-match API ---------------------------------------------------------------------


@pytest.fixture
def api():
    agency = PartnerAgencyFactory(slug="demo-health", name="Demo Health")
    MatchingApiGrant.objects.create(
        agency=agency, reason="Health visitors check a child", granted_at=clock.now()
    )
    return Client(headers={"Authorization": f"Bearer {issue_token(agency)}"})


def lookup(api, **body):
    response = api.post(
        "/api/v1/person-matches", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_the_person_match_api_never_returns_a_restricted_child(api, restricted):
    body = lookup(
        api,
        given_name="Tyler",
        family_name="Quayle",
        date_of_birth="2015-02-04",
        nhs_number="9434765919",
    )
    assert body == {"known": False, "candidates": []}
    assert not AuditEntry.objects.filter(person=restricted).exists()


def test_the_person_match_api_says_nothing_of_where_a_child_lives(api):
    child = ChildFactory(
        given_name="Kayleigh", family_name="Smith", date_of_birth=dt.date(2016, 3, 4)
    )
    AddressFactory(person=child, line_1="12 Example Road", postcode="FY1 3LA")
    body = lookup(
        api,
        given_name="Kayley",
        family_name="Smyth",
        date_of_birth="2016-04-03",
        postcode="FY1 3LA",
        address_line="12 Example Road",
    )
    reasons = " ".join(body["candidates"][0]["reasons"])
    assert body["candidates"][0]["person_id"] == child.pk
    for told in ("postcode", "address", "street", "nearby", "Kayleigh", "Smith", "(", "2016"):
        assert told not in reasons


def test_can_is_the_one_policy_for_every_purpose(restricted, practitioner, outsider, manager):
    admin = UserFactory(role=Role.ADMINISTRATOR, team=None)
    assert access.can(practitioner, Purpose.OPEN, restricted).allowed
    assert access.can(practitioner, Purpose.LIST, restricted).allowed
    assert not access.can(practitioner, Purpose.RESTRICT, restricted).allowed
    assert not access.can(practitioner, Purpose.MERGE, restricted).allowed
    assert not access.can(outsider, Purpose.LIST, restricted).allowed
    assert access.can(manager, Purpose.MERGE, restricted).allowed
    assert access.can(admin, Purpose.RESTRICT, restricted).allowed
    assert not access.can(admin, Purpose.OPEN, restricted).allowed
    assert Person.objects.filter(pk=restricted.pk, is_restricted=True).exists()


def test_the_team_work_list_shows_a_restricted_child_only_to_those_who_may_open_it(
    restricted, practitioner, assessment_team, client_for
):
    from continuum.socialwork.models import Assessment

    Assessment.objects.create(
        person=restricted,
        kind="child_and_family",
        team=assessment_team,
        referral_date=dt.date(2026, 11, 2),
        started_on=dt.date(2026, 11, 2),
        due_on=dt.date(2027, 1, 6),
    )
    url = reverse("socialwork:team-queue", args=[assessment_team.slug])
    colleague = UserFactory(team=assessment_team)
    page = text(client_for(colleague).get(url))
    assert "A record you cannot open" in page and "Tyler" not in page
    assert "Tyler Quayle" in text(client_for(practitioner).get(url))


def test_administrators_list_restricted_records_by_number_only(restricted, client_for, manager):
    from continuum.governance.actions import set_restriction

    admin = UserFactory(role=Role.ADMINISTRATOR, team=None)
    other = AllocationFactory(team=restricted.allocations.get().team).person
    set_restriction(
        other, restricted=True, reason="Family fled domestic abuse", acting_user=manager
    )
    client = client_for(admin)
    page = text(client.get(reverse("governance:restricted")))
    assert f"Record {restricted.pk}" in page and f"Record {other.pk}" in page
    assert "Tyler" not in page and "Family fled domestic abuse" in page
    response = client.get(reverse("governance:restricted"), {"record": str(restricted.pk)})
    assert response["Location"] == reverse("people:restriction", args=[restricted.pk])
    response = client.get(reverse("governance:restricted"), {"record": "abc"}, follow=True)
    assert "There is no record number abc" in text(response)


def test_a_hidden_record_is_listed_after_those_shown_so_its_place_gives_no_name(
    restricted, outsider, client_for
):
    ChildFactory(given_name="Zara", family_name="Quayle")
    ChildFactory(given_name="Amy", family_name="Quayle")
    results = client_for(outsider).get(reverse("people:search"), {"q": "Quayle"}).context["results"]
    assert [item.shown for item in results] == [True, True, False]


def _offered(hub_worker, client_for):
    known = ChildFactory(
        given_name="Riley", family_name="Sample", date_of_birth=dt.date(2017, 5, 14)
    )
    named = ContactChildFactory()
    client_for(hub_worker).get(reverse("frontdoor:screen", args=[named.contact_id]))
    return named, known


def test_only_the_hub_confirms_a_match(hub_worker, practitioner, client_for):
    named, known = _offered(hub_worker, client_for)
    with pytest.raises(frontdoor_actions.FrontDoorError, match="Only the Request for Support Hub"):
        frontdoor_actions.confirm_match(named, known, acting_user=practitioner)
    named.refresh_from_db()
    assert named.person_id is None


def test_a_match_cannot_change_after_the_decision(hub_worker, client_for):
    named, known = _offered(hub_worker, client_for)
    named.contact.status = ContactStatus.DECIDED
    named.contact.save(update_fields=["status"])
    with pytest.raises(frontdoor_actions.FrontDoorError, match="decision has been made"):
        frontdoor_actions.confirm_match(named, known, acting_user=hub_worker)
    named.refresh_from_db()
    assert named.person_id is None
    assert not AuditEntry.objects.filter(person=known, action=AuditAction.CHANGE).exists()


def test_a_match_starts_screening(hub_worker, client_for):
    named, known = _offered(hub_worker, client_for)
    assert named.contact.status == ContactStatus.RECEIVED
    frontdoor_actions.confirm_match(named, known, acting_user=hub_worker)
    named.contact.refresh_from_db()
    assert (named.contact.status, named.contact.screened_by) == (
        ContactStatus.SCREENING,
        hub_worker,
    )


# -- The checks inside the actions, each with a test that fails without it (mutation testing) --


def test_set_restriction_refuses_filler_and_a_second_restriction_itself(manager, practitioner):
    from continuum.governance.actions import GovernanceError, set_restriction

    child = AllocationFactory(team=manager.team, worker=practitioner).person
    with pytest.raises(GovernanceError, match="change the restriction in a sentence"):
        set_restriction(child, restricted=True, reason="xx", acting_user=manager)
    set_restriction(
        child, restricted=True, reason="Family fled domestic abuse", acting_user=manager
    )
    with pytest.raises(GovernanceError, match="already restricted"):
        set_restriction(
            child, restricted=True, reason="Family fled domestic abuse", acting_user=manager
        )
    assert AuditEntry.objects.get(person=child, action=AuditAction.RESTRICTED).path == ""


def test_set_restriction_refuses_with_the_record_and_the_policy_s_reason(practitioner, outsider):
    from continuum.governance.actions import set_restriction

    child = AllocationFactory(worker=practitioner).person
    with pytest.raises(access.AccessRefused) as refused:
        set_restriction(
            child, restricted=True, reason="Family fled domestic abuse", acting_user=outsider
        )
    assert refused.value.person == child
    assert refused.value.decision.basis == (
        "Only an administrator or the allocated manager can restrict a record"
    )
    child.refresh_from_db()
    assert not child.is_restricted


def test_a_change_is_audited_with_the_policy_s_basis(practitioner, assessment_team):
    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    access.audit_change(practitioner, child)
    entry = AuditEntry.objects.get(person=child)
    assert (entry.actor, entry.action, entry.basis, entry.path) == (
        practitioner,
        AuditAction.CHANGE,
        "Allocated worker",
        "",
    )


def test_a_screening_check_is_registered_once():
    def check(user, person):
        return False

    before = list(access._screening_checks)
    try:
        access.register_screening_check(check)
        access.register_screening_check(check)
        assert access._screening_checks == [*before, check]
    finally:
        access._screening_checks[:] = before


def test_a_partner_lookup_is_audited_against_the_agency_for_each_record_returned(api):
    child = ChildFactory(
        given_name="Kayleigh", family_name="Smith", date_of_birth=dt.date(2016, 3, 4)
    )
    body = lookup(api, given_name="Kayleigh", family_name="Smith", date_of_birth="2016-03-04")
    assert [c["person_id"] for c in body["candidates"]] == [child.pk]
    entry = AuditEntry.objects.get(person=child)
    assert (entry.actor, entry.agency.slug, entry.action, entry.basis, entry.path) == (
        None,
        "demo-health",
        AuditAction.MATCHED,
        "Person-match API granted to the agency",
        "/api/v1/person-matches",
    )
