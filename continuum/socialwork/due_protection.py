"""What child protection has due and overdue, for the "My work" lists and the child's record.

`due_items(episodes, user)` has the shape of casework's due providers (a list of open episodes
and the user in, items with the child, what is due, the date and a link out), so it plugs into
the "My work" list with `register_due_provider(due_protection.due_items)`. A few queries for a
whole caseload, never one per child. `for_chair(user)` is the chair's own list.

Due:
- a strategy discussion not yet held (from the Hub's decision, `strategy_discussion` days);
- the initial conference, from the strategy discussion that started the Section 47 enquiry,
  until it is held (whatever the enquiry's stage);
- a booked conference not yet recorded, by its target date;
- an open plan's next core group, next review conference and next visit;
- for chairs: the midway review of progress.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse

from continuum.core import clock
from continuum.organisation import config
from continuum.organisation.models import User
from continuum.people.models import Person
from continuum.socialwork import protection, rules, rules_protection
from continuum.socialwork.codes_protection import ConferenceKind
from continuum.socialwork.models import (
    ChairReview,
    ChildProtectionPlan,
    Conference,
    CoreGroup,
    Episode,
    Section47Enquiry,
    StrategyDiscussion,
)


@dataclass(frozen=True)
class ProtectionDue:
    person: Person
    what: str
    due_on: dt.date
    link: str
    episode_id: int | None = None

    @property
    def due(self) -> rules.Due:
        return rules.due(self.due_on, clock.today())


def _strategy_discussions(episode_ids: list[int]) -> Iterable[ProtectionDue]:
    days = config.timescale("strategy_discussion")
    for discussion in StrategyDiscussion.objects.filter(
        episode_id__in=episode_ids, held_on__isnull=True
    ).select_related("person"):
        yield ProtectionDue(
            discussion.person,
            "Strategy discussion to hold",
            rules_protection.strategy_discussion_due(discussion.requested_at.date(), days),
            reverse("protection:strategy", args=[discussion.pk]),
            discussion.episode_id,
        )


def _initial_conferences(episode_ids: list[int]) -> Iterable[ProtectionDue]:
    """Every Section 47 enquiry still heading for an initial conference (open, or found
    significant harm) whose initial conference is not held."""
    held = set(
        Conference.objects.filter(
            section_47__isnull=False, held_on__isnull=False, episode_id__in=episode_ids
        ).values_list("section_47_id", flat=True)
    )
    booked = {
        c.section_47_id: c
        for c in Conference.objects.filter(
            section_47__isnull=False, held_on__isnull=True, episode_id__in=episode_ids
        )
    }
    for enquiry in Section47Enquiry.objects.filter(episode_id__in=episode_ids).select_related(
        "person"
    ):
        if enquiry.pk in held:
            continue
        if enquiry.completed_on and enquiry.outcome != "significant_harm":
            continue
        conference = booked.get(enquiry.pk)
        link = (
            reverse("protection:conference", args=[conference.pk])
            if conference
            else reverse("protection:section47", args=[enquiry.pk])
        )
        what = (
            f"Initial child protection conference (booked for {conference.date:%-d %B})"
            if conference
            else "Initial child protection conference"
        )
        yield ProtectionDue(
            enquiry.person, what, enquiry.conference_due_on, link, enquiry.episode_id
        )


def _plans(episode_ids: list[int] | None, chair: User | None = None) -> Iterable[ProtectionDue]:
    """Each open plan's next core group, visit and review conference (or, for a chair, the
    midway review and review conference), from one query with the latest dates annotated."""
    latest = {
        "last_core_group": CoreGroup.objects.filter(plan=OuterRef("pk"))
        .order_by("-held_on")
        .values("held_on")[:1],
        "last_review": Conference.objects.filter(plan=OuterRef("pk"), held_on__isnull=False)
        .order_by("-held_on")
        .values("held_on")[:1],
        "last_chair_review": ChairReview.objects.filter(plan=OuterRef("pk"))
        .order_by("-reviewed_on")
        .values("reviewed_on")[:1],
    }
    plans = (
        ChildProtectionPlan.objects.filter(ended_on__isnull=True)
        .select_related("person")
        .annotate(
            **{name: Subquery(query) for name, query in latest.items()},
            review_booked=Exists(
                Conference.objects.filter(plan=OuterRef("pk"), held_on__isnull=True)
            ),
        )
    )
    if episode_ids is not None:
        plans = plans.filter(episode_id__in=episode_ids)
    if chair is not None:
        plans = plans.filter(chair=chair)
    for plan in plans:
        link = reverse("protection:plan", args=[plan.pk])
        review_due = protection.review_due(plan, last_review=plan.last_review)
        if chair is None:
            yield ProtectionDue(
                plan.person,
                "Core group",
                protection.core_group_due(plan, last=plan.last_core_group),
                link,
                plan.episode_id,
            )
            yield ProtectionDue(
                plan.person,
                "Child protection visit",
                protection.visit_due(plan),
                link,
                plan.episode_id,
            )
        else:
            last_conference = plan.last_review or plan.started_on
            if plan.last_chair_review is None or plan.last_chair_review < last_conference:
                yield ProtectionDue(
                    plan.person,
                    "Chair's review of progress",
                    rules_protection.midway_review_due(last_conference, review_due),
                    link,
                    plan.episode_id,
                )
        if not plan.review_booked:
            yield ProtectionDue(
                plan.person,
                "Review child protection conference to book",
                review_due,
                link,
                plan.episode_id,
            )


def _booked(conferences) -> Iterable[ProtectionDue]:  # noqa: ANN001 - a Conference queryset
    for conference in conferences.filter(held_on__isnull=True).exclude(kind=ConferenceKind.INITIAL):
        yield ProtectionDue(
            conference.person,
            f"{conference.get_kind_display()} (booked for {conference.date:%-d %B})",
            conference.due_on,
            reverse("protection:conference", args=[conference.pk]),
            conference.episode_id,
        )


def _sorted(items: Iterable[ProtectionDue]) -> list[ProtectionDue]:
    return sorted(items, key=lambda item: (item.due_on, item.person.pk, item.what))


def due_items(episodes: Sequence[Episode], user: User) -> list[ProtectionDue]:
    """Child protection's due items for these open episodes, soonest first."""
    ids = [episode.pk for episode in episodes]
    if not ids:
        return []
    conferences = Conference.objects.filter(episode_id__in=ids).select_related("person")
    return _sorted(
        [
            *_strategy_discussions(ids),
            *_initial_conferences(ids),
            *_booked(conferences),
            *_plans(ids),
        ]
    )


def for_chair(user: User) -> list[ProtectionDue]:
    """A chair's due items: conferences booked with them, reviews and midway reviews of their
    plans."""
    booked = Conference.objects.filter(chair=user, held_on__isnull=True).select_related("person")
    initial = [
        ProtectionDue(
            c.person,
            f"{c.get_kind_display()} (booked for {c.date:%-d %B})",
            c.due_on,
            reverse("protection:conference", args=[c.pk]),
            c.episode_id,
        )
        for c in booked.filter(kind=ConferenceKind.INITIAL)
    ]
    return _sorted([*initial, *_booked(booked), *_plans(None, chair=user)])


@dataclass(frozen=True)
class ChildSummary:
    """Child protection at a glance, for the child's record and lists."""

    person: Person
    plan: ChildProtectionPlan | None
    flags: tuple[str, ...] = ()
    due: list[ProtectionDue] = field(default_factory=list)


def child_summary(person: Person, today: dt.date) -> ChildSummary | None:
    episode = Episode.objects.filter(person=person, closed_on__isnull=True).first()
    plan = ChildProtectionPlan.objects.filter(person=person, ended_on__isnull=True).first()
    due = due_items([episode], None) if episode else []
    if plan is None and not due:
        return None
    flags = rules_protection.plan_flags(plan.previous_plans, plan.started_on, today) if plan else ()
    return ChildSummary(person=person, plan=plan, flags=flags, due=due)
