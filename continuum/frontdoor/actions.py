"""Everything that changes a contact: drafting, submitting, screening, checks and decisions.

Each action checks the current status, runs in one transaction, writes the chronology and the
audit trail, and raises `FrontDoorError` with a plain-English message when it is not allowed.
The web pages and the API call the same actions.
"""

import datetime as dt
import zlib
from collections.abc import Sequence
from dataclasses import asdict

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q

from continuum.core import clock
from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.earlyhelp import actions as earlyhelp_actions
from continuum.frontdoor import rules, submission
from continuum.frontdoor.access import is_hub_staff
from continuum.frontdoor.models import (
    NOT_SENT,
    AdviceLineConsultation,
    AgencyCheck,
    CheckAgency,
    Consent,
    Contact,
    ContactDecision,
    ContactKind,
    ContactPerson,
    ContactStatus,
    HeldAnswer,
    IndicatorTick,
    MatchStatus,
    PersonRole,
    ScreeningCandidate,
    ScreeningTakeover,
)
from continuum.governance.access import Listed, audit_change, list_people
from continuum.governance.models import AuditAction
from continuum.organisation import config
from continuum.organisation.models import Agency, Role, Team, User
from continuum.people import actions as people_actions
from continuum.people.models import (
    Allocation,
    Person,
    PersonKind,
    Relationship,
    RelationshipKind,
)
from continuum.socialwork import actions as socialwork_actions
from continuum.socialwork.codes import referral_source_for
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


def hub_decision_due(received_at: dt.datetime, rag: str) -> dt.datetime:
    """When the decision is due, by the Hub's opening hours as the authority configures them
    (`[hub_opening_hours]` in config/blackpool.toml)."""
    hours = rules.opening_hours_from_config(config.hub_opening_hours_table())
    return rules.decision_due(received_at, rag, opening_hours=hours)


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
    held: Sequence[submission.TypedAnswer] = (),
) -> Contact:
    """Save a Request for Support as the referrer types. Nothing is lost; nothing is overwritten
    silently: saving over an existing draft must say which version the answers are based on
    (`expected_version`), and a save based on any other version than the one stored is
    refused, so the page can show both and let the referrer combine them. `held` are answers
    that cannot be saved as they stand (a date that does not exist): kept as typed, with what
    needs fixing, in place of those the draft held before; the draft cannot be sent until
    they are fixed."""
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
    contact.held_answers.all().delete()
    HeldAnswer.objects.bulk_create(
        HeldAnswer(contact=contact, field=a.field[:100], typed=a.typed, problem=a.problem)
        for a in {a.field: a for a in held}.values()
    )
    return contact


@transaction.atomic
def discard_draft(contact: Contact, *, acting_user: User) -> Contact:
    """The author no longer needs a draft. It is kept, with its history, but leaves their
    agency's list of drafts and can no longer be changed or sent."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.status != ContactStatus.DRAFT:
        raise FrontDoorError("Only a draft that has not been sent can be discarded.")
    if contact.submitted_by_id != acting_user.pk:
        raise FrontDoorError("Only the person who started this draft can discard it.")
    contact.status = ContactStatus.DISCARDED
    contact.discarded_at = clock.now()
    contact.save(update_fields=["status", "discarded_at", "updated_at"])
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
    contact.due_at = hub_decision_due(contact.received_at, contact.rag)
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
    problems += [(a.field, a.problem) for a in contact.held_answers.all()]
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
    if contact.status in NOT_SENT:
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
def take_over_screening(contact: Contact, *, reason: str, acting_user: User) -> Contact:
    """A Hub worker takes over a contact another worker started screening (they are away, or
    it is overdue). The contact's history keeps who held it, when and why; each person already
    matched to a record has the change in their chronology and audit trail."""
    _require_hub(acting_user)
    contact = _lock_contact(contact.pk)
    if contact.status == ContactStatus.DECIDED:
        raise FrontDoorError("The decision has been made; there is nothing left to take over.")
    if contact.status == ContactStatus.RECEIVED or contact.screened_by_id is None:
        raise FrontDoorError("Nobody has started screening this contact: start screening it.")
    if contact.screened_by_id == acting_user.pk:
        raise FrontDoorError("You are already screening this contact.")
    reason = " ".join(reason.split())
    if not reason:
        raise SubmissionProblems([("reason", "Say why you are taking over this contact")])
    previous = contact.screened_by
    now = clock.now()
    ScreeningTakeover.objects.create(
        contact=contact, previous_worker=previous, taken_by=acting_user, reason=reason, taken_at=now
    )
    contact.screened_by = acting_user
    contact.save(update_fields=["screened_by", "updated_at"])
    matched = ContactPerson.objects.filter(contact=contact, person__isnull=False).select_related(
        "person"
    )
    for named in matched:
        record_event(
            named.person,
            kind=EventKind.CONTACT,
            occurred_on=clock.localdate(now),
            summary=f"{acting_user} took over screening {contact.reference} from {previous}",
            detail=reason,
            recorded_by=acting_user,
            source=contact,
        )
        audit_change(acting_user, named.person, action=AuditAction.CHANGE)
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
    contact.due_at = hub_decision_due(contact.received_at, contact.rag)
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
    contact = _lock_contact(check.contact_id)
    _begin_screening(contact, acting_user)
    check.summary = summary
    check.received_at = clock.now()
    check.save(update_fields=["summary", "received_at"])
    if contact.status == ContactStatus.DECIDED:
        _record_late_answer(check, contact, acting_user)
    return check


LATE_CHECK_EVENT_KINDS = {
    CheckAgency.POLICE: EventKind.POLICE,
    CheckAgency.HEALTH: EventKind.HEALTH,
    CheckAgency.SCHOOL: EventKind.EDUCATION,
}


def _record_late_answer(check: AgencyCheck, contact: Contact, acting_user: User) -> None:
    """An answer that arrived after the Hub decided (a late health reply) goes on each child's
    record, so the team now working with the family sees it."""
    agency = check.get_agency_display()
    for named in contact.people.filter(role=PersonRole.CHILD, person__isnull=False).select_related(
        "person"
    ):
        record_event(
            named.person,
            kind=LATE_CHECK_EVENT_KINDS.get(check.agency, EventKind.OTHER),
            occurred_on=clock.localdate(check.received_at),
            summary=f"{agency} check for {contact.reference} answered after the Hub's decision",
            detail=check.summary,
            recorded_by=acting_user,
            source=check,
        )
        audit_change(acting_user, named.person, action=AuditAction.CHANGE)


def proposed_family_links(
    named: list[ContactPerson],
) -> list[tuple[ContactPerson, ContactPerson, str]]:
    """The family links a contact states (`rules.family_links`), between its named people."""
    by_pk = {n.pk: n for n in named}
    links = rules.family_links(
        [
            rules.NamedInContact(
                n.pk, n.role == PersonRole.CHILD, n.relationship_to_child, n.lives_with_child
            )
            for n in named
        ]
    )
    return [(by_pk[link.person], by_pk[link.other], link.kind) for link in links]


def related_already(first: Person, second: Person) -> bool:
    return Relationship.objects.filter(
        Q(person=first, other=second) | Q(person=second, other=first), end_date__isnull=True
    ).exists()


@transaction.atomic
def confirm_family_links(
    contact: Contact,
    chosen: dict[tuple[int, int], str],
    *,
    household: bool = False,
    acting_user: User,
) -> list[Relationship]:
    """The Hub confirms the family links a contact states, each as the kind it chose (a
    referrer's "brother" may be a half-brother), so they enter the person index; and, if the
    Hub confirms it, that the children and the adults who live with them are a household.
    Only links the contact states, between people matched to records; a link already recorded
    is left as it is. Each is in both people's chronology and audited."""
    _require_hub(acting_user)
    contact = _lock_contact(contact.pk)
    named = list(contact.people.select_related("person"))
    proposals = {(a.pk, b.pk): (a, b) for a, b, _ in proposed_family_links(named)}
    made = []
    for pair, kind in chosen.items():
        if pair not in proposals:
            raise FrontDoorError("That family link is not one this contact states.")
        if kind not in RelationshipKind.values:
            raise FrontDoorError("Choose what the relationship is from the list.")
        first, second = proposals[pair]
        if first.person is None or second.person is None:
            raise FrontDoorError(
                f"Match or create a record for {first} and {second} before linking them."
            )
        if related_already(first.person, second.person):
            continue
        made.append(
            people_actions.record_relationship(
                first.person, second.person, kind, acting_user=acting_user
            )
        )
        audit_change(acting_user, first.person)
        audit_change(acting_user, second.person)
    if household:
        living = [
            n
            for n in named
            if n.role == PersonRole.CHILD or (n.role != PersonRole.CHILD and n.lives_with_child)
        ]
        if any(n.person is None for n in living):
            raise FrontDoorError("Match or create a record for everyone who lives together first.")
        if len(living) > 1:
            people_actions.record_household(
                [n.person for n in living],
                name=contact.family_address_line_1
                or f"{living[0].family_name or 'Family'} household",
                acting_user=acting_user,
            )
    return made


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
    if contact.status in NOT_SENT:
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
        ),
        ssf_leads_section_47=config.routing("ssf_leads_section_47"),
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
    """Hand the child to the team the decision names, through that team's own actions: the
    episode of need (socialwork) or the Early Help Hub (earlyhelp)."""
    step = route.next_step
    if team is None:
        return
    if step == rules.NextStep.EARLY_HELP_REQUEST:
        earlyhelp_actions.request_early_help(
            person, team=team, contact=contact, acting_user=acting_user
        )
        return
    socialwork_actions.start_for_hub_decision(
        person,
        next_step=step.value,
        team=team,
        referral_date=referral_date,
        referral_source=referral_source_of(contact),
        contact=contact,
        acting_user=acting_user,
    )


def referral_source_of(contact: Contact) -> str:
    """The DfE referral source the census reports for a contact, from who sent it."""
    return referral_source_for(contact.kind, contact.agency.kind if contact.agency else None)


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


@transaction.atomic
def receive_step_up(
    details: submission.RequestDetails, *, person: Person, acting_user: User
) -> Contact:
    """Early help stepped up: the lead practitioner shares the family's Early Help Assessment
    and plan with the Hub as a new Request for Support (earlyhelp.actions.step_up calls this).
    The child is already known, so they arrive matched to their record; the Hub screens and
    decides as for any other contact."""
    _refuse_beyond_limits(details)
    if not details.children:
        raise SubmissionProblems([("children", "Add at least one child")])
    contact = Contact(
        kind=ContactKind.REQUEST_FOR_SUPPORT,
        agency_id=acting_user.agency_id,
        submitted_by=acting_user,
    )
    _write_details(contact, details)
    _receive(contact)
    contact.people.filter(role=PersonRole.CHILD).update(
        person=person, match_status=MatchStatus.MATCHED, matched_by=acting_user
    )
    return contact
