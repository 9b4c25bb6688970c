"""The Children in Need census read straight from the episode of need.

Section 47 enquiries come from child protection's own records (and, for a census imported
from another system, from the legacy Section 47 assessments it loaded).

Every child with an episode open at some time in the collection year is in the census, with
that year's view of each episode (`census.in_year`). The records it reads: the episode itself
(referral, source, primary need, closure), its assessments (the Child and Family Assessment
and specialist assessments; Section 47 enquiries), and what other parts of Continuum add
through `register_episode_reader` (plans, factors), so this module needs no change when a new
kind of record joins the episode.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from continuum.core import calendar, clock
from continuum.organisation import config
from continuum.people.models import Person
from continuum.returns import census
from continuum.socialwork.codes_protection import ConferenceKind, Section47Outcome
from continuum.socialwork.models import (
    Assessment,
    AssessmentKind,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Conference,
    Episode,
    Section47Enquiry,
    StrategyDiscussion,
)

EpisodeReader = Callable[[Episode, census.CensusEpisode], None]
"""Adds what one part of Continuum knows to a census episode (plans, factors, conferences)."""

_readers: list[EpisodeReader] = []


def register_episode_reader(reader: EpisodeReader) -> None:
    if reader not in _readers:
        _readers.append(reader)


def la_child_id(person: Person) -> str:
    """The child's identifier in the return: Continuum's record number (at most 20 letters
    and digits, as the census allows), stable from year to year."""
    return f"C{person.pk}"


def census_children(year: census.CollectionYear) -> list[census.CensusChild]:
    """Every child in the census for the year, with the year's view of their episodes."""
    episodes = (
        Episode.objects.filter(referral_date__lte=year.reference_date)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=year.start))
        .select_related("person")
        .order_by("person_id", "referral_date", "pk")
    )
    by_person: dict[int, census.CensusChild] = {}
    for episode in episodes:
        seen = census.in_year(read_episode(episode), year)
        if seen is None:
            continue
        person = episode.person
        child = by_person.get(person.pk)
        if child is None:
            child = by_person[person.pk] = read_child(person, year)
        child.episodes.append(seen)
    return list(by_person.values())


def read_child(person: Person, year: census.CollectionYear) -> census.CensusChild:
    return census.CensusChild(
        la_child_id=la_child_id(person),
        sex=person.sex or "U",
        ethnicity=person.ethnicity,
        upn=person.upn,
        upn_unknown="" if person.upn else upn_unknown_reason(person, year),
        birth_date=person.date_of_birth,
        expected_birth_date=None if person.date_of_birth else person.expected_date_of_birth,
        death_date=year.by_end(person.date_of_death),
        disabilities=[],  # none recorded: the census item is left out, never guessed
        person_id=person.pk,
    )


def upn_unknown_reason(person: Person, year: census.CollectionYear) -> str:
    """Why a child has no UPN: UN1 under school age (or unborn); otherwise UN5, "sources
    collating UPNs reflect a discrepancy", which the census queries so a person checks it."""
    if person.date_of_birth is None:
        return "UN1"
    age = person.age_on(year.reference_date)
    return "UN1" if age is not None and age < 6 else "UN5"


def read_episode(episode: Episode) -> census.CensusEpisode:
    """The whole episode, as recorded (the year's view is taken after)."""
    found = census.CensusEpisode(
        referral_date=episode.referral_date,
        referral_source=episode.referral_source,
        primary_need=episode.primary_need or "",
        closure_date=episode.closed_on,
        closure_reason=episode.closure_reason,
        source_id=episode.pk,
    )
    assessments = (
        Assessment.objects.filter(episode=episode)
        .prefetch_related("factors")
        .order_by("started_on", "pk")
    )
    for assessment in assessments:
        if assessment.kind == AssessmentKind.SECTION_47:
            found.section47s.append(_section47(episode, assessment))
        else:
            found.assessments.append(
                census.CensusAssessment(
                    started=assessment.started_on,
                    authorised=assessment.authorised_on or assessment.completed_on,
                    factors=[f.code for f in assessment.factors.all()],
                )
            )
    for enquiry in Section47Enquiry.objects.filter(episode=episode).order_by("started_on", "pk"):
        found.section47s.append(_recorded_section47(enquiry))
    for plan in (
        ChildProtectionPlan.objects.filter(episode=episode)
        .select_related("initial_conference")
        .order_by("started_on", "pk")
    ):
        reviews = Conference.objects.filter(
            plan=plan, kind=ConferenceKind.REVIEW, held_on__isnull=False
        ).values_list("held_on", flat=True)
        found.child_protection_plans.append(
            census.CensusChildProtectionPlan(
                started=plan.started_on,
                ended=plan.ended_on,
                initial_category=plan.initial_category,
                latest_category=plan.latest_category,
                previous_plans=plan.previous_plans,
                reviews=sorted(reviews),
            )
        )
        if plan.initial_conference.kind == ConferenceKind.TRANSFER_IN:
            found.initial_cpc = plan.initial_conference.held_on
    for plan in ChildInNeedPlan.objects.filter(episode=episode).order_by("start_date", "pk"):
        found.child_in_need_plans.append(
            census.CensusChildInNeedPlan(started=plan.start_date, ended=plan.end_date)
        )
    for reader in _readers:
        reader(episode, found)
    return found


def _recorded_section47(enquiry: Section47Enquiry) -> census.CensusSection47:
    """A Section 47 enquiry as child protection records it: its target, the initial
    conference held on it, or its outcome saying none was needed."""
    held = (
        Conference.objects.filter(
            section_47=enquiry, kind=ConferenceKind.INITIAL, held_on__isnull=False
        )
        .order_by("held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return census.CensusSection47(
        started=enquiry.started_on,
        icpc_target=enquiry.conference_due_on,
        icpc_date=held,
        icpc_not_required=held is None
        and enquiry.outcome
        in (Section47Outcome.NOT_SUBSTANTIATED, Section47Outcome.SUBSTANTIATED_NO_RISK),
    )


def _section47(episode: Episode, enquiry: Assessment) -> census.CensusSection47:
    """A Section 47 enquiry: its initial conference is due 15 working days from the strategy
    discussion that started it (the latest held on or before the enquiry began)."""
    held = (
        StrategyDiscussion.objects.filter(
            episode=episode, held_on__isnull=False, held_on__lte=enquiry.started_on
        )
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    start = held or enquiry.started_on
    return census.CensusSection47(
        started=enquiry.started_on,
        icpc_target=calendar.add_working_days(
            start, config.timescale("initial_child_protection_conference")
        ),
    )


@dataclass(frozen=True)
class Export:
    path: str
    children: int
    episodes: int
    xml: bytes


def export_cin(year: int, *, produced_at: dt.datetime | None = None) -> tuple[bytes, int, int]:
    """The census file for the collection year ending in `year`, with its counts."""
    collection = census.CollectionYear(year)
    children = census_children(collection)
    authority = config.authority_config()["authority"]
    xml = census.census_xml(
        children,
        collection,
        la_number=str(authority["la_code"]),
        produced_at=clock.localtime(produced_at or clock.now()),
    )
    return xml, len(children), sum(len(c.episodes) for c in children)
