"""Issue 5's acceptance journey, in a real browser: a family searches the services directory
for parenting near FY1 3LA for a 4-year-old on a Saturday and gets the expected services
nearest first, with each family hub's timetable; the family suggests a missing service; an
administrator accepts it and it can be found. axe-core checks every page on the way."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from continuum.directory import postcodes
from continuum.directory.models import ServiceSuggestion, SuggestionStatus
from continuum.directory.seed import load_seed
from continuum.directory.tests.factories import POSTCODES
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import UserFactory
from tests.browser.helpers import check_accessibility, screenshot, sign_in, sign_out

pytestmark = pytest.mark.browser

EXPECTED = [
    "Saturday Family Parenting Group",
    "Triple P Parenting: Saturday Course",
    "Dads and Carers Saturday Club",
]


@pytest.fixture
def directory(transactional_db) -> Iterator[None]:
    """The seed directory, with a small postcode lookup in place of the ONS directory (the
    live server runs in this process, so it uses the same lookup)."""
    with postcodes.use_lookup(postcodes.DictLookup(POSTCODES)):
        load_seed()
        yield


def search(page: Page, *, postcode: str, words: str, age: str = "", day: str = "") -> None:
    form = page.get_by_test_id("search-form")
    form.get_by_label("Postcode").fill(postcode)
    form.get_by_label("Child's age (optional)").fill(age)
    form.get_by_label("Day").select_option(label=day or "Any day")
    form.get_by_label("Words to search for (optional)").fill(words)
    form.get_by_role("button", name="Search").click()


def test_family_searches_suggests_and_an_administrator_accepts(
    page: Page, directory: None, screenshots: Path
) -> None:
    # 1. A family, not signed in, opens the directory.
    page.goto("/services/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find services for families")
    check_accessibility(page, what="the services directory")

    # 2. A mistyped postcode is explained, not a crash.
    search(page, postcode="FY9 9ZZ", words="parenting")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "We cannot find the postcode FY9 9ZZ"
    )
    check_accessibility(page, what="the directory with an unknown postcode")

    # 3. Parenting near FY1 3LA, for a 4-year-old, on a Saturday: nearest first.
    search(page, postcode="FY1 3LA", words="parenting", age="4", day="Saturday")
    expect(page.get_by_test_id("result-count")).to_have_text("3 services near FY1 3LA")
    expect(page.get_by_test_id("result-name")).to_have_text(EXPECTED)
    expect(page.get_by_test_id("distance")).to_have_text(
        ["under 0.1 miles away", "0.9 miles away", "1.3 miles away"]
    )
    first = page.get_by_test_id("result").first
    first.get_by_text("Weekly timetable at Talbot and Brunswick Family Hub").click()
    timetable = first.get_by_test_id("timetable")
    expect(timetable).to_be_visible()
    expect(timetable).to_contain_text("Saturday")
    expect(timetable).to_contain_text("Stay and Play at Talbot and Brunswick")
    check_accessibility(page, what="the search results")
    screenshot(page, screenshots, "directory-results", full_page=True)

    # 4. The service's own page, and the hub's page with its week.
    first.get_by_test_id("result-name").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EXPECTED[0])
    expect(page.locator("main")).to_contain_text("Saturdays, 10am to midday")
    check_accessibility(page, what="a service's page")
    page.get_by_role("link", name="Talbot and Brunswick Family Hub").click()
    expect(page.get_by_role("heading", level=2, name="Weekly timetable")).to_be_visible()
    expect(page.get_by_test_id("timetable")).to_contain_text("Monday")
    check_accessibility(page, what="a family hub's page")
    screenshot(page, screenshots, "directory-family-hub", full_page=True)

    # 5. The family suggests a service that is missing; a blank form is explained first.
    page.goto("/services/")
    page.get_by_role("link", name="Suggest a service").click()
    check_accessibility(page, what="the suggestion form")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the service")
    check_accessibility(page, what="the suggestion form with errors")
    page.get_by_label("Name of the service").fill("Bloomfield Bumps and Babies")
    page.get_by_label("What it offers").fill("A Saturday group for parents-to-be and babies.")
    page.get_by_label("Postcode (optional)").fill("fy1 4hu")
    page.get_by_label("When it runs (optional)").fill("Saturdays 10am to midday")
    page.get_by_label("Youngest age (optional)").fill("0")
    page.get_by_label("Oldest age (optional)").fill("1")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Suggestion sent")
    check_accessibility(page, what="the suggestion confirmation")
    assert ServiceSuggestion.objects.get().status == SuggestionStatus.PENDING

    # 6. An administrator reviews it, corrects the name and accepts it.
    UserFactory(
        username="ada.admin",
        first_name="Ada",
        last_name="Admin",
        role=Role.ADMINISTRATOR,
        team=None,
    )
    sign_in(page, "ada.admin", "Ada Admin")
    page.get_by_role("link", name="Services directory").click()
    check_accessibility(page, what="the directory inside the app")
    page.get_by_role("link", name="Suggested services").click()
    expect(page.get_by_test_id("pending")).to_contain_text("Bloomfield Bumps and Babies")
    check_accessibility(page, what="the suggestions waiting")
    page.get_by_role("link", name="Bloomfield Bumps and Babies").click()
    check_accessibility(page, what="a suggestion under review")
    screenshot(page, screenshots, "directory-review-suggestion", full_page=True)
    page.get_by_label("Name of the service").fill("Bloomfield Baby Group")
    page.get_by_role("button", name="Accept and add to the directory").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Added to the directory: Bloomfield Baby Group"
    )
    expect(page.get_by_test_id("decided")).to_contain_text("Added to the directory")
    check_accessibility(page, what="the suggestions after accepting")
    page.get_by_role("link", name="Bloomfield Baby Group").click()
    expect(page.get_by_test_id("history")).to_contain_text("Edited by an administrator")
    expect(page.get_by_test_id("history")).to_contain_text("Accepted")
    sign_out(page)

    # 7. A family can now find it.
    page.goto("/services/")
    search(page, postcode="FY1 3LA", words="Bloomfield", age="0")
    expect(page.get_by_test_id("result-name")).to_have_text(["Bloomfield Baby Group"])
    expect(page).to_have_url(re.compile(r"/services/\?"))
