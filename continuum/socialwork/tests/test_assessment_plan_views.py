"""The assessment and plan pages: access asked and audited, autosave field by field, a stale
save shown beside the other version, the manager's decision, due dates where the record
appears, and chronology links to the records."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from continuum.governance.models import AuditEntry
from continuum.organisation.tests.factories import (
    PartnerUserFactory,
    TeamFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.people.tests.factories import AllocationFactory
from continuum.socialwork import actions_assessment_plan as actions
from continuum.socialwork import due, rules
from continuum.socialwork.models import PlanAction, ReviewState
from continuum.socialwork.tests.factories import (
    ChildInNeedPlanFactory,
    DraftAssessmentFactory,
    SignedOffAssessmentFactory,
    SubmittedAssessmentFactory,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def team():
    return TeamFactory(slug="assessment-and-support", name="Assessment and Support")


@pytest.fixture
def worker(team):
    return UserFactory(team=team)


@pytest.fixture
def manager(team):
    return TeamManagerFactory(team=team)


@pytest.fixture
def draft(team, worker):
    assessment = DraftAssessmentFactory(team=team, due_on=dt.date(2026, 11, 26))
    AllocationFactory(person=assessment.person, team=team, worker=worker)
    return assessment


def test_the_assessment_page_shows_the_due_date_and_days_left_and_is_audited(
    draft, worker, client_for
):
    page = client_for(worker).get(reverse("socialwork:assessment", args=[draft.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "26 November 2026" in body and "Due in 3 days" in body
    assert "Write the assessment" in body
    assert AuditEntry.objects.filter(actor=worker, person=draft.person, action="view").exists()


@pytest.mark.parametrize("who", ["partner", "other_team"])
def test_people_outside_the_work_are_refused(draft, client_for, who):
    user = PartnerUserFactory() if who == "partner" else UserFactory(team=TeamFactory())
    page = client_for(user).get(reverse("socialwork:assessment-edit", args=[draft.pk]))
    assert page.status_code in (302, 403)
    assert draft.person.full_name not in page.content.decode()


def test_autosave_saves_good_fields_and_reports_the_bad_one(draft, worker, client_for):
    response = client_for(worker).post(
        reverse("socialwork:assessment-autosave", args=[draft.pk]),
        {"version": "1", "worries": "Mum's low mood", "factors": ["4B", "nonsense"]},
    )
    body = response.json()
    assert response.status_code == 200 and body["saved"] is True and body["version"] == 2
    assert body["errors"] == [{"field": "factors", "message": "Choose factors from the list"}]
    draft.refresh_from_db()
    assert draft.worries == "Mum's low mood"


def test_a_stale_autosave_is_a_409_and_saves_nothing(draft, worker, client_for):
    client = client_for(worker)
    url = reverse("socialwork:assessment-autosave", args=[draft.pk])
    assert client.post(url, {"version": "1", "worries": "First"}).status_code == 200
    response = client.post(url, {"version": "1", "worries": "Second"})
    assert response.status_code == 409 and response.json()["conflict"] is True
    draft.refresh_from_db()
    assert draft.worries == "First"


def test_a_stale_save_shows_both_versions_until_they_are_combined(draft, worker, client_for):
    client = client_for(worker)
    url = reverse("socialwork:assessment-edit", args=[draft.pk])
    actions.save_assessment_draft(
        draft, {"worries": "Saved elsewhere"}, expected_version=1, acting_user=worker
    )
    page = client.post(url, {"version": "1", "worries": "Typed here", "action": "save"})
    body = page.content.decode()
    assert page.status_code == 409
    assert 'data-testid="conflict"' in body and "Saved elsewhere" in body and "Typed here" in body
    # Pressing Save again without saying they combined them still saves nothing.
    again = client.post(
        url, {"version": "1", "theirs_version": "2", "worries": "Typed here", "action": "save"}
    )
    assert again.status_code == 409
    combined = client.post(
        url,
        {
            "version": "1",
            "theirs_version": "2",
            "combined": "yes",
            "worries": "Typed here and saved elsewhere",
            "action": "save",
        },
    )
    assert combined.status_code == 302
    draft.refresh_from_db()
    assert draft.worries == "Typed here and saved elsewhere"


def test_submitting_an_incomplete_assessment_lists_what_is_missing(draft, worker, client_for):
    page = client_for(worker).post(
        reverse("socialwork:assessment-edit", args=[draft.pk]),
        {"version": "1", "worries": "Dad's drinking", "action": "submit"},
    )
    body = page.content.decode()
    assert page.status_code == 400
    assert "Say what is working well" in body and "Say whether the child was seen" in body
    draft.refresh_from_db()
    assert draft.worries == "Dad's drinking" and draft.review_state == ReviewState.DRAFT


def test_the_manager_returns_it_and_the_worker_sees_the_comments(team, worker, manager, client_for):
    assessment = SubmittedAssessmentFactory(team=team)
    AllocationFactory(person=assessment.person, team=team, worker=worker)
    url = reverse("socialwork:assessment-decision", args=[assessment.pk])
    refused = client_for(manager).post(url, {"decision": "return"})
    assert refused.status_code == 400
    assert "Say what the assessment needs" in refused.content.decode()
    client_for(manager).post(url, {"decision": "return", "comments": "Add the school's view."})
    page = client_for(worker).get(reverse("socialwork:assessment-edit", args=[assessment.pk]))
    assert "Add the school&#x27;s view." in page.content.decode()


def test_the_worker_cannot_record_the_managers_decision(team, worker, client_for):
    assessment = SubmittedAssessmentFactory(team=team)
    AllocationFactory(person=assessment.person, team=team, worker=worker)
    response = client_for(worker).post(
        reverse("socialwork:assessment-decision", args=[assessment.pk]), {"decision": "sign_off"}
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.review_state == ReviewState.SUBMITTED


def test_a_signed_off_plan_outcome_offers_the_plan(team, worker, client_for):
    assessment = SignedOffAssessmentFactory(team=team)
    AllocationFactory(person=assessment.person, team=team, worker=worker)
    page = client_for(worker).get(reverse("socialwork:assessment", args=[assessment.pk]))
    assert "Start a Child in Need plan" in page.content.decode()
    assert reverse("socialwork:cin-plan-start", args=[assessment.episode_id]) in (
        page.content.decode()
    )


def test_the_chronology_links_to_the_assessment(draft, worker, client_for):
    actions.save_assessment_draft(
        draft,
        {
            "worries": "W",
            "strengths": "S",
            "child_seen": "no",
            "child_not_seen_reason": "In hospital",
            "recommended_outcome": "close",
        },
        expected_version=1,
        acting_user=worker,
    )
    actions.submit_assessment(draft, acting_user=worker)
    page = client_for(worker).get(reverse("people:detail", args=[draft.person_id]))
    link = reverse("socialwork:assessment", args=[draft.pk])
    assert f'href="{link}">Child and Family Assessment submitted' in page.content.decode()


def test_the_childs_record_and_the_team_page_show_what_is_due(draft, worker, client_for):
    record = client_for(worker).get(reverse("people:detail", args=[draft.person_id]))
    body = record.content.decode()
    assert 'data-testid="child-due"' in body and "Due in 3 days" in body
    team_page = client_for(worker).get(reverse("socialwork:team-queue", args=[draft.team.slug]))
    assert "Due in 3 days" in team_page.content.decode()


def test_the_plan_page_prompts_step_down_when_every_outcome_is_met(team, worker, client_for):
    plan = ChildInNeedPlanFactory(episode__team=team)
    AllocationFactory(person=plan.person, team=team, worker=worker)
    url = reverse("socialwork:cin-plan", args=[plan.pk])
    client = client_for(worker)
    assert 'data-testid="step-down-prompt"' not in client.get(url).content.decode()
    for outcome in plan.outcomes.all():
        client.post(
            reverse("socialwork:cin-plan-outcome", args=[plan.pk, outcome.pk]), {"met": "yes"}
        )
    assert 'data-testid="step-down-prompt"' in client.get(url).content.decode()


def test_adding_an_action_with_a_missing_owner_keeps_the_page(team, worker, client_for):
    plan = ChildInNeedPlanFactory(episode__team=team)
    AllocationFactory(person=plan.person, team=team, worker=worker)
    response = client_for(worker).post(
        reverse("socialwork:cin-plan-action-add", args=[plan.pk]),
        {
            "what": "Food bank",
            "owner": "",
            "due_on_day": "1",
            "due_on_month": "12",
            "due_on_year": "2026",
        },
    )
    assert response.status_code == 400 and "Say who will do it" in response.content.decode()
    assert not PlanAction.objects.exists()


def test_due_providers_answer_for_worker_team_and_child(team, worker):
    assessment = DraftAssessmentFactory(team=team, due_on=dt.date(2026, 12, 1))
    AllocationFactory(person=assessment.person, team=team, worker=worker)
    plan = ChildInNeedPlanFactory(episode=assessment.episode)
    PlanAction.objects.create(plan=plan, what="Refer", owner="Mum", due_on=dt.date(2026, 11, 30))
    PlanAction.objects.create(
        plan=plan, what="Done already", owner="Dad", due_on=dt.date(2026, 11, 28), status="done"
    )
    for items in (
        due.due_for_worker(worker),
        due.due_for_team(team),
        due.due_for_child(assessment.person),
    ):
        assert [(i.what.split(" (")[0].split(":")[0], i.due_on) for i in items] == [
            ("Plan action for Mum", dt.date(2026, 11, 30)),
            ("Child and Family Assessment", dt.date(2026, 12, 1)),
            ("Child in Need review", dt.date(2027, 2, 25)),
        ]
    assert due.due_for_worker(UserFactory(team=team)) == []
    assert due.due_for_team(TeamFactory()) == []
    assert rules.due(items[0].due_on, dt.date(2026, 12, 2)).words == "2 days overdue"
    assert items[0].url == reverse("socialwork:cin-plan", args=[plan.pk]) + "#actions"


def test_a_save_that_names_no_version_keeps_what_was_typed(draft, worker, client_for):
    page = client_for(worker).post(
        reverse("socialwork:assessment-edit", args=[draft.pk]),
        {"worries": "Typed but the version was lost", "action": "save"},
    )
    assert page.status_code == 400
    assert "Typed but the version was lost" in page.content.decode()
    draft.refresh_from_db()
    assert draft.worries == ""
