"""What is due and overdue in early help, for the "My work" lists: plan reviews and actions
past their dates. Each function returns `Due` rows (person, what, due date, url), soonest
first, for the lead practitioner, the Early Help Hub coordinator and a team."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from continuum.earlyhelp import rules
from continuum.earlyhelp.models import (
    AssessmentStatus,
    EarlyHelpAssessment,
    EarlyHelpEpisode,
    PlanAction,
)
from continuum.organisation import config
from continuum.organisation.models import User
from continuum.people.models import Person


@dataclass(frozen=True)
class Due:
    person: Person
    what: str
    due_on: dt.date
    url: str


def _reviews(episodes: list[EarlyHelpEpisode]) -> list[Due]:
    weeks = config.timescale("early_help_review_weeks")
    started = dict(
        EarlyHelpAssessment.objects.filter(
            episode__in=episodes, status=AssessmentStatus.COMPLETED
        ).values_list("episode_id", "completed_on")
    )
    rows = []
    for episode in episodes:
        if episode.pk not in started:
            continue
        last = max((r.held_on for r in episode.reviews.all()), default=None)
        rows.append(
            Due(
                person=episode.person,
                what="Team Around the Family review",
                due_on=rules.next_review_due(started[episode.pk], last, weeks),
                url=reverse("earlyhelp:review", args=[episode.pk]),
            )
        )
    return rows


def _actions(scope: Q, *, until: dt.date | None) -> list[Due]:
    actions = PlanAction.objects.filter(
        scope,
        episode__closed_on__isnull=True,
        status__in=("not_started", "in_progress"),
    ).select_related("episode__person")
    if until is not None:
        actions = actions.filter(due_on__lte=until)
    return [
        Due(
            person=a.episode.person,
            what=f"Plan action: {a.what[:80]}",
            due_on=a.due_on,
            url=reverse("earlyhelp:plan", args=[a.episode_id]),
        )
        for a in actions
    ]


def _episodes(scope: Q) -> list[EarlyHelpEpisode]:
    return list(
        EarlyHelpEpisode.objects.filter(scope, closed_on__isnull=True)
        .select_related("person")
        .prefetch_related("reviews")
        .distinct()
    )


def due_for_lead_practitioner(user: User, *, until: dt.date | None = None) -> list[Due]:
    """Reviews of the plans this practitioner leads, and actions they own or lead."""
    episodes = _episodes(Q(lead_practitioner=user))
    rows = _reviews(episodes) + _actions(
        Q(episode__lead_practitioner=user) | Q(owner__user=user), until=until
    )
    return sorted(_within(rows, until), key=lambda d: (d.due_on, d.what))


def due_for_early_help_hub(*, until: dt.date | None = None) -> list[Due]:
    """Every open plan's review and action: the Early Help Hub coordinator's list."""
    rows = _reviews(_episodes(Q())) + _actions(Q(), until=until)
    return sorted(_within(rows, until), key=lambda d: (d.due_on, d.what))


def due_for_agency(agency_id: int, *, until: dt.date | None = None) -> list[Due]:
    """A lead agency's list (a school's or a family hub's): the plans it leads."""
    episodes = _episodes(Q(lead_agency_id=agency_id))
    rows = _reviews(episodes) + _actions(Q(episode__lead_agency_id=agency_id), until=until)
    return sorted(_within(rows, until), key=lambda d: (d.due_on, d.what))


def _within(rows: list[Due], until: dt.date | None) -> list[Due]:
    return [r for r in rows if until is None or r.due_on <= until]
