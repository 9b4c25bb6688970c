"""Child protection's actions: the only place that changes its records.

Strategy discussion held -> Section 47 enquiry -> initial conference (or a transfer-in) ->
Child Protection plan with core groups, visits and the chair's reviews -> review conferences ->
the plan ends. Each action checks the access policy and the pathway (`socialwork.pathway`),
runs in one transaction, writes the chronology event linked to its record and the audit row,
and raises `PathwayError` in plain English. Due dates come from the authority's timescales
(`organisation.config.timescale`) through `socialwork.rules_protection`.

Who does what:
- the team leading the episode (Assessment and Support) holds the strategy discussion, carries
  out the Section 47 enquiry, books conferences, holds core groups;
- the conference's Child Protection Chair (role "Child Protection Chair or IRO", team
  "child-protection-chairs") records the conference and its decision, reviews progress between
  conferences and raises an issue when a plan is not progressing;
- the team manager answers the issue.
Booking a conference allocates the chair to the child, so the chair may open the record.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from django.db import transaction

from continuum.core import clock
from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.governance.access import audit_change, can
from continuum.governance.rules import Purpose
from continuum.organisation import config
from continuum.organisation.models import Role, User
from continuum.people import actions as people_actions
from continuum.people.models import Allocation, Person
from continuum.socialwork import actions, pathway, rules, rules_protection
from continuum.socialwork.actions import PathwayError
from continuum.socialwork.codes_protection import (
    AbuseCategory,
    AttendeeKind,
    ConferenceDecision,
    ConferenceKind,
    ConsentToShare,
    ParticipantAgency,
    PlanEndReason,
    Section47Outcome,
    StrategyDecision,
    StrategyNextStep,
)
from continuum.socialwork.models import (
    AssessmentKind,
    ChairReview,
    ChildProtectionPlan,
    Conference,
    ConferenceAttendee,
    CoreGroup,
    Episode,
    IssueResolution,
    ProtectionPlanAction,
    ProtectionPlanOutcome,
    Section47Enquiry,
    StrategyDiscussion,
    StrategyParticipant,
)

CHAIRS_TEAM = "child-protection-chairs"
MINIMUM_WORDS = 3


# -- Who may -----------------------------------------------------------------------------------


def _is_admin(user: User) -> bool:
    return user.role == Role.ADMINISTRATOR or user.is_superuser


def _require_record(user: User, person: Person) -> None:
    decision = can(user, Purpose.RECORD, person)
    if not decision.allowed:
        raise PathwayError(f"You cannot record on this child's record: {decision.basis}.")


def is_chair(user: User) -> bool:
    return user.role == Role.CHAIR_IRO and user.team is not None and user.team.slug == CHAIRS_TEAM


def _require_team(user: User, episode: Episode) -> None:
    """The team leading the episode (or an administrator)."""
    if _is_admin(user):
        return
    if user.role == Role.PARTNER or user.team_id != episode.team_id:
        raise PathwayError(f"Only the {episode.team} team can record this.")
    _require_record(user, episode.person)


def _require_team_or_chair(user: User, episode: Episode) -> None:
    """The team, or the child's Child Protection Chair (allocated when a conference is booked)."""
    if is_chair(user):
        _require_record(user, episode.person)
        return
    _require_team(user, episode)


def _require_chair_of(user: User, chair_id: int, what: str) -> None:
    if _is_admin(user):
        return
    if user.pk != chair_id:
        raise PathwayError(f"Only the chair can {what}.")


def _words(text: str) -> str:
    return " ".join((text or "").split())


def _need(text: str, message: str) -> str:
    text = (text or "").strip()
    if len(text.split()) < MINIMUM_WORDS:
        raise PathwayError(message)
    return text


def _not_future(day: dt.date, what: str) -> None:
    if day > clock.today():
        raise PathwayError(f"The date {what} cannot be in the future.")


# -- Facts for the pathway ---------------------------------------------------------------------


def has_open_plan(episode: Episode) -> bool:
    return ChildProtectionPlan.objects.filter(episode=episode, ended_on__isnull=True).exists()


def latest_held_conference(episode: Episode) -> Conference | None:
    return (
        Conference.objects.filter(episode=episode, held_on__isnull=False)
        .order_by("-held_on", "-pk")
        .first()
    )


def conference_decided_plan(episode: Episode) -> bool:
    latest = latest_held_conference(episode)
    return latest is not None and latest.decision == ConferenceDecision.CHILD_PROTECTION_PLAN


def register() -> None:
    """Tell the pathway's guards about open plans and conference decisions (apps.ready)."""
    actions.register_open_plan_check("child_protection", has_open_plan)
    actions.register_open_plan_check("conference_decided_plan", conference_decided_plan)


def _facts(episode: Episode, *, reason: str = "") -> pathway.EpisodeFacts:
    latest_outcome = (
        Section47Enquiry.objects.filter(episode=episode, completed_on__isnull=False)
        .order_by("-completed_on", "-pk")
        .values_list("outcome", flat=True)
        .first()
    )
    return replace(
        actions.facts_for(episode), reason=reason, section_47_outcome=latest_outcome or ""
    )


# -- 1. The strategy discussion ----------------------------------------------------------------


REQUIRED_AGENCIES = (ParticipantAgency.POLICE, ParticipantAgency.HEALTH)


@transaction.atomic
def hold_strategy_discussion(
    discussion: StrategyDiscussion,
    *,
    held_on: dt.date,
    participants: list[tuple[str, str, str]],
    information_shared: str,
    consent: str,
    consent_note: str = "",
    decision: str,
    next_step: str = "",
    decision_reason: str,
    acting_user: User,
) -> StrategyDiscussion:
    """Record the strategy discussion as held: who took part (name, agency kind, agency), what
    was shared, consent to share, and the decision. A Section 47 enquiry starts from it, with the
    initial conference's target date 15 working days on; otherwise the next step is recorded
    (and a Child and Family Assessment starts when that is the step)."""
    discussion = StrategyDiscussion.objects.select_for_update().get(pk=discussion.pk)
    episode = discussion.episode
    if episode is None or not episode.is_open:
        raise PathwayError("This strategy discussion's episode is closed.")
    _require_team(acting_user, episode)
    if discussion.held_on is not None:
        raise PathwayError("This strategy discussion is already recorded as held.")
    _not_future(held_on, "it was held")
    if held_on < discussion.requested_at.date():
        raise PathwayError("It cannot have been held before it was requested.")
    people = [
        (_words(name), kind, _words(agency)) for name, kind, agency in participants if _words(name)
    ]
    if any(kind not in ParticipantAgency.values for _, kind, _ in people):
        raise PathwayError("Choose the agency each person came from.")
    missing = [a.label for a in REQUIRED_AGENCIES if a not in {kind for _, kind, _ in people}]
    if missing:
        raise PathwayError(
            "A strategy discussion needs the police and health with children's social care: "
            f"add who took part from {' and '.join(missing).lower()}."
        )
    information_shared = _need(information_shared, "Say what information was shared.")
    if consent not in ConsentToShare.values:
        raise PathwayError("Say whether the family consented to information being shared.")
    if consent == ConsentToShare.DISPENSED:
        consent_note = _need(consent_note, "Say why consent to share was dispensed with.")
    if decision not in StrategyDecision.values:
        raise PathwayError("Choose whether a Section 47 enquiry starts.")
    if decision == StrategyDecision.NO_SECTION_47:
        if next_step not in StrategyNextStep.values:
            raise PathwayError("Choose the next step when no Section 47 enquiry starts.")
    else:
        next_step = ""
    decision_reason = _need(decision_reason, "Say why, in a sentence.")
    discussion.held_on = held_on
    discussion.held_by = acting_user
    discussion.information_shared = information_shared
    discussion.consent = consent
    discussion.consent_note = consent_note
    discussion.decision = decision
    discussion.next_step = next_step
    discussion.decision_reason = decision_reason
    discussion.save()
    StrategyParticipant.objects.bulk_create(
        StrategyParticipant(discussion=discussion, name=name, agency_kind=kind, agency=agency)
        for name, kind, agency in people
    )
    agencies = ", ".join(sorted({ParticipantAgency(kind).label.lower() for _, kind, _ in people}))
    record_event(
        episode.person,
        kind=EventKind.MEETING,
        occurred_on=held_on,
        summary=(
            f"Strategy discussion held with {agencies}: {StrategyDecision(decision).label.lower()}"
        ),
        detail=decision_reason,
        recorded_by=acting_user,
        source=discussion,
    )
    if decision == StrategyDecision.SECTION_47:
        enquiry = Section47Enquiry.objects.create(
            person=episode.person,
            episode=episode,
            strategy_discussion=discussion,
            team=episode.team,
            started_on=held_on,
            conference_due_on=rules_protection.initial_conference_due(
                held_on, config.timescale("initial_child_protection_conference")
            ),
        )
        record_event(
            episode.person,
            kind=EventKind.ASSESSMENT,
            occurred_on=held_on,
            summary=(
                "Section 47 enquiry started; an initial conference, if needed, by "
                f"{enquiry.conference_due_on:%-d %B %Y}"
            ),
            recorded_by=acting_user,
            source=enquiry,
        )
    elif next_step == StrategyNextStep.CHILD_AND_FAMILY_ASSESSMENT:
        actions.start_assessment(episode, AssessmentKind.CHILD_AND_FAMILY, acting_user=acting_user)
    audit_change(acting_user, episode.person)
    return discussion


# -- 2. The Section 47 enquiry -----------------------------------------------------------------


@transaction.atomic
def record_section_47(
    enquiry: Section47Enquiry,
    *,
    worries: str,
    strengths: str,
    child_seen: bool | None,
    child_seen_alone: bool | None,
    child_seen_on: dt.date | None,
    child_words: str,
    outcome: str = "",
    acting_user: User,
) -> Section47Enquiry:
    """Save the enquiry's findings; with an outcome, complete it. Worries, strengths, whether
    the child was seen (and seen alone) and the child's words are needed to complete it."""
    enquiry = (
        Section47Enquiry.objects.select_for_update().select_related("episode").get(pk=enquiry.pk)
    )
    _require_team(acting_user, enquiry.episode)
    if not enquiry.is_open:
        raise PathwayError("This Section 47 enquiry is complete.")
    if child_seen_on is not None:
        _not_future(child_seen_on, "the child was seen")
    if child_seen is False:
        child_seen_alone, child_seen_on = False, None
    enquiry.worries, enquiry.strengths = worries.strip(), strengths.strip()
    enquiry.child_seen, enquiry.child_seen_alone = child_seen, child_seen_alone
    enquiry.child_seen_on, enquiry.child_words = child_seen_on, child_words.strip()
    if outcome:
        if outcome not in Section47Outcome.values:
            raise PathwayError("Choose one of the listed outcomes.")
        _need(enquiry.worries, "Say what we are worried about before completing the enquiry.")
        _need(enquiry.strengths, "Say what is working well before completing the enquiry.")
        if enquiry.child_seen is None:
            raise PathwayError("Say whether the child was seen.")
        if enquiry.child_seen and (enquiry.child_seen_alone is None or not enquiry.child_seen_on):
            raise PathwayError("Say when the child was seen, and whether they were seen alone.")
        _need(
            enquiry.child_words,
            "Record the child's words (or, for a child too young to say, what was observed).",
        )
        enquiry.outcome = outcome
        enquiry.completed_on = clock.today()
        enquiry.completed_by = acting_user
    enquiry.save()
    if outcome:
        record_event(
            enquiry.person,
            kind=EventKind.ASSESSMENT,
            occurred_on=enquiry.completed_on,
            summary=f"Section 47 enquiry completed: {Section47Outcome(outcome).label}",
            detail=(
                "The child was seen alone."
                if enquiry.child_seen_alone
                else "The child was seen, not alone."
                if enquiry.child_seen
                else "The child was not seen."
            ),
            recorded_by=acting_user,
            source=enquiry,
        )
    audit_change(acting_user, enquiry.person)
    return enquiry


# -- 3. Conferences ----------------------------------------------------------------------------


def _conference_due(episode: Episode, kind: str, plan: ChildProtectionPlan | None) -> dt.date:
    if kind == ConferenceKind.INITIAL:
        enquiry = (
            Section47Enquiry.objects.filter(episode=episode, outcome="significant_harm")
            .order_by("-completed_on", "-pk")
            .first()
        )
        return enquiry.conference_due_on
    if kind == ConferenceKind.REVIEW:
        return review_due(plan)
    return rules_protection.initial_conference_due(
        clock.today(), config.timescale("initial_child_protection_conference")
    )


@transaction.atomic
def book_conference(
    episode: Episode,
    *,
    kind: str,
    date: dt.date,
    chair: User,
    acting_user: User,
    transfer_note: str = "",
) -> Conference:
    """Book a conference with a Child Protection Chair. An initial conference needs a Section 47
    outcome of significant harm, a transfer-in the authority the child moved from, a review an
    open plan (`pathway.conference_problem`). The chair is allocated to the child."""
    episode = (
        Episode.objects.select_for_update().select_related("person", "team").get(pk=episode.pk)
    )
    _require_team_or_chair(acting_user, episode)
    if not is_chair(chair):
        raise PathwayError("Choose a Child Protection Chair to chair the conference.")
    transfer_note = _words(transfer_note)
    problem = pathway.conference_problem(kind, _facts(episode, reason=transfer_note))
    if problem:
        raise PathwayError(problem)
    if Conference.objects.filter(episode=episode, held_on__isnull=True).exists():
        raise PathwayError("A conference is already booked for this child: record it first.")
    if date < clock.today():
        raise PathwayError("Book the conference for today or a later date.")
    plan = (
        ChildProtectionPlan.objects.filter(episode=episode, ended_on__isnull=True).first()
        if kind == ConferenceKind.REVIEW
        else None
    )
    enquiry = (
        Section47Enquiry.objects.filter(episode=episode, outcome="significant_harm")
        .order_by("-completed_on", "-pk")
        .first()
        if kind == ConferenceKind.INITIAL
        else None
    )
    conference = Conference.objects.create(
        person=episode.person,
        episode=episode,
        kind=kind,
        section_47=enquiry,
        plan=plan,
        transfer_note=transfer_note,
        chair=chair,
        booked_by=acting_user,
        booked_at=clock.now(),
        due_on=_conference_due(episode, kind, plan),
        date=date,
    )
    already = Allocation.objects.filter(
        person=episode.person, worker=chair, end_date__isnull=True
    ).exists()
    if not already:
        people_actions.allocate(
            episode.person, team=chair.team, worker=chair, acting_user=acting_user
        )
    record_event(
        episode.person,
        kind=EventKind.MEETING,
        occurred_on=clock.today(),
        summary=(
            f"{conference.get_kind_display()} booked for {date:%-d %B %Y}, chaired by {chair}"
            f" (to be held by {conference.due_on:%-d %B %Y})"
        ),
        recorded_by=acting_user,
        source=conference,
    )
    audit_change(acting_user, episode.person)
    return conference


@transaction.atomic
def add_attendee(
    conference: Conference,
    *,
    name: str,
    kind: str,
    agency: str = "",
    attended: bool | None = None,
    report: str = "",
    acting_user: User,
) -> ConferenceAttendee:
    """Someone invited to the conference: the family, the child, an agency (with its report)."""
    _require_team_or_chair(acting_user, conference.episode)
    if kind not in AttendeeKind.values:
        raise PathwayError("Say whether they are family, the child or an agency.")
    name = _words(name)
    if not name:
        raise PathwayError("Enter their name.")
    if kind == AttendeeKind.AGENCY and not _words(agency):
        raise PathwayError("Enter the agency they come from.")
    attendee = ConferenceAttendee.objects.create(
        conference=conference,
        name=name,
        kind=kind,
        agency=_words(agency),
        attended=attended,
        report=report.strip(),
    )
    audit_change(acting_user, conference.person)
    return attendee


@transaction.atomic
def record_conference(
    conference: Conference,
    *,
    held_on: dt.date,
    family_views: str,
    child_views: str,
    threshold_met: bool,
    decision: str,
    category: str = "",
    decision_reason: str,
    end_reason: str = "",
    acting_user: User,
) -> Conference:
    """The chair records the conference and its decision. An initial or transfer-in conference
    whose threshold is met starts a Child Protection plan (and moves the child to Child
    Protection); a review conference continues the plan (its category may change) or ends it
    (a Child in Need plan steps the child down to Child in Need)."""
    conference = (
        Conference.objects.select_for_update().select_related("episode").get(pk=conference.pk)
    )
    episode = conference.episode
    _require_chair_of(acting_user, conference.chair_id, "record the conference")
    _require_record(acting_user, conference.person)
    if conference.is_held:
        raise PathwayError("This conference is already recorded.")
    if not episode.is_open:
        raise PathwayError("This episode is closed: a new referral opens a new one.")
    _not_future(held_on, "the conference was held")
    family_views = _need(family_views, "Record the family's views.")
    child_views = _need(child_views, "Record the child's views, in their words.")
    if decision not in ConferenceDecision.values:
        raise PathwayError("Choose the conference's decision.")
    plan_decided = decision == ConferenceDecision.CHILD_PROTECTION_PLAN
    if threshold_met != plan_decided:
        raise PathwayError(
            "A Child Protection plan is the decision when, and only when, the threshold is met."
        )
    if plan_decided and category not in AbuseCategory.values:
        raise PathwayError("Choose the category of abuse for the plan.")
    if not plan_decided:
        category = ""
    decision_reason = _need(decision_reason, "Say why, in a sentence.")
    plan = conference.plan if conference.kind == ConferenceKind.REVIEW else None
    if plan is not None and not plan_decided:
        if decision == ConferenceDecision.CHILD_IN_NEED_PLAN:
            end_reason = PlanEndReason.STEP_DOWN_CHILD_IN_NEED
        elif end_reason not in PlanEndReason.values or end_reason == "child_in_need":
            raise PathwayError("Choose why the plan ends.")
    conference.held_on = held_on
    conference.family_views, conference.child_views = family_views, child_views
    conference.threshold_met, conference.decision = threshold_met, decision
    conference.category, conference.decision_reason = category, decision_reason
    conference.save()
    words = ConferenceDecision(decision).label
    if plan_decided:
        words += f" under {AbuseCategory(category).label.lower()}"
    record_event(
        conference.person,
        kind=EventKind.MEETING,
        occurred_on=held_on,
        summary=f"{conference.get_kind_display()} held, chaired by {acting_user}: {words}",
        detail=decision_reason,
        recorded_by=acting_user,
        source=conference,
    )
    if conference.kind != ConferenceKind.REVIEW and plan_decided:
        _start_plan(conference, acting_user)
    elif plan is not None and plan_decided:
        plan.latest_category = category
        plan.save(update_fields=["latest_category"])
    elif plan is not None:
        _end_plan(plan, conference, end_reason, acting_user)
    audit_change(acting_user, conference.person)
    return conference


def _start_plan(conference: Conference, acting_user: User) -> ChildProtectionPlan:
    episode = conference.episode
    if has_open_plan(episode):
        raise PathwayError("The child already has an open Child Protection plan.")
    plan = ChildProtectionPlan.objects.create(
        person=conference.person,
        episode=episode,
        started_on=conference.held_on,
        initial_conference=conference,
        chair=conference.chair,
        initial_category=conference.category,
        latest_category=conference.category,
        previous_plans=ChildProtectionPlan.objects.filter(person=conference.person).count(),
    )
    record_event(
        conference.person,
        kind=EventKind.PLAN,
        occurred_on=conference.held_on,
        summary=(
            f"Child Protection plan started under {plan.get_initial_category_display().lower()}"
        ),
        recorded_by=acting_user,
        source=plan,
    )
    if episode.stage != pathway.Stage.CHILD_PROTECTION:
        actions.change_stage(
            episode,
            pathway.Stage.CHILD_PROTECTION,
            reason=(
                f"The {conference.get_kind_display().lower()} decided on a Child Protection "
                f"plan: {conference.decision_reason}"
            ),
            acting_user=acting_user,
            on=conference.held_on,
            conference=conference,
        )
    return plan


def _end_plan(
    plan: ChildProtectionPlan, conference: Conference, end_reason: str, acting_user: User
) -> None:
    plan.ended_on = conference.held_on
    plan.end_reason = end_reason
    plan.end_conference = conference
    plan.save(update_fields=["ended_on", "end_reason", "end_conference"])
    record_event(
        plan.person,
        kind=EventKind.PLAN,
        occurred_on=conference.held_on,
        summary=f"Child Protection plan ended: {plan.get_end_reason_display()}",
        recorded_by=acting_user,
        source=plan,
    )
    if end_reason == PlanEndReason.STEP_DOWN_CHILD_IN_NEED:
        actions.change_stage(
            plan.episode,
            pathway.Stage.CHILD_IN_NEED,
            reason=f"The review conference stepped the plan down: {conference.decision_reason}",
            acting_user=acting_user,
            on=conference.held_on,
            conference=conference,
        )


# -- 4. The plan: outcomes, actions, core groups, visits ---------------------------------------


def _open_plan(plan: ChildProtectionPlan) -> ChildProtectionPlan:
    plan = (
        ChildProtectionPlan.objects.select_for_update(of=("self",))
        .select_related("episode", "person")
        .get(pk=plan.pk)
    )
    if not plan.is_open:
        raise PathwayError("This Child Protection plan has ended.")
    return plan


@transaction.atomic
def add_plan_outcome(
    plan: ChildProtectionPlan, *, words: str, acting_user: User
) -> ProtectionPlanOutcome:
    """What the plan is to achieve, in the family's own words."""
    plan = _open_plan(plan)
    _require_team_or_chair(acting_user, plan.episode)
    words = _need(words, "Write the outcome in the family's own words.")
    outcome = ProtectionPlanOutcome.objects.create(plan=plan, words=words, added_on=clock.today())
    audit_change(acting_user, plan.person)
    return outcome


@transaction.atomic
def add_plan_action(
    plan: ChildProtectionPlan, *, action: str, owner: str, due_on: dt.date, acting_user: User
) -> ProtectionPlanAction:
    """Who will do what, by when ("do what we say we will do")."""
    plan = _open_plan(plan)
    _require_team_or_chair(acting_user, plan.episode)
    action = _need(action, "Say what will be done.")
    owner = _words(owner)
    if not owner:
        raise PathwayError("Say who will do it.")
    if due_on < plan.started_on:
        raise PathwayError("The date must be after the plan started.")
    added = ProtectionPlanAction.objects.create(
        plan=plan, action=action, owner=owner, due_on=due_on
    )
    audit_change(acting_user, plan.person)
    return added


@transaction.atomic
def record_core_group(
    plan: ChildProtectionPlan,
    *,
    held_on: dt.date,
    attendance: str,
    progress: str,
    acting_user: User,
) -> CoreGroup:
    """A core group meeting: who came and the actions' progress."""
    plan = _open_plan(plan)
    _require_team_or_chair(acting_user, plan.episode)
    _not_future(held_on, "the core group met")
    if held_on < plan.started_on:
        raise PathwayError("A core group meets after the plan starts.")
    attendance = _need(attendance, "Say who came, and from which agency.")
    progress = _need(progress, "Say how the plan's actions are progressing.")
    meeting = CoreGroup.objects.create(
        plan=plan,
        held_on=held_on,
        attendance=attendance,
        progress=progress,
        recorded_by=acting_user,
    )
    number = plan.core_groups.count()
    record_event(
        plan.person,
        kind=EventKind.MEETING,
        occurred_on=held_on,
        summary="First core group held" if number == 1 else f"Core group {number} held",
        detail=progress,
        recorded_by=acting_user,
        source=meeting,
    )
    audit_change(acting_user, plan.person)
    return meeting


# Visits are recorded by the case record (casework's visits); it tells this module the date of
# the child's latest statutory visit. Until one is registered, visits are due from the plan's
# start.
LatestVisit = Callable[[Person], dt.date | None]
_visit_sources: list[LatestVisit] = []


def register_visit_source(source: LatestVisit) -> None:
    if source not in _visit_sources:
        _visit_sources.append(source)


def latest_visit_on(person: Person) -> dt.date | None:
    found = [day for source in _visit_sources if (day := source(person)) is not None]
    return max(found) if found else None


# -- 5. The chair's oversight ------------------------------------------------------------------


@transaction.atomic
def record_chair_review(
    plan: ChildProtectionPlan,
    *,
    progress: str,
    on_track: bool,
    acting_user: User,
) -> ChairReview:
    """The chair's review of progress between conferences, on the child's record as its own
    kind of entry. A plan not on track leads to the issue-resolution step."""
    plan = _open_plan(plan)
    _require_chair_of(acting_user, plan.chair_id, "review the plan's progress")
    _require_record(acting_user, plan.person)
    progress = _need(progress, "Say how the plan is progressing.")
    review = ChairReview.objects.create(
        plan=plan,
        reviewed_on=clock.today(),
        progress=progress,
        on_track=on_track,
        chair=acting_user,
    )
    record_event(
        plan.person,
        kind=EventKind.CHAIR_REVIEW,
        occurred_on=review.reviewed_on,
        summary=(
            "Chair's review of progress: the plan is on track"
            if on_track
            else "Chair's review of progress: the plan is not progressing"
        ),
        detail=progress,
        recorded_by=acting_user,
        source=review,
    )
    audit_change(acting_user, plan.person)
    return review


@transaction.atomic
def raise_issue(plan: ChildProtectionPlan, *, concern: str, acting_user: User) -> IssueResolution:
    """The chair raises that the plan is not progressing; the team manager must respond."""
    plan = _open_plan(plan)
    _require_chair_of(acting_user, plan.chair_id, "raise an issue about the plan")
    _require_record(acting_user, plan.person)
    concern = _need(concern, "Say what is not progressing, and what you expect.")
    issue = IssueResolution.objects.create(
        plan=plan, raised_on=clock.today(), raised_by=acting_user, concern=concern
    )
    record_event(
        plan.person,
        kind=EventKind.CHAIR_REVIEW,
        occurred_on=issue.raised_on,
        summary="Issue raised by the chair: the plan is not progressing",
        detail=concern,
        recorded_by=acting_user,
        source=issue,
    )
    audit_change(acting_user, plan.person)
    return issue


@transaction.atomic
def respond_to_issue(
    issue: IssueResolution, *, response: str, acting_user: User
) -> IssueResolution:
    """The team manager's response to the chair's issue."""
    issue = (
        IssueResolution.objects.select_for_update().select_related("plan__episode").get(pk=issue.pk)
    )
    episode = issue.plan.episode
    _require_team(acting_user, episode)
    if acting_user.role != Role.TEAM_MANAGER and not _is_admin(acting_user):
        raise PathwayError("Only the team manager can respond to the chair's issue.")
    if issue.responded_on is not None:
        raise PathwayError("This issue already has its response.")
    issue.response = _need(response, "Say what the team will do, and by when.")
    issue.responded_on = clock.today()
    issue.responded_by = acting_user
    issue.save()
    record_event(
        episode.person,
        kind=EventKind.CHAIR_REVIEW,
        occurred_on=issue.responded_on,
        summary=f"Team manager responded to the chair's issue: {acting_user}",
        detail=issue.response,
        recorded_by=acting_user,
        source=issue,
    )
    audit_change(acting_user, episode.person)
    return issue


# -- Due dates of a plan -----------------------------------------------------------------------


_NOT_READ = object()


def review_due(plan: ChildProtectionPlan, *, last_review=_NOT_READ) -> dt.date:  # noqa: ANN001
    """The next review conference; `last_review` when the caller has read it already."""
    if last_review is _NOT_READ:
        last_review = (
            Conference.objects.filter(plan=plan, held_on__isnull=False)
            .order_by("-held_on")
            .values_list("held_on", flat=True)
            .first()
        )
    return rules_protection.next_review_conference_due(
        plan.started_on,
        last_review,
        first_months=config.timescale("first_review_conference_months"),
        then_months=config.timescale("review_conference_months"),
    )


def core_group_due(plan: ChildProtectionPlan, *, last=_NOT_READ) -> dt.date:  # noqa: ANN001
    """The next core group; `last` (the latest held) when the caller has read it already."""
    if last is _NOT_READ:
        last = plan.core_groups.order_by("-held_on").values_list("held_on", flat=True).first()
    return rules_protection.next_core_group_due(
        plan.started_on,
        last,
        first_working_days=config.timescale("first_core_group"),
        interval_working_days=config.timescale("core_group_interval"),
    )


def visit_due(plan: ChildProtectionPlan) -> dt.date:
    last = latest_visit_on(plan.person)
    if last is not None and last < plan.started_on:
        last = None
    return rules.next_visit_due(plan.started_on, last, config.timescale("child_protection_visit"))


def last_conference_on(plan: ChildProtectionPlan) -> dt.date:
    last = (
        Conference.objects.filter(plan=plan, held_on__isnull=False)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return last or plan.started_on


def midway_review_due(plan: ChildProtectionPlan) -> dt.date:
    return rules_protection.midway_review_due(last_conference_on(plan), review_due(plan))


def flags_for(plan: ChildProtectionPlan) -> tuple[str, ...]:
    return rules_protection.plan_flags(
        plan.previous_plans, plan.started_on, plan.ended_on or clock.today()
    )
