"""Everything that changes the episode of need and its stage. The only place that does.

Each action checks the access policy and the pathway table (`socialwork.pathway`), runs in one
transaction, writes the chronology event and the audit row, and raises `PathwayError` with a
plain-English message when the move is not allowed. The Hub's decision, the pages, the demo
and imports all come through here.
"""

import datetime as dt

from django.db import transaction

from continuum.core import clock
from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.governance.access import audit_change, can
from continuum.governance.rules import Purpose
from continuum.organisation import config
from continuum.organisation.models import Role, Team, User
from continuum.people import actions as people_actions
from continuum.people.models import Allocation, Person
from continuum.socialwork import pathway, rules
from continuum.socialwork.codes import ClosureReason, ReferralSource
from continuum.socialwork.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Episode,
    EpisodeStage,
    StageChange,
    StrategyDiscussion,
)


class PathwayError(Exception):
    """A change the pathway or the policy does not allow; the message says why."""


def _require_record_access(user: User, person: Person) -> None:
    decision = can(user, Purpose.RECORD, person)
    if not decision.allowed:
        raise PathwayError(f"You cannot record on this child's record: {decision.basis}.")


def _require_team_member(user: User, episode: Episode) -> None:
    """Changes of level are made by the team leading the episode (or an administrator)."""
    if user.role == Role.ADMINISTRATOR or user.is_superuser:
        return
    if user.role == Role.PARTNER or user.team_id != episode.team_id:
        raise PathwayError(f"Only the {episode.team} team can change this child's level.")
    _require_record_access(user, episode.person)


def _require_team_manager(user: User, episode: Episode, what: str) -> None:
    """Decisions such as closing or stepping down are recorded by the team manager."""
    _require_team_member(user, episode)
    if user.role not in (Role.TEAM_MANAGER, Role.ADMINISTRATOR) and not user.is_superuser:
        raise PathwayError(f"Only the team manager can {what}.")


def open_episode_for(person: Person) -> Episode | None:
    return Episode.objects.filter(person=person, closed_on__isnull=True).first()


def _lock(episode: Episode) -> Episode:
    return (
        Episode.objects.select_for_update(of=("self",))
        .select_related("person", "team")
        .get(pk=episode.pk)
    )


def facts_for(
    episode: Episode, *, reason: str = "", closure_reason: str = ""
) -> pathway.EpisodeFacts:
    """What the pathway's guards look at, read from the episode's records."""
    open_assessments = Assessment.objects.filter(
        episode=episode, status=AssessmentStatus.OPEN
    ).count()
    latest = (
        Assessment.objects.filter(episode=episode, status=AssessmentStatus.COMPLETED)
        .order_by("-completed_on", "-pk")
        .values_list("outcome", flat=True)
        .first()
    )
    plans = plan_facts(episode)
    return pathway.EpisodeFacts(
        stage=episode.stage_enum,
        reason=reason,
        open_assessments=open_assessments,
        signed_off_outcome=latest or "",
        open_child_in_need_plan=plans["child_in_need"],
        open_child_protection_plan=plans["child_protection"],
        closure_reason=closure_reason,
        conference_decided_plan=plans["conference_decided_plan"],
    )


_plan_checks: dict[str, list] = {
    "child_in_need": [],
    "child_protection": [],
    # child protection: the latest conference held in the episode decided on a plan
    "conference_decided_plan": [],
}


def register_open_plan_check(kind: str, check) -> None:  # noqa: ANN001 - a callable(Episode) -> bool
    """Plans live in their own modules; each says whether an episode has one open, so the
    pathway's guards ("close only with no plan open") need no import of them here. The
    child protection module also answers "conference_decided_plan" the same way."""
    if check not in _plan_checks[kind]:
        _plan_checks[kind].append(check)


def plan_facts(episode: Episode) -> dict[str, bool]:
    return {kind: any(check(episode) for check in checks) for kind, checks in _plan_checks.items()}


# -- Opening: the Hub's decision ------------------------------------------------------------------


@transaction.atomic
def open_or_continue_episode(
    person: Person,
    *,
    team: Team,
    referral_date: dt.date,
    referral_source: str = ReferralSource.UNKNOWN,
    contact=None,  # noqa: ANN001 - frontdoor.Contact; socialwork does not import frontdoor
    acting_user: User,
) -> Episode:
    """The referral: open an episode at assessment, or continue the child's open one.

    A child already open to social care is not opened twice: the new referral's work (an
    assessment, a strategy discussion) joins the open episode, and the chronology says so.
    """
    existing = (
        Episode.objects.select_for_update().filter(person=person, closed_on__isnull=True).first()
    )
    if existing is not None:
        record_event(
            person,
            kind=EventKind.CONTACT,
            occurred_on=clock.today(),
            summary=f"New referral joins the open episode ({existing.get_stage_display()})",
            recorded_by=acting_user,
            source=existing,
        )
        return existing
    if referral_source not in ReferralSource.values:
        raise PathwayError(f"Unknown referral source {referral_source!r}")
    episode = Episode.objects.create(
        person=person,
        stage=EpisodeStage.ASSESSMENT,
        team=team,
        referral_date=referral_date,
        referral_source=referral_source,
        contact=contact,
        opened_at=clock.now(),
        opened_by=acting_user,
    )
    StageChange.objects.create(
        episode=episode,
        from_stage="",
        to_stage=EpisodeStage.ASSESSMENT,
        changed_at=episode.opened_at,
        changed_by=acting_user,
        reason="Referral: the Hub decided statutory work is needed.",
    )
    if not Allocation.objects.filter(person=person, team=team, end_date__isnull=True).exists():
        people_actions.allocate(person, team=team, worker=None, acting_user=acting_user)
    record_event(
        person,
        kind=EventKind.ASSESSMENT,
        occurred_on=referral_date,
        summary=f"Referral accepted: episode of need opened with {team}",
        recorded_by=acting_user,
        source=episode,
    )
    return episode


@transaction.atomic
def start_assessment(
    episode: Episode,
    kind: str,
    *,
    contact=None,  # noqa: ANN001 - frontdoor.Contact
    acting_user: User,
) -> Assessment:
    """Start an assessment within the episode, due by the configured timescale from the
    episode's referral. A child with one of that kind open keeps it (one open per kind)."""
    if not episode.is_open:
        raise PathwayError("This episode is closed: a new referral opens a new one.")
    open_one = Assessment.objects.filter(
        person=episode.person, kind=kind, status=AssessmentStatus.OPEN
    ).first()
    if open_one is not None:
        if open_one.episode_id is None:
            open_one.episode = episode
            open_one.save(update_fields=["episode"])
        return open_one
    today = clock.today()
    assessment = Assessment.objects.create(
        person=episode.person,
        episode=episode,
        kind=kind,
        team=episode.team,
        contact=contact,
        referral_date=episode.referral_date,
        started_on=today,
        due_on=rules.assessment_due(
            episode.referral_date, config.timescale("child_and_family_assessment")
        ),
    )
    record_event(
        episode.person,
        kind=EventKind.ASSESSMENT,
        occurred_on=today,
        summary=(
            f"{assessment.get_kind_display()} started by {episode.team}, "
            f"due {assessment.due_on:%-d %B %Y}"
        ),
        recorded_by=acting_user,
        source=assessment,
    )
    return assessment


@transaction.atomic
def request_strategy_discussion(
    episode: Episode,
    *,
    contact=None,  # noqa: ANN001 - frontdoor.Contact
    acting_user: User,
) -> StrategyDiscussion:
    """Significant harm is suspected: a strategy discussion is to be held."""
    if not episode.is_open:
        raise PathwayError("This episode is closed: a new referral opens a new one.")
    discussion = StrategyDiscussion.objects.create(
        person=episode.person,
        episode=episode,
        team=episode.team,
        contact=contact,
        requested_at=clock.now(),
    )
    record_event(
        episode.person,
        kind=EventKind.MEETING,
        occurred_on=clock.today(),
        summary="Strategy discussion requested: significant harm suspected",
        recorded_by=acting_user,
        source=discussion,
    )
    return discussion


# -- Changing level ----------------------------------------------------------------------------


@transaction.atomic
def change_stage(
    episode: Episode,
    to_stage: str,
    *,
    reason: str,
    acting_user: User,
    closure_reason: str = "",
    on: dt.date | None = None,
    conference=None,  # noqa: ANN001 - socialwork.Conference, for a conference's decision
) -> StageChange:
    """Move the child to another level, as the pathway table allows, with the reason.

    A child protection conference's decision (a plan starts, or steps down) is recorded by its
    chair, who is not in the team: `conference` is that conference, chaired by `acting_user`."""
    episode = _lock(episode)
    if not episode.is_open:
        raise PathwayError("This episode is closed: a new referral opens a new one.")
    target = pathway.Stage(to_stage)
    if target is pathway.Stage.CLOSED:
        _require_team_manager(acting_user, episode, "close an episode")
    elif (
        conference is not None
        and conference.episode_id == episode.pk
        and conference.chair_id == acting_user.pk
    ):
        _require_record_access(acting_user, episode.person)
    else:
        _require_team_member(acting_user, episode)
    reason = " ".join(reason.split())
    if closure_reason and closure_reason not in ClosureReason.values:
        raise PathwayError("Choose one of the listed reasons for closing.")
    try:
        move = pathway.check_move(
            facts_for(episode, reason=reason, closure_reason=closure_reason), target
        )
    except pathway.MoveRefused as refused:
        raise PathwayError(str(refused)) from refused
    now = clock.now()
    change = StageChange.objects.create(
        episode=episode,
        from_stage=episode.stage,
        to_stage=target.value,
        changed_at=now,
        changed_by=acting_user,
        reason=reason or move.name,
    )
    episode.stage = target.value
    fields = ["stage"]
    if target is pathway.Stage.CLOSED:
        episode.closed_on = on or clock.today()
        episode.closure_reason = closure_reason
        episode.closure_note = reason
        episode.closed_by = acting_user
        fields += ["closed_on", "closure_reason", "closure_note", "closed_by"]
    episode.save(update_fields=fields)
    record_event(
        episode.person,
        kind=EventKind.CLOSURE if target is pathway.Stage.CLOSED else EventKind.PLAN,
        occurred_on=on or clock.today(),
        summary=(
            f"Episode closed: {ClosureReason(closure_reason).label}"
            if target is pathway.Stage.CLOSED
            else f"{move.name}: now {target.label}"
        ),
        detail=reason,
        recorded_by=acting_user,
        source=change,
    )
    audit_change(acting_user, episode.person)
    return change


def close_episode(
    episode: Episode,
    *,
    closure_reason: str,
    note: str,
    acting_user: User,
    on: dt.date | None = None,
) -> StageChange:
    """Close the episode with the DfE reason and the manager's note (the team manager only)."""
    return change_stage(
        episode,
        pathway.Stage.CLOSED,
        reason=note,
        closure_reason=closure_reason,
        acting_user=acting_user,
        on=on,
    )


def allowed_moves(episode: Episode) -> list[pathway.Move]:
    """The moves the episode's page offers now."""
    if not episode.is_open:
        return []
    return pathway.allowed_now(facts_for(episode))


def start_for_hub_decision(
    person: Person,
    *,
    next_step: str,
    team: Team,
    referral_date: dt.date,
    referral_source: str,
    contact=None,  # noqa: ANN001 - frontdoor.Contact
    acting_user: User,
) -> Episode:
    """What the Hub's decision starts for one child: open (or continue) the episode, then the
    strategy discussion or the assessment the decision named."""
    episode = open_or_continue_episode(
        person,
        team=team,
        referral_date=referral_date,
        referral_source=referral_source,
        contact=contact,
        acting_user=acting_user,
    )
    if next_step == "strategy_discussion":
        request_strategy_discussion(episode, contact=contact, acting_user=acting_user)
    elif next_step == "child_and_family_assessment":
        start_assessment(
            episode, AssessmentKind.CHILD_AND_FAMILY, contact=contact, acting_user=acting_user
        )
    elif next_step == "specialist_assessment":
        start_assessment(
            episode, AssessmentKind.SPECIALIST, contact=contact, acting_user=acting_user
        )
    else:
        raise PathwayError(f"A Hub decision to {next_step!r} does not open social care work.")
    return episode
