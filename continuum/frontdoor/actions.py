"""Everything that changes a contact: drafting, submitting, screening, checks and decisions.

Each action checks the current status, runs in one transaction, writes the chronology and the
audit trail, and raises `FrontDoorError` with a plain-English message when it is not allowed.
The web pages and the API call the same actions.
"""

import datetime as dt
import zlib
from dataclasses import asdict

from django.db import IntegrityError, connection, transaction
from django.db.models import Max

from continuum.core import clock
from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.earlyhelp.models import EarlyHelpRequest
from continuum.frontdoor import rules, submission
from continuum.frontdoor.access import is_hub_staff
from continuum.frontdoor.models import (
    AdviceLineConsultation,
    AgencyCheck,
    Consent,
    Contact,
    ContactDecision,
    ContactKind,
    ContactPerson,
    ContactStatus,
    IndicatorTick,
    MatchStatus,
    PersonRole,
    ScreeningCandidate,
)
from continuum.governance.access import Listed, audit_change, list_people
from continuum.governance.models import AuditAction
from continuum.organisation.models import Agency, Role, Team, User
from continuum.people import actions as people_actions
from continuum.people.models import Allocation, Person, PersonKind
from continuum.socialwork.models import Assessment, AssessmentKind, StrategyDiscussion
from continuum.thresholds.catalogue import default_catalogue


class FrontDoorError(Exception):
    """An action that is not allowed now, with the reason in plain English."""


class StaleDraftError(FrontDoorError):
    """The draft changed elsewhere (another tab or a colleague) since this copy was loaded."""


class DraftVersionMissing(FrontDoorError):
    """A save that does not say which version it is based on: it could overwrite anything."""


class SubmissionProblems(FrontDoorError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


REFERENCE_PREFIX = {
    ContactKind.REQUEST_FOR_SUPPORT: "RFS",
    ContactKind.PHONE: "PH",
    ContactKind.POLICE_NOTIFICATION: "POL",
    ContactKind.EDT_RECORD: "EDT",
    ContactKind.REQUEST_FOR_INFORMATION: "RFI",
}

DETAIL_FIELDS = (
    "referrer_name",
    "referrer_role",
    "referrer_phone",
    "referrer_email",
    "family_address_line_1",
    "family_address_line_2",
    "family_town",
    "family_postcode",
    "claimed_level",
    "worries",
    "strengths",
    "child_voice",
    "important_people",
    "consent",
    "consent_dispensed_reason",
    "safeguarding_lead_consulted",
    "immediate_danger",
)


def indicator_codes() -> frozenset[str]:
    """Every code in the Continuum of Need catalogue, retired ones included (an old draft may
    hold one)."""
    return frozenset(i.code for i in default_catalogue().indicators)


def _refuse_beyond_limits(details: submission.RequestDetails) -> None:
    problems = submission.limit_problems(
        details, today=clock.today(), indicator_codes=indicator_codes()
    )
    if problems:
        raise SubmissionProblems(problems)


def _require_hub(user: User) -> None:
    if not is_hub_staff(user):
        raise FrontDoorError("Only the Request for Support Hub can do this.")


def _write_details(contact: Contact, details: submission.RequestDetails) -> None:
    for name in DETAIL_FIELDS:
        setattr(contact, name, getattr(details, name))
    if contact.consent != Consent.DISPENSED:
        contact.consent_dispensed_reason = ""
    contact.save()
    # A draft's people are rewritten on each save; nobody has been matched to them yet.
    contact.people.all().delete()
    for role, people in (
        (PersonRole.CHILD, details.children),
        (PersonRole.PARENT_CARER, details.adults),
    ):
        ContactPerson.objects.bulk_create(
            ContactPerson(contact=contact, role=role, **asdict(p)) for p in people
        )
    contact.indicators.all().delete()
    IndicatorTick.objects.bulk_create(
        IndicatorTick(contact=contact, code=code) for code in dict.fromkeys(details.indicators)
    )


def details_of(contact: Contact) -> submission.RequestDetails:
    """A contact's details in the shape the form and the API use."""
    people = list(contact.people.all())

    def named(p: ContactPerson) -> submission.NamedPerson:
        return submission.NamedPerson(
            given_name=p.given_name,
            family_name=p.family_name,
            date_of_birth=p.date_of_birth,
            expected_date_of_birth=p.expected_date_of_birth,
            sex=p.sex,
            nhs_number=p.nhs_number,
            relationship_to_child=p.relationship_to_child,
            lives_with_child=p.lives_with_child,
        )

    return submission.RequestDetails(
        **{name: getattr(contact, name) for name in DETAIL_FIELDS},
        children=[named(p) for p in people if p.role == PersonRole.CHILD],
        adults=[named(p) for p in people if p.role != PersonRole.CHILD],
        indicators=list(contact.indicators.values_list("code", flat=True)),
    )


@transaction.atomic
def save_draft(
    details: submission.RequestDetails,
    *,
    acting_user: User,
    contact: Contact | None = None,
    expected_version: int | None = None,
) -> Contact:
    """Save a Request for Support as the referrer types. Nothing is lost; nothing is overwritten
    silently: saving over an existing draft must say which version the answers are based on
    (`expected_version`), and a save based on any other version than the one stored is
    refused, so the page can show both and let the referrer combine them."""
    if acting_user.role != Role.PARTNER or acting_user.agency_id is None:
        raise FrontDoorError("Only staff of a partner agency make Requests for Support.")
    _refuse_beyond_limits(details)
    if contact is None:
        contact = Contact(
            kind=ContactKind.REQUEST_FOR_SUPPORT,
            agency_id=acting_user.agency_id,
            submitted_by=acting_user,
        )
    else:
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.status != ContactStatus.DRAFT:
            raise FrontDoorError(
                f"Request {contact.reference} has been submitted and cannot be changed."
            )
        if contact.agency_id != acting_user.agency_id:
            raise FrontDoorError("This draft belongs to another agency.")
        if not expected_version:
            raise DraftVersionMissing(
                "This save did not say which version of the draft it was based on, so it "
                "could overwrite someone else's answers. It has not been saved."
            )
        if expected_version != contact.version:
            raise StaleDraftError(
                "Someone saved this draft in another window since you opened it. Your answers "
                "have not been saved over theirs."
            )
        contact.version += 1
    _write_details(contact, details)
    return contact


def _next_reference(kind: str, year: int) -> str:
    prefix = f"{REFERENCE_PREFIX[kind]}-{year}-"
    last = Contact.objects.filter(reference__startswith=prefix).aggregate(last=Max("reference"))[
        "last"
    ]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:06d}"


def _wait_for_other_references(kind: str, year: int) -> None:
    """On PostgreSQL, wait until any other transaction giving out this series' references
    has finished (a lock held to the end of this transaction), so that the highest
    reference read next is the last one given. Without it, concurrent submissions read the
    same highest number, all but one collide, and under load a submission could collide five
    times running and fail. SQLite has one writer at a time already."""
    if connection.vendor != "postgresql":
        return
    series = f"{REFERENCE_PREFIX[kind]}-{year}-"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(series.encode())])


def _receive(
    contact: Contact, *, received_at: dt.datetime | None = None, rag: str | None = None
) -> None:
    """Give a contact its reference and due time, and put it in the Hub queue."""
    now = clock.now()
    contact.received_at = received_at or now
    contact.rag = rag or submission.initial_rag(contact.claimed_level, contact.immediate_danger)
    contact.due_at = rules.decision_due(contact.received_at, contact.rag)
    contact.status = ContactStatus.RECEIVED
    _wait_for_other_references(contact.kind, contact.received_at.year)
    for _attempt in range(5):
        contact.reference = _next_reference(contact.kind, contact.received_at.year)
        try:
            with transaction.atomic():
                contact.save()
            return
        except IntegrityError:
            continue
    raise FrontDoorError("Could not give the request a reference; please try again.")


@transaction.atomic
def submit_request(contact: Contact, *, acting_user: User) -> Contact:
    """Submit a draft Request for Support to the Hub. After this it cannot be edited."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.status != ContactStatus.DRAFT:
        raise FrontDoorError(f"Request {contact.reference} has already been submitted.")
    if contact.agency_id != acting_user.agency_id:
        raise FrontDoorError("This draft belongs to another agency.")
    problems = submission.problems_before_submission(
        details_of(contact), today=clock.today(), indicator_codes=indicator_codes()
    )
    if problems:
        raise SubmissionProblems(problems)
    contact.submitted_by = acting_user
    _receive(contact)
    return contact


@transaction.atomic
def submit_request_from_api(details: submission.RequestDetails, *, agency: Agency) -> Contact:
    """A partner system's Request for Support: checked, saved and submitted in one step."""
    problems = submission.problems_before_submission(
        details, today=clock.today(), indicator_codes=indicator_codes()
    )
    if problems:
        raise SubmissionProblems(problems)
    contact = Contact(kind=ContactKind.REQUEST_FOR_SUPPORT, agency=agency)
    _write_details(contact, details)
    _receive(contact)
    return contact


@transaction.atomic
def record_contact(
    kind: str,
    details: submission.RequestDetails,
    *,
    acting_user: User,
    received_at: dt.datetime | None = None,
    rag: str | None = None,
    agency: Agency | None = None,
) -> Contact:
    """A contact the Hub or the Emergency Duty Team takes down: a phone call, a police
    notification, an out-of-hours record, a request for information from another authority."""
    if kind == ContactKind.REQUEST_FOR_SUPPORT:
        raise FrontDoorError("Requests for Support come from partner agencies.")
    if not (
        is_hub_staff(acting_user)
        or (acting_user.team and acting_user.team.slug == "emergency-duty-team")
    ):
        raise FrontDoorError("Only the Hub and the Emergency Duty Team record contacts.")
    if not details.children:
        raise SubmissionProblems([("children", "Add at least one child")])
    _refuse_beyond_limits(details)
    if received_at and received_at > clock.now():
        raise SubmissionProblems([("received_at", "The time received cannot be in the future")])
    contact = Contact(kind=kind, agency=agency, submitted_by=acting_user)
    _write_details(contact, details)
    _receive(contact, received_at=received_at, rag=rag)
    return contact


def _begin_screening(contact: Contact, acting_user: User) -> None:
    """A contact waiting in the queue is being screened from the first thing the Hub does with
    it: pressing "Start screening", or a match, a check, a change of urgency or the decision.
    Opening the page changes nothing. The caller holds the contact's row lock."""
    if contact.status == ContactStatus.RECEIVED:
        contact.status = ContactStatus.SCREENING
        contact.screened_by = acting_user
        contact.screening_started_at = clock.now()
        contact.save(update_fields=["status", "screened_by", "screening_started_at", "updated_at"])


def _lock_contact(pk: int) -> Contact:
    """The submitted contact, locked for this transaction. A referrer's draft is theirs until
    they send it: the Hub cannot screen, match, check or change it."""
    contact = Contact.objects.select_for_update(of=("self",)).select_related("agency").get(pk=pk)
    if contact.status == ContactStatus.DRAFT:
        raise FrontDoorError("This request has not been sent to the Hub yet.")
    return contact


@transaction.atomic
def start_screening(contact: Contact, *, acting_user: User) -> Contact:
    """The Hub worker takes a contact from the queue. If someone else already has, it stays
    with them."""
    _require_hub(acting_user)
    contact = _lock_contact(contact.pk)
    _begin_screening(contact, acting_user)
    return contact


@transaction.atomic
def set_rag(contact: Contact, rag: str, *, acting_user: User) -> Contact:
    """Change a contact's urgency; its due time follows."""
    _require_hub(acting_user)
    contact = _lock_contact(contact.pk)
    if contact.status == ContactStatus.DECIDED:
        raise FrontDoorError("The decision has been made; urgency can no longer change.")
    _begin_screening(contact, acting_user)
    contact.rag = rules.parse_rag(rag).value
    contact.due_at = rules.decision_due(contact.received_at, contact.rag)
    contact.save(update_fields=["rag", "due_at", "updated_at"])
    return contact


def _mention_in_chronology(named: ContactPerson, person: Person, acting_user: User) -> None:
    contact = named.contact
    source = contact.agency.name if contact.agency else contact.get_kind_display()
    record_event(
        person,
        kind=EventKind.CONTACT,
        occurred_on=clock.localdate(contact.received_at),
        summary=f"{contact.get_kind_display()} {contact.reference} from {source}",
        detail=contact.worries[:1000] if named.role == PersonRole.CHILD else "",
        recorded_by=acting_user,
        source=contact,
    )


def offer_candidates(
    named: ContactPerson, candidates: list, *, acting_user: User, path: str = ""
) -> list[Listed]:
    """Screening shows the Hub the records that may be this person. Each offer is kept (the
    Hub may match only to a record it was offered) and the list is audited like a search:
    restricted records are shown as records the Hub cannot open."""
    return offer_candidates_for([(named, candidates)], acting_user=acting_user, path=path)[0]


@transaction.atomic
def offer_candidates_for(
    offers: list[tuple[ContactPerson, list]], *, acting_user: User, path: str = ""
) -> list[list[Listed]]:
    """`offer_candidates` for everyone named in a contact at once: the screening page's
    offers and their audit in one short transaction, not one for each person named. An offer
    already kept is not written again (the first offer's time and worker stay); the audit
    records every showing."""
    _require_hub(acting_user)
    already = set(
        ScreeningCandidate.objects.filter(named__in=[named for named, _ in offers]).values_list(
            "named_id", "person_id"
        )
    )
    now = clock.now()
    new = [
        ScreeningCandidate(
            named=named,
            person=c.person,
            percent=c.percent,
            offered_to=acting_user,
            offered_at=now,
        )
        for named, candidates in offers
        for c in candidates
        if (named.pk, c.person.pk) not in already
    ]
    if new:
        ScreeningCandidate.objects.bulk_create(new, ignore_conflicts=True)
    listed = []
    for named, candidates in offers:
        born = named.date_of_birth or named.expected_date_of_birth
        listed.append(
            list_people(
                acting_user,
                [c.person for c in candidates],
                purpose=f"Hub candidates for {named.contact.reference}",
                query=f"{named}" + (f", born {born:%d/%m/%Y}" if born else ""),
                path=path,
            )
        )
    return listed


@transaction.atomic
def confirm_match(named: ContactPerson, person: Person, *, acting_user: User) -> ContactPerson:
    """The Hub confirms that someone named in a contact is this person in the index: one of
    the records screening offered for them, never any record number."""
    _require_hub(acting_user)
    named = (
        ContactPerson.objects.select_for_update(of=("self",))
        .select_related("contact", "contact__agency")
        .get(pk=named.pk)
    )
    contact = _lock_contact(named.contact_id)
    if contact.status == ContactStatus.DECIDED:
        raise FrontDoorError("The decision has been made; matches can no longer change.")
    if not ScreeningCandidate.objects.filter(named=named, person=person).exists():
        raise FrontDoorError(
            f"Record {person.pk} was not offered as a possible match for {named}. Choose one "
            "of the possible matches on the screening page, or create a new record."
        )
    if named.person_id == person.pk:
        return named
    _begin_screening(contact, acting_user)
    named.person = person
    named.match_status = MatchStatus.MATCHED
    named.matched_by = acting_user
    named.save(update_fields=["person", "match_status", "matched_by"])
    _mention_in_chronology(named, person, acting_user)
    audit_change(acting_user, person, action=AuditAction.CHANGE)
    return named


@transaction.atomic
def create_person_for(named: ContactPerson, *, acting_user: User) -> ContactPerson:
    """Nobody in the index matches: create a new record from what the referrer said."""
    _require_hub(acting_user)
    named = (
        ContactPerson.objects.select_for_update(of=("self",))
        .select_related("contact", "contact__agency")
        .get(pk=named.pk)
    )
    if named.person_id:
        raise FrontDoorError(f"{named} is already matched to record {named.person_id}.")
    contact = _lock_contact(named.contact_id)
    _begin_screening(contact, acting_user)
    data = {
        "kind": PersonKind.CHILD if named.role == PersonRole.CHILD else PersonKind.ADULT,
        "given_name": named.given_name or "Unborn",
        "family_name": named.family_name or "Not known",
        "date_of_birth": named.date_of_birth,
        "expected_date_of_birth": named.expected_date_of_birth if not named.date_of_birth else None,
        "sex": named.sex,
        "nhs_number": named.nhs_number,
    }
    if (
        contact.family_address_line_1
        and contact.family_postcode
        and named.lives_with_child is not False
    ):
        data.update(
            address_line_1=contact.family_address_line_1,
            address_line_2=contact.family_address_line_2,
            town=contact.family_town,
            postcode=contact.family_postcode,
        )
    person = people_actions.create_person(data, acting_user=acting_user)
    named.person = person
    named.match_status = MatchStatus.NEW
    named.matched_by = acting_user
    named.save(update_fields=["person", "match_status", "matched_by"])
    _mention_in_chronology(named, person, acting_user)
    return named


@transaction.atomic
def request_check(contact: Contact, agency: str, *, acting_user: User) -> AgencyCheck:
    _require_hub(acting_user)
    contact = _lock_contact(contact.pk)
    if contact.status == ContactStatus.DECIDED:
        raise FrontDoorError("The decision has been made; no more checks can be requested.")
    if contact.checks.filter(agency=agency, received_at__isnull=True).exists():
        raise FrontDoorError("A check with this agency is already waiting for an answer.")
    _begin_screening(contact, acting_user)
    return AgencyCheck.objects.create(
        contact=contact, agency=agency, requested_at=clock.now(), requested_by=acting_user
    )


@transaction.atomic
def record_check_result(check: AgencyCheck, summary: str, *, acting_user: User) -> AgencyCheck:
    _require_hub(acting_user)
    check = AgencyCheck.objects.select_for_update().get(pk=check.pk)
    if check.received_at:
        raise FrontDoorError("This check's answer has already been recorded.")
    summary = summary.strip()
    if not summary:
        raise FrontDoorError("Summarise what the agency shared")
    _begin_screening(_lock_contact(check.contact_id), acting_user)
    check.summary = summary
    check.received_at = clock.now()
    check.save(update_fields=["summary", "received_at"])
    return check


def ssf_open_within_6_months(person: Person, on: dt.date) -> bool:
    closures = Allocation.objects.filter(
        person=person, team__slug=rules.STRENGTHENING_AND_SUPPORTING_FAMILIES
    ).values_list("end_date", flat=True)
    return rules.open_to_ssf_within(list(closures), on)


@transaction.atomic
def decide(
    contact: Contact,
    outcome: str,
    reason: str,
    *,
    acting_user: User,
    signposted_to: str = "",
) -> ContactDecision:
    """Record the Hub's decision and start what it leads to, for every child on the contact."""
    _require_hub(acting_user)
    contact = (
        Contact.objects.select_for_update(of=("self",)).select_related("agency").get(pk=contact.pk)
    )
    if contact.status == ContactStatus.DECIDED:
        decision = contact.decision
        raise FrontDoorError(
            f"{decision.decided_by} already decided this contact at {clock.localtime(decision.decided_at):%H:%M on %-d %B %Y}."
        )
    if contact.status == ContactStatus.DRAFT:
        raise FrontDoorError("A draft cannot be decided.")
    reason = " ".join(reason.split())
    if not reason:
        raise SubmissionProblems([("reason", "Give the reason for the decision")])
    children = list(contact.people.filter(role=PersonRole.CHILD).select_related("person"))
    unmatched = [c for c in children if c.person_id is None]
    if unmatched:
        names = ", ".join(str(c) for c in unmatched)
        raise SubmissionProblems(
            [("outcome", f"Match or create a record for every child first: {names}")]
        )
    if outcome == rules.Outcome.SIGNPOST and not signposted_to.strip():
        raise SubmissionProblems(
            [("signposted_to", "Say which services the family was helped to reach")]
        )
    now = clock.now()
    today = clock.today()
    referral_date = clock.localdate(contact.received_at)
    any_ssf = any(ssf_open_within_6_months(c.person, today) for c in children)
    consents = {Consent.GIVEN: True, Consent.DISPENSED: None, Consent.NOT_YET: None}[
        contact.consent
    ]
    route = rules.route_decision(
        rules.DecisionFacts(
            outcome=rules.Outcome(outcome),
            ssf_open_within_6_months=any_ssf,
            family_consents=consents,
        )
    )
    team = Team.objects.get(slug=route.team) if route.team else None
    decision = ContactDecision.objects.create(
        contact=contact,
        outcome=outcome,
        next_step=route.next_step.value,
        team=team,
        reason=reason,
        explanation=route.explanation,
        signposted_to=signposted_to.strip(),
        outcome_for_referrer=route.referrer_outcome,
        decided_by=acting_user,
        decided_at=now,
        was_on_time=now <= contact.due_at,
    )
    for named in children:
        _start_next_step(route, team, named.person, contact, referral_date, acting_user)
        record_event(
            named.person,
            kind=EventKind.CONTACT,
            occurred_on=today,
            summary=f"Hub decision on {contact.reference}: {route.next_step.label}",
            detail=f"{reason}\n{route.explanation}",
            recorded_by=acting_user,
            source=decision,
        )
    _begin_screening(contact, acting_user)
    contact.status = ContactStatus.DECIDED
    contact.save(update_fields=["status", "updated_at"])
    return decision


def _start_next_step(
    route: rules.Route,
    team: Team | None,
    person: Person,
    contact: Contact,
    referral_date: dt.date,
    acting_user: User,
) -> None:
    step = route.next_step
    if team is None:
        return
    if not Allocation.objects.filter(person=person, team=team, end_date__isnull=True).exists():
        people_actions.allocate(person, team=team, worker=None, acting_user=acting_user)
    if step == rules.NextStep.STRATEGY_DISCUSSION:
        StrategyDiscussion.objects.create(
            person=person, team=team, contact=contact, requested_at=clock.now()
        )
        record_event(
            person,
            kind=EventKind.MEETING,
            occurred_on=clock.today(),
            summary="Strategy discussion requested: significant harm suspected",
            recorded_by=acting_user,
            source=contact,
        )
    elif step in (rules.NextStep.CHILD_AND_FAMILY_ASSESSMENT, rules.NextStep.SPECIALIST_ASSESSMENT):
        kind = (
            AssessmentKind.CHILD_AND_FAMILY
            if step == rules.NextStep.CHILD_AND_FAMILY_ASSESSMENT
            else AssessmentKind.SPECIALIST
        )
        if Assessment.objects.filter(person=person, kind=kind, status="open").exists():
            return
        assessment = Assessment.objects.create(
            person=person,
            kind=kind,
            team=team,
            contact=contact,
            referral_date=referral_date,
            started_on=clock.today(),
            due_on=rules.assessment_due(referral_date),
        )
        record_event(
            person,
            kind=EventKind.ASSESSMENT,
            occurred_on=clock.today(),
            summary=f"{assessment.get_kind_display()} started by {team}, due {assessment.due_on:%-d %B %Y}",
            recorded_by=acting_user,
            source=assessment,
        )
    elif step == rules.NextStep.EARLY_HELP_REQUEST:
        EarlyHelpRequest.objects.create(
            person=person, team=team, contact=contact, requested_on=clock.today()
        )


@transaction.atomic
def record_advice(
    *,
    caller_agency_kind: str,
    caller_role: str,
    question: str,
    advice: str,
    outcome: str,
    acting_user: User,
) -> AdviceLineConsultation:
    """Save an Advice Line consultation, refusing any text that identifies a family."""
    from continuum.frontdoor.identifying import find_identifying_details

    if not is_hub_staff(acting_user):
        raise FrontDoorError("Only Hub social workers record Advice Line consultations.")
    problems = []
    for name, text in (("caller_role", caller_role), ("question", question), ("advice", advice)):
        if find_identifying_details(text):
            problems.append(
                (name, "Remove the details that could identify the family (highlighted)")
            )
    if problems:
        raise SubmissionProblems(problems)
    return AdviceLineConsultation.objects.create(
        caller_agency_kind=caller_agency_kind,
        caller_role=caller_role,
        question=question,
        advice=advice,
        outcome=outcome,
        recorded_by=acting_user,
    )
