"""Early help's actions: the Hub agrees the lead, the family may decline, the assessment and
plan, reviews with ratings, step up (refused without an escalation) and closure."""

import datetime as dt

import pytest
import time_machine

from continuum.core.models import ChronologyEvent
from continuum.earlyhelp import actions
from continuum.earlyhelp.models import (
    ActionStatus,
    AssessmentStatus,
    EarlyHelpEpisode,
    EarlyHelpRequestStatus,
    EpisodeOutcome,
    GoalRating,
    RequestSource,
)
from continuum.earlyhelp.tests import factories as f
from continuum.frontdoor.models import Contact, ContactStatus, MatchStatus
from continuum.organisation.tests.factories import HubWorkerFactory, UserFactory
from continuum.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_the_hub_agrees_a_school_as_lead_with_acceptance_and_consent():
    request = f.waiting_request()
    lead = f.school_lead()
    episode = actions.agree_lead_agency(
        request,
        lead_agency=lead.agency,
        lead_practitioner=lead,
        agency_accepted_by="Ms Shaw, deputy head",
        consent_given_by="Mum (Kelly)",
        acting_user=f.coordinator(),
    )
    request.refresh_from_db()
    assert request.status == EarlyHelpRequestStatus.LEAD_AGREED
    assert episode.agency_accepted_by == "Ms Shaw, deputy head"
    assert episode.consent_given_by == "Mum (Kelly)"
    assert episode.family_consented_on == episode.opened_on
    assert [m.user for m in episode.members.all()] == [lead]
    event = ChronologyEvent.objects.get(source=f"earlyhelp.EarlyHelpEpisode:{episode.pk}")
    assert lead.agency.name in event.summary


@pytest.mark.parametrize(
    ("accepted_by", "consent_by", "field"),
    [("", "Mum", "agency_accepted_by"), ("Ms Shaw", "  ", "consent_given_by")],
)
def test_no_lead_without_the_agencys_acceptance_and_the_familys_consent(
    accepted_by, consent_by, field
):
    lead = f.school_lead()
    with pytest.raises(actions.AssessmentProblems) as problems:
        actions.agree_lead_agency(
            f.waiting_request(),
            lead_agency=lead.agency,
            agency_accepted_by=accepted_by,
            consent_given_by=consent_by,
            acting_user=f.coordinator(),
        )
    assert [name for name, _ in problems.value.problems] == [field]
    assert not EarlyHelpEpisode.objects.exists()


def test_only_the_early_help_hub_agrees_the_lead():
    lead = f.school_lead()
    with pytest.raises(actions.EarlyHelpError, match="Only the Early Help Hub"):
        actions.agree_lead_agency(
            f.waiting_request(),
            lead_agency=lead.agency,
            agency_accepted_by="x",
            consent_given_by="y",
            acting_user=HubWorkerFactory(),
        )


def test_a_family_declining_closes_with_the_reason_and_nothing_escalates():
    episode = f.declined_episode()
    assert episode.outcome == EpisodeOutcome.FAMILY_DECLINED
    assert episode.closed_on == episode.opened_on
    assert episode.outcome_detail == "Mum said they are managing"
    assert episode.request.status == EarlyHelpRequestStatus.FAMILY_DECLINED
    assert not Contact.objects.exists()  # nothing went back to the Hub
    assert "nothing is escalated" in episode.person.chronology.first().summary


def test_a_partner_asks_the_early_help_hub_directly_for_a_family_it_works_with():
    episode = f.open_episode()
    actions.close_episode(
        episode, outcome=EpisodeOutcome.NEEDS_MET, acting_user=episode.lead_practitioner
    )
    request = actions.request_early_help_from_partner(
        episode.person, acting_user=episode.lead_practitioner, worry="New baby, Mum exhausted"
    )
    assert request.source == RequestSource.PARTNER
    assert "New baby" in request.summary
    stranger = f.school_lead()
    with pytest.raises(actions.EarlyHelpError):
        actions.request_early_help_from_partner(
            ChildFactory(), acting_user=stranger, worry="Not one of ours"
        )


def test_a_step_down_arrives_carrying_the_social_work_summary():
    worker = UserFactory()
    request = actions.request_early_help(
        ChildFactory(),
        team=f.early_help_hub(),
        acting_user=worker,
        summary="Stepped down from social care\nAssessment: needs met at level 2. Plan: ...",
    )
    assert request.source == RequestSource.STEP_DOWN
    assert request.summary.startswith("Stepped down from social care")
    assert request.person.chronology.first().summary == "Stepped down from social care"


def test_drafts_save_field_by_field_and_refuse_a_stale_version():
    episode = f.open_episode()
    lead = episode.lead_practitioner
    assessment, problems = actions.save_assessment_draft(
        episode, {"worries": "Late to school"}, acting_user=lead, expected_version=None
    )
    assert (assessment.worries, assessment.version, problems) == ("Late to school", 1, [])
    assessment, problems = actions.save_assessment_draft(
        episode,
        {"worries": "x" * 20_001, "strengths": "Nan nearby"},
        acting_user=lead,
        expected_version=1,
    )
    assert assessment.strengths == "Nan nearby"  # the good field saved
    assert assessment.worries == "Late to school"  # the failing one kept what it had
    assert [name for name, _ in problems] == ["worries"]
    with pytest.raises(actions.StaleAssessmentError):
        actions.save_assessment_draft(
            episode, {"worries": "Old tab"}, acting_user=lead, expected_version=1
        )
    assessment.refresh_from_db()
    assert assessment.worries == "Late to school"


def test_completing_needs_the_childs_voice_and_makes_the_familys_goals():
    episode = f.open_episode()
    lead = episode.lead_practitioner
    actions.save_assessment_draft(
        episode,
        {**f.ASSESSMENT, "child_voice": ""},
        acting_user=lead,
        expected_version=None,
    )
    with pytest.raises(actions.AssessmentProblems) as problems:
        actions.complete_assessment(episode, acting_user=lead)
    assert [name for name, _ in problems.value.problems] == ["child_voice"]
    actions.save_assessment_draft(
        episode, {"child_voice": "I like football"}, acting_user=lead, expected_version=1
    )
    assessment = actions.complete_assessment(episode, acting_user=lead)
    assert assessment.status == AssessmentStatus.COMPLETED
    assert [g.wording for g in episode.goals.all()] == [
        "Jay gets to school on time",
        "Mornings are calmer at home",
    ]


def test_a_review_records_who_came_and_every_goals_rating():
    episode = f.planned_episode()
    mum = actions.add_member(
        episode, name="Kelly", role="Mum", is_family=True, acting_user=episode.lead_practitioner
    )
    goals = list(episode.goals.all())
    with pytest.raises(actions.AssessmentProblems) as problems:
        actions.record_review(
            episode,
            held_on=episode.opened_on,
            attended=[mum],
            ratings={goals[0].pk: "11", goals[1].pk: "4"},
            acting_user=episode.lead_practitioner,
        )
    assert [name for name, _ in problems.value.problems] == [f"goal-{goals[0].pk}"]
    review = actions.record_review(
        episode,
        held_on=episode.opened_on,
        attended=[mum],
        ratings={goals[0].pk: "3", goals[1].pk: "4"},
        acting_user=episode.lead_practitioner,
    )
    assert list(review.attended.all()) == [mum]
    assert sorted(GoalRating.objects.values_list("score", flat=True)) == [3, 4]


def test_reviews_fall_due_every_six_weeks_by_default():
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)):
        episode = f.planned_episode()
        assert actions.review_due_on(episode) == dt.date(2026, 12, 14)
        f.review(episode, dt.date(2026, 11, 2), [2, 3])
        assert actions.review_due_on(episode) == dt.date(2026, 12, 14)


def test_actions_have_an_owner_a_date_and_a_status():
    episode = f.planned_episode()
    owner = episode.members.get()
    action = actions.add_action(
        episode,
        what="Breakfast club place",
        owner=owner,
        due_on=episode.opened_on + dt.timedelta(days=7),
        acting_user=episode.lead_practitioner,
    )
    actions.set_action_status(action, ActionStatus.DONE, acting_user=episode.lead_practitioner)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_a_step_up_is_refused_without_a_recorded_escalation():
    episode = f.planned_episode()
    for escalation in ("", "   ", "same"):
        with pytest.raises(actions.AssessmentProblems, match="not if it just stays the same"):
            actions.step_up(episode, escalation=escalation, acting_user=episode.lead_practitioner)
    episode.refresh_from_db()
    assert episode.is_open
    assert episode.shared_with_social_care_on is None
    assert not Contact.objects.exists()


def test_a_step_up_sends_the_assessment_to_the_hub_and_the_workers_stay():
    episode = f.planned_episode()
    lead = episode.lead_practitioner
    contact = actions.step_up(
        episode, escalation="Bruising seen twice this week; Mum's new partner", acting_user=lead
    )
    episode.refresh_from_db()
    assert episode.outcome == EpisodeOutcome.STEPPED_UP
    assert episode.step_up_contact == contact
    assert contact.status == ContactStatus.RECEIVED
    assert contact.reference
    assert "Bruising seen twice" in contact.worries
    assert f.ASSESSMENT["worries"] in contact.worries
    child = contact.people.get()
    assert (child.person, child.match_status) == (episode.person, MatchStatus.MATCHED)
    standing = actions.standing(lead, episode.person)
    assert standing.leads and standing.member and standing.shared


def test_only_the_lead_practitioner_steps_up():
    episode = f.planned_episode()
    with pytest.raises(actions.EarlyHelpError, match="Only the lead practitioner"):
        actions.step_up(
            episode, escalation="Things are much worse now", acting_user=f.coordinator()
        )


@pytest.mark.parametrize("outcome", [EpisodeOutcome.NEEDS_MET, EpisodeOutcome.MOVED_AWAY])
def test_closure_with_an_outcome(outcome):
    episode = f.planned_episode()
    actions.close_episode(episode, outcome=outcome, acting_user=episode.lead_practitioner)
    episode.refresh_from_db()
    assert (episode.outcome, episode.closed_on is not None) == (outcome, True)
    with pytest.raises(actions.EarlyHelpError, match="closed"):
        actions.close_episode(
            episode, outcome=EpisodeOutcome.NEEDS_MET, acting_user=episode.lead_practitioner
        )


def test_closing_as_stepped_up_needs_the_step_up():
    episode = f.planned_episode()
    with pytest.raises(actions.EarlyHelpError, match="Step up"):
        actions.close_episode(
            episode, outcome=EpisodeOutcome.STEPPED_UP, acting_user=episode.lead_practitioner
        )
