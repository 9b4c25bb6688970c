"""The Child and Family Assessment through its actions: drafts save field by field and never
over a newer version, the allocated worker submits, the team manager returns it (with
comments, kept) or signs it off, and the sign-off opens the Child in Need plan move."""

import datetime as dt

import pytest
import time_machine

from continuum.core.models import ChronologyEvent
from continuum.governance.models import AuditEntry
from continuum.organisation.tests.factories import (
    PartnerUserFactory,
    TeamFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.people.tests.factories import AllocationFactory
from continuum.socialwork import actions as pathway_actions
from continuum.socialwork import actions_assessment_plan as actions
from continuum.socialwork.models import (
    AssessmentDecision,
    AssessmentFactorIdentified,
    Episode,
    ReviewState,
)
from continuum.socialwork.tests.factories import (
    DraftAssessmentFactory,
    ReadyAssessmentFactory,
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


def allocated(factory, team, worker, **kwargs):
    assessment = factory(team=team, **kwargs)
    AllocationFactory(person=assessment.person, team=team, worker=worker)
    return assessment


# -- Drafts ----------------------------------------------------------------------------------------


def test_a_draft_save_keeps_every_field_and_moves_the_version_on(team, worker):
    assessment = allocated(DraftAssessmentFactory, team, worker)
    result = actions.save_assessment_draft(
        assessment,
        {
            "worries": "Mum's low mood",
            "child_seen": "yes",
            "factors": ["4B", "7A"],
            "recommended_outcome": "child_in_need_plan",
        },
        expected_version=1,
        acting_user=worker,
    )
    assessment.refresh_from_db()
    assert result.problems == {}
    assert assessment.worries == "Mum's low mood"
    assert assessment.child_seen is True
    assert assessment.recommended_outcome == "child_in_need_plan"
    assert assessment.version == 2
    assert sorted(assessment.factors.values_list("code", flat=True)) == ["4B", "7A"]
    assert AuditEntry.objects.filter(actor=worker, person=assessment.person).exists()


def test_a_field_that_cannot_be_saved_does_not_stop_the_others(team, worker):
    assessment = allocated(DraftAssessmentFactory, team, worker, worries="Before")
    result = actions.save_assessment_draft(
        assessment,
        {
            "worries": "x" * (actions.TEXT_LIMIT + 1),
            "strengths": "Grandma helps",
            "factors": ["99Z"],
            "child_seen": "perhaps",
        },
        expected_version=1,
        acting_user=worker,
    )
    assessment.refresh_from_db()
    assert set(result.problems) == {"worries", "factors", "child_seen"}
    assert assessment.strengths == "Grandma helps"
    assert assessment.worries == "Before"
    assert assessment.child_seen is None
    assert not AssessmentFactorIdentified.objects.filter(assessment=assessment).exists()


def test_a_save_from_an_older_version_saves_nothing(team, worker):
    assessment = allocated(DraftAssessmentFactory, team, worker)
    actions.save_assessment_draft(
        assessment, {"worries": "First window"}, expected_version=1, acting_user=worker
    )
    with pytest.raises(actions.StaleAssessmentError):
        actions.save_assessment_draft(
            assessment, {"worries": "Second window"}, expected_version=1, acting_user=worker
        )
    assessment.refresh_from_db()
    assert assessment.worries == "First window"
    assert assessment.version == 2


def test_unticking_every_factor_removes_them(team, worker):
    assessment = allocated(ReadyAssessmentFactory, team, worker)
    actions.save_assessment_draft(
        assessment, {"factors": []}, expected_version=1, acting_user=worker
    )
    assert not assessment.factors.exists()


@pytest.mark.parametrize(
    "who", ["partner", "other_team", "submitted"], ids=["partner", "other team", "submitted"]
)
def test_drafts_are_written_only_by_the_team_while_with_the_worker(team, worker, who):
    factory = SubmittedAssessmentFactory if who == "submitted" else DraftAssessmentFactory
    assessment = allocated(factory, team, worker)
    user = {
        "partner": PartnerUserFactory(),
        "other_team": UserFactory(team=TeamFactory()),
        "submitted": worker,
    }[who]
    with pytest.raises(actions.PathwayError):
        actions.save_assessment_draft(
            assessment, {"worries": "Changed"}, expected_version=1, acting_user=user
        )
    assessment.refresh_from_db()
    assert assessment.worries != "Changed"


# -- Submit, return, sign off ----------------------------------------------------------------


def test_the_allocated_worker_submits_a_complete_assessment(team, worker):
    assessment = allocated(ReadyAssessmentFactory, team, worker)
    actions.submit_assessment(assessment, acting_user=worker)
    assessment.refresh_from_db()
    assert assessment.review_state == ReviewState.SUBMITTED
    assert assessment.submitted_by == worker and assessment.status == "open"
    event = ChronologyEvent.objects.get(person=assessment.person, summary__contains="submitted")
    assert event.source == f"socialwork.Assessment:{assessment.pk}"


def test_an_incomplete_assessment_cannot_be_submitted_and_says_what_is_missing(team, worker):
    assessment = allocated(DraftAssessmentFactory, team, worker)
    with pytest.raises(actions.AssessmentIncomplete) as refused:
        actions.submit_assessment(assessment, acting_user=worker)
    fields = [field for field, _ in refused.value.problems]
    assert fields == ["worries", "strengths", "child_seen", "recommended_outcome", "factors"]
    assessment.refresh_from_db()
    assert assessment.review_state == ReviewState.DRAFT


def test_only_the_allocated_worker_submits(team, worker):
    assessment = allocated(ReadyAssessmentFactory, team, worker)
    colleague = UserFactory(team=team)
    AllocationFactory(person=assessment.person, team=team, worker=None)
    with pytest.raises(actions.PathwayError, match="Only the allocated worker"):
        actions.submit_assessment(assessment, acting_user=colleague)


def test_an_unallocated_assessment_cannot_be_submitted(team, worker):
    assessment = ReadyAssessmentFactory(team=team)
    AllocationFactory(person=assessment.person, team=team, worker=None)
    with pytest.raises(actions.PathwayError, match="Allocate a worker first"):
        actions.submit_assessment(assessment, acting_user=worker)


def test_the_manager_returns_it_with_comments_and_the_worker_resubmits(team, worker, manager):
    assessment = allocated(ReadyAssessmentFactory, team, worker)
    actions.submit_assessment(assessment, acting_user=worker)
    with pytest.raises(actions.PathwayError, match="Say what the assessment needs"):
        actions.return_assessment(assessment, comments="  ", acting_user=manager)
    actions.return_assessment(
        assessment, comments="Say more about Dad's view.", acting_user=manager
    )
    assessment.refresh_from_db()
    assert assessment.review_state == ReviewState.RETURNED
    version = assessment.version
    actions.save_assessment_draft(
        assessment,
        {"family_view": "Dad says he wants to stop drinking."},
        expected_version=version,
        acting_user=worker,
    )
    actions.submit_assessment(assessment, acting_user=worker)
    assessment.refresh_from_db()
    assert assessment.review_state == ReviewState.SUBMITTED
    returned = AssessmentDecision.objects.get(assessment=assessment)
    assert returned.kind == "returned" and returned.comments == "Say more about Dad's view."
    summaries = list(
        ChronologyEvent.objects.filter(person=assessment.person)
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        "Child and Family Assessment submitted to the team manager",
        "Child and Family Assessment returned to the worker by the team manager",
        "Child and Family Assessment resubmitted to the team manager",
    ]


def test_the_worker_cannot_sign_off_or_return(team, worker):
    assessment = allocated(SubmittedAssessmentFactory, team, worker)
    with pytest.raises(actions.PathwayError, match="Only the team manager"):
        actions.sign_off_assessment(assessment, acting_user=worker)
    with pytest.raises(actions.PathwayError, match="Only the team manager"):
        actions.return_assessment(assessment, comments="No", acting_user=worker)


def test_another_teams_manager_cannot_sign_off(team, worker):
    assessment = allocated(SubmittedAssessmentFactory, team, worker)
    with pytest.raises(actions.PathwayError):
        actions.sign_off_assessment(assessment, acting_user=TeamManagerFactory())


def test_a_draft_cannot_be_signed_off(team, worker, manager):
    assessment = allocated(ReadyAssessmentFactory, team, worker)
    with pytest.raises(actions.PathwayError, match="Only a submitted assessment"):
        actions.sign_off_assessment(assessment, acting_user=manager)


def test_sign_off_completes_it_for_the_census_and_sets_the_primary_need(team, worker, manager):
    assessment = allocated(ReadyAssessmentFactory, team, worker)
    actions.submit_assessment(assessment, acting_user=worker)
    actions.sign_off_assessment(assessment, acting_user=manager, comments="Clear analysis.")
    assessment.refresh_from_db()
    assert assessment.status == "completed"
    assert assessment.review_state == ReviewState.SIGNED_OFF
    assert assessment.outcome == "child_in_need_plan"
    assert assessment.authorised_on == dt.date(2026, 11, 23)
    assert assessment.completed_on == dt.date(2026, 11, 23)
    assert assessment.signed_off_by == manager
    assert Episode.objects.get(pk=assessment.episode_id).primary_need == "N4"
    event = ChronologyEvent.objects.filter(person=assessment.person).order_by("-pk").first()
    assert event.summary.endswith("signed off by the team manager: Child in Need plan")
    assert event.source == f"socialwork.Assessment:{assessment.pk}"


def test_the_manager_may_decide_a_different_outcome(team, worker, manager):
    assessment = allocated(SubmittedAssessmentFactory, team, worker)
    actions.sign_off_assessment(assessment, acting_user=manager, outcome="early_help")
    assessment.refresh_from_db()
    assert assessment.outcome == "early_help"


def test_a_signed_off_child_in_need_outcome_opens_the_plan_move(team, worker, manager):
    assessment = allocated(SubmittedAssessmentFactory, team, worker)
    before = [m.name for m in pathway_actions.allowed_moves(assessment.episode)]
    assert "Start a Child in Need plan" not in before
    actions.sign_off_assessment(assessment, acting_user=manager)
    after = [m.name for m in pathway_actions.allowed_moves(assessment.episode)]
    assert "Start a Child in Need plan" in after


def test_a_signed_off_close_outcome_does_not_open_the_plan_move(team, worker, manager):
    assessment = allocated(SubmittedAssessmentFactory, team, worker)
    actions.sign_off_assessment(assessment, acting_user=manager, outcome="close")
    names = [m.name for m in pathway_actions.allowed_moves(assessment.episode)]
    assert "Start a Child in Need plan" not in names
    assert "Close after assessment" in names
