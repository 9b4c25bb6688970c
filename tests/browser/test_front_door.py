"""Issue 3's acceptance journey in a real browser: a school's safeguarding lead asks for
support for two siblings; the Hub screens (matching one child, creating the other), records a
police check and decides on a Child and Family Assessment; Assessment and Support sees it with
the right due date; the school sees the outcome."""

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from continuum.core import clock
from continuum.frontdoor.models import AgencyCheck, Contact, ContactStatus, MatchStatus
from continuum.frontdoor.rules import assessment_due
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import (
    AgencyFactory,
    HubWorkerFactory,
    PartnerAgencyFactory,
    TeamFactory,
    UserFactory,
)
from continuum.people.models import Person
from continuum.people.tests.factories import ChildFactory
from continuum.socialwork.models import Assessment
from tests.browser.helpers import check_accessibility, screenshot, sign_in, sign_out

pytestmark = pytest.mark.browser


@pytest.fixture
def front_door(transactional_db):
    AgencyFactory()
    hub = TeamFactory(slug="request-for-support-hub", name="Request for Support Hub")
    assessment = TeamFactory(slug="assessment-and-support", name="Assessment and Support")
    school = PartnerAgencyFactory(slug="demo-primary-school", name="Demo Primary School")
    dsl = UserFactory(
        username="dsl",
        first_name="Dee",
        last_name="Lead",
        role=Role.PARTNER,
        team=None,
        agency=school,
        job_title="Designated Safeguarding Lead",
    )
    hub_worker = HubWorkerFactory(username="hana", first_name="Hana", last_name="Hub", team=hub)
    social_worker = UserFactory(
        username="sol", first_name="Sol", last_name="Worker", team=assessment
    )
    known = ChildFactory(
        given_name="Riley", family_name="Sample", date_of_birth=dt.date(2017, 5, 14), sex="M"
    )
    return dsl, hub_worker, social_worker, known


def fill_child(page: Page, index: int, given: str, family: str, born: dt.date, sex: str) -> None:
    group = page.get_by_role("group", name=f"Child {index + 1}")
    group.get_by_label("Given name").fill(given)
    group.get_by_label("Family name").fill(family)
    dob = group.get_by_role("group", name="Date of birth", exact=True)
    dob.get_by_label("Day").fill(str(born.day))
    dob.get_by_label("Month").fill(str(born.month))
    dob.get_by_label("Year").fill(str(born.year))
    group.get_by_label(sex, exact=True).check()


def test_request_screen_decide_and_tell_the_school(
    page: Page, front_door, screenshots: Path
) -> None:
    dsl, hub_worker, social_worker, known = front_door

    # 1. The school's safeguarding lead makes a Request for Support for two siblings.
    sign_in(page, "dsl", "Dee Lead")
    page.get_by_role("link", name="Requests for Support").first.click()
    page.get_by_role("button", name="Start a new Request for Support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request for Support")
    check_accessibility(page, what="the Request for Support form")
    page.get_by_label("Your name").fill("Dee Lead")
    page.get_by_label("Your role").fill("Designated Safeguarding Lead")
    page.get_by_role("group", name="Have you consulted").get_by_label("Yes").check()
    fill_child(page, 0, "Riley", "Sample", dt.date(2017, 5, 14), "Male")
    page.get_by_role("button", name="Add another child").click()
    fill_child(page, 1, "Maisie", "Sample", dt.date(2019, 9, 2), "Female")
    page.get_by_label("Address line 1").fill("12 Example Road")
    page.get_by_label("Town").fill("Blackpool")
    page.get_by_label("Postcode").fill("FY1 3LA")
    page.get_by_label("Level 3 Intensive").check()
    page.get_by_label("What are you worried about?").fill(
        "Both children come to school hungry most days."
    )
    page.get_by_label("What is going well?").fill(
        "Mum brings them every day and asked us for help."
    )
    page.get_by_label("The child's own words").fill(
        "Riley said: 'Sometimes we only have cereal for tea.'"
    )
    page.get_by_label("The family has consented to this request").check()
    page.get_by_role("button", name="Send to the Hub").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been sent to the Hub")
    contact = Contact.objects.get()
    assert contact.status == ContactStatus.RECEIVED
    assert [p.given_name for p in contact.children.order_by("id")] == ["Riley", "Maisie"]
    expect(page.get_by_role("heading", level=1)).to_have_text(contact.reference)
    check_accessibility(page, what="the submitted request")
    sign_out(page)

    # 2. The Hub screens it: the known child is matched, the other gets a new record.
    sign_in(page, "hana", "Hana Hub")
    page.get_by_role("link", name="Hub queue").click()
    queue = page.get_by_test_id("hub-queue")
    expect(queue).to_contain_text("Riley Sample, Maisie Sample")
    check_accessibility(page, what="the Hub queue")
    expect(queue).to_contain_text("Not started")
    queue.get_by_role("link", name=contact.reference).click()
    # Opening the contact changes nothing; screening starts when the worker says so.
    expect(page.get_by_test_id("screening-status")).to_contain_text("Nobody has started")
    assert Contact.objects.get().status == ContactStatus.RECEIVED
    page.get_by_role("button", name="Start screening").click()
    expect(page.get_by_test_id("screening-status")).to_contain_text("Screened by Hana Hub")
    assert Contact.objects.get().status == ContactStatus.SCREENING
    expect(page.get_by_test_id("named-person")).to_have_count(2)
    riley = page.get_by_test_id("named-person").first
    candidates = riley.get_by_test_id("candidates")
    expect(candidates.locator("tbody tr").first).to_contain_text("Riley Sample")
    expect(candidates.locator("tbody tr").first).to_contain_text("Date of birth agrees")
    check_accessibility(page, what="the screening page")
    candidates.locator("tbody tr").first.get_by_role(
        "button", name=re.compile("This is them")
    ).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"record {known.pk}")
    page.get_by_test_id("named-person").nth(1).get_by_role(
        "button", name=re.compile("create a new record", re.IGNORECASE)
    ).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("New record")

    # A police check, requested and answered.
    page.get_by_label("Agency").select_option("police")
    page.get_by_role("button", name="Request a check").click()
    page.get_by_label("What police shared").fill("No police involvement with the family.")
    page.get_by_role("button", name="Record police check").click()
    expect(page.get_by_test_id("checks")).to_contain_text("No police involvement with the family.")

    # The decision: a Child and Family Assessment.
    page.get_by_label("Needs support at statutory level: Child and Family Assessment").check()
    page.get_by_label("Reason for the decision").fill(
        "Persistent signs of neglect; the family wants help."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("decision")).to_contain_text("Sent to Assessment and Support")
    check_accessibility(page, what="the decided contact")
    screenshot(page, screenshots, "hub-decision", full_page=True)
    named = {p.given_name: p for p in contact.people.all()}
    assert named["Riley"].person == known and named["Riley"].match_status == MatchStatus.MATCHED
    assert named["Maisie"].match_status == MatchStatus.NEW
    assert Person.objects.count() == 2
    assert AgencyCheck.objects.get().received_at is not None
    sign_out(page)

    # 3. Assessment and Support sees both children with the due date: 45 working days.
    due = assessment_due(clock.localdate(Contact.objects.get().received_at))
    assert set(Assessment.objects.values_list("due_on", flat=True)) == {due}
    sign_in(page, "sol", "Sol Worker")
    page.get_by_role("link", name="Team work").click()
    rows = page.get_by_test_id("assessments").locator("tbody tr")
    expect(rows).to_have_count(2)
    for name in ("Riley Sample", "Maisie Sample"):
        row = rows.filter(has_text=name)
        expect(row).to_contain_text("Child and Family Assessment")
        expect(row.get_by_test_id("due-on")).to_contain_text(f"{due.day} {due:%b %Y}")
    check_accessibility(page, what="the team's work list")
    sign_out(page)

    # 4. The school sees the outcome.
    sign_in(page, "dsl", "Dee Lead")
    page.get_by_role("link", name="Requests for Support").first.click()
    expect(page.get_by_test_id("my-requests")).to_contain_text("Child and Family Assessment")
    page.get_by_role("link", name=contact.reference).click()
    expect(page.get_by_test_id("outcome")).to_contain_text("Child and Family Assessment")
    check_accessibility(page, what="the school's view of the outcome")
