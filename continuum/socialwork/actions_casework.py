"""Casework on an episode: allocation, transfers, case notes (visits among them), step-down and
closure. The only place that changes these records.

Each action checks the access policy and who may decide (allocation, transfer, step-down and
closure are the team manager's decisions), runs in one transaction, writes the chronology
event (with the record as its source, so the chronology links to it) and the audit row, and
raises `PathwayError` with a plain-English message when the change is not allowed.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.urls import reverse

from continuum.core import clock
from continuum.core.chronology import record_event, source_link
from continuum.core.models import EventKind
from continuum.earlyhelp import actions as earlyhelp_actions
from continuum.earlyhelp.models import EarlyHelpRequest
from continuum.governance.access import audit_change, can
from continuum.governance.rules import Purpose
from continuum.organisation.models import Role, Team, User
from continuum.people import actions as people_actions
from continuum.people.models import Allocation, Person
from continuum.socialwork import pathway
from continuum.socialwork.actions import (
    PathwayError,
    _lock,
    _require_team_manager,
    change_stage,
    open_episode_for,
)
from continuum.socialwork.codes import ClosureReason
from continuum.socialwork.models import Assessment, Episode
from continuum.socialwork.models_casework import (
    CaseNote,
    CaseNoteKind,
    CaseNoteStatus,
    StepDown,
    Transfer,
)

EARLY_HELP_HUB = "early-help-hub"
STRENGTHENING_AND_SUPPORTING_FAMILIES = "strengthening-and-supporting-families"
ASSESSMENT_AND_SUPPORT = "assessment-and-support"


def _words(text: str) -> str:
    return " ".join((text or "").split())


def _require_reason(reason: str, what: str) -> str:
    reason = _words(reason)
    if len(reason.split()) < pathway.MINIMUM_REASON_WORDS:
        raise PathwayError(f"Say why, in a sentence: {what} needs a recorded reason.")
    return reason


# -- Allocation ------------------------------------------------------------------------------------


def allocated_worker(episode: Episode) -> User | None:
    """The named worker of the episode's team allocation, or None while it waits for one."""
    allocation = (
        Allocation.objects.filter(
            person_id=episode.person_id,
            team_id=episode.team_id,
            end_date__isnull=True,
            worker__isnull=False,
        )
        .select_related("worker")
        .first()
    )
    return allocation.worker if allocation else None


def may_be_allocated(worker: User, team: Team) -> bool:
    return (
        worker.is_active
        and worker.team_id == team.pk
        and worker.role in (Role.PRACTITIONER, Role.TEAM_MANAGER)
    )


@transaction.atomic
def allocate_worker(
    episode: Episode, worker: User, *, acting_user: User, reason: str = ""
) -> Allocation:
    """The team manager allocates the episode to a worker in the team, or reallocates it (with
    the reason, which ends the earlier worker's allocation: a change of worker, counted)."""
    episode = _lock(episode)
    if not episode.is_open:
        raise PathwayError("This episode is closed: there is no work to allocate.")
    _require_team_manager(acting_user, episode, "allocate work")
    if not may_be_allocated(worker, episode.team):
        raise PathwayError(f"{worker.get_full_name() or worker} is not a worker in {episode.team}.")
    current = allocated_worker(episode)
    if current is not None:
        if current.pk == worker.pk:
            raise PathwayError(f"{episode.person} is already allocated to {worker}.")
        reason = _require_reason(reason, "a change of worker")
    try:
        return people_actions.allocate(
            episode.person,
            team=episode.team,
            worker=worker,
            acting_user=acting_user,
            reason=_words(reason),
        )
    except people_actions.PeopleError as refused:
        raise PathwayError(str(refused)) from refused


# -- Transfer between teams -----------------------------------------------------------------------


@transaction.atomic
def transfer_episode(
    episode: Episode, to_team: Team, *, handover_note: str, acting_user: User
) -> Transfer:
    """Move the work to another team with a handover note. The old team's allocation ends (a
    change of worker), the new team's opens and waits for its manager to allocate a worker."""
    episode = _lock(episode)
    if not episode.is_open:
        raise PathwayError("This episode is closed: there is no work to transfer.")
    _require_team_manager(acting_user, episode, "transfer the work to another team")
    if to_team.pk == episode.team_id:
        raise PathwayError(f"The work is already with {to_team}.")
    if not to_team.is_active:
        raise PathwayError(f"{to_team} is no longer a team.")
    note = _words(handover_note)
    if len(note.split()) < 5:
        raise PathwayError(
            "Write the handover note: what the new team needs to know, so the family does "
            "not have to tell their story again."
        )
    audit_change(acting_user, episode.person)
    now = clock.now()
    today = clock.today()
    from_team = episode.team
    transfer = Transfer.objects.create(
        episode=episode,
        person=episode.person,
        from_team=from_team,
        to_team=to_team,
        handover_note=note,
        transferred_on=today,
        transferred_at=now,
        transferred_by=acting_user,
    )
    for allocation in Allocation.objects.select_for_update().filter(
        person=episode.person, team=from_team, end_date__isnull=True
    ):
        allocation.end_date = today
        allocation.save(update_fields=["end_date"])
    episode.team = to_team
    episode.save(update_fields=["team"])
    if not Allocation.objects.filter(
        person=episode.person, team=to_team, end_date__isnull=True
    ).exists():
        people_actions.allocate(
            episode.person, team=to_team, worker=None, acting_user=acting_user, start_date=today
        )
    record_event(
        episode.person,
        kind=EventKind.ALLOCATION,
        occurred_on=today,
        summary=f"Transferred from {from_team} to {to_team}",
        detail=note,
        recorded_by=acting_user,
        source=transfer,
    )
    return transfer


# -- Step-down and closure: the team manager's decisions -------------------------------------------

CarriedRecords = Callable[[Episode], list[tuple[str, str]]]
_carried: list[CarriedRecords] = []


def register_carried_records(provider: CarriedRecords) -> None:
    """Plans and other records say what a step-down carries across: (words, address) pairs."""
    if provider not in _carried:
        _carried.append(provider)


def carried_records(episode: Episode) -> list[tuple[str, str]]:
    return [record for provider in _carried for record in provider(episode)]


def step_down_closure_reason(episode: Episode) -> str:
    """After an assessment a step-down closes with RC9; from Child in Need (the plan's
    outcomes met) the statutory support has ended: RC7."""
    if episode.stage == pathway.Stage.ASSESSMENT:
        return ClosureReason.EARLY_HELP
    return ClosureReason.SERVICES_CEASED


@transaction.atomic
def step_down_to_early_help(
    episode: Episode, *, reason: str, acting_user: User
) -> EarlyHelpRequest:
    """The team manager's decision: close the episode and ask the Early Help Hub to agree a
    lead agency, carrying the assessment and plan across as one request so the family does not
    retell its story."""
    _require_team_manager(acting_user, episode, "step the work down to early help")
    if episode.stage not in (pathway.Stage.ASSESSMENT, pathway.Stage.CHILD_IN_NEED):
        raise PathwayError(
            f"A child at {episode.stage_enum.label} steps down to Child in Need first, "
            "not straight to early help."
        )
    reason = _require_reason(reason, "a step-down to early help")
    change = change_stage(
        episode,
        pathway.Stage.CLOSED,
        reason=reason,
        closure_reason=step_down_closure_reason(episode),
        acting_user=acting_user,
    )
    hub = Team.objects.filter(slug=EARLY_HELP_HUB).first()
    if hub is None:
        raise PathwayError("There is no Early Help Hub team to step down to.")
    carried = carried_records(change.episode)
    summary = "Stepped down from children's social care to early help: " + reason
    if carried:
        summary += " Carried across: " + "; ".join(words for words, _ in carried) + "."
    request = earlyhelp_actions.request_early_help(
        change.episode.person, team=hub, acting_user=acting_user, summary=summary
    )
    StepDown.objects.create(
        episode=change.episode,
        early_help_request=request,
        stage_change=change,
        reason=reason,
        decided_by=acting_user,
        decided_at=clock.now(),
    )
    return request


def _assessments_carried(episode: Episode) -> list[tuple[str, str]]:
    found = []
    for assessment in Assessment.objects.filter(episode=episode).order_by("started_on", "pk"):
        link = source_link(f"socialwork.Assessment:{assessment.pk}")
        href = link[0] if link else reverse("casework:episode", args=[episode.pk]) + "#assessments"
        when = assessment.completed_on or assessment.started_on
        found.append((f"{assessment.get_kind_display()} ({when:%-d %B %Y})", href))
    return found


register_carried_records(_assessments_carried)


# -- Case notes ---------------------------------------------------------------------------------------


class StaleCaseNote(PathwayError):
    """The draft was saved from another window since this one opened it."""


CASE_NOTE_FIELDS = ("kind", "occurred_on", "present", "child_seen", "child_seen_alone", "note")

KIND_EVENTS = {
    CaseNoteKind.VISIT: EventKind.VISIT,
    CaseNoteKind.MEETING: EventKind.MEETING,
    CaseNoteKind.PHONE_CALL: EventKind.CONTACT,
    CaseNoteKind.DIRECT_WORK: EventKind.VISIT,
    CaseNoteKind.SUPERVISION: EventKind.OTHER,
}


def _require_record(user: User, person: Person) -> None:
    decision = can(user, Purpose.RECORD, person)
    if not decision.allowed:
        raise PathwayError(f"You cannot record on this child's record: {decision.basis}.")


@transaction.atomic
def start_case_note(person: Person, *, acting_user: User, kind: str = "") -> CaseNote:
    """A new draft case note, in the child's open episode when there is one."""
    _require_record(acting_user, person)
    if kind and kind not in CaseNoteKind.values:
        raise PathwayError("Choose what kind of case note this is.")
    now = clock.now()
    return CaseNote.objects.create(
        person=person,
        episode=open_episode_for(person),
        author=acting_user,
        kind=kind,
        occurred_on=clock.today(),
        created_at=now,
        updated_at=now,
    )


def _own_draft(note: CaseNote, user: User) -> CaseNote:
    note = CaseNote.objects.select_for_update().select_related("person").get(pk=note.pk)
    if note.author_id != user.pk:
        raise PathwayError("Only the person who started this case note can change it.")
    if not note.is_draft:
        raise PathwayError("This case note has been recorded and cannot be changed.")
    _require_record(user, note.person)
    return note


@transaction.atomic
def save_case_note_draft(
    note: CaseNote, values: dict[str, Any], *, expected_version: int | None, acting_user: User
) -> CaseNote:
    """Save what has been typed so far. `values` holds only the fields that passed their
    checks (a failing field does not stop the others saving). A save based on an older version
    than the one stored is refused, so two windows never overwrite each other silently."""
    note = _own_draft(note, acting_user)
    if not expected_version:
        raise PathwayError(
            "This save did not say which version of the note it was based on, so it could "
            "overwrite newer words. It has not been saved."
        )
    if expected_version != note.version:
        raise StaleCaseNote(
            "This note was saved in another window since you opened it. Your words have not "
            "been saved over it."
        )
    fields = [name for name in CASE_NOTE_FIELDS if name in values]
    for name in fields:
        setattr(note, name, values[name])
    if note.child_seen is False and note.child_seen_alone:
        note.child_seen_alone = None
        fields.append("child_seen_alone")
    note.version += 1
    note.updated_at = clock.now()
    note.save(update_fields=[*set(fields), "version", "updated_at"])
    return note


def case_note_problems(note: CaseNote) -> list[tuple[str, str]]:
    """What must be answered before a case note is recorded: (field, message)."""
    found = []
    if not note.kind:
        found.append(("kind", "Choose what kind of case note this is"))
    if note.occurred_on is None:
        found.append(("occurred_on", "Enter the date it happened"))
    elif note.occurred_on > clock.today():
        found.append(("occurred_on", "The date cannot be in the future"))
    if note.kind in (CaseNoteKind.VISIT, CaseNoteKind.DIRECT_WORK) and note.child_seen is None:
        found.append(("child_seen", "Say whether the child was seen"))
    if note.child_seen and note.child_seen_alone is None:
        found.append(("child_seen_alone", "Say whether the child was seen alone"))
    if not note.note.strip():
        found.append(("note", "Write the note"))
    return found


class CaseNoteIncomplete(PathwayError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


def case_note_summary(note: CaseNote) -> str:
    words = note.get_kind_display()
    if note.child_seen_alone:
        words += ": child seen alone"
    elif note.child_seen:
        words += ": child seen"
    elif note.child_seen is False:
        words += ": child not seen"
    return words


@transaction.atomic
def record_case_note(
    note: CaseNote, *, expected_version: int | None, acting_user: User
) -> CaseNote:
    """Record the draft: it joins the chronology (a visit moves the next visit's due date)."""
    note = _own_draft(note, acting_user)
    if expected_version and expected_version != note.version:
        raise StaleCaseNote(
            "This note was saved in another window since you opened it. Nothing has been "
            "recorded; compare the two versions first."
        )
    problems = case_note_problems(note)
    if problems:
        raise CaseNoteIncomplete(problems)
    now = clock.now()
    note.status = CaseNoteStatus.RECORDED
    note.recorded_at = now
    note.updated_at = now
    if note.episode_id is None:
        note.episode = open_episode_for(note.person)
    note.version += 1
    note.save(update_fields=["status", "recorded_at", "updated_at", "episode", "version"])
    record_event(
        note.person,
        kind=KIND_EVENTS[CaseNoteKind(note.kind)],
        occurred_on=note.occurred_on,
        summary=case_note_summary(note),
        detail=note.present and f"Present: {note.present}",
        recorded_by=acting_user,
        source=note,
    )
    audit_change(acting_user, note.person)
    return note


def record_visit(
    person: Person,
    *,
    acting_user: User,
    occurred_on: dt.date,
    child_seen: bool,
    child_seen_alone: bool,
    note: str,
    present: str = "",
    kind: str = CaseNoteKind.VISIT,
) -> CaseNote:
    """A case note in one step (the demo, imports): started, filled in and recorded."""
    with transaction.atomic():
        draft = start_case_note(person, acting_user=acting_user, kind=kind)
        draft = save_case_note_draft(
            draft,
            {
                "occurred_on": occurred_on,
                "child_seen": child_seen,
                "child_seen_alone": child_seen_alone if child_seen else False,
                "note": note,
                "present": present,
            },
            expected_version=draft.version,
            acting_user=acting_user,
        )
        return record_case_note(draft, expected_version=draft.version, acting_user=acting_user)
