"""What Child in Need plans make due: the next review (at the configured interval) and the
plan's outstanding actions. Registered with `socialwork.due`'s list, so "My work", the team's
list and the child's record show them beside assessments and visits; and what plan an episode
has, for the child's banner."""

from collections.abc import Iterable, Sequence

from django.db.models import Max
from django.urls import reverse

from continuum.organisation import config
from continuum.organisation.models import User
from continuum.socialwork import rules
from continuum.socialwork.due import DueItem, register_due_provider, register_plan_summary
from continuum.socialwork.models import ActionStatus, ChildInNeedPlan, Episode, PlanAction


def plan_reviews_due(episodes: Sequence[Episode], user: User | None) -> Iterable[DueItem]:
    months = config.timescale("child_in_need_review_months")
    plans = (
        ChildInNeedPlan.objects.filter(episode__in=[e.pk for e in episodes], end_date__isnull=True)
        .select_related("person")
        .annotate(last_review=Max("reviews__held_on"))
    )
    for plan in plans:
        yield DueItem(
            plan.person,
            "Child in Need review",
            rules.next_review_due(plan.start_date, plan.last_review, months),
            reverse("socialwork:cin-plan", args=[plan.pk]),
            plan.episode_id,
        )


def plan_actions_due(episodes: Sequence[Episode], user: User | None) -> Iterable[DueItem]:
    actions = (
        PlanAction.objects.filter(
            plan__episode__in=[e.pk for e in episodes],
            plan__end_date__isnull=True,
            status__in=(ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS),
        )
        .select_related("plan__person")
        .order_by("due_on", "pk")
    )
    for action in actions:
        yield DueItem(
            action.plan.person,
            f"Plan action for {action.owner}: {action.what[:80]}",
            action.due_on,
            reverse("socialwork:cin-plan", args=[action.plan_id]) + "#actions",
            action.plan.episode_id,
        )


def child_in_need_plan_of(episode: Episode) -> tuple[str, str] | None:
    plan = ChildInNeedPlan.objects.filter(episode=episode, end_date__isnull=True).first()
    if plan is None:
        return None
    return (
        f"Child in Need plan from {plan.start_date:%-d %B %Y}",
        reverse("socialwork:cin-plan", args=[plan.pk]),
    )


def register() -> None:
    register_due_provider(plan_reviews_due)
    register_due_provider(plan_actions_due)
    register_plan_summary(child_in_need_plan_of)
