"""What is due: small providers that say, for a worker, a team or a child, which assessments,
plan reviews and plan actions are due and when. "My work" (and the child's banner) asks every
provider in `DUE_PROVIDERS` and sorts the answers by date; a new kind of due work adds a
provider here rather than a query in the page.

Each provider takes a `Scope` (exactly one of worker, team or person) and returns `DueItem`s:
(person, what, due date, url). Restricted records are the caller's to hide: the list page asks
the access policy which people it may show by name (`governance.access.may_list`).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet
from django.urls import reverse

from continuum.core import clock
from continuum.organisation import config
from continuum.organisation.models import Team, User
from continuum.people.models import Allocation, Person
from continuum.socialwork import rules
from continuum.socialwork.models import (
    ActionStatus,
    Assessment,
    AssessmentStatus,
    ChildInNeedPlan,
    PlanAction,
)


@dataclass(frozen=True)
class Scope:
    """Whose work: a worker's (their allocated children), a team's, or one child's."""

    worker: User | None = None
    team: Team | None = None
    person: Person | None = None


@dataclass(frozen=True)
class DueItem:
    person: Person
    what: str
    due_on: dt.date
    url: str

    def due(self, today: dt.date | None = None) -> rules.Due:
        """ "due in 3 days", "2 days overdue"."""
        return rules.due(self.due_on, today or clock.today())


Provider = Callable[[Scope], list[DueItem]]


def _people_of(worker: User) -> QuerySet[Allocation]:
    return Allocation.objects.filter(worker=worker, end_date__isnull=True).values("person_id")


def _assessment_filter(scope: Scope) -> Q:
    if scope.person is not None:
        return Q(person=scope.person)
    if scope.team is not None:
        return Q(team=scope.team)
    if scope.worker is not None:
        return Q(worker=scope.worker) | Q(
            worker__isnull=True, person_id__in=_people_of(scope.worker), team=scope.worker.team_id
        )
    return Q(pk__in=[])


def assessments_due(scope: Scope) -> list[DueItem]:
    """Open assessments, due by the statutory timescale (45 working days from referral)."""
    rows = (
        Assessment.objects.filter(_assessment_filter(scope), status=AssessmentStatus.OPEN)
        .select_related("person")
        .order_by("due_on", "pk")
    )
    return [
        DueItem(
            a.person,
            f"{a.get_kind_display()} ({a.get_review_state_display().lower()})",
            a.due_on,
            reverse("socialwork:assessment", args=[a.pk]),
        )
        for a in rows
    ]


def _plan_filter(scope: Scope, prefix: str = "") -> Q:
    if scope.person is not None:
        return Q(**{f"{prefix}person": scope.person})
    if scope.team is not None:
        return Q(**{f"{prefix}episode__team": scope.team})
    if scope.worker is not None:
        return Q(**{f"{prefix}person_id__in": _people_of(scope.worker)})
    return Q(pk__in=[])


def plan_reviews_due(scope: Scope) -> list[DueItem]:
    """Open Child in Need plans' next reviews, at the configured interval."""
    months = config.timescale("child_in_need_review_months")
    plans = (
        ChildInNeedPlan.objects.filter(_plan_filter(scope), end_date__isnull=True)
        .select_related("person")
        .annotate(last_review=Max("reviews__held_on"))
    )
    return [
        DueItem(
            plan.person,
            "Child in Need review",
            rules.next_review_due(plan.start_date, plan.last_review, months),
            reverse("socialwork:cin-plan", args=[plan.pk]),
        )
        for plan in plans
    ]


def plan_actions_due(scope: Scope) -> list[DueItem]:
    """Outstanding actions on open Child in Need plans."""
    rows = (
        PlanAction.objects.filter(
            _plan_filter(scope, "plan__"),
            plan__end_date__isnull=True,
            status__in=(ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS),
        )
        .select_related("plan__person")
        .order_by("due_on", "pk")
    )
    return [
        DueItem(
            action.plan.person,
            f"Plan action for {action.owner}: {action.what[:80]}",
            action.due_on,
            reverse("socialwork:cin-plan", args=[action.plan_id]) + "#actions",
        )
        for action in rows
    ]


DUE_PROVIDERS: list[Provider] = [assessments_due, plan_reviews_due, plan_actions_due]
"""Every kind of due work. Another module appends its provider (visits, allocations)."""


def due_for(scope: Scope) -> list[DueItem]:
    """Everything due in the scope, soonest (or most overdue) first."""
    items = [item for provider in DUE_PROVIDERS for item in provider(scope)]
    return sorted(items, key=lambda item: (item.due_on, item.person.pk, item.what))


def due_for_worker(worker: User) -> list[DueItem]:
    return due_for(Scope(worker=worker))


def due_for_team(team: Team) -> list[DueItem]:
    return due_for(Scope(team=team))


def due_for_child(person: Person) -> list[DueItem]:
    return due_for(Scope(person=person))
