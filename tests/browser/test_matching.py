"""Issue 4 in a real browser: the Hub screens a contact whose child's name is misspelt and sees
the right child first, with the reasons; a team manager reviews a possible duplicate side by
side, merges it and undoes the merge. Every page is checked with axe-core."""

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from continuum.frontdoor.tests.factories import ContactChildFactory, ReceivedContactFactory
from continuum.organisation.tests.factories import HubWorkerFactory, TeamFactory
from continuum.people.matching.duplicates import find_duplicates
from continuum.people.tests.factories import AddressFactory, ChildFactory
from tests.browser.conftest import Authority
from tests.browser.helpers import check_accessibility, screenshot, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_the_hub_sees_the_right_child_first_despite_a_misspelt_name(
    page: Page, authority: Authority, screenshots: Path
) -> None:
    hub = HubWorkerFactory(
        username="lee.hub",
        first_name="Lee",
        last_name="Hubbard",
        team=TeamFactory(slug="request-for-support-hub", name="Request for Support Hub"),
    )
    kayleigh = ChildFactory(
        given_name="Kayleigh", family_name="Braithwaite", date_of_birth=dt.date(2016, 3, 4)
    )
    AddressFactory(person=kayleigh, line_1="7 Example Road", postcode="FY1 3LA")
    # Neighbours: her older brother, and another Kayleigh born the same year.
    ChildFactory(given_name="Jayden", family_name="Braithwaite", date_of_birth=dt.date(2012, 6, 1))
    ChildFactory(given_name="Kayleigh", family_name="Brathwaite", date_of_birth=dt.date(2016, 9, 9))
    contact = ReceivedContactFactory(family_postcode="FY1 3LA")
    ContactChildFactory(
        contact=contact,
        given_name="Kayley",
        family_name="Braithwate",
        date_of_birth=dt.date(2016, 3, 4),
        sex="F",
    )

    sign_in(page, hub.username, "Lee Hubbard")
    page.goto(f"/hub/contacts/{contact.pk}/")
    expect(page.get_by_role("heading", name="Is this family known?")).to_be_visible()
    table = page.get_by_test_id("candidates")
    first = table.locator("tbody tr").first
    expect(first).to_contain_text("Kayleigh Braithwaite")
    expect(first).to_contain_text(f"record {kayleigh.pk}")
    expect(first).to_contain_text("Given name is a form of the same name (Kayley and Kayleigh)")
    expect(first).to_contain_text("Date of birth agrees")
    expect(first).to_contain_text(re.compile(r"\b(9\d|100)%"))
    check_accessibility(page, what="Hub screening with match candidates")
    screenshot(page, screenshots, "matching-screening", full_page=True)
    sign_out(page)


def test_a_manager_merges_a_duplicate_and_undoes_it(
    page: Page, authority: Authority, screenshots: Path
) -> None:
    original = authority.child  # Ava Thistlewood, born 4 Feb 2015, at FY1 3LA
    duplicate = ChildFactory(
        given_name="Ava", family_name="Thistlewood", date_of_birth=dt.date(2015, 4, 2)
    )
    AddressFactory(person=duplicate, line_1="12 Test Street", postcode="FY1 3LA")
    assert find_duplicates() == 1

    sign_in(page, authority.manager.username, "Priya Shah")
    page.goto("/people/duplicates/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Possible duplicate records")
    check_accessibility(page, what="the list of possible duplicates")
    page.get_by_test_id("duplicate-pairs").get_by_role("link").first.click()
    # Comparing shows everything in both records: the manager, not working with either child,
    # is asked for a reason to open each first, and comes back to the comparison.
    for _ in range(2):
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "You cannot compare these records"
        )
        check_accessibility(page, what="the duplicate review before a reason is given")
        page.get_by_role("link", name="Give a reason to open it").first.click()
        page.get_by_label("Why do you need to open this record?").fill(
            "Reviewing a possible duplicate record the matcher found overnight"
        )
        page.get_by_role("button", name="Open the record").click()
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text(
            re.compile("^(You cannot compare these records|Are these the same person\\?)$")
        )
        if heading.inner_text() != "You cannot compare these records":
            break
    expect(page.get_by_role("heading", level=1)).to_have_text("Are these the same person?")
    expect(page.get_by_test_id("side")).to_have_count(2)
    expect(page.get_by_text("day and month swapped")).to_be_visible()
    check_accessibility(page, what="the side-by-side review")
    screenshot(page, screenshots, "matching-duplicate-review", full_page=True)
    page.get_by_label(f"Keep record {original.pk}, Ava Thistlewood").check()
    page.get_by_role("button", name="Merge the records").click()
    expect(page.locator(".govuk-notification-banner, .govuk-body").first).to_be_visible()
    expect(page.get_by_test_id("merges")).to_contain_text(f"Record {duplicate.pk}")
    check_accessibility(page, what="the duplicates page after a merge")
    page.get_by_test_id("merges").get_by_role("button", name=re.compile("^Undo")).click()
    expect(page.get_by_test_id("merges")).to_contain_text("Undone")
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
