"""The Child in Need plan through its actions: it starts only when a signed-off assessment
recommends it (and moves the child to Child in Need), its actions and reviews are recorded,
reviews fall due at the configured interval, and an open plan stops the episode closing."""

import datetime as dt

import pytest
import time_machine

from continuum.core.models import ChronologyEvent
from continuum.organisation.tests.factories import TeamFactory, TeamManagerFactory, UserFactory
from continuum.people.tests.factories import AllocationFactory
from continuum.socialwork import actions as pathway_actions
from continuum.socialwork import actions_assessment_plan as actions
from continuum.socialwork.models import ChildInNeedPlan, Episode, PlanOutcome, StageChange
from continuum.socialwork.tests.factories import (
    ChildInNeedPlanFactory,
    DraftAssessmentFactory,
    SignedOffAssessmentFactory,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)


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
def signed_off(team, worker):
    assessment = SignedOffAssessmentFactory(team=team)
    AllocationFactory(person=assessment.person, team=team, worker=worker)
    return assessment


@pytest.fixture
def plan(team, worker):
    plan = ChildInNeedPlanFactory(episode__team=team)
    AllocationFactory(person=plan.person, team=team, worker=worker)
    return plan


def test_starting_the_plan_moves_the_child_to_child_in_need(signed_off, worker):
    plan = actions.start_child_in_need_plan(
        signed_off.episode,
        outcomes=["Dad gets help with his drinking", "", "  The children have tea every night "],
        acting_user=worker,
    )
    episode = Episode.objects.get(pk=signed_off.episode_id)
    assert episode.stage == "child_in_need"
    change = StageChange.objects.get(episode=episode, to_stage="child_in_need")
    assert change.from_stage == "assessment" and change.changed_by == worker
    assert list(plan.outcomes.values_list("words", flat=True)) == [
        "Dad gets help with his drinking",
        "The children have tea every night",
    ]
    assert plan.assessment == signed_off and plan.start_date == dt.date(2026, 11, 25)
    event = ChronologyEvent.objects.get(person=plan.person, kind="plan", source__contains="Plan")
    assert event.source == f"socialwork.ChildInNeedPlan:{plan.pk}"


def test_no_plan_without_a_signed_off_assessment_recommending_one(team, worker):
    draft = DraftAssessmentFactory(team=team)
    AllocationFactory(person=draft.person, team=team, worker=worker)
    with pytest.raises(actions.PathwayError, match="signed off by the team manager"):
        actions.start_child_in_need_plan(draft.episode, outcomes=["Safe"], acting_user=worker)
    assert not ChildInNeedPlan.objects.exists()


def test_no_plan_when_the_signed_off_outcome_is_not_a_plan(team, worker):
    assessment = SignedOffAssessmentFactory(team=team, outcome="early_help")
    AllocationFactory(person=assessment.person, team=team, worker=worker)
    with pytest.raises(actions.PathwayError, match="recommends one"):
        actions.start_child_in_need_plan(assessment.episode, outcomes=["Safe"], acting_user=worker)


def test_a_plan_needs_an_outcome_in_the_familys_words(signed_off, worker):
    with pytest.raises(actions.PathwayError, match="at least one outcome"):
        actions.start_child_in_need_plan(signed_off.episode, outcomes=[" ", ""], acting_user=worker)
    assert Episode.objects.get(pk=signed_off.episode_id).stage == "assessment"


def test_another_team_cannot_start_the_plan(signed_off):
    with pytest.raises(actions.PathwayError):
        actions.start_child_in_need_plan(
            signed_off.episode, outcomes=["Safe"], acting_user=UserFactory(team=TeamFactory())
        )
    assert not ChildInNeedPlan.objects.exists()


def test_closing_an_episode_with_an_open_plan_is_refused(plan, manager):
    with pytest.raises(pathway_actions.PathwayError, match="Child in Need plan is still open"):
        pathway_actions.close_episode(
            plan.episode,
            closure_reason="RC7",
            note="Outcomes met, support ended.",
            acting_user=manager,
        )
    assert Episode.objects.get(pk=plan.episode_id).is_open


def test_once_the_plan_ends_the_episode_may_close(plan, worker, manager):
    actions.end_child_in_need_plan(
        plan, reason="outcomes_met", note="All three outcomes met.", acting_user=worker
    )
    pathway_actions.close_episode(
        plan.episode, closure_reason="RC7", note="Support ended: needs met.", acting_user=manager
    )
    episode = Episode.objects.get(pk=plan.episode_id)
    assert episode.closed_on == dt.date(2026, 11, 25) and episode.closure_reason == "RC7"
    plan.refresh_from_db()
    assert plan.end_reason == "outcomes_met" and plan.ended_by == worker


def test_actions_have_an_owner_a_date_and_a_status(plan, worker):
    action = actions.add_plan_action(
        plan,
        what="Refer Dad to the alcohol service",
        owner="School nurse",
        due_on=dt.date(2026, 12, 9),
        acting_user=worker,
    )
    assert action.status == "not_started"
    actions.set_action_status(action, "done", acting_user=worker)
    action.refresh_from_db()
    assert action.status == "done" and not action.is_outstanding
    with pytest.raises(actions.PathwayError, match="who will do it"):
        actions.add_plan_action(
            plan, what="Something", owner=" ", due_on=dt.date(2026, 12, 9), acting_user=worker
        )


def test_reviews_fall_due_at_the_configured_interval(plan, worker):
    assert actions.next_review_due(plan) == dt.date(2027, 2, 25)
    review = actions.record_plan_review(
        plan,
        held_on=dt.date(2026, 11, 25),
        attendance="Mum\nDad\nSchool nurse",
        family_view="Things are calmer at home.",
        child_view="I like having tea with Dad.",
        acting_user=worker,
    )
    assert review.next_review_on == dt.date(2027, 2, 25)
    event = ChronologyEvent.objects.get(person=plan.person, kind="meeting")
    assert event.source == f"socialwork.PlanReview:{review.pk}"


def test_changing_the_review_interval_in_the_file_moves_the_next_review(plan, settings, tmp_path):
    text = settings.CONTINUUM_AUTHORITY_CONFIG.read_text()
    old = "child_in_need_review_months = 3"
    assert old in text
    path = tmp_path / "authority.toml"
    path.write_text(text.replace(old, "child_in_need_review_months = 2"))
    settings.CONTINUUM_AUTHORITY_CONFIG = path
    assert actions.next_review_due(plan) == dt.date(2027, 1, 25)


@pytest.mark.parametrize(
    ("held_on", "attendance", "family", "child", "message"),
    [
        (dt.date(2026, 11, 26), "Mum", "Fine", "Fine", "once it has been held"),
        (dt.date(2026, 11, 1), "Mum", "Fine", "Fine", "before the plan started"),
        (dt.date(2026, 11, 25), "", "Fine", "Fine", "who attended"),
        (dt.date(2026, 11, 25), "Mum", " ", "Fine", "the family's view"),
        (dt.date(2026, 11, 25), "Mum", "Fine", "", "the child's view"),
    ],
)
def test_a_review_needs_its_date_attendance_and_both_views(
    plan, worker, held_on, attendance, family, child, message
):
    with pytest.raises(actions.PathwayError, match=message):
        actions.record_plan_review(
            plan,
            held_on=held_on,
            attendance=attendance,
            family_view=family,
            child_view=child,
            acting_user=worker,
        )
    assert not plan.reviews.exists()


def test_an_ended_plan_cannot_be_changed(plan, worker):
    actions.end_child_in_need_plan(plan, reason="moved", acting_user=worker)
    with pytest.raises(actions.PathwayError, match="has ended"):
        actions.add_plan_action(
            plan, what="Visit", owner="Worker", due_on=dt.date(2026, 12, 1), acting_user=worker
        )


def test_an_outcome_is_marked_met_and_unmet(plan, worker):
    outcome = PlanOutcome.objects.filter(plan=plan).first()
    actions.set_outcome_met(outcome, True, acting_user=worker)
    assert PlanOutcome.objects.get(pk=outcome.pk).met_on == dt.date(2026, 11, 25)
    actions.set_outcome_met(outcome, False, acting_user=worker)
    assert PlanOutcome.objects.get(pk=outcome.pk).met_on is None


def test_the_plan_end_needs_a_listed_reason(plan, worker):
    with pytest.raises(actions.PathwayError, match="reason the plan ends"):
        actions.end_child_in_need_plan(plan, reason="bored", acting_user=worker)
    plan.refresh_from_db()
    assert plan.is_open
