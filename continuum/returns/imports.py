"""Load an authority's previous Children in Need census into Continuum.

A census names no one: it holds the child's identifier in the old system (LAchildID), the
UPN, the date of birth, sex and ethnicity, and the episodes. So each child is looked for in
this order, and linked rather than created twice:

1. the same LAchildID in a census loaded before (the same child in last year's file);
2. the same UPN and date of birth in the person index (a child the Hub or a school already
   recorded), not counting records this file itself created;
3. otherwise a new record, named "Name not known" with the old identifier, for the Hub to
   complete when the child is next in touch.

Legacy files are not clean: a file that holds the same child twice (two LAchildIDs with one
UPN), or a UPN that a record in the index has with another date of birth, is loaded all the
same, as separate records, and each such pair goes to duplicate review with the reason,
never a crash: joining two records is a manager's decision, because a wrong join shows one
child's history to another child's workers. An episode already loaded
(the same child and referral date) is not loaded again, so importing a file twice adds nothing.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction

from continuum.core import clock
from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.organisation.models import Role, Team, User
from continuum.people import actions as people_actions
from continuum.people.models import DuplicatePair, DuplicateStatus, Person
from continuum.returns import census
from continuum.returns.models import CensusImport, ImportedChild
from continuum.socialwork.codes import AssessmentFactor, ClosureReason, PrimaryNeed, ReferralSource
from continuum.socialwork.models import (
    Assessment,
    AssessmentFactorIdentified,
    AssessmentKind,
    AssessmentStatus,
    ChildInNeedPlan,
    Episode,
    EpisodeStage,
    PlanEndReason,
    ReviewState,
    StageChange,
)

LONDON = ZoneInfo("Europe/London")
IMPORTED_TEAM = "assessment-and-support"
"""The team an imported open episode is given until a manager allocates it."""

EpisodeWriter = Callable[[Episode, census.CensusEpisode, User], None]
"""Loads what one part of Continuum keeps (plans, factors) from a census episode."""
_writers: list[EpisodeWriter] = []


def register_episode_writer(writer: EpisodeWriter) -> None:
    if writer not in _writers:
        _writers.append(writer)


class ImportRefused(Exception):
    """The file cannot be loaded as it stands; the message says why."""


@dataclass
class ImportSummary:
    census_import: CensusImport
    created: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    episodes: int = 0
    skipped_episodes: int = 0

    def lines(self) -> list[str]:
        found = [
            f"CIN census {self.census_import.year} loaded: "
            f"{len(self.created) + len(self.linked):,} children "
            f"({len(self.linked):,} already known and linked, {len(self.created):,} new), "
            f"{self.episodes:,} episodes of need"
            + (
                f" ({self.skipped_episodes:,} already loaded, not loaded again)"
                if self.skipped_episodes
                else ""
            ),
        ]
        if self.flagged:
            found.append(f"Sent to duplicate review: {len(self.flagged)} pairs")
            found.extend(f"  {line}" for line in self.flagged)
        return found


def _loader(as_user: str) -> User:
    users = User.objects.filter(is_active=True)
    user = (
        users.filter(username=as_user).first()
        if as_user
        else users.filter(role=Role.ADMINISTRATOR).order_by("pk").first()
    )
    if user is None:
        raise ImportRefused(
            f"No active user called {as_user!r}."
            if as_user
            else "No administrator to record as loading the file: name one with --as-user."
        )
    return user


@transaction.atomic
def import_census(
    read: census.CensusFile, *, as_user: str = "", file_name: str = ""
) -> ImportSummary:
    """Load every child and episode of the file, in one transaction."""
    user = _loader(as_user)
    team = Team.objects.filter(slug=IMPORTED_TEAM).first()
    if team is None:
        raise ImportRefused(
            f"The {IMPORTED_TEAM} team is not configured: run `continuum configure`."
        )
    batch = CensusImport.objects.create(
        year=read.year,
        la_number=read.la_number[:3],
        file_name=file_name[:255],
        imported_at=clock.now(),
        imported_by=user,
        children=len(read.children),
    )
    summary = ImportSummary(batch)
    created: set[int] = set()
    for child in read.children:
        person, how = _find_or_create(child, user, created_here=created)
        if how == "created":
            created.add(person.pk)
        ImportedChild.objects.get_or_create(
            census_import=batch, la_child_id=child.la_child_id, person=person
        )
        (summary.linked if how != "created" else summary.created).append(child.la_child_id)
        if child.upn:
            # Another record with this UPN: the same child entered twice, in this file or
            # before it. Both stay; a manager decides.
            for other in Person.objects.filter(upn=child.upn, merged_into__isnull=True).exclude(
                pk=person.pk
            ):
                summary.flagged.append(_flag(other, person, f"The same UPN ({child.upn})"))
        for episode in child.episodes:
            if _load_episode(person, episode, team, user):
                summary.episodes += 1
            else:
                summary.skipped_episodes += 1
    summary.flagged = sorted(set(summary.flagged))
    batch.created, batch.linked, batch.flagged = (
        len(summary.created),
        len(summary.linked),
        len(summary.flagged),
    )
    batch.save(update_fields=["created", "linked", "flagged"])
    return summary


def _find_or_create(
    child: census.CensusChild, user: User, *, created_here: set[int]
) -> tuple[Person, str]:
    earlier = (
        ImportedChild.objects.filter(la_child_id=child.la_child_id)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    if earlier is not None:
        return _survivor(earlier.person), "linked by LAchildID"
    if child.upn and child.birth_date:
        known = (
            Person.objects.filter(
                upn=child.upn, date_of_birth=child.birth_date, merged_into__isnull=True
            )
            .exclude(pk__in=created_here)
            .order_by("pk")
            .first()
        )
        if known is not None:
            return known, "linked by UPN"
    data = {
        "given_name": "Name not known",
        "family_name": f"Census child {child.la_child_id}"[:100],
        "date_of_birth": child.birth_date,
        "expected_date_of_birth": child.expected_birth_date if not child.birth_date else None,
        "sex": child.sex if child.sex in ("M", "F", "U") else "U",
        "upn": child.upn,
    }
    if child.ethnicity:
        data["ethnicity"] = child.ethnicity
    try:
        person = people_actions.create_person(data, acting_user=user)
    except Exception as error:  # a ValidationError: say which child, never half-load
        raise ImportRefused(f"{child.la_child_id}: {error}") from error
    return person, "created"


def _survivor(person: Person) -> Person:
    while person.merged_into_id is not None:
        person = person.merged_into
    return person


def _flag(one: Person, other: Person, reason: str) -> str:
    first, second = sorted((one, other), key=lambda p: p.pk)
    DuplicatePair.objects.get_or_create(
        person=first,
        other=second,
        defaults={
            "probability": 1.0,
            "reasons": reason,
            "status": DuplicateStatus.OPEN,
            "found_at": clock.now(),
        },
    )
    return f"{first.pk} and {second.pk}: {reason}"


def _stage_of(episode: census.CensusEpisode) -> str:
    if episode.closure_date is not None:
        return EpisodeStage.CLOSED
    if any(p.ended is None for p in episode.child_protection_plans):
        return EpisodeStage.CHILD_PROTECTION
    if any(p.ended is None for p in episode.child_in_need_plans):
        return EpisodeStage.CHILD_IN_NEED
    return EpisodeStage.ASSESSMENT


def _code(value: str, allowed: list[str], fallback: str) -> str:
    return value if value in allowed else fallback


def _load_episode(person: Person, episode: census.CensusEpisode, team: Team, user: User) -> bool:
    """Load one episode; False when the child already has an episode from that referral."""
    if Episode.objects.filter(person=person, referral_date=episode.referral_date).exists():
        return False
    stage = _stage_of(episode)
    closed = stage == EpisodeStage.CLOSED
    if not closed and Episode.objects.filter(person=person, closed_on__isnull=True).exists():
        # Two open episodes for one child cannot both be open here: the earlier one is
        # closed on the day the later referral came (the census would query it too).
        Episode.objects.filter(person=person, closed_on__isnull=True).update(
            stage=EpisodeStage.CLOSED,
            closed_on=episode.referral_date,
            closure_reason=ClosureReason.SERVICES_CEASED,
            closure_note="Closed on import: a later referral opened a new episode.",
        )
    opened_at = dt.datetime.combine(episode.referral_date, dt.time(9), tzinfo=LONDON)
    row = Episode.objects.create(
        person=person,
        stage=stage,
        team=team,
        referral_date=episode.referral_date,
        referral_source=_code(episode.referral_source, ReferralSource.values, "10"),
        primary_need=_code(episode.primary_need, PrimaryNeed.values, ""),
        opened_at=opened_at,
        opened_by=user,
        closed_on=episode.closure_date,
        closure_reason=_code(episode.closure_reason, ClosureReason.values, "RC7") if closed else "",
        closure_note="Imported from the authority's previous census." if closed else "",
    )
    StageChange.objects.create(
        episode=row,
        from_stage="",
        to_stage=stage,
        changed_at=opened_at,
        changed_by=user,
        reason="Imported from the authority's previous Children in Need census.",
    )
    for assessment in episode.assessments:
        still_open = not (assessment.authorised or closed)
        signed_off = assessment.authorised is not None
        if (
            still_open
            and Assessment.objects.filter(
                person=person, kind=AssessmentKind.CHILD_AND_FAMILY, status=AssessmentStatus.OPEN
            ).exists()
        ):
            still_open = False  # one open assessment of a kind per child: the first stays open
        row_assessment = Assessment.objects.create(
            person=person,
            episode=row,
            kind=AssessmentKind.CHILD_AND_FAMILY,
            status=AssessmentStatus.OPEN if still_open else AssessmentStatus.COMPLETED,
            team=team,
            referral_date=episode.referral_date,
            started_on=assessment.started,
            due_on=assessment.started,
            completed_on=assessment.authorised or (episode.closure_date if closed else None),
            authorised_on=assessment.authorised,
            review_state=ReviewState.SIGNED_OFF if signed_off else ReviewState.DRAFT,
        )
        codes = [code for code in assessment.factors if code in AssessmentFactor.values]
        AssessmentFactorIdentified.objects.bulk_create(
            AssessmentFactorIdentified(assessment=row_assessment, code=code)
            for code in dict.fromkeys(codes)
        )
    for enquiry in episode.section47s:
        enquiry_open = not (enquiry.icpc_date or enquiry.icpc_not_required or closed)
        if (
            enquiry_open
            and Assessment.objects.filter(
                person=person, kind=AssessmentKind.SECTION_47, status=AssessmentStatus.OPEN
            ).exists()
        ):
            enquiry_open = False
        Assessment.objects.create(
            person=person,
            episode=row,
            kind=AssessmentKind.SECTION_47,
            status=AssessmentStatus.OPEN if enquiry_open else AssessmentStatus.COMPLETED,
            team=team,
            referral_date=episode.referral_date,
            started_on=enquiry.started,
            due_on=enquiry.icpc_target or enquiry.started,
            completed_on=enquiry.icpc_date,
        )
    for plan in episode.child_in_need_plans:
        ended = plan.ended or (episode.closure_date if closed else None)
        ChildInNeedPlan.objects.create(
            episode=row,
            person=person,
            start_date=plan.started,
            started_by=user,
            end_date=ended,
            end_reason=PlanEndReason.OTHER if ended else "",
            end_note="Imported from the authority's previous census." if ended else "",
        )
    for writer in _writers:
        writer(row, episode, user)
    record_event(
        person,
        kind=EventKind.OTHER,
        occurred_on=episode.referral_date,
        summary="Episode of need imported from the previous Children in Need census",
        recorded_by=user,
        source=row,
    )
    return True
