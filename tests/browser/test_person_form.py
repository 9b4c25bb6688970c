"""Bad input on "Add a person": each mistake is refused beside its field and in a GOV.UK error
summary, and nothing is saved."""

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from continuum.core import clock
from continuum.people.models import Person
from tests.browser.conftest import Authority
from tests.browser.helpers import check_accessibility, screenshot, sign_in

pytestmark = pytest.mark.browser

NEXT_YEAR = clock.today().year + 1


def fill_valid_child(page: Page) -> None:
    """A complete, valid child, so that each case below has exactly one thing wrong."""
    page.goto("/people/new")
    page.get_by_label("Given name", exact=True).fill("Maisie")
    page.get_by_label("Family name", exact=True).fill("Brightwater")
    dob = page.get_by_role("group", name="Date of birth", exact=True)
    dob.get_by_label("Day").fill("27")
    dob.get_by_label("Month").fill("3")
    dob.get_by_label("Year").fill("2015")
    page.get_by_label("Female").check()
    page.get_by_label("NHS number (optional)").fill("943 476 5919")
    page.get_by_label("Address line 1", exact=True).fill("7 Test Street")
    page.get_by_label("Postcode").fill("FY1 3LA")


def date_of_birth_year(page: Page) -> Locator:
    return page.get_by_role("group", name="Date of birth", exact=True).get_by_label("Year")


CASES = {
    "nhs-number-check-digit": (
        lambda page: page.get_by_label("NHS number (optional)").fill("943 476 5918"),
        "nhs_number",
        "This is not a valid NHS number",
    ),
    "date-of-birth-in-future": (
        lambda page: date_of_birth_year(page).fill(str(NEXT_YEAR)),
        "date_of_birth",
        "Date of birth must be today or in the past",
    ),
    "malformed-postcode": (
        lambda page: page.get_by_label("Postcode").fill("FY1 3L"),
        "postcode",
        "Enter a real postcode",
    ),
    "given-name-only-spaces": (
        lambda page: page.get_by_label("Given name", exact=True).fill("    "),
        "given_name",
        "Enter the given name",
    ),
}


@pytest.fixture
def signed_in(page: Page, authority: Authority) -> Page:
    sign_in(page, authority.worker.username, "Sam Okafor")
    return page


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_beside_the_field(
    signed_in: Page, case: str, screenshots: Path
) -> None:
    page = signed_in
    spoil, field, message = CASES[case]
    people_before = Person.objects.count()

    fill_valid_child(page)
    check_accessibility(page, what="the empty 'Add a person' form")
    spoil(page)
    page.get_by_role("button", name="Add person").click()

    expect(page).to_have_url(re.compile(r"/people/new$"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    # Exactly one problem, so the rest of the form was valid and this one caused the refusal.
    expect(summary.get_by_role("listitem")).to_have_count(1)
    expect(summary.get_by_role("link")).to_contain_text(message)
    # GOV.UK Frontend's script moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()

    beside = page.locator(f"#id_{field}-error")
    expect(beside).to_be_visible()
    expect(beside).to_contain_text(message)
    group = page.locator(".govuk-form-group--error")
    expect(group).to_have_count(1)
    expect(group.locator(f"#id_{field}-error")).to_have_count(1)

    check_accessibility(page, what=f"the 'Add a person' form refusing {case}")
    if case == "nhs-number-check-digit":
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, screenshots, "person-form-errors", full_page=True)
    assert Person.objects.count() == people_before


@pytest.mark.parametrize("case", CASES)
def test_error_summary_link_moves_focus_to_the_field(signed_in: Page, case: str) -> None:
    page = signed_in
    spoil, field, _message = CASES[case]
    fill_valid_child(page)
    spoil(page)
    page.get_by_role("button", name="Add person").click()
    link = page.locator(".govuk-error-summary").get_by_role("link")
    target = link.get_attribute("href")
    assert target.startswith(f"#id_{field}"), target
    # The link must point at a control on the page (for a date, its first input: the day).
    expect(page.locator(f"{target}:is(input, select, textarea)")).to_have_count(1)
    link.click()
    expect(page.locator(target)).to_be_focused()


def test_all_four_mistakes_at_once(signed_in: Page) -> None:
    page = signed_in
    people_before = Person.objects.count()
    fill_valid_child(page)
    for spoil, _field, _message in CASES.values():
        spoil(page)
    page.get_by_role("button", name="Add person").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("listitem")).to_have_count(len(CASES))
    for _spoil, field, message in CASES.values():
        expect(page.locator(f"#id_{field}-error")).to_contain_text(message)
        expect(summary).to_contain_text(message)
    check_accessibility(page, what="the 'Add a person' form with four errors")
    assert Person.objects.count() == people_before


def test_the_same_child_without_mistakes_is_saved(signed_in: Page) -> None:
    """The control: the form the cases above spoil is accepted as it stands."""
    page = signed_in
    people_before = Person.objects.count()
    fill_valid_child(page)
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maisie Brightwater")
    expect(
        page.get_by_text("Maisie Brightwater has been added to the person index")
    ).to_be_visible()
    check_accessibility(page, what="a new child's record")
    assert Person.objects.count() == people_before + 1
    saved = Person.objects.get(family_name="Brightwater")
    assert saved.date_of_birth == dt.date(2015, 3, 27)
    assert saved.nhs_number == "9434765919"
