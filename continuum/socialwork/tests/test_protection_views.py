"""Child protection's pages: they show the records and what is due, say no in plain English,
and refuse those who do not work with the child."""

import datetime as dt

import pytest
import time_machine

from continuum.governance.models import AuditAction, AuditEntry
from continuum.organisation.tests.factories import PartnerUserFactory
from continuum.socialwork import protection
from continuum.socialwork.models import ChildProtectionPlan, Section47Enquiry
from continuum.socialwork.tests.factories import ChairFactory, RequestedStrategyDiscussionFactory
from continuum.socialwork.tests.test_protection_actions import (
    at,
    decide_plan,
    to_initial_conference,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair():
    return ChairFactory(first_name="Cara", last_name="Chair")


@pytest.fixture
def discussion(practitioner):
    with at(dt.date(2026, 12, 1)):
        return RequestedStrategyDiscussionFactory(
            episode__team=practitioner.team, episode__allocated_to=practitioner
        )


def strategy_form(**change):
    data = {
        "held_on_day": "1",
        "held_on_month": "12",
        "held_on_year": "2026",
        "participant_1_name": "DC Jo Fielding",
        "participant_1_kind": "police",
        "participant_1_agency": "Lancashire Constabulary",
        "participant_2_name": "Amy Shah",
        "participant_2_kind": "health",
        "information_shared": "Police hold two callouts this month",
        "consent": "given",
        "decision": "section_47",
        "decision_reason": "Unexplained bruising and the callouts",
    }
    data.update(change)
    return data


def test_the_worker_records_the_strategy_discussion_held(discussion, client_for, practitioner):
    client = client_for(practitioner)
    url = f"/protection/strategy-discussion/{discussion.pk}/"
    with at(dt.date(2026, 12, 1)):
        assert "Record the strategy discussion as held" in client.get(url).content.decode()
        response = client.post(url, strategy_form())
    assert response.status_code == 302
    assert response.url == f"/protection/child/{discussion.person_id}/"
    enquiry = Section47Enquiry.objects.get()
    with at(dt.date(2026, 12, 1)):
        page = client.get(response.url).content.decode()
    assert "initial conference by 22 Dec 2026" in page
    assert "Lancashire Constabulary" in client.get(url).content.decode()
    assert enquiry.strategy_discussion == discussion


def test_a_refused_strategy_discussion_says_why_and_keeps_what_was_typed(
    discussion, client_for, practitioner
):
    with at(dt.date(2026, 12, 1)):
        response = client_for(practitioner).post(
            f"/protection/strategy-discussion/{discussion.pk}/",
            strategy_form(participant_2_name="", participant_2_kind=""),
        )
    body = response.content.decode()
    assert response.status_code == 400
    assert "add who took part from health" in body
    assert "Police hold two callouts this month" in body
    assert not Section47Enquiry.objects.exists()


def test_partners_and_other_teams_are_refused_and_the_refusal_is_audited(
    discussion, client_for, outsider
):
    partner = PartnerUserFactory()
    for user in (outsider, partner):
        response = client_for(user).get(f"/protection/child/{discussion.person_id}/")
        assert response.status_code in (302, 403)
        assert discussion.person.full_name not in response.content.decode()
    assert AuditEntry.objects.filter(
        actor=partner, person=discussion.person, action=AuditAction.REFUSED
    ).exists()


def test_only_the_chair_sees_the_decision_form_and_the_chairs_list(
    discussion, client_for, practitioner, chair
):
    conference = to_initial_conference(discussion, practitioner, chair)
    url = f"/protection/conference/{conference.pk}/"
    with at(dt.date(2026, 12, 3)):
        as_worker = client_for(practitioner).get(url).content.decode()
        as_chair = client_for(chair).get(url).content.decode()
        chairs_list = client_for(chair).get("/protection/chair/").content.decode()
    assert "Record the conference and its decision" not in as_worker
    assert "Record the conference and its decision" in as_chair
    assert discussion.person.full_name in chairs_list and "22 Dec 2026" in chairs_list
    assert client_for(practitioner).get("/protection/chair/").status_code == 403


def test_the_childs_record_shows_the_plan_and_its_flags(
    discussion, client_for, practitioner, chair
):
    decide_plan(to_initial_conference(discussion, practitioner, chair), chair)
    ChildProtectionPlan.objects.update(previous_plans=1)
    with time_machine.travel(dt.datetime(2027, 1, 4, 10, tzinfo=dt.UTC), tick=False):
        page = client_for(practitioner).get(f"/people/{discussion.person_id}/").content.decode()
    assert "On a Child Protection plan since 22 December 2026: Neglect" in page
    assert "Child Protection plan number 2" in page
    assert "Core group</a>: 8 Jan 2027 (due in 4 days)" in page


def test_a_chairs_review_posted_by_someone_else_is_refused_in_words(
    discussion, client_for, practitioner, chair
):
    decide_plan(to_initial_conference(discussion, practitioner, chair), chair)
    plan = ChildProtectionPlan.objects.get()
    with at(dt.date(2027, 1, 4)):
        response = client_for(practitioner).post(
            f"/protection/plan/{plan.pk}/chair-review/",
            {
                "chair_review_form-progress": "Going well so far",
                "chair_review_form-on_track": "yes",
            },
        )
        chair_response = client_for(chair).post(
            f"/protection/plan/{plan.pk}/chair-review/",
            {
                "chair_review_form-progress": "Going well so far, actions done",
                "chair_review_form-on_track": "yes",
            },
        )
    assert response.status_code == 400
    assert "Only the chair can review the plan" in response.content.decode()
    assert chair_response.status_code == 302
    assert plan.chair_reviews.count() == 1


def test_the_manager_answers_the_chairs_issue(discussion, client_for, practitioner, manager, chair):
    decide_plan(to_initial_conference(discussion, practitioner, chair), chair)
    plan = ChildProtectionPlan.objects.get()
    with at(dt.date(2027, 1, 4)):
        issue = protection.raise_issue(
            plan, concern="School attendance has not improved", acting_user=chair
        )
        page = client_for(manager).get(f"/protection/plan/{plan.pk}/").content.decode()
        response = client_for(manager).post(
            f"/protection/issue/{issue.pk}/response/",
            {"response-response": "A new attendance plan with school by Friday"},
        )
    assert "Record the response" in page
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.responded_by == manager
