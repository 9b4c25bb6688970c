"""Drafts never overwrite: the same Request for Support open in two tabs. The second tab's
autosave is refused and says so (it does not adopt the newer version); its Save shows both
versions; only an explicit "I have combined both versions" saves over the other tab's text."""

import re

import pytest
from playwright.sync_api import Page, expect

from continuum.frontdoor.models import Contact
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


def test_two_tabs_never_overwrite_each_other(page: Page, dsl) -> None:
    sign_in(page, "dsl", "Dee Lead")
    page.get_by_role("link", name="Requests for Support").first.click()
    page.get_by_role("button", name="Start a new Request for Support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request for Support")
    status_a = page.locator("#autosave-status")
    # Nothing is stored until the referrer types; then the page becomes the draft's page.
    assert not Contact.objects.exists()
    page.get_by_label("Your name").fill("Dee Lead")
    expect(status_a).to_contain_text("Draft saved at")
    expect(page).to_have_url(re.compile(r"/requests/\d+/edit$"))

    # Tab B opens the same draft. (A second page in the same browser: its refused autosave is
    # an expected 409, which the page fixture would otherwise report as a failed request.)
    tab_b = page.context.new_page()
    tab_b.goto(page.url)
    autosaves_from_b: list[str] = []
    tab_b.on("request", lambda r: autosaves_from_b.append(r.url) if "autosave" in r.url else None)
    status_b = tab_b.locator("#autosave-status")

    with page.expect_response(lambda r: "autosave" in r.url):
        page.get_by_label("What are you worried about?").fill("From tab A")
    expect(status_a).to_contain_text("Draft saved at")
    assert Contact.objects.get().worries == "From tab A"

    tab_b.get_by_label("What are you worried about?").fill("From tab B")
    expect(status_b).to_contain_text("someone saved this draft in another window")
    expect(tab_b.get_by_label("What are you worried about?")).to_have_value("From tab B")
    assert Contact.objects.get().worries == "From tab A"
    # After a refusal, tab B stops autosaving until the referrer has reviewed.
    sent = len(autosaves_from_b)
    tab_b.get_by_label("What is going well?").fill("Tab B's strengths")
    tab_b.wait_for_timeout(2500)
    assert len(autosaves_from_b) == sent

    # Saving shows both versions; Save again without confirming still cannot overwrite.
    tab_b.get_by_role("button", name="Save draft").click()
    expect(tab_b.get_by_test_id("conflict")).to_be_visible()
    expect(tab_b.get_by_label("What are you worried about?")).to_have_value("From tab B")
    other = tab_b.locator('[data-testid="other-version"][data-field="worries"]')
    expect(other).to_contain_text("From tab A")
    check_accessibility(tab_b, what="the page comparing two versions of a draft")
    tab_b.get_by_role("button", name="Save draft").click()
    expect(tab_b.get_by_test_id("conflict")).to_be_visible()
    assert Contact.objects.get().worries == "From tab A"

    tab_b.get_by_label("What are you worried about?").fill("From tab A. From tab B")
    tab_b.get_by_label("I have combined both versions").check()
    tab_b.get_by_role("button", name="Save draft").click()
    expect(tab_b.locator(".govuk-notification-banner")).to_contain_text("Your draft has been saved")
    contact = Contact.objects.get()
    assert (contact.worries, contact.strengths) == ("From tab A. From tab B", "Tab B's strengths")
    assert re.search(r"/edit$", tab_b.url)
    tab_b.close()
