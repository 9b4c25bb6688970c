"""Issue 12's acceptance journeys, in a real browser, every page checked with axe:

1. The Hub's decision sends a family to the Early Help Hub; the coordinator agrees a school as
   lead (with its acceptance and the family's consent); the school's safeguarding lead writes
   the Early Help Assessment (saved as it is typed) and the plan; a review records the
   family's ratings, which the chart shows; the lead steps up to the Hub; the Hub worker reads
   the whole assessment from the new contact.
2. The family declines: the episode closes with the reason; nothing is escalated."""

import re

import pytest
from playwright.sync_api import Page, expect

from continuum.earlyhelp import actions
from continuum.earlyhelp.models import EarlyHelpAssessment, EarlyHelpEpisode
from continuum.frontdoor.models import Contact
from continuum.organisation.models import AgencyKind, Role
from continuum.organisation.tests.factories import (
    AgencyFactory,
    HubWorkerFactory,
    PartnerAgencyFactory,
    TeamFactory,
    UserFactory,
)
from continuum.people.tests.factories import ChildFactory
from tests.browser.helpers import check_accessibility, sign_in, sign_out

pytestmark = pytest.mark.browser


@pytest.fixture
def family(transactional_db):
    AgencyFactory()
    hub_team = TeamFactory(slug="request-for-support-hub", name="Request for Support Hub")
    eh_hub = TeamFactory(slug="early-help-hub", name="Early Help Hub")
    school = PartnerAgencyFactory(
        slug="demo-primary-school", name="Demo Primary School", kind=AgencyKind.SCHOOL
    )
    coordinator = UserFactory(
        username="casey", first_name="Casey", last_name="Coordinator", team=eh_hub
    )
    lead = UserFactory(
        username="dsl",
        first_name="Dee",
        last_name="Lead",
        role=Role.PARTNER,
        team=None,
        agency=school,
        job_title="Designated safeguarding lead",
    )
    hub_worker = HubWorkerFactory(
        username="hubby", first_name="Harper", last_name="Hub", team=hub_team
    )
    child = ChildFactory(given_name="Jay", family_name="Marsh")
    # The Hub's decision (family struggling, no significant harm) makes this request.
    request = actions.request_early_help(child, team=eh_hub, acting_user=hub_worker)
    return {
        "coordinator": coordinator,
        "lead": lead,
        "hub_worker": hub_worker,
        "child": child,
        "request": request,
    }


def test_a_whole_early_help_episode_to_a_step_up(page: Page, family) -> None:
    # 1. The Early Help Hub agrees the school as lead.
    sign_in(page, "casey", "Casey Coordinator")
    page.get_by_role("link", name="Early Help Hub").click()
    check_accessibility(page, what="the Early Help Hub")
    page.get_by_test_id("waiting").get_by_role("link", name="Jay Marsh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jay Marsh")
    check_accessibility(page, what="an early help request")
    page.get_by_label("Which agency leads?").select_option(label="Demo Primary School")
    page.get_by_label("Lead practitioner (if known)").select_option(
        label="Dee Lead (Demo Primary School)"
    )
    page.get_by_label("Who at the agency agreed to lead?").fill("Dee Lead, safeguarding lead")
    page.get_by_label("Who in the family agreed to early help?").fill("Mum (Kelly Marsh)")
    page.get_by_role("button", name="Agree the lead agency").click()
    expect(page.get_by_test_id("episode")).to_contain_text("Demo Primary School")
    check_accessibility(page, what="the early help summary")
    sign_out(page)

    # 2. The school's lead writes the assessment with the family; it saves as she types.
    sign_in(page, "dsl", "Dee Lead")
    page.get_by_role("link", name="Early help").first.click()
    check_accessibility(page, what="the partner's early help families")
    page.get_by_test_id("families").get_by_role("link", name="Jay Marsh").click()
    page.get_by_role("link", name="Start the Early Help Assessment").click()
    check_accessibility(page, what="the Early Help Assessment")
    page.get_by_label("What are we worried about?").fill("Jay is late most days and hungry.")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at")
    assert EarlyHelpAssessment.objects.get().worries == "Jay is late most days and hungry."
    page.get_by_label("Strengths and assets").fill("Mum is warm; Nan lives nearby.")
    page.get_by_label("What the child tells us").fill("I like football with my friends.")
    page.get_by_label("What the family think").fill("We want calmer mornings.")
    page.get_by_label("Coping").fill("Gets upset at bedtime.")
    page.get_by_label("Goals in the family's own words").fill(
        "Jay gets to school on time\nMornings are calmer"
    )
    page.get_by_role("button", name="Save and complete the assessment").click()
    expect(page.get_by_test_id("assessment")).to_contain_text("We want calmer mornings.")

    # 3. The plan: Mum joins the team; an action with an owner and a date.
    page.get_by_role("link", name="Change the Team Around the Family plan").click()
    page.get_by_label("Name").fill("Kelly Marsh")
    page.get_by_label("Who are they?").fill("Mum")
    page.get_by_label("Family or friend of the family").check()
    page.get_by_role("button", name="Add to the team").click()
    expect(page.get_by_test_id("members")).to_contain_text("Kelly Marsh (Mum)")
    page.get_by_label("What will be done?").fill("Breakfast club place from Monday")
    page.get_by_label("Who will do it?").select_option(
        label="Dee Lead (Designated safeguarding lead)"
    )
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2030")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_test_id("actions")).to_contain_text("Breakfast club place")
    check_accessibility(page, what="the Team Around the Family plan")

    # 4. A review: who came, and the family's ratings; the chart shows them.
    page.get_by_role("link", name="Record a review").click()
    check_accessibility(page, what="the review form")
    episode = EarlyHelpEpisode.objects.get()
    today = episode.opened_on
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Kelly Marsh (Mum)").check()
    page.get_by_label("Jay gets to school on time").fill("3")
    page.get_by_label("Mornings are calmer").fill("6")
    page.get_by_role("button", name="Record the review").click()
    chart = page.get_by_test_id("ratings-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("circle > title")).to_have_text(
        [
            re.compile(r"Jay gets to school on time: 3 out of 10"),
            re.compile(r"Mornings are calmer: 6 out of 10"),
        ]
    )
    expect(page.get_by_test_id("ratings-table")).to_contain_text("6")
    check_accessibility(page, what="the early help summary with the chart")

    # 5. Risk escalates: the lead steps up; without the escalation it is refused.
    page.get_by_role("link", name="Step up to the Hub").click()
    check_accessibility(page, what="the step up page")
    page.get_by_role("button", name="Step up and share the assessment and plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("not if it just stays the same")
    check_accessibility(page, what="the refused step up")
    page.get_by_label("What has escalated?").fill(
        "Jay came in with bruising twice this week and says Mum's new partner shouts."
    )
    page.get_by_role("button", name="Step up and share the assessment and plan").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("Stepped up to social care")
    sign_out(page)

    # 6. The Hub worker reads the whole assessment from the new contact.
    contact = Contact.objects.get()
    sign_in(page, "hubby", "Harper Hub")
    page.goto(f"/hub/contacts/{contact.pk}/")
    stepped = page.get_by_test_id("stepped-up")
    expect(stepped).to_contain_text("Demo Primary School")
    check_accessibility(page, what="the Hub's screening page")
    stepped.get_by_role("link", name="read the whole Early Help Assessment and plan").click()
    expect(page.get_by_test_id("assessment")).to_contain_text("Gets upset at bedtime.")
    expect(page.get_by_test_id("assessment")).to_contain_text("Jay is late most days")
    check_accessibility(page, what="the shared assessment, as the Hub reads it")


def test_the_family_declines_and_nothing_escalates(page: Page, family) -> None:
    sign_in(page, "casey", "Casey Coordinator")
    page.get_by_role("link", name="Early Help Hub").click()
    page.get_by_test_id("waiting").get_by_role("link", name="Jay Marsh").click()
    page.get_by_label("What did the family say?").fill("Mum says they are managing for now.")
    page.get_by_role("button", name="Record that the family declined").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("The family declined")
    expect(page.get_by_test_id("outcome")).to_contain_text("managing for now")
    check_accessibility(page, what="the declined episode")
    assert not Contact.objects.exists()
    assert EarlyHelpEpisode.objects.get().closed_on is not None
