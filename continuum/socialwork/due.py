"""What is due and overdue: one list for every worker and manager, and the child's banner.

The list is made by small *providers*, one per kind of thing that falls due (assessments,
statutory visits, transfers, allocations waiting for a manager; plan reviews and plan actions
join by registering theirs with `register_due_provider`). Each takes the open episodes in view
and returns `DueItem`s: the child, what is due, the date and a link. Providers query in bulk
(a few queries for a whole team's caseload, never one per child). Due dates come from the
authority's configuration through `socialwork.rules`.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Max, Q
from django.urls import reverse

from continuum.core import clock
from continuum.core.chronology import source_link
from continuum.organisation import config
from continuum.organisation.models import Role, Team, User
from continuum.people.models import Allocation, Person
from continuum.socialwork import pathway, rules
from continuum.socialwork.models import Assessment, AssessmentStatus, Episode, StageChange
from continuum.socialwork.models_casework import CaseNote, CaseNoteKind, CaseNoteStatus

ASSESSMENT_AND_SUPPORT = "assessment-and-support"


@dataclass(frozen=True)
class DueItem:
    person: Person
    what: str
    due_on: dt.date
    link: str
    episode_id: int | None = None

    @property
    def due(self) -> rules.Due:
        return rules.due(self.due_on, clock.today())

    @property
    def url(self) -> str:
        return self.link


DueProvider = Callable[[Sequence[Episode], User | None], Iterable[DueItem]]
_providers: list[DueProvider] = []


def register_due_provider(provider: DueProvider) -> None:
    """Add a kind of thing that falls due (plan reviews, plan actions...)."""
    if provider not in _providers:
        _providers.append(provider)


def due_items(episodes: Sequence[Episode], user: User) -> list[DueItem]:
    """Everything due for these episodes, soonest (most overdue) first."""
    episodes = list(episodes)
    if not episodes:
        return []
    found = [item for provider in _providers for item in provider(episodes, user)]
    return sorted(found, key=lambda item: (item.due_on, item.person.pk, item.what))


def episode_url(episode_id: int, anchor: str = "") -> str:
    return reverse("casework:episode", args=[episode_id]) + (f"#{anchor}" if anchor else "")


# -- Stage start and visits ------------------------------------------------------------------------


def stage_started(episodes: Sequence[Episode]) -> dict[int, dt.date]:
    """When each episode reached the stage it is at now (one query)."""
    rows = (
        StageChange.objects.filter(episode__in=[e.pk for e in episodes])
        .values("episode_id", "to_stage")
        .annotate(latest=Max("changed_at"))
    )
    by_episode = {e.pk: e.stage for e in episodes}
    started = {}
    for row in rows:
        if by_episode.get(row["episode_id"]) == row["to_stage"]:
            started[row["episode_id"]] = clock.localtime(row["latest"]).date()
    return started


VISIT_TIMESCALES = {
    pathway.Stage.CHILD_IN_NEED: "child_in_need_visit",
    pathway.Stage.CHILD_PROTECTION: "child_protection_visit",
}
"""The stages with statutory visits, and the timescale (working days) that sets them."""


def next_visits(episodes: Sequence[Episode]) -> dict[int, dt.date]:
    """The next statutory visit of each episode at Child in Need or Child Protection: the
    configured number of working days after the last visit at this stage, or after the stage
    started (three queries, whatever the number of episodes)."""
    visiting = [e for e in episodes if e.stage in VISIT_TIMESCALES]
    if not visiting:
        return {}
    started = stage_started(visiting)
    last = defaultdict(list)
    for row in CaseNote.objects.filter(
        episode__in=[e.pk for e in visiting],
        kind=CaseNoteKind.VISIT,
        status=CaseNoteStatus.RECORDED,
    ).values("episode_id", "occurred_on"):
        last[row["episode_id"]].append(row["occurred_on"])
    found = {}
    for episode in visiting:
        start = started.get(episode.pk, episode.referral_date)
        since = [day for day in last[episode.pk] if day >= start]
        found[episode.pk] = rules.next_visit_due(
            start, max(since) if since else None, config.timescale(VISIT_TIMESCALES[episode.stage])
        )
    return found


def _visits(episodes: Sequence[Episode], user: User) -> Iterable[DueItem]:
    by_pk = {e.pk: e for e in episodes}
    for episode_id, due_on in next_visits(episodes).items():
        episode = by_pk[episode_id]
        yield DueItem(
            episode.person,
            f"{episode.get_stage_display()} visit",
            due_on,
            episode_url(episode_id, "case-notes"),
            episode_id,
        )


# -- Assessments, transfers and allocations --------------------------------------------------------


def assessment_link(assessment: Assessment) -> str:
    """The assessment's own page once it has one (registered as a chronology source link),
    else the episode page's list of assessments."""
    link = source_link(f"socialwork.Assessment:{assessment.pk}")
    if link:
        return link[0]
    if assessment.episode_id:
        return episode_url(assessment.episode_id, "assessments")
    return reverse("people:detail", args=[assessment.person_id])


def _assessments(episodes: Sequence[Episode], user: User) -> Iterable[DueItem]:
    for assessment in Assessment.objects.filter(
        episode__in=[e.pk for e in episodes], status=AssessmentStatus.OPEN
    ).select_related("person"):
        yield DueItem(
            assessment.person,
            f"{assessment.get_kind_display()} ({assessment.get_review_state_display().lower()})",
            assessment.due_on,
            assessment_link(assessment),
            assessment.episode_id,
        )


def transfers_due(episodes: Sequence[Episode]) -> dict[int, dt.date]:
    """Assessment and Support hold Child in Need work for up to the configured months, then
    it transfers to Strengthening and Supporting Families."""
    holding = [
        e
        for e in episodes
        if e.stage == pathway.Stage.CHILD_IN_NEED and e.team.slug == ASSESSMENT_AND_SUPPORT
    ]
    if not holding:
        return {}
    started = stage_started(holding)
    months = config.timescale("assessment_and_support_child_in_need_months")
    return {e.pk: rules.transfer_due(started.get(e.pk, e.referral_date), months) for e in holding}


def _transfers(episodes: Sequence[Episode], user: User) -> Iterable[DueItem]:
    by_pk = {e.pk: e for e in episodes}
    for episode_id, due_on in transfers_due(episodes).items():
        yield DueItem(
            by_pk[episode_id].person,
            "Transfer to Strengthening and Supporting Families",
            due_on,
            episode_url(episode_id, "transfer"),
            episode_id,
        )


def allocated_workers(episodes: Sequence[Episode]) -> dict[int, User]:
    """The named worker of each episode's team allocation (one query)."""
    wanted = {(e.person_id, e.team_id): e.pk for e in episodes}
    found = {}
    for allocation in Allocation.objects.filter(
        person__in={e.person_id for e in episodes},
        end_date__isnull=True,
        worker__isnull=False,
    ).select_related("worker"):
        episode_id = wanted.get((allocation.person_id, allocation.team_id))
        if episode_id is not None:
            found[episode_id] = allocation.worker
    return found


def _allocations_waiting(episodes: Sequence[Episode], user: User) -> Iterable[DueItem]:
    """Work waiting for the manager to name a worker: due the day it arrived."""
    if user is None or user.role != Role.TEAM_MANAGER:
        return
    workers = allocated_workers(episodes)
    for episode in episodes:
        if episode.pk not in workers and episode.team_id == user.team_id:
            yield DueItem(
                episode.person,
                "Allocate a worker",
                clock.localtime(episode.opened_at).date(),
                reverse("casework:unallocated", args=[episode.team.slug]),
                episode.pk,
            )


for _provider in (_assessments, _visits, _transfers, _allocations_waiting):
    register_due_provider(_provider)


# -- Whose work is it ------------------------------------------------------------------------------


def episodes_in_view(user: User) -> list[Episode]:
    """The open episodes on a user's list: a worker's own caseload; a team manager's whole
    team and their own allocations."""
    if not user.is_authenticated or user.role == Role.PARTNER:
        return []
    mine = Q(
        person__allocations__worker=user,
        person__allocations__end_date__isnull=True,
    )
    wanted = mine | Q(team_id=user.team_id) if user.role == Role.TEAM_MANAGER else mine
    return list(
        Episode.objects.filter(wanted, closed_on__isnull=True)
        .select_related("person", "team")
        .distinct()
        .order_by("person__family_name", "person__given_name", "pk")
    )


# -- Plans (a hook for the plan modules) -----------------------------------------------------------

PlanSummary = Callable[[Episode], tuple[str, str] | None]
_plan_summaries: list[PlanSummary] = []


def register_plan_summary(summary: PlanSummary) -> None:
    """A plan module says what plan an episode has now: (words, address), or None."""
    if summary not in _plan_summaries:
        _plan_summaries.append(summary)


def plan_for(episode: Episode) -> tuple[str, str] | None:
    for summary in _plan_summaries:
        found = summary(episode)
        if found:
            return found
    return None


@dataclass(frozen=True)
class Banner:
    """What every page of a child's record shows at the top."""

    episode: Episode | None
    worker: User | None
    plan: tuple[str, str] | None
    next_due: DueItem | None


def banner_for(person: Person, user: User) -> Banner:
    episode = (
        Episode.objects.filter(person=person, closed_on__isnull=True)
        .select_related("person", "team")
        .first()
    )
    if episode is None:
        return Banner(None, None, None, None)
    items = due_items([episode], user)
    return Banner(
        episode=episode,
        worker=allocated_workers([episode]).get(episode.pk),
        plan=plan_for(episode),
        next_due=items[0] if items else None,
    )


# -- The same lists for one worker, one team or one child ---------------------------------------


def _open_episodes(**where: object) -> list[Episode]:
    return list(
        Episode.objects.filter(closed_on__isnull=True, **where)
        .select_related("person", "team")
        .order_by("pk")
    )


def due_for_worker(worker: User) -> list[DueItem]:
    """What falls due for the children allocated to this worker."""
    people = Allocation.objects.filter(worker=worker, end_date__isnull=True).values("person_id")
    return due_items(_open_episodes(person_id__in=people), worker)


def due_for_team(team: Team) -> list[DueItem]:
    return due_items(_open_episodes(team=team), None)


def due_for_child(person: Person) -> list[DueItem]:
    return due_items(_open_episodes(person=person), None)
