"""Issue 11's acceptance journey in a real browser: after the Hub's decision of significant
harm, the social worker records the strategy discussion (police and health) and the Section 47
enquiry (the child seen alone), books the initial conference on its target date with the
chair; the chair records a Child Protection plan under neglect; the first core group; the
chair's midway review; a review conference three months on steps the child down to a Child in
Need plan. Each step is in the chronology, linked to its record, and every page passes axe."""

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import Page, expect

from continuum.frontdoor import actions as frontdoor_actions
from continuum.frontdoor.tests.factories import ContactChildFactory
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    TeamFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.people.tests.factories import ChildFactory
from continuum.socialwork.models import ChildProtectionPlan, Episode, StrategyDiscussion
from continuum.socialwork.tests.factories import ChairFactory
from tests.browser.helpers import check_accessibility, sign_in, sign_out

pytestmark = pytest.mark.browser


def moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def fill_date(page_or_form, group: str, day: dt.date) -> None:
    fields = page_or_form.get_by_role("group", name=group)
    fields.get_by_label("Day", exact=True).fill(str(day.day))
    fields.get_by_label("Month", exact=True).fill(str(day.month))
    fields.get_by_label("Year", exact=True).fill(str(day.year))


def as_user(page: Page, user, name: str, traveller, day: dt.date) -> None:
    traveller.move_to(moment(day))
    sign_in(page, user.username, name)


@pytest.fixture
def traveller():
    travel = time_machine.travel(moment(dt.date(2026, 12, 1)), tick=True)
    started = travel.start()
    yield started
    travel.stop()


def test_child_protection_from_strategy_discussion_to_step_down(
    page: Page, transactional_db, traveller
) -> None:
    hub_team = TeamFactory(slug="request-for-support-hub", name="Request for Support Hub")
    team = TeamFactory(slug="assessment-and-support", name="Assessment and Support")
    for slug in ("strengthening-and-supporting-families", "complex-needs", "early-help-hub"):
        TeamFactory(slug=slug)
    worker = UserFactory(username="sam.okafor", first_name="Sam", last_name="Okafor", team=team)
    manager = TeamManagerFactory(
        username="priya.shah", first_name="Priya", last_name="Shah", team=team
    )
    chair = ChairFactory(username="cara.hughes", first_name="Cara", last_name="Hughes")
    child = ChildFactory(given_name="Ava", family_name="Thistlewood")
    named = ContactChildFactory(person=child, match_status="matched")
    frontdoor_actions.decide(
        named.contact,
        "significant_harm",
        "Bruising to the arm and no explanation from home",
        acting_user=HubWorkerFactory(team=hub_team),
    )
    discussion = StrategyDiscussion.objects.get(person=child)

    # 1. The strategy discussion, held the same day with police and health.
    sign_in(page, worker.username, "Sam Okafor")
    page.goto(f"/protection/child/{child.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Child protection")
    expect(page.get_by_test_id("protection-due")).to_contain_text("Strategy discussion to hold")
    check_accessibility(page, what="the child's child protection record")
    page.get_by_role("link", name=re.compile("Strategy discussion requested")).click()
    fill_date(page, "Date held", dt.date(2026, 12, 1))
    page.get_by_label("Person 1: name", exact=True).fill("DC Jo Fielding")
    page.get_by_label("Person 1: agency", exact=True).select_option("police")
    page.get_by_label("Person 1: organisation", exact=True).fill("Lancashire Constabulary")
    page.get_by_label("Person 2: name", exact=True).fill("Amy Shah")
    page.get_by_label("Person 2: agency", exact=True).select_option("health")
    page.get_by_label("Person 2: organisation", exact=True).fill("Blackpool Teaching Hospitals")
    page.get_by_label("What information was shared", exact=True).fill(
        "Police hold two callouts this month; the health visitor saw bruising"
    )
    page.get_by_label("Consent was dispensed with", exact=True).check()
    page.get_by_label("Why consent was dispensed with", exact=True).fill(
        "Asking would put Ava at greater risk of harm"
    )
    page.get_by_label("Start a Section 47 enquiry", exact=True).check()
    page.get_by_label("Reason for the decision", exact=True).fill(
        "Unexplained bruising and the police callouts"
    )
    check_accessibility(page, what="the strategy discussion form")
    page.get_by_role("button", name="Record as held").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Child protection")

    # 2. The Section 47 enquiry: Ava seen alone; likely to suffer significant harm.
    page.get_by_role("link", name=re.compile("Section 47 enquiry from")).click()
    expect(page.get_by_test_id("conference-target")).to_contain_text("22 December 2026")
    page.get_by_label("What we are worried about", exact=True).fill(
        "Bruising, and no food in the house"
    )
    page.get_by_label("What is working well", exact=True).fill(
        "Grandmother visits daily; school knows Ava"
    )
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name="Was the child seen alone?").get_by_label(
        "Yes", exact=True
    ).check()
    fill_date(page, "Date the child was seen", dt.date(2026, 12, 1))
    page.get_by_label("The child's words", exact=True).fill("I am hungry when mum is asleep")
    page.get_by_label(re.compile("^Likely to suffer significant harm")).check()
    check_accessibility(page, what="the Section 47 form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("section-47-findings")).to_contain_text("alone")
    check_accessibility(page, what="the completed Section 47 enquiry")

    # 3. The initial conference, booked on its target date with the chair.
    page.get_by_role("link", name="Book the initial conference").click()
    page.get_by_label("Initial child protection conference", exact=True).check()
    fill_date(page, "Date of the conference", dt.date(2026, 12, 22))
    page.get_by_label("Chair", exact=True).select_option(label="Cara Hughes")
    check_accessibility(page, what="booking a conference")
    page.get_by_role("button", name="Book the conference").click()
    expect(page.get_by_test_id("conference-summary")).to_contain_text("22 December 2026")
    invite = page.locator("form", has=page.get_by_role("button", name="Add", exact=True))
    page.get_by_text("Add someone invited").click()
    invite.get_by_label("Name", exact=True).fill("Kelly Thistlewood")
    invite.get_by_label("Family member", exact=True).check()
    invite.get_by_role("group", name="Did they attend?").get_by_label("Yes", exact=True).check()
    invite.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_test_id("attendees")).to_contain_text("Kelly Thistlewood")
    check_accessibility(page, what="the booked conference")
    sign_out(page)

    # 4. The chair records the conference: a Child Protection plan under neglect.
    as_user(page, chair, "Cara Hughes", traveller, dt.date(2026, 12, 22))
    page.goto("/protection/chair/")
    expect(page.get_by_test_id("chair-conferences")).to_contain_text("Ava Thistlewood")
    check_accessibility(page, what="the chair's list")
    page.get_by_test_id("chair-conferences").get_by_role("link", name="Ava Thistlewood").click()
    page.get_by_label("The family's views", exact=True).fill(
        "Mum wants help with the house and money"
    )
    page.get_by_label("The child's views, in their words", exact=True).fill(
        "I want dinner every day"
    )
    page.get_by_role("group", name="Is the child likely to suffer significant harm?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Child Protection plan", exact=True).check()
    page.get_by_label("Neglect", exact=True).check()
    page.get_by_label("Reason for the decision", exact=True).fill(
        "Neglect is likely to cause Ava significant harm without a plan"
    )
    check_accessibility(page, what="recording the conference")
    page.get_by_role("button", name="Record the conference").click()
    expect(page.get_by_test_id("conference-decision")).to_contain_text(
        "Child Protection plan under neglect"
    )
    page.get_by_role("link", name="Open the Child Protection plan").click()
    expect(page.get_by_test_id("plan-due")).to_contain_text("8 Jan 2027")  # first core group
    expect(page.get_by_test_id("plan-due")).to_contain_text("22 Mar 2027")  # first review
    check_accessibility(page, what="the Child Protection plan")
    plan_url = page.url
    sign_out(page)
    assert Episode.objects.get(person=child).stage == "child_protection"

    # 5. The first core group, with an outcome in the family's words and an action.
    as_user(page, worker, "Sam Okafor", traveller, dt.date(2027, 1, 6))
    page.goto(plan_url)
    page.get_by_label("An outcome, in the family's own words", exact=True).fill(
        "We want the house warm and food in the cupboards"
    )
    page.get_by_role("button", name="Add the outcome").click()
    expect(page.get_by_test_id("plan-outcomes")).to_contain_text("food in the cupboards")
    page.get_by_label("What will be done", exact=True).fill("Take mum to the food bank each week")
    page.get_by_label("Who will do it", exact=True).fill("Family support worker")
    fill_date(page, "By when", dt.date(2027, 1, 15))
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_test_id("plan-actions")).to_contain_text("Family support worker")
    page.get_by_text("Record a core group").click()
    fill_date(page, "Date of the core group", dt.date(2027, 1, 6))
    page.get_by_label("Who came, and from which agency", exact=True).fill(
        "Mum, school nurse, health visitor, social worker"
    )
    page.get_by_label("How the plan's actions are progressing", exact=True).fill(
        "Food bank visits started; the heating is fixed"
    )
    page.get_by_role("button", name="Record the core group").click()
    expect(page.get_by_text("Came: Mum, school nurse")).to_be_visible()
    check_accessibility(page, what="the plan after the first core group")
    sign_out(page)

    # 6. The chair's midway review of progress.
    as_user(page, chair, "Cara Hughes", traveller, dt.date(2027, 2, 5))
    page.goto(plan_url)
    page.get_by_label("Progress since the last conference", exact=True).fill(
        "Core groups are held and the actions are being done"
    )
    page.get_by_role("group", name="Is the plan on track?").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text(re.compile("Review of progress, 5 February 2027"))).to_be_visible()
    check_accessibility(page, what="the plan after the chair's review")
    sign_out(page)

    # 7. The review conference three months on: step down to a Child in Need plan.
    as_user(page, worker, "Sam Okafor", traveller, dt.date(2027, 3, 10))
    page.goto(plan_url)
    page.get_by_role("link", name="Book a review conference").click()
    page.get_by_label("Review child protection conference", exact=True).check()
    fill_date(page, "Date of the conference", dt.date(2027, 3, 18))
    page.get_by_label("Chair", exact=True).select_option(label="Cara Hughes")
    page.get_by_role("button", name="Book the conference").click()
    expect(page.get_by_test_id("conference-summary")).to_contain_text("22 March 2027")
    sign_out(page)
    as_user(page, chair, "Cara Hughes", traveller, dt.date(2027, 3, 18))
    page.goto("/protection/chair/")
    page.get_by_test_id("chair-conferences").get_by_role("link", name="Ava Thistlewood").click()
    page.get_by_label("The family's views", exact=True).fill("Things are much better at home now")
    page.get_by_label("The child's views, in their words", exact=True).fill(
        "Dinner is every day now"
    )
    page.get_by_role("group", name="Is the child likely to suffer significant harm?").get_by_label(
        "No"
    ).check()
    page.get_by_label("Child in Need plan", exact=True).check()
    page.get_by_label("Reason for the decision", exact=True).fill(
        "The plan's outcomes are met; support continues as Child in Need"
    )
    page.get_by_role("button", name="Record the conference").click()
    expect(page.get_by_test_id("conference-decision")).to_contain_text("Child in Need plan")
    check_accessibility(page, what="the review conference")
    sign_out(page)
    plan = ChildProtectionPlan.objects.get(person=child)
    assert (plan.ended_on, plan.end_reason) == (dt.date(2027, 3, 18), "child_in_need")
    assert Episode.objects.get(person=child).stage == "child_in_need"

    # 8. The chronology: every step, each linked to its record.
    as_user(page, manager, "Priya Shah", traveller, dt.date(2027, 3, 19))
    page.goto(f"/people/{child.pk}/")
    chronology = page.get_by_test_id("chronology")
    for words in (
        "Strategy discussion held with health, police",
        "Section 47 enquiry completed",
        "Initial child protection conference booked",
        "Initial child protection conference held",
        "Child Protection plan started under neglect",
        "First core group held",
        "Chair's review of progress: the plan is on track",
        "Review child protection conference held",
        "Child Protection plan ended: Stepped down to a Child in Need plan",
    ):
        expect(chronology).to_contain_text(words)
    for link in (
        "Open the strategy discussion",
        "Open the Section 47 enquiry",
        "Open the conference",
        "Open the Child Protection plan",
        "Open the core group",
        "Open the review",
    ):
        expect(chronology.get_by_role("link", name=link).first).to_be_visible()
    check_accessibility(page, what="the child's record and chronology")
    chronology.get_by_role("link", name="Open the core group").first.click()
    expect(page).to_have_url(re.compile(r"/protection/plan/\d+/#core-group-\d+$"))
    assert discussion.pk
