"""Everything that changes a Child and Family Assessment's write-up or a Child in Need plan.

Like `socialwork.actions`: each action checks the access policy and who may do it (the team;
the allocated worker submits; the team manager signs off or returns), checks the record's
state, runs in one transaction, writes the chronology event (pointing at the record) and the
audit row, and raises `PathwayError` with a plain-English message when it is not allowed.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from continuum.core import clock
from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.governance.access import audit_change, can
from continuum.governance.rules import Purpose
from continuum.organisation import config
from continuum.organisation.models import Agency, Role, Team, User
from continuum.people.models import Allocation, Person
from continuum.socialwork import actions as pathway_actions
from continuum.socialwork import assessment_rules, rules
from continuum.socialwork.actions import PathwayError
from continuum.socialwork.codes import AssessmentFactor, PrimaryNeed
from continuum.socialwork.models import (
    ActionStatus,
    Assessment,
    AssessmentDecision,
    AssessmentFactorIdentified,
    AssessmentOutcome,
    AssessmentStatus,
    ChildInNeedPlan,
    DecisionKind,
    Episode,
    PlanAction,
    PlanEndReason,
    PlanOutcome,
    PlanReview,
    ReviewState,
)

TEXT_LIMIT = 20_000
"""The longest a written answer may be, in characters (about eight pages)."""

TEXT_FIELDS = (
    "worries",
    "strengths",
    "child_words",
    "child_not_seen_reason",
    "family_view",
    "analysis",
    "support_given",
)
YES_NO_FIELDS = ("child_seen", "child_seen_alone")
CHOICE_FIELDS = {
    "recommended_outcome": AssessmentOutcome,
    "primary_need": PrimaryNeed,
}
CONTENT_FIELDS = (*TEXT_FIELDS, *YES_NO_FIELDS, *CHOICE_FIELDS, "factors")
"""Everything the worker writes, in the order of the page."""

EDITABLE_STATES = (ReviewState.DRAFT, ReviewState.RETURNED)


class StaleAssessmentError(PathwayError):
    """Someone saved the assessment since this page was opened: nothing was saved."""


class AssessmentVersionMissing(StaleAssessmentError):
    """The save did not say which version it was based on: treated like a stale save, so
    nothing is overwritten and the page shows both versions."""


class AssessmentIncomplete(PathwayError):
    """The assessment cannot go to the team manager yet; `problems` says what is missing."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(
            "The assessment is not ready to submit: " + "; ".join(m for _, m in problems)
        )
        self.problems = problems


# -- Who may do what ------------------------------------------------------------------------------


def _is_admin(user: User) -> bool:
    return user.role == Role.ADMINISTRATOR or user.is_superuser


def _require_team(user: User, team: Team, person: Person) -> None:
    """The team doing the work writes it (an administrator may too)."""
    if not _is_admin(user) and (user.role == Role.PARTNER or user.team_id != team.pk):
        raise PathwayError(f"Only the {team} team can record this.")
    decision = can(user, Purpose.RECORD, person)
    if not decision.allowed:
        raise PathwayError(f"You cannot record on this child's record: {decision.basis}.")


def _require_manager(user: User, team: Team, person: Person, what: str) -> None:
    _require_team(user, team, person)
    if user.role != Role.TEAM_MANAGER and not _is_admin(user):
        raise PathwayError(f"Only the team manager can {what}.")


def allocated_worker(assessment: Assessment) -> User | None:
    """The worker the assessment is allocated to: named on it, or the child's allocated worker
    in the assessment's team."""
    if assessment.worker_id:
        return assessment.worker
    allocation = (
        Allocation.objects.filter(
            person_id=assessment.person_id,
            team_id=assessment.team_id,
            end_date__isnull=True,
            worker__isnull=False,
        )
        .select_related("worker")
        .order_by("-start_date", "-pk")
        .first()
    )
    return allocation.worker if allocation else None


def may_edit(user: User, assessment: Assessment) -> bool:
    return (
        assessment.review_state in EDITABLE_STATES
        and assessment.status == AssessmentStatus.OPEN
        and (_is_admin(user) or (user.team_id == assessment.team_id and user.role != Role.PARTNER))
    )


def may_decide(user: User, assessment: Assessment) -> bool:
    return assessment.review_state == ReviewState.SUBMITTED and (
        _is_admin(user) or (user.role == Role.TEAM_MANAGER and user.team_id == assessment.team_id)
    )


def _lock_assessment(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("person", "team", "episode")
        .get(pk=assessment.pk)
    )


# -- The write-up: drafts that save as you type ----------------------------------------------------


def content_of(assessment: Assessment) -> dict[str, Any]:
    """The assessment's content as plain values (what the rules and the compare page read)."""
    content: dict[str, Any] = {f: getattr(assessment, f) for f in CONTENT_FIELDS if f != "factors"}
    content["factors"] = sorted(
        AssessmentFactorIdentified.objects.filter(assessment=assessment).values_list(
            "code", flat=True
        )
    )
    return content


def clean_field(field: str, raw: Any) -> tuple[Any, str | None]:
    """One field's value from what the page sent, or the problem with it. Each field stands
    alone, so a bad one never stops the others being saved."""
    if field in TEXT_FIELDS:
        text = str(raw or "").replace("\r\n", "\n")
        if len(text) > TEXT_LIMIT:
            return None, f"This answer is longer than {TEXT_LIMIT:,} characters: shorten it"
        return text, None
    if field in YES_NO_FIELDS:
        answer = {"yes": True, "no": False, "": None, None: None, True: True, False: False}
        if raw not in answer:
            return None, "Answer yes or no"
        return answer[raw], None
    if field in CHOICE_FIELDS:
        if raw in ("", None):
            return "", None
        if raw not in CHOICE_FIELDS[field].values:
            return None, "Choose one of the listed answers"
        return raw, None
    if field == "factors":
        codes = [raw] if isinstance(raw, str) else list(raw or [])
        unknown = [c for c in codes if c not in AssessmentFactor.values]
        if unknown:
            return None, "Choose factors from the list"
        return sorted(set(codes)), None
    raise KeyError(field)


@dataclass
class SaveResult:
    assessment: Assessment
    problems: dict[str, str]
    """Fields that could not be saved, with why; every other field sent was saved."""


@transaction.atomic
def save_assessment_draft(
    assessment: Assessment,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
    acting_user: User,
) -> SaveResult:
    """Save what the worker has written. Only fields present in `changes` are touched; a field
    whose value is not acceptable is left as it was and reported, the rest are saved. A save
    based on an older version than the one stored is refused whole (StaleAssessmentError)."""
    assessment = _lock_assessment(assessment)
    _require_team(acting_user, assessment.team, assessment.person)
    if not may_edit(acting_user, assessment):
        raise PathwayError(
            "This assessment is with the team manager or signed off: it cannot be changed now."
        )
    if expected_version is None:
        raise AssessmentVersionMissing(
            "Not saved: the page did not say which version of the assessment it holds."
        )
    if expected_version != assessment.version:
        raise StaleAssessmentError(
            "Not saved: someone saved this assessment in another window since you opened it."
        )
    problems: dict[str, str] = {}
    fields: list[str] = []
    for field in CONTENT_FIELDS:
        if field not in changes:
            continue
        value, problem = clean_field(field, changes[field])
        if problem:
            problems[field] = problem
        elif field == "factors":
            _set_factors(assessment, value)
        else:
            setattr(assessment, field, value)
            fields.append(field)
    assessment.version += 1
    assessment.save(update_fields=[*fields, "version"])
    audit_change(acting_user, assessment.person)
    return SaveResult(assessment, problems)


def _set_factors(assessment: Assessment, codes: Iterable[str]) -> None:
    wanted = set(codes)
    AssessmentFactorIdentified.objects.filter(assessment=assessment).exclude(
        code__in=wanted
    ).delete()
    have = set(
        AssessmentFactorIdentified.objects.filter(assessment=assessment).values_list(
            "code", flat=True
        )
    )
    AssessmentFactorIdentified.objects.bulk_create(
        AssessmentFactorIdentified(assessment=assessment, code=code)
        for code in sorted(wanted - have)
    )


# -- Submission, return and sign-off -------------------------------------------------------------


@transaction.atomic
def submit_assessment(assessment: Assessment, *, acting_user: User) -> Assessment:
    """The allocated worker sends the assessment to the team manager."""
    assessment = _lock_assessment(assessment)
    _require_team(acting_user, assessment.team, assessment.person)
    if assessment.review_state not in EDITABLE_STATES:
        raise PathwayError("This assessment has already been submitted.")
    worker = allocated_worker(assessment)
    if worker is None:
        raise PathwayError("Allocate a worker first: the allocated worker submits the assessment.")
    if worker.pk != acting_user.pk and not _is_admin(acting_user):
        raise PathwayError(f"Only the allocated worker, {worker}, can submit this assessment.")
    problems = assessment_rules.missing_for_submission(content_of(assessment))
    if problems:
        raise AssessmentIncomplete(problems)
    resubmitted = assessment.review_state == ReviewState.RETURNED
    assessment.review_state = ReviewState.SUBMITTED
    assessment.submitted_at = clock.now()
    assessment.submitted_by = acting_user
    assessment.version += 1
    assessment.save(update_fields=["review_state", "submitted_at", "submitted_by", "version"])
    record_event(
        assessment.person,
        kind=EventKind.ASSESSMENT,
        occurred_on=clock.today(),
        summary=(
            f"{assessment.get_kind_display()} {'resubmitted' if resubmitted else 'submitted'} "
            "to the team manager"
        ),
        recorded_by=acting_user,
        source=assessment,
    )
    audit_change(acting_user, assessment.person)
    return assessment


@transaction.atomic
def return_assessment(assessment: Assessment, *, comments: str, acting_user: User) -> Assessment:
    """The team manager sends the assessment back to the worker, saying what it needs."""
    assessment = _lock_assessment(assessment)
    _require_manager(acting_user, assessment.team, assessment.person, "return an assessment")
    if assessment.review_state != ReviewState.SUBMITTED:
        raise PathwayError("Only a submitted assessment can be returned.")
    comments = comments.strip()
    if not comments:
        raise PathwayError("Say what the assessment needs: the worker sees your comments.")
    AssessmentDecision.objects.create(
        assessment=assessment,
        kind=DecisionKind.RETURNED,
        comments=comments,
        decided_at=clock.now(),
        decided_by=acting_user,
    )
    assessment.review_state = ReviewState.RETURNED
    assessment.version += 1
    assessment.save(update_fields=["review_state", "version"])
    record_event(
        assessment.person,
        kind=EventKind.ASSESSMENT,
        occurred_on=clock.today(),
        summary=f"{assessment.get_kind_display()} returned to the worker by the team manager",
        detail=comments,
        recorded_by=acting_user,
        source=assessment,
    )
    audit_change(acting_user, assessment.person)
    return assessment


@transaction.atomic
def sign_off_assessment(
    assessment: Assessment, *, acting_user: User, outcome: str = "", comments: str = ""
) -> Assessment:
    """The team manager's decision: the assessment is complete, with its outcome. The episode
    takes the assessment's primary need, and the outcome opens the pathway's next move."""
    assessment = _lock_assessment(assessment)
    _require_manager(acting_user, assessment.team, assessment.person, "sign off an assessment")
    if assessment.review_state != ReviewState.SUBMITTED:
        raise PathwayError("Only a submitted assessment can be signed off.")
    outcome = outcome or assessment.recommended_outcome
    if outcome not in AssessmentOutcome.values:
        raise PathwayError("Choose the assessment's outcome.")
    today = clock.today()
    AssessmentDecision.objects.create(
        assessment=assessment,
        kind=DecisionKind.SIGNED_OFF,
        comments=comments.strip(),
        decided_at=clock.now(),
        decided_by=acting_user,
    )
    assessment.review_state = ReviewState.SIGNED_OFF
    assessment.status = AssessmentStatus.COMPLETED
    assessment.outcome = outcome
    assessment.completed_on = clock.localtime(assessment.submitted_at).date()
    assessment.authorised_on = today
    assessment.signed_off_by = acting_user
    assessment.version += 1
    assessment.save(
        update_fields=[
            "review_state",
            "status",
            "outcome",
            "completed_on",
            "authorised_on",
            "signed_off_by",
            "version",
        ]
    )
    if assessment.episode_id and assessment.primary_need:
        Episode.objects.filter(pk=assessment.episode_id).update(
            primary_need=assessment.primary_need
        )
    record_event(
        assessment.person,
        kind=EventKind.ASSESSMENT,
        occurred_on=today,
        summary=(
            f"{assessment.get_kind_display()} signed off by the team manager: "
            f"{AssessmentOutcome(outcome).label}"
        ),
        detail=comments.strip(),
        recorded_by=acting_user,
        source=assessment,
    )
    audit_change(acting_user, assessment.person)
    return assessment


# -- Child in Need plans ----------------------------------------------------------------------


def open_child_in_need_plan(episode: Episode) -> ChildInNeedPlan | None:
    return ChildInNeedPlan.objects.filter(episode=episode, end_date__isnull=True).first()


def has_open_child_in_need_plan(episode: Episode) -> bool:
    """What the pathway's guards ask ("close only with no plan open")."""
    return ChildInNeedPlan.objects.filter(episode=episode, end_date__isnull=True).exists()


def next_review_due(plan: ChildInNeedPlan) -> dt.date:
    """The plan's next review: the configured months after the last review, or the start."""
    last = plan.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    return rules.next_review_due(
        plan.start_date, last, config.timescale("child_in_need_review_months")
    )


def _lock_plan(plan: ChildInNeedPlan) -> ChildInNeedPlan:
    return (
        ChildInNeedPlan.objects.select_for_update(of=("self",))
        .select_related("person", "episode", "episode__team")
        .get(pk=plan.pk)
    )


def _require_open_plan(plan: ChildInNeedPlan, user: User) -> None:
    _require_team(user, plan.episode.team, plan.person)
    if not plan.is_open:
        raise PathwayError("This plan has ended: it cannot be changed.")


@transaction.atomic
def start_child_in_need_plan(
    episode: Episode,
    *,
    outcomes: Iterable[str],
    acting_user: User,
    start_date: dt.date | None = None,
) -> ChildInNeedPlan:
    """Start the plan made with the family. The pathway decides whether it may start (the
    signed-off assessment must recommend it), and the child moves to Child in Need."""
    words = [" ".join(o.split()) for o in outcomes]
    words = [w for w in words if w]
    if not words:
        raise PathwayError("Write at least one outcome, in the family's words.")
    start_date = start_date or clock.today()
    if start_date > clock.today():
        raise PathwayError("A plan cannot start in the future.")
    assessment = (
        Assessment.objects.filter(episode=episode, status=AssessmentStatus.COMPLETED)
        .order_by("-completed_on", "-pk")
        .first()
    )
    pathway_actions.change_stage(
        episode,
        "child_in_need",
        reason="Child in Need plan agreed with the family",
        acting_user=acting_user,
        on=start_date,
    )
    plan = ChildInNeedPlan.objects.create(
        episode=episode,
        person=episode.person,
        assessment=assessment,
        start_date=start_date,
        started_by=acting_user,
    )
    PlanOutcome.objects.bulk_create(PlanOutcome(plan=plan, words=w) for w in words)
    record_event(
        episode.person,
        kind=EventKind.PLAN,
        occurred_on=start_date,
        summary=f"Child in Need plan started with {len(words)} outcome{'s' if len(words) != 1 else ''}",
        recorded_by=acting_user,
        source=plan,
    )
    audit_change(acting_user, episode.person)
    return plan


@transaction.atomic
def add_plan_action(
    plan: ChildInNeedPlan,
    *,
    what: str,
    owner: str,
    due_on: dt.date,
    acting_user: User,
    agency: Agency | None = None,
) -> PlanAction:
    """Who will do what by when. The owner is anyone: a family member or an agency."""
    plan = _lock_plan(plan)
    _require_open_plan(plan, acting_user)
    what, owner = " ".join(what.split()), " ".join(owner.split())
    if not what or not owner:
        raise PathwayError("Say what will be done and who will do it.")
    action = PlanAction.objects.create(
        plan=plan, what=what, owner=owner, agency=agency, due_on=due_on
    )
    record_event(
        plan.person,
        kind=EventKind.PLAN,
        occurred_on=clock.today(),
        summary=f"Child in Need plan action for {owner}, due {due_on:%-d %B %Y}",
        detail=what,
        recorded_by=acting_user,
        source=plan,
    )
    audit_change(acting_user, plan.person)
    return action


@transaction.atomic
def set_action_status(action: PlanAction, status: str, *, acting_user: User) -> PlanAction:
    plan = _lock_plan(action.plan)
    _require_open_plan(plan, acting_user)
    if status not in ActionStatus.values:
        raise PathwayError("Choose one of the listed statuses.")
    action.status = status
    action.save(update_fields=["status"])
    audit_change(acting_user, plan.person)
    return action


@transaction.atomic
def set_outcome_met(outcome: PlanOutcome, met: bool, *, acting_user: User) -> PlanOutcome:
    """Record an outcome as met (or not met after all)."""
    plan = _lock_plan(outcome.plan)
    _require_open_plan(plan, acting_user)
    outcome.met_on = clock.today() if met else None
    outcome.save(update_fields=["met_on"])
    if met:
        record_event(
            plan.person,
            kind=EventKind.PLAN,
            occurred_on=clock.today(),
            summary="Child in Need plan outcome met",
            detail=outcome.words,
            recorded_by=acting_user,
            source=plan,
        )
    audit_change(acting_user, plan.person)
    return outcome


@transaction.atomic
def record_plan_review(
    plan: ChildInNeedPlan,
    *,
    held_on: dt.date,
    attendance: str,
    family_view: str,
    child_view: str,
    notes: str = "",
    acting_user: User,
) -> PlanReview:
    """A review meeting: who came, the family's and the child's views; the next review is
    due the configured months later."""
    plan = _lock_plan(plan)
    _require_open_plan(plan, acting_user)
    if held_on > clock.today():
        raise PathwayError("Record a review once it has been held.")
    if held_on < plan.start_date:
        raise PathwayError("A review cannot be held before the plan started.")
    missing = [
        label
        for label, value in (
            ("who attended", attendance),
            ("the family's view", family_view),
            ("the child's view", child_view),
        )
        if not value.strip()
    ]
    if missing:
        raise PathwayError("Record " + ", ".join(missing) + ".")
    review = PlanReview.objects.create(
        plan=plan,
        held_on=held_on,
        attendance=attendance.strip(),
        family_view=family_view.strip(),
        child_view=child_view.strip(),
        notes=notes.strip(),
        next_review_on=rules.next_review_due(
            held_on, None, config.timescale("child_in_need_review_months")
        ),
        recorded_by=acting_user,
        recorded_at=clock.now(),
    )
    record_event(
        plan.person,
        kind=EventKind.MEETING,
        occurred_on=held_on,
        summary=(f"Child in Need review held; next review due {review.next_review_on:%-d %B %Y}"),
        recorded_by=acting_user,
        source=review,
    )
    audit_change(acting_user, plan.person)
    return review


@transaction.atomic
def end_child_in_need_plan(
    plan: ChildInNeedPlan,
    *,
    reason: str,
    note: str = "",
    acting_user: User,
    on: dt.date | None = None,
) -> ChildInNeedPlan:
    """End the plan with its reason. Closing or stepping down the episode is a separate
    decision, the team manager's."""
    plan = _lock_plan(plan)
    _require_open_plan(plan, acting_user)
    if reason not in PlanEndReason.values:
        raise PathwayError("Choose the reason the plan ends.")
    on = on or clock.today()
    if on < plan.start_date or on > clock.today():
        raise PathwayError("The plan ends between its start and today.")
    plan.end_date = on
    plan.end_reason = reason
    plan.end_note = note.strip()
    plan.ended_by = acting_user
    plan.save(update_fields=["end_date", "end_reason", "end_note", "ended_by"])
    record_event(
        plan.person,
        kind=EventKind.PLAN,
        occurred_on=on,
        summary=f"Child in Need plan ended: {PlanEndReason(reason).label}",
        detail=plan.end_note,
        recorded_by=acting_user,
        source=plan,
    )
    audit_change(acting_user, plan.person)
    return plan
