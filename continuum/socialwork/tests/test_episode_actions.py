"""The episode of need through its actions: the Hub's decision opens it, stage changes follow
the table and are recorded with who, when and why, closure is the manager's."""

import datetime as dt

import pytest

from continuum.core import clock
from continuum.core.models import ChronologyEvent
from continuum.frontdoor import actions as frontdoor_actions
from continuum.frontdoor.tests.factories import ContactChildFactory
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    PartnerAgencyFactory,
    TeamFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.people.models import Allocation
from continuum.people.tests.factories import AllocationFactory, ChildFactory
from continuum.socialwork import actions
from continuum.socialwork.models import (
    Assessment,
    AssessmentOutcome,
    AssessmentStatus,
    Episode,
    StageChange,
    StrategyDiscussion,
)

TEAMS = (
    "request-for-support-hub",
    "assessment-and-support",
    "strengthening-and-supporting-families",
    "complex-needs",
    "early-help-hub",
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams():
    return {slug: TeamFactory(slug=slug, name=slug.replace("-", " ").title()) for slug in TEAMS}


@pytest.fixture
def hub_worker(teams):
    return HubWorkerFactory(team=teams["request-for-support-hub"])


@pytest.fixture
def worker(teams):
    return UserFactory(team=teams["assessment-and-support"])


@pytest.fixture
def manager(teams):
    return TeamManagerFactory(team=teams["assessment-and-support"])


def decided(hub_worker, outcome="statutory_assessment", person=None, agency=None):
    named = ContactChildFactory(person=person or ChildFactory(), match_status="matched")
    contact = named.contact
    if agency is not None:
        contact.agency = agency
        contact.save(update_fields=["agency"])
    frontdoor_actions.decide(
        contact, outcome, "Needs a statutory assessment", acting_user=hub_worker
    )
    return named.person, contact


def test_the_hubs_decision_opens_an_episode_at_assessment(hub_worker, teams):
    school = PartnerAgencyFactory(kind="school")
    child, contact = decided(hub_worker, agency=school)
    episode = Episode.objects.get(person=child)
    assert episode.stage == "assessment" and episode.is_open
    assert episode.team == teams["assessment-and-support"]
    assert episode.contact == contact and episode.referral_source == "2A"
    assert episode.referral_date == clock.localdate(contact.received_at)
    opening = StageChange.objects.get(episode=episode)
    assert (opening.from_stage, opening.to_stage, opening.changed_by) == (
        "",
        "assessment",
        hub_worker,
    )
    assessment = Assessment.objects.get(person=child)
    assert assessment.episode == episode and assessment.status == AssessmentStatus.OPEN
    assert Allocation.objects.filter(person=child, team=episode.team, end_date=None).exists()
    assert ChronologyEvent.objects.filter(
        person=child, source=f"socialwork.Episode:{episode.pk}"
    ).exists()


def test_significant_harm_opens_an_episode_with_a_strategy_discussion(hub_worker, teams):
    child, _ = decided(hub_worker, outcome="significant_harm")
    episode = Episode.objects.get(person=child)
    assert StrategyDiscussion.objects.get(person=child).episode == episode


def test_early_help_opens_no_episode_but_a_request_to_the_early_help_hub(hub_worker, teams):
    child, _ = decided(hub_worker, outcome="early_help")
    assert not Episode.objects.filter(person=child).exists()
    assert child.early_help_requests.get().team == teams["early-help-hub"]


def test_a_second_referral_continues_the_open_episode(hub_worker, teams):
    child, _ = decided(hub_worker)
    decided(hub_worker, outcome="significant_harm", person=child)
    assert Episode.objects.filter(person=child).count() == 1
    assert StrategyDiscussion.objects.get(person=child).episode == Episode.objects.get(person=child)
    assert ChronologyEvent.objects.filter(person=child, summary__contains="joins the open episode")


def _signed_off(episode, outcome):
    Assessment.objects.filter(episode=episode).update(
        status=AssessmentStatus.COMPLETED, outcome=outcome, completed_on=dt.date(2026, 12, 1)
    )


def test_the_stage_moves_only_as_the_table_allows_and_every_move_is_recorded(
    hub_worker, worker, manager, monkeypatch
):
    child, _ = decided(hub_worker)
    episode = Episode.objects.get(person=child)
    with pytest.raises(actions.PathwayError, match="signed off by the team manager"):
        actions.change_stage(episode, "child_in_need", reason="", acting_user=worker)
    _signed_off(episode, AssessmentOutcome.CHILD_IN_NEED_PLAN)
    change = actions.change_stage(episode, "child_in_need", reason="", acting_user=worker)
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        "assessment",
        "child_in_need",
        worker,
    )
    with pytest.raises(actions.PathwayError, match="conference decides"):
        actions.change_stage(
            episode, "child_protection", reason="New injuries seen at school", acting_user=worker
        )
    # As if a child protection conference had decided on a plan (socialwork.protection).
    monkeypatch.setitem(actions._plan_checks, "conference_decided_plan", [lambda episode: True])
    with pytest.raises(actions.PathwayError, match="Say why"):
        actions.change_stage(episode, "child_protection", reason="worse", acting_user=worker)
    actions.change_stage(
        episode,
        "child_protection",
        reason="New injuries seen at school; the conference decided on a plan",
        acting_user=worker,
    )
    episode.refresh_from_db()
    assert episode.stage == "child_protection"
    assert list(StageChange.objects.filter(episode=episode).values_list("to_stage", flat=True)) == [
        "assessment",
        "child_in_need",
        "child_protection",
    ]


def test_only_the_team_manager_closes_and_the_closure_has_a_reason(hub_worker, worker, manager):
    child, _ = decided(hub_worker)
    episode = Episode.objects.get(person=child)
    _signed_off(episode, AssessmentOutcome.CLOSE)
    with pytest.raises(actions.PathwayError, match="Only the team manager"):
        actions.close_episode(
            episode, closure_reason="RC8", note="No further action", acting_user=worker
        )
    with pytest.raises(actions.PathwayError, match="reason the episode closes"):
        actions.close_episode(episode, closure_reason="", note="Closing", acting_user=manager)
    actions.close_episode(
        episode, closure_reason="RC8", note="Needs met by universal services", acting_user=manager
    )
    episode.refresh_from_db()
    assert (episode.stage, episode.closure_reason, episode.closed_by) == ("closed", "RC8", manager)
    assert episode.closed_on == clock.today()
    with pytest.raises(actions.PathwayError, match="episode is closed"):
        actions.change_stage(episode, "assessment", reason="Again", acting_user=manager)


def test_an_open_assessment_stops_closure(hub_worker, manager):
    child, _ = decided(hub_worker)
    episode = Episode.objects.get(person=child)
    with pytest.raises(actions.PathwayError, match="An assessment is still open"):
        actions.close_episode(
            episode, closure_reason="RC8", note="Closing now", acting_user=manager
        )
    assert Episode.objects.get(pk=episode.pk).is_open


@pytest.mark.parametrize("role", [Role.PARTNER, Role.HUB_WORKER, Role.PRACTITIONER])
def test_people_outside_the_team_cannot_change_the_level(hub_worker, teams, role):
    child, _ = decided(hub_worker)
    episode = Episode.objects.get(person=child)
    _signed_off(episode, AssessmentOutcome.CHILD_IN_NEED_PLAN)
    outsider = UserFactory(role=role, team=teams["complex-needs"])
    with pytest.raises(actions.PathwayError, match="Only the Assessment And Support team"):
        actions.change_stage(episode, "child_in_need", reason="", acting_user=outsider)
    assert Episode.objects.get(pk=episode.pk).stage == "assessment"


def test_a_restricted_child_allocated_elsewhere_cannot_be_moved_by_a_team_member(
    hub_worker, teams, worker
):
    child, _ = decided(hub_worker)
    episode = Episode.objects.get(person=child)
    # The team's allocation names another worker; the record is restricted to them.
    Allocation.objects.filter(person=child).update(end_date=dt.date(2026, 11, 1))
    AllocationFactory(person=child, team=teams["complex-needs"])
    child.is_restricted = True
    child.save(update_fields=["is_restricted"])
    _signed_off(episode, AssessmentOutcome.CHILD_IN_NEED_PLAN)
    with pytest.raises(actions.PathwayError, match="cannot record on this child"):
        actions.change_stage(episode, "child_in_need", reason="", acting_user=worker)
