"""Everything that changes early help records. The only place that does.

Each action checks who may do it (the Early Help Hub agrees the lead agency; the lead
practitioner and the Team Around the Family write the assessment and plan, as the one access
policy's `Purpose.EARLY_HELP` says), checks the current status, runs in one transaction, writes
a chronology event whose `source` is the record, audits, and raises `EarlyHelpError` with a
plain-English message when the step is not allowed.

The chronology says only that early help is happening and who leads it: what the assessment
and plan hold is not shared with social care until a step up shares it."""

import datetime as dt

from django.db import transaction

from continuum.core import clock
from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.earlyhelp import rules
from continuum.earlyhelp.models import (
    ASSESSMENT_FIELDS,
    ActionStatus,
    AssessmentStatus,
    EarlyHelpAssessment,
    EarlyHelpEpisode,
    EarlyHelpRequest,
    EarlyHelpRequestStatus,
    EpisodeOutcome,
    FamilyTogetherMeeting,
    Goal,
    GoalRating,
    MeetingStatus,
    PlanAction,
    PlanReview,
    RapidResponse,
    RequestSource,
    TeamAroundFamilyMember,
)
from continuum.governance.access import EARLY_HELP_HUB_SLUG, audit_change, can
from continuum.governance.models import AuditAction
from continuum.governance.rules import EarlyHelpStanding, Purpose
from continuum.organisation import config
from continuum.organisation.models import Agency, Role, Team, User
from continuum.people import actions as people_actions
from continuum.people.models import Allocation, Person


class EarlyHelpError(Exception):
    """A step early help does not allow; the message says why."""


class StaleAssessmentError(EarlyHelpError):
    """The assessment was saved elsewhere since this page loaded."""


class AssessmentProblems(EarlyHelpError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(m for _, m in problems))
        self.problems = problems


# -- Who is who ---------------------------------------------------------------------------------


def in_early_help_hub(user: User) -> bool:
    """The Early Help Hub's coordinators and its manager."""
    return (
        user.role != Role.PARTNER
        and user.team is not None
        and user.team.slug == EARLY_HELP_HUB_SLUG
    )


def standing(user: User, person: Person) -> EarlyHelpStanding:
    """Registered with the access policy (apps.py): does this user lead, or belong to the Team
    Around the Family of, this child's early help (open or past: their own work stays theirs),
    and has it been shared with social care by a step up? The practitioners of a stepped-up
    episode stay on the record ("the people who have been working with me won't just
    disappear")."""
    episodes = list(EarlyHelpEpisode.objects.filter(person=person))
    ids = [e.pk for e in episodes]
    return EarlyHelpStanding(
        leads=any(e.lead_practitioner_id == user.pk for e in episodes),
        member=bool(ids)
        and (
            TeamAroundFamilyMember.objects.filter(
                episode_id__in=ids, user=user, left_on__isnull=True
            ).exists()
            # The Families Together coordinator, once a Family Together Meeting is asked for.
            or (
                in_families_together(user)
                and FamilyTogetherMeeting.objects.filter(episode_id__in=ids).exists()
            )
        ),
        shared=any(e.shared_with_social_care_on for e in episodes),
    )


FAMILIES_TOGETHER_SLUG = "families-together"


def in_families_together(user: User) -> bool:
    return (
        user.role != Role.PARTNER
        and user.team is not None
        and user.team.slug == FAMILIES_TOGETHER_SLUG
    )


def _require_hub(user: User) -> None:
    if not in_early_help_hub(user):
        raise EarlyHelpError("Only the Early Help Hub agrees who leads early help.")


def _require_early_help(user: User, person: Person) -> None:
    decision = can(user, Purpose.EARLY_HELP, person)
    if not decision.allowed:
        raise EarlyHelpError(f"You cannot work on this family's early help: {decision.basis}.")


def _require_lead_or_hub(user: User, episode: EarlyHelpEpisode, what: str) -> None:
    if episode.lead_practitioner_id == user.pk or in_early_help_hub(user):
        _require_early_help(user, episode.person)
        return
    raise EarlyHelpError(f"Only the lead practitioner or the Early Help Hub can {what}.")


def _require_open(episode: EarlyHelpEpisode) -> None:
    if not episode.is_open:
        raise EarlyHelpError(
            f"This early help closed on {episode.closed_on:%-d %B %Y} "
            f"({episode.get_outcome_display().lower()})."
        )


def _audit(user: User, person: Person) -> None:
    audit_change(user, person, action=AuditAction.CHANGE, purpose=Purpose.EARLY_HELP)


def _lock(episode: EarlyHelpEpisode) -> EarlyHelpEpisode:
    return (
        EarlyHelpEpisode.objects.select_for_update(of=("self",))
        .select_related("person", "lead_agency", "lead_practitioner")
        .get(pk=episode.pk)
    )


def early_help_hub_team() -> Team | None:
    return Team.objects.filter(slug=EARLY_HELP_HUB_SLUG).first()


# -- 1. The Early Help Hub ---------------------------------------------------------------------


@transaction.atomic
def request_early_help(
    person: Person,
    *,
    team: Team,
    acting_user: User,
    contact=None,  # noqa: ANN001 - frontdoor.Contact; earlyhelp does not import frontdoor
    requested_on: dt.date | None = None,
    summary: str = "Early help requested: the Early Help Hub agrees which agency leads",
    source: str | None = None,
) -> EarlyHelpRequest:
    """Ask the Early Help Hub to agree a lead agency for a child's family: from the Hub's
    decision (with its contact), from social care's step down (the summary carries the social
    work assessment and plan), or directly from a partner agency. A child already waiting for
    a lead agency keeps that request; nothing is asked twice."""
    waiting = EarlyHelpRequest.objects.filter(
        person=person, status=EarlyHelpRequestStatus.AWAITING_LEAD
    ).first()
    if waiting is not None:
        return waiting
    if source is None:
        if contact is not None:
            source = RequestSource.HUB_DECISION
        elif acting_user.role == Role.PARTNER:
            source = RequestSource.PARTNER
        else:
            source = RequestSource.STEP_DOWN
    request = EarlyHelpRequest.objects.create(
        person=person,
        team=team,
        contact=contact,
        requested_on=requested_on or clock.today(),
        source=source,
        requested_by=acting_user,
        summary=summary,
    )
    if not Allocation.objects.filter(person=person, team=team, end_date__isnull=True).exists():
        people_actions.allocate(person, team=team, worker=None, acting_user=acting_user)
    first_line = summary.strip().splitlines()[0] if summary.strip() else ""
    record_event(
        person,
        kind=EventKind.OTHER,
        occurred_on=request.requested_on,
        summary=first_line
        or f"Early help requested ({request.get_source_display()}): the Early Help Hub "
        "agrees which agency leads",
        recorded_by=acting_user,
        source=request,
    )
    return request


@transaction.atomic
def request_early_help_from_partner(
    person: Person, *, acting_user: User, worry: str
) -> EarlyHelpRequest:
    """A partner agency asks the Early Help Hub directly, for a family it already works with
    in early help (a brother or sister, a new worry). Other families come through a Request for
    Support."""
    if acting_user.role != Role.PARTNER:
        raise EarlyHelpError("This is how a partner agency asks the Early Help Hub directly.")
    _require_early_help(acting_user, person)
    if not " ".join(worry.split()):
        raise EarlyHelpError("Say what the family needs help with.")
    team = early_help_hub_team()
    if team is None:
        raise EarlyHelpError("There is no Early Help Hub team configured.")
    return request_early_help(
        person,
        team=team,
        acting_user=acting_user,
        summary=f"Early help requested by {acting_user.agency}\n{worry.strip()}",
        source=RequestSource.PARTNER,
    )


def _lock_request(request: EarlyHelpRequest) -> EarlyHelpRequest:
    request = (
        EarlyHelpRequest.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=request.pk)
    )
    if request.status != EarlyHelpRequestStatus.AWAITING_LEAD:
        raise EarlyHelpError(f"This request has been dealt with: {request.get_status_display()}.")
    return request


@transaction.atomic
def agree_lead_agency(
    request: EarlyHelpRequest,
    *,
    lead_agency: Agency,
    agency_accepted_by: str,
    consent_given_by: str,
    acting_user: User,
    lead_practitioner: User | None = None,
    agreed_on: dt.date | None = None,
) -> EarlyHelpEpisode:
    """The Early Help Hub coordinator agrees which agency leads, recording who at the agency
    accepted and who in the family consented. Early help is voluntary: without the family's
    consent nothing opens (record the family declining instead)."""
    _require_hub(acting_user)
    request = _lock_request(request)
    if not lead_agency.is_active:
        raise EarlyHelpError(f"{lead_agency} is no longer active.")
    problems = []
    if not agency_accepted_by.strip():
        problems.append(("agency_accepted_by", f"Say who at {lead_agency} agreed to lead"))
    if not consent_given_by.strip():
        problems.append(
            (
                "consent_given_by",
                "Say who in the family consented: early help goes ahead only with their agreement",
            )
        )
    if lead_practitioner is not None and lead_practitioner.agency_id != lead_agency.pk:
        problems.append(("lead_practitioner", f"The lead practitioner must work for {lead_agency}"))
    if problems:
        raise AssessmentProblems(problems)
    if EarlyHelpEpisode.objects.filter(person=request.person, closed_on__isnull=True).exists():
        raise EarlyHelpError(f"{request.person} already has early help open.")
    day = agreed_on or clock.today()
    episode = EarlyHelpEpisode.objects.create(
        person=request.person,
        request=request,
        lead_agency=lead_agency,
        lead_practitioner=lead_practitioner,
        agency_accepted_on=day,
        agency_accepted_by=agency_accepted_by.strip(),
        family_consented_on=day,
        consent_given_by=consent_given_by.strip(),
        agreed_by=acting_user,
        opened_on=day,
    )
    if lead_practitioner is not None:
        TeamAroundFamilyMember.objects.create(
            episode=episode,
            user=lead_practitioner,
            name=str(lead_practitioner),
            agency=lead_agency,
            role=lead_practitioner.job_title or "Lead practitioner",
            joined_on=day,
        )
    request.status = EarlyHelpRequestStatus.LEAD_AGREED
    request.lead_agency = lead_agency
    request.save(update_fields=["status", "lead_agency"])
    lead = f"{lead_practitioner} at {lead_agency}" if lead_practitioner else str(lead_agency)
    record_event(
        request.person,
        kind=EventKind.PLAN,
        occurred_on=day,
        summary=f"Early help: {lead} leads, with the family's agreement",
        recorded_by=acting_user,
        source=episode,
    )
    audit_change(acting_user, request.person, purpose=Purpose.EARLY_HELP)
    return episode


@transaction.atomic
def record_family_declined(
    request: EarlyHelpRequest, *, acting_user: User, detail: str = ""
) -> EarlyHelpEpisode:
    """ "If my family don't want to engage ... this is respected and unless the risk factors
    are sufficient to indicate risk of significant harm, nothing more will happen." The
    episode closes with the reason; nothing is escalated."""
    _require_hub(acting_user)
    request = _lock_request(request)
    if EarlyHelpEpisode.objects.filter(person=request.person, closed_on__isnull=True).exists():
        raise EarlyHelpError(f"{request.person} already has early help open.")
    day = clock.today()
    episode = EarlyHelpEpisode.objects.create(
        person=request.person,
        request=request,
        agreed_by=acting_user,
        opened_on=day,
        closed_on=day,
        outcome=EpisodeOutcome.FAMILY_DECLINED,
        outcome_detail=detail.strip(),
    )
    request.status = EarlyHelpRequestStatus.FAMILY_DECLINED
    request.save(update_fields=["status"])
    record_event(
        request.person,
        kind=EventKind.CLOSURE,
        occurred_on=day,
        summary="Early help: the family declined; that is respected and nothing is escalated",
        recorded_by=acting_user,
        source=episode,
    )
    audit_change(acting_user, request.person, purpose=Purpose.EARLY_HELP)
    return episode


@transaction.atomic
def name_lead_practitioner(
    episode: EarlyHelpEpisode, lead_practitioner: User, *, acting_user: User
) -> EarlyHelpEpisode:
    """The lead agency names (or changes) its lead practitioner."""
    episode = _lock(episode)
    _require_open(episode)
    same_agency = acting_user.agency_id == episode.lead_agency_id
    if not (in_early_help_hub(acting_user) or (same_agency and acting_user.role == Role.PARTNER)):
        raise EarlyHelpError("Only the lead agency or the Early Help Hub names the lead.")
    if lead_practitioner.agency_id != episode.lead_agency_id:
        raise EarlyHelpError(f"The lead practitioner must work for {episode.lead_agency}.")
    episode.lead_practitioner = lead_practitioner
    episode.save(update_fields=["lead_practitioner"])
    if not episode.members.filter(user=lead_practitioner, left_on__isnull=True).exists():
        TeamAroundFamilyMember.objects.create(
            episode=episode,
            user=lead_practitioner,
            name=str(lead_practitioner),
            agency=episode.lead_agency,
            role=lead_practitioner.job_title or "Lead practitioner",
            joined_on=clock.today(),
        )
    record_event(
        episode.person,
        kind=EventKind.ALLOCATION,
        occurred_on=clock.today(),
        summary=f"Early help: {lead_practitioner} ({episode.lead_agency}) is the lead practitioner",
        recorded_by=acting_user,
        source=episode,
    )
    _audit(acting_user, episode.person)
    return episode


# -- 2. The Early Help Assessment --------------------------------------------------------------


def assessment_for(episode: EarlyHelpEpisode) -> EarlyHelpAssessment | None:
    return EarlyHelpAssessment.objects.filter(episode=episode).first()


@transaction.atomic
def save_assessment_draft(
    episode: EarlyHelpEpisode,
    values: dict[str, str],
    *,
    acting_user: User,
    expected_version: int | None,
) -> tuple[EarlyHelpAssessment, list[tuple[str, str]]]:
    """Save what has been typed. A save says which version it was based on; if someone saved
    in between, nothing is saved (StaleAssessmentError) so the page can show both. A field
    that cannot be saved (too long) does not stop the others: its problem is returned."""
    episode = _lock(episode)
    _require_open(episode)
    _require_early_help(acting_user, episode.person)
    assessment = EarlyHelpAssessment.objects.select_for_update().filter(episode=episode).first()
    created = assessment is None
    if assessment is None:
        assessment = EarlyHelpAssessment(episode=episode, started_on=clock.today())
    else:
        if assessment.status != AssessmentStatus.DRAFT:
            raise EarlyHelpError("The assessment has been completed and cannot be changed.")
        if expected_version is None:
            raise EarlyHelpError(
                "This save did not say which version of the assessment it was based on, so it "
                "could overwrite someone else's work. It has not been saved."
            )
        if expected_version != assessment.version:
            raise StaleAssessmentError(
                "Someone saved this assessment in another window since you opened it. Your "
                "answers have not been saved over theirs."
            )
        assessment.version += 1
    problems = []
    for name in ASSESSMENT_FIELDS:
        if name not in values:
            continue
        value = values[name] or ""
        problem = rules.field_problem(name, value)
        if problem:
            problems.append((name, problem))
            continue
        setattr(assessment, name, value)
    assessment.save()
    if created:
        record_event(
            episode.person,
            kind=EventKind.ASSESSMENT,
            occurred_on=assessment.started_on,
            summary="Early Help Assessment started",
            recorded_by=acting_user,
            source=assessment,
        )
    _audit(acting_user, episode.person)
    return assessment, problems


@transaction.atomic
def complete_assessment(episode: EarlyHelpEpisode, *, acting_user: User) -> EarlyHelpAssessment:
    """The lead practitioner completes the assessment with the family. Its goals, in the
    family's words, become the plan's goals, rated at every review."""
    episode = _lock(episode)
    _require_open(episode)
    _require_lead_or_hub(acting_user, episode, "complete the assessment")
    assessment = EarlyHelpAssessment.objects.select_for_update().filter(episode=episode).first()
    if assessment is None:
        raise AssessmentProblems(rules.completion_problems({}))
    if assessment.status == AssessmentStatus.COMPLETED:
        raise EarlyHelpError("The assessment has already been completed.")
    problems = rules.completion_problems(
        {name: getattr(assessment, name) for name in ASSESSMENT_FIELDS}
    )
    if problems:
        raise AssessmentProblems(problems)
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_on = clock.today()
    assessment.completed_by = acting_user
    assessment.save(update_fields=["status", "completed_on", "completed_by", "updated_at"])
    start = episode.goals.count()
    Goal.objects.bulk_create(
        Goal(episode=episode, wording=wording[: rules.MAX_GOAL], position=start + n + 1)
        for n, wording in enumerate(rules.goals_from(assessment.goals))
    )
    record_event(
        episode.person,
        kind=EventKind.ASSESSMENT,
        occurred_on=assessment.completed_on,
        summary="Early Help Assessment completed with the family",
        recorded_by=acting_user,
        source=assessment,
    )
    _audit(acting_user, episode.person)
    return assessment


# -- 3. The Team Around the Family plan --------------------------------------------------------


@transaction.atomic
def add_member(
    episode: EarlyHelpEpisode,
    *,
    name: str,
    role: str,
    acting_user: User,
    user: User | None = None,
    agency: Agency | None = None,
    is_family: bool = False,
) -> TeamAroundFamilyMember:
    """Add someone to the Team Around the Family: the family first, then practitioners from
    the agencies working with them. A practitioner added with their user account can then
    read and write the assessment and plan."""
    episode = _lock(episode)
    _require_open(episode)
    _require_early_help(acting_user, episode.person)
    if user is not None:
        name = name.strip() or str(user)
        agency = agency or user.agency
        if episode.members.filter(user=user, left_on__isnull=True).exists():
            raise EarlyHelpError(f"{user} is already in the Team Around the Family.")
    if not name.strip() or not role.strip():
        raise AssessmentProblems(
            [
                (f, m)
                for f, m in (("name", "Enter their name"), ("role", "Say who they are"))
                if not (name if f == "name" else role).strip()
            ]
        )
    member = TeamAroundFamilyMember.objects.create(
        episode=episode,
        user=user,
        name=name.strip(),
        agency=None if is_family else agency,
        role=role.strip(),
        is_family=is_family,
        joined_on=clock.today(),
    )
    record_event(
        episode.person,
        kind=EventKind.PLAN,
        occurred_on=member.joined_on,
        summary=f"Team Around the Family: {member.name} ({member.role}) joined",
        recorded_by=acting_user,
        source=episode,
    )
    _audit(acting_user, episode.person)
    return member


@transaction.atomic
def add_action(
    episode: EarlyHelpEpisode,
    *,
    what: str,
    owner: TeamAroundFamilyMember,
    due_on: dt.date,
    acting_user: User,
) -> PlanAction:
    """An action in the plan: what, who, by when."""
    episode = _lock(episode)
    _require_open(episode)
    _require_early_help(acting_user, episode.person)
    problems = []
    if not " ".join(what.split()):
        problems.append(("what", "Say what will be done"))
    if owner.episode_id != episode.pk or owner.left_on is not None:
        problems.append(("owner", "Choose someone in the Team Around the Family"))
    if due_on < episode.opened_on:
        problems.append(("due_on", "The date cannot be before early help began"))
    if problems:
        raise AssessmentProblems(problems)
    action = PlanAction.objects.create(
        episode=episode, what=what.strip(), owner=owner, due_on=due_on, added_on=clock.today()
    )
    _audit(acting_user, episode.person)
    return action


@transaction.atomic
def set_action_status(action: PlanAction, status: str, *, acting_user: User) -> PlanAction:
    action = PlanAction.objects.select_for_update().select_related("episode").get(pk=action.pk)
    _require_open(action.episode)
    _require_early_help(acting_user, action.episode.person)
    if status not in ActionStatus.values:
        raise EarlyHelpError("Choose a status for the action.")
    action.status = status
    action.save(update_fields=["status"])
    _audit(acting_user, action.episode.person)
    return action


def plan_started_on(episode: EarlyHelpEpisode) -> dt.date | None:
    """The plan starts when the assessment is completed."""
    assessment = assessment_for(episode)
    return assessment.completed_on if assessment else None


def review_due_on(episode: EarlyHelpEpisode) -> dt.date | None:
    started = plan_started_on(episode)
    if started is None or not episode.is_open:
        return None
    last = episode.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    return rules.next_review_due(started, last, config.timescale("early_help_review_weeks"))


@transaction.atomic
def record_review(
    episode: EarlyHelpEpisode,
    *,
    held_on: dt.date,
    attended: list[TeamAroundFamilyMember],
    ratings: dict[int, object],
    acting_user: User,
    notes: str = "",
) -> PlanReview:
    """A review meeting: who came, and the family's rating of each goal from 0 to 10."""
    episode = _lock(episode)
    _require_open(episode)
    _require_early_help(acting_user, episode.person)
    if plan_started_on(episode) is None:
        raise EarlyHelpError("Complete the Early Help Assessment before reviewing the plan.")
    goals = list(episode.goals.all())
    problems = []
    if held_on > clock.today():
        problems.append(("held_on", "The review date cannot be in the future"))
    if held_on < episode.opened_on:
        problems.append(("held_on", "The review cannot be before early help began"))
    if not attended:
        problems.append(("attended", "Say who came to the review"))
    if any(m.episode_id != episode.pk for m in attended):
        problems.append(("attended", "Choose people in the Team Around the Family"))
    scores = {}
    for goal in goals:
        problem = rules.rating_problem(ratings.get(goal.pk, ""))
        if problem:
            problems.append((f"goal-{goal.pk}", f"{problem}: \u201c{goal.wording}\u201d"))
        else:
            scores[goal.pk] = int(str(ratings[goal.pk]).strip())
    if problems:
        raise AssessmentProblems(problems)
    review = PlanReview.objects.create(
        episode=episode, held_on=held_on, notes=notes.strip(), recorded_by=acting_user
    )
    review.attended.set(attended)
    GoalRating.objects.bulk_create(
        GoalRating(review=review, goal_id=pk, score=score) for pk, score in scores.items()
    )
    record_event(
        episode.person,
        kind=EventKind.MEETING,
        occurred_on=held_on,
        summary="Team Around the Family review held",
        recorded_by=acting_user,
        source=review,
    )
    _audit(acting_user, episode.person)
    return review


# -- 5. Step up and closure --------------------------------------------------------------------


@transaction.atomic
def step_up(episode: EarlyHelpEpisode, *, escalation: str, acting_user: User):  # noqa: ANN201
    """ "If risk escalates (not if it just stays the same) ... the people I am working with will
    share my assessment and plan with the ... Hub." The lead practitioner records the
    escalation; the assessment and plan go to the Hub as a new contact, which the Hub reads in
    full; the early help workers stay on the child's record. Refused without an escalation.
    Returns the contact."""
    from continuum.frontdoor import actions as frontdoor_actions  # frontdoor imports earlyhelp
    from continuum.frontdoor.submission import NamedPerson, RequestDetails

    episode = _lock(episode)
    _require_open(episode)
    if episode.lead_practitioner_id != acting_user.pk:
        raise EarlyHelpError("Only the lead practitioner steps early help up to the Hub.")
    _require_early_help(acting_user, episode.person)
    problem = rules.step_up_problem(escalation)
    if problem:
        raise AssessmentProblems([("escalation", problem)])
    assessment = assessment_for(episode)
    person = episode.person
    details = RequestDetails(
        referrer_name=str(acting_user),
        referrer_role=acting_user.job_title or "Early help lead practitioner",
        referrer_email=acting_user.email,
        children=[
            NamedPerson(
                given_name=person.given_name,
                family_name=person.family_name,
                date_of_birth=person.date_of_birth,
                sex=person.sex,
                nhs_number=person.nhs_number or "",
            )
        ],
        claimed_level=3,
        worries=f"Stepped up from early help: {escalation.strip()}\n\n"
        + (assessment.worries if assessment else ""),
        strengths=assessment.strengths if assessment else "",
        child_voice=assessment.child_voice if assessment else "",
        important_people=assessment.important_people if assessment else "",
        consent="given",
    )
    contact = frontdoor_actions.receive_step_up(details, person=person, acting_user=acting_user)
    today = clock.today()
    episode.escalation = escalation.strip()
    episode.shared_with_social_care_on = today
    episode.step_up_contact = contact
    episode.closed_on = today
    episode.outcome = EpisodeOutcome.STEPPED_UP
    episode.save(
        update_fields=[
            "escalation",
            "shared_with_social_care_on",
            "step_up_contact",
            "closed_on",
            "outcome",
        ]
    )
    record_event(
        person,
        kind=EventKind.CONTACT,
        occurred_on=today,
        summary=f"Early help stepped up to the Hub ({contact.reference}): the Early Help "
        "Assessment and plan are shared",
        detail=escalation.strip()[:1000],
        recorded_by=acting_user,
        source=episode,
    )
    _audit(acting_user, person)
    return contact


CLOSING_OUTCOMES = (
    EpisodeOutcome.NEEDS_MET,
    EpisodeOutcome.FAMILY_DECLINED,
    EpisodeOutcome.MOVED_AWAY,
)


@transaction.atomic
def close_episode(
    episode: EarlyHelpEpisode, *, outcome: str, acting_user: User, detail: str = ""
) -> EarlyHelpEpisode:
    """Close early help with its outcome: needs met, the family declined, moved away. A
    family declining is respected; nothing escalates. (Stepping up is `step_up`.)"""
    episode = _lock(episode)
    _require_open(episode)
    _require_lead_or_hub(acting_user, episode, "close early help")
    if outcome == EpisodeOutcome.STEPPED_UP:
        raise EarlyHelpError("Step up through \u201cStep up to the Hub\u201d, with the escalation.")
    if outcome not in CLOSING_OUTCOMES:
        raise AssessmentProblems([("outcome", "Choose how early help ended")])
    episode.closed_on = clock.today()
    episode.outcome = outcome
    episode.outcome_detail = detail.strip()
    episode.save(update_fields=["closed_on", "outcome", "outcome_detail"])
    record_event(
        episode.person,
        kind=EventKind.CLOSURE,
        occurred_on=episode.closed_on,
        summary=f"Early help closed: {episode.get_outcome_display().lower()}",
        recorded_by=acting_user,
        source=episode,
    )
    _audit(acting_user, episode.person)
    return episode


# -- 6. Families Together ----------------------------------------------------------------------


def meeting_purpose(meeting: FamilyTogetherMeeting) -> Purpose:
    """A meeting that is part of early help is read as early help is; one social care asked
    for is part of the child's record."""
    return Purpose.EARLY_HELP if meeting.episode_id else Purpose.OPEN


@transaction.atomic
def refer_family_together_meeting(
    person: Person,
    *,
    reason: str,
    acting_user: User,
    episode: EarlyHelpEpisode | None = None,
) -> FamilyTogetherMeeting:
    """ "Referrals are made via the allocated social worker" (or, in early help, the lead
    practitioner), who then attends a consultation with the Families Together coordinator."""
    if episode is not None:
        if episode.person_id != person.pk:
            raise EarlyHelpError("That early help is another child's.")
        _require_open(episode)
        if episode.lead_practitioner_id != acting_user.pk:
            raise EarlyHelpError("In early help, the lead practitioner makes the referral.")
        _require_early_help(acting_user, person)
    else:
        if not Allocation.objects.filter(
            person=person, worker=acting_user, end_date__isnull=True
        ).exists():
            raise EarlyHelpError("The child's allocated social worker makes the referral.")
    if not " ".join(reason.split()):
        raise AssessmentProblems([("reason", "Say what the family need to make a plan about")])
    team = Team.objects.filter(slug=FAMILIES_TOGETHER_SLUG).first()
    if team is None:
        raise EarlyHelpError("There is no Families Together team configured.")
    meeting = FamilyTogetherMeeting.objects.create(
        person=person,
        episode=episode,
        referred_by=acting_user,
        referred_on=clock.today(),
        reason=reason.strip(),
    )
    if (
        episode is None
        and not Allocation.objects.filter(person=person, team=team, end_date__isnull=True).exists()
    ):
        people_actions.allocate(person, team=team, worker=None, acting_user=acting_user)
    record_event(
        person,
        kind=EventKind.MEETING,
        occurred_on=meeting.referred_on,
        summary="Referred for a Family Together Meeting",
        recorded_by=acting_user,
        source=meeting,
    )
    audit_change(acting_user, person, purpose=meeting_purpose(meeting))
    return meeting


def _lock_meeting(meeting: FamilyTogetherMeeting, user: User) -> FamilyTogetherMeeting:
    meeting = (
        FamilyTogetherMeeting.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=meeting.pk)
    )
    if not in_families_together(user):
        raise EarlyHelpError("The Families Together coordinator records this.")
    decision = can(user, meeting_purpose(meeting), meeting.person)
    if not decision.allowed:
        raise EarlyHelpError(f"You cannot record on this child's record: {decision.basis}.")
    return meeting


@transaction.atomic
def record_consultation(
    meeting: FamilyTogetherMeeting, *, held_on: dt.date, notes: str, acting_user: User
) -> FamilyTogetherMeeting:
    meeting = _lock_meeting(meeting, acting_user)
    if meeting.status != MeetingStatus.REFERRED:
        raise EarlyHelpError("The consultation has already been held.")
    if held_on > clock.today() or held_on < meeting.referred_on:
        raise AssessmentProblems(
            [("held_on", "The consultation date must be between the referral and today")]
        )
    meeting.status = MeetingStatus.CONSULTED
    meeting.consultation_on = held_on
    meeting.consultation_notes = notes.strip()
    meeting.coordinator = acting_user
    meeting.save(update_fields=["status", "consultation_on", "consultation_notes", "coordinator"])
    record_event(
        meeting.person,
        kind=EventKind.MEETING,
        occurred_on=held_on,
        summary="Family Together Meeting: consultation with the Families Together coordinator",
        recorded_by=acting_user,
        source=meeting,
    )
    audit_change(acting_user, meeting.person, purpose=meeting_purpose(meeting))
    return meeting


@transaction.atomic
def record_meeting(
    meeting: FamilyTogetherMeeting,
    *,
    held_on: dt.date,
    family_network: str,
    professionals: str,
    family_plan: str,
    acting_user: User,
) -> FamilyTogetherMeeting:
    """The meeting: who came (the family network first) and the family's own plan, in their
    words, which becomes part of the child's plan."""
    meeting = _lock_meeting(meeting, acting_user)
    if meeting.status != MeetingStatus.CONSULTED:
        raise EarlyHelpError("Hold the consultation before the meeting.")
    problems = []
    if held_on > clock.today() or held_on < meeting.consultation_on:
        problems.append(("held_on", "The meeting date must be between the consultation and today"))
    if not family_network.strip():
        problems.append(("family_network", "Say who from the family network came"))
    if not family_plan.strip():
        problems.append(("family_plan", "Write the family's plan in their words"))
    if problems:
        raise AssessmentProblems(problems)
    meeting.status = MeetingStatus.HELD
    meeting.held_on = held_on
    meeting.family_network_attended = family_network.strip()
    meeting.professionals_attended = professionals.strip()
    meeting.family_plan = family_plan.strip()
    meeting.save(
        update_fields=[
            "status",
            "held_on",
            "family_network_attended",
            "professionals_attended",
            "family_plan",
        ]
    )
    record_event(
        meeting.person,
        kind=EventKind.MEETING,
        occurred_on=held_on,
        summary="Family Together Meeting held: the family made their plan",
        recorded_by=acting_user,
        source=meeting,
    )
    audit_change(acting_user, meeting.person, purpose=meeting_purpose(meeting))
    return meeting


@transaction.atomic
def record_rapid_response(
    person: Person, *, crisis: str, support: str, acting_user: User
) -> RapidResponse:
    """Families Together's rapid response to a family in crisis, recorded on the child's
    record by the Families Together worker."""
    if not in_families_together(acting_user):
        raise EarlyHelpError("Families Together record their rapid responses.")
    decision = can(acting_user, Purpose.RECORD, person)
    if not decision.allowed:
        raise EarlyHelpError(f"You cannot record on this child's record: {decision.basis}.")
    if not " ".join(crisis.split()):
        raise AssessmentProblems([("crisis", "Say what brought the family to crisis")])
    response = RapidResponse.objects.create(
        person=person,
        worker=acting_user,
        started_on=clock.today(),
        crisis=crisis.strip(),
        support=support.strip(),
    )
    record_event(
        person,
        kind=EventKind.OTHER,
        occurred_on=response.started_on,
        summary="Families Together rapid response to a family in crisis",
        detail=crisis.strip()[:1000],
        recorded_by=acting_user,
        source=response,
    )
    audit_change(acting_user, person)
    return response
