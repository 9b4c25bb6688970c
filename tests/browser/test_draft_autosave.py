"""Issue 14, items 1 and 2 in a real browser: nothing typed is lost. An answer that cannot be
saved as it stands (31/2/2019) is kept as typed while everything else is saved; the saved
status shows beside the answer being typed; leaving with unsaved changes asks first; a new
request is stored only once something is typed, and its author can discard it."""

import re

import pytest
from playwright.sync_api import Page, expect

from continuum.frontdoor.models import Contact, ContactStatus
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import AgencyFactory, PartnerAgencyFactory, UserFactory
from tests.browser.helpers import check_accessibility, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def dsl(transactional_db):
    AgencyFactory()
    school = PartnerAgencyFactory(slug="demo-primary-school", name="Demo Primary School")
    return UserFactory(
        username="dsl",
        first_name="Dee",
        last_name="Lead",
        role=Role.PARTNER,
        team=None,
        agency=school,
    )


def test_an_invalid_date_loses_nothing_and_a_draft_can_be_discarded(page: Page, dsl) -> None:
    sign_in(page, "dsl", "Dee Lead")
    page.get_by_role("link", name="Requests for Support").first.click()
    page.get_by_role("button", name="Start a new Request for Support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request for Support")
    assert not Contact.objects.exists()

    child = page.get_by_role("group", name="Child 1")
    dob = child.get_by_role("group", name="Date of birth", exact=True)
    dob.get_by_label("Day").fill("31")
    dob.get_by_label("Month").fill("2")
    dob.get_by_label("Year").fill("2019")
    worries = page.get_by_label("What are you worried about?")
    worries.fill("Comes to school hungry most days.")
    # The saved status shows beside the answer being typed, and names what needs fixing.
    near = page.get_by_test_id("autosave-near")
    expect(near).to_contain_text("Draft saved at")
    expect(near).to_contain_text("1 answer needs fixing")
    expect(page.locator(".app-held-problem")).to_contain_text("must be a real date")
    expect(page).to_have_url(re.compile(r"/requests/\d+/edit$"))
    contact = Contact.objects.get()
    assert contact.worries == "Comes to school hungry most days."
    held = contact.held_answers.get()
    assert held.typed == {
        "child-0-date_of_birth_day": "31",
        "child-0-date_of_birth_month": "2",
        "child-0-date_of_birth_year": "2019",
    }

    # Leaving with a change not yet saved asks first.
    page.get_by_label("What is going well?").fill("Mum asks for help")
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.evaluate("document.querySelector('#autosave-status').scrollIntoView()")
    page.get_by_role("link", name="Requests for Support").first.click(no_wait_after=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    page.remove_listener("dialog", dismiss)
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at")

    # Coming back: the date is as typed, with what needs fixing beside it.
    page.reload()
    child = page.get_by_role("group", name="Child 1")
    dob = child.get_by_role("group", name="Date of birth", exact=True)
    expect(dob.get_by_label("Day")).to_have_value("31")
    expect(dob.get_by_label("Month")).to_have_value("2")
    expect(child).to_contain_text("must be a real date")
    expect(page.get_by_label("What is going well?")).to_have_value("Mum asks for help")
    check_accessibility(page, what="a draft with an answer to fix")

    # Sending is refused until it is fixed.
    page.get_by_role("button", name="Send to the Hub").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    assert Contact.objects.get().status == ContactStatus.DRAFT

    # The author discards it: it leaves the list but is kept.
    page.get_by_role("link", name="Discard this draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Discard this draft?")
    check_accessibility(page, what="the page confirming a draft is discarded")
    page.get_by_role("button", name="Discard this draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("discarded")
    expect(page.get_by_test_id("my-requests")).to_contain_text("None yet.")
    assert Contact.objects.get().status == ContactStatus.DISCARDED
