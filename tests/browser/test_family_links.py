"""Issue 14, item 4 in a real browser: the family links a request states (mother, sibling,
lives with) become relationships in the person index once the Hub worker confirms them, and
the Hub corrects one on the person's record."""

import pytest
from playwright.sync_api import Page, expect

from continuum.frontdoor.models import ContactPerson, ContactStatus, PersonRole
from continuum.frontdoor.tests.factories import ContactChildFactory, ReceivedContactFactory
from continuum.organisation.tests.factories import AgencyFactory, HubWorkerFactory, TeamFactory
from continuum.people.models import HouseholdMember, Relationship
from continuum.people.tests.factories import AdultFactory, ChildFactory
from tests.browser.helpers import check_accessibility, sign_in

pytestmark = pytest.mark.browser


def test_the_hub_confirms_family_links_and_corrects_one(page: Page, transactional_db) -> None:
    AgencyFactory()
    hub = TeamFactory(slug="request-for-support-hub", name="Request for Support Hub")
    hana = HubWorkerFactory(username="hana", first_name="Hana", last_name="Hub", team=hub)
    contact = ReceivedContactFactory(
        status=ContactStatus.SCREENING, screened_by=hana, family_address_line_1="12 Example Road"
    )
    riley = ContactChildFactory(
        contact=contact,
        person=ChildFactory(given_name="Riley", family_name="Sample"),
        match_status="matched",
    )
    ContactChildFactory(
        contact=contact,
        given_name="Maisie",
        person=ChildFactory(given_name="Maisie", family_name="Sample"),
        match_status="matched",
    )
    ContactPerson.objects.create(
        contact=contact,
        role=PersonRole.PARENT_CARER,
        given_name="Dana",
        family_name="Sample",
        relationship_to_child="Mum",
        lives_with_child=True,
        person=AdultFactory(given_name="Dana", family_name="Sample"),
        match_status="matched",
    )

    sign_in(page, "hana", "Hana Hub")
    page.goto(f"/hub/contacts/{contact.pk}/")
    links = page.get_by_test_id("family-links")
    expect(links.locator("tbody tr")).to_have_count(3)
    expect(links).to_contain_text("The referrer said: Mum")
    check_accessibility(page, what="the screening page's family links")
    links.get_by_label("They live together").check()
    links.get_by_role("button", name="Record these family links").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "3 family links recorded and the household"
    )
    assert Relationship.objects.count() == 3
    assert HouseholdMember.objects.count() == 3

    # On Riley's record: the people who matter, and the Hub corrects Maisie to a half-sibling.
    page.goto(f"/people/{riley.person_id}/")
    people = page.get_by_test_id("relationships")
    expect(people).to_contain_text("Dana Sample")
    expect(people).to_contain_text("Maisie Sample")
    page.get_by_role("link", name="Add or correct people who matter").click()
    row = page.get_by_test_id("relationships").locator("tr", has_text="Maisie Sample")
    row.get_by_role("combobox").select_option("half_sibling")
    row.get_by_role("button", name="Correct").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Relationship corrected")
    check_accessibility(page, what="the page for correcting relationships")
    assert Relationship.objects.filter(kind="half_sibling").count() == 1
