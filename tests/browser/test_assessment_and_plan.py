"""Issue 10's assessment and plan journey, in a real browser: the allocated worker writes the
Child and Family Assessment (saved as they type) and submits it; the team manager returns it
once with comments; the worker changes it and resubmits; the manager signs it off with a Child
in Need plan; the worker starts the plan with the family's outcomes, adds two actions and
records a review. Every page passes axe, and the chronology links to each record."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from continuum.core import clock
from continuum.socialwork.models import Assessment, ChildInNeedPlan
from continuum.socialwork.tests.factories import DraftAssessmentFactory
from tests.browser.conftest import Authority
from tests.browser.helpers import check_accessibility, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_assessment_return_sign_off_and_child_in_need_plan(page: Page, authority: Authority):
    today = clock.today()
    assessment = DraftAssessmentFactory(
        person=authority.child,
        team=authority.assessment,
        referral_date=today - dt.timedelta(days=14),
        started_on=today - dt.timedelta(days=14),
        due_on=today + dt.timedelta(days=10),
    )
    assessment_url = f"/teams/assessments/{assessment.pk}/"

    # 1. The allocated worker writes the assessment; it saves as they type.
    sign_in(page, authority.worker.username, "Sam Okafor")
    page.goto(assessment_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Child and Family Assessment")
    expect(page.get_by_test_id("due-words")).to_have_text("Due in 10 days")
    check_accessibility(page, what="the assessment page (draft)")
    page.get_by_role("link", name="Write the assessment").click()
    page.get_by_label("What we are worried about").fill(
        "Dad's drinking means the children are often left without tea."
    )
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at")
    page.get_by_label("What is working well").fill("Grandma lives nearby and helps every day.")
    page.locator("#field-child_seen").check()
    page.locator("#field-child_seen_alone").check()
    page.get_by_label("The child's voice").fill("I like it at Nan's. I worry when Dad is poorly.")
    page.get_by_label("Analysis").fill("With support the children are safe at home.")
    page.get_by_label("Alcohol misuse: a parent or carer (1B)").check()
    page.get_by_label("The outcome you recommend").select_option("child_in_need_plan")
    page.get_by_label("The child's primary need").select_option("N4")
    check_accessibility(page, what="the assessment form")
    page.get_by_role("button", name="Submit to the team manager").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Submitted to the team manager")
    saved = Assessment.objects.get(pk=assessment.pk)
    assert saved.worries.startswith("Dad's drinking") and saved.child_seen_alone is True
    sign_out(page)

    # 2. The team manager returns it once, saying what it needs.
    sign_in(page, authority.manager.username, "Priya Shah")
    page.goto(assessment_url)
    check_accessibility(page, what="the assessment awaiting the manager")
    page.get_by_label("Return it to the worker").check()
    page.get_by_label("Comments").fill("Add the family's view: what does Dad think?")
    page.get_by_role("button", name="Record your decision").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Returned to the worker")
    expect(page.get_by_test_id("decisions")).to_contain_text("what does Dad think?")
    sign_out(page)

    # 3. The worker sees the comments, adds the family's view and resubmits.
    sign_in(page, authority.worker.username, "Sam Okafor")
    page.goto(assessment_url)
    page.get_by_role("link", name="Change the assessment and resubmit it").click()
    expect(page.get_by_test_id("returns")).to_contain_text("what does Dad think?")
    page.get_by_label("The family's view").fill("Dad wants help to stop drinking.")
    check_accessibility(page, what="the returned assessment form")
    page.get_by_role("button", name="Submit to the team manager").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Submitted to the team manager")
    sign_out(page)

    # 4. The manager signs it off: a Child in Need plan.
    sign_in(page, authority.manager.username, "Priya Shah")
    page.goto(assessment_url)
    page.get_by_label("Sign off the assessment").check()
    page.get_by_label("Comments").fill("A clear analysis; a plan is right.")
    page.get_by_role("button", name="Record your decision").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Signed off")
    expect(page.get_by_test_id("outcome")).to_have_text("Child in Need plan")
    check_accessibility(page, what="the signed-off assessment")
    sign_out(page)

    # 5. The worker starts the plan with the family's outcomes.
    sign_in(page, authority.worker.username, "Sam Okafor")
    page.goto(assessment_url)
    page.get_by_role("link", name="Start a Child in Need plan").click()
    check_accessibility(page, what="the start of a plan")
    page.get_by_label("Outcomes, in the family's words").fill(
        "Dad gets help with his drinking\nThe children have tea every night"
    )
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Child in Need plan")
    expect(page.get_by_test_id("outcomes")).to_contain_text("The children have tea every night")
    check_accessibility(page, what="the new plan")

    # 6. Two actions, each with an owner and a date.
    due = today + dt.timedelta(days=14)
    for what, owner in (
        ("Refer Dad to the alcohol service", "GP"),
        ("Tea at Nan's on Tuesdays", "Grandma"),
    ):
        page.get_by_label("What will be done").fill(what)
        page.get_by_label("Who will do it").fill(owner)
        page.locator("input[name=due_on_day]").fill(str(due.day))
        page.locator("input[name=due_on_month]").fill(str(due.month))
        page.locator("input[name=due_on_year]").fill(str(due.year))
        page.get_by_role("button", name="Add the action").click()
        expect(page.get_by_test_id("plan-actions")).to_contain_text(what)
    expect(page.get_by_test_id("plan-actions").locator("tbody tr")).to_have_count(2)
    expect(page.get_by_test_id("plan-actions")).to_contain_text("Due in 14 days")
    check_accessibility(page, what="the plan with two actions")

    # 7. A review meeting with attendance and the family's and the child's views.
    page.get_by_role("link", name="Record a review").click()
    check_accessibility(page, what="the review form")
    page.locator("input[name=held_on_day]").fill(str(today.day))
    page.locator("input[name=held_on_month]").fill(str(today.month))
    page.locator("input[name=held_on_year]").fill(str(today.year))
    page.get_by_label("Who attended").fill("Dad\nGrandma\nSchool nurse")
    page.get_by_label("The family's view").fill("Things are calmer at home.")
    page.get_by_label("The child's view").fill("I like having tea with Dad.")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_test_id("review")).to_contain_text("Things are calmer at home.")
    expect(page.get_by_test_id("next-review")).to_contain_text("Due in")

    # 8. The child's record: what is due next, and a chronology that links to each record.
    plan = ChildInNeedPlan.objects.get(person=authority.child)
    page.goto(f"/people/{authority.child.pk}/")
    expect(page.get_by_test_id("child-due")).to_contain_text("Child in Need review")
    chronology = page.get_by_test_id("chronology")
    expect(
        chronology.get_by_role("link", name=re.compile("signed off by the team manager"))
    ).to_have_attribute("href", assessment_url)
    expect(
        chronology.get_by_role("link", name=re.compile("Child in Need plan started"))
    ).to_have_attribute("href", f"/teams/child-in-need-plans/{plan.pk}/")
    check_accessibility(page, what="the child's record")
    chronology.get_by_role("link", name=re.compile("Child in Need review held")).click()
    expect(page).to_have_url(re.compile(rf"/teams/child-in-need-plans/{plan.pk}/#review-\d+$"))
