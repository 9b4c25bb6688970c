"""The one access policy. `can(user, purpose, person)` answers every question a route asks
of a person's record (open it, write to it, list it by name, merge it, restrict it), from the
pure table in `governance.rules.decide`. Around it:

- `access_person` fetches, checks and audits in one call (a refusal is audited too);
- `list_people` decides, for a search or a list of candidates, which people are shown by name
  and which as "a record you cannot open", and audits the search and every record shown;
- `caseload` is the list of people a worker works with.

Other apps add grounds for access (the Hub screening a contact) by registering a function with
`register_screening_check`, so the policy itself stays in one place.
"""

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from continuum.core import clock
from continuum.governance.models import AuditAction, AuditEntry, BreakGlassAccess, SearchAudit
from continuum.governance.rules import (
    AccessDecision,
    AccessFacts,
    EarlyHelpStanding,
    Purpose,
    decide,
    decide_partner_lookup,
    listing_without_facts,
    reason_problem,
    restricting_without_facts,
)
from continuum.organisation.config import read_config
from continuum.organisation.models import Agency, Role, Team, User
from continuum.people.models import Allocation, Person

ScreeningCheck = Callable[[User, Person], bool]
_screening_checks: list[ScreeningCheck] = []


def register_screening_check(check: ScreeningCheck) -> None:
    """Let the front door say "this Hub worker is screening a contact about this person"."""
    if check not in _screening_checks:
        _screening_checks.append(check)


EarlyHelpCheck = Callable[[User, Person], EarlyHelpStanding]
_early_help_checks: list[EarlyHelpCheck] = []
EARLY_HELP_HUB_SLUG = "early-help-hub"


def register_early_help_check(check: EarlyHelpCheck) -> None:
    """Let early help say whether this user leads or belongs to this child's early help, and
    whether it has been shared with social care by a step up."""
    if check not in _early_help_checks:
        _early_help_checks.append(check)


def _early_help_standing(user: User, person: Person) -> EarlyHelpStanding:
    standings = [check(user, person) for check in _early_help_checks]
    return EarlyHelpStanding(
        leads=any(s.leads for s in standings),
        member=any(s.member for s in standings),
        shared=any(s.shared for s in standings),
    )


def _grant_purpose(purpose: Purpose | None) -> str:
    """A reason given to read a child's early help opens that, not the whole record."""
    return Purpose.EARLY_HELP.value if purpose == Purpose.EARLY_HELP else Purpose.OPEN.value


class AccessRefused(Exception):
    """The user may not open this record. `may_give_reason` says whether a reason would help."""

    def __init__(self, person: Person, decision: AccessDecision) -> None:
        super().__init__(decision.basis)
        self.person = person
        self.decision = decision


def gather_facts(user: User, person: Person, purpose: Purpose | None = None) -> AccessFacts:
    allocations = list(
        Allocation.objects.filter(person=person, end_date__isnull=True).select_related("worker")
    )
    team_ids = {a.team_id for a in allocations}
    worker_team_ids = {a.worker.team_id for a in allocations if a.worker}
    is_manager = user.role == Role.TEAM_MANAGER and user.team_id is not None
    now = clock.now()
    grants = BreakGlassAccess.objects.filter(user=user, person=person, expires_at__gt=now)
    early_help = (
        _early_help_standing(user, person) if purpose == Purpose.EARLY_HELP else EarlyHelpStanding()
    )
    return AccessFacts(
        is_partner=user.role == Role.PARTNER,
        is_allocated_worker=any(a.worker_id == user.pk for a in allocations),
        in_allocated_team=user.team_id in team_ids and user.role != Role.PARTNER,
        manages_allocated_team=is_manager and user.team_id in team_ids,
        manages_allocated_worker=is_manager and user.team_id in worker_team_ids,
        screening_contact=any(check(user, person) for check in _screening_checks),
        recorded_person_recently=person.created_by_id == user.pk
        and person.created_at > now - dt.timedelta(hours=settings.CONTINUUM_BREAK_GLASS_HOURS),
        has_current_reason=grants.filter(purpose=Purpose.OPEN.value).exists(),
        is_restricted=person.is_restricted,
        is_administrator=user.role == Role.ADMINISTRATOR or user.is_superuser,
        reviews_duplicates=user.role in (Role.TEAM_MANAGER, Role.ADMINISTRATOR)
        or user.is_superuser,
        leads_early_help=early_help.leads,
        in_team_around_family=early_help.member,
        in_early_help_hub=purpose == Purpose.EARLY_HELP
        and user.role != Role.PARTNER
        and user.team is not None
        and user.team.slug == EARLY_HELP_HUB_SLUG,
        early_help_shared=early_help.shared,
        has_early_help_reason=purpose == Purpose.EARLY_HELP
        and grants.filter(purpose=Purpose.EARLY_HELP.value).exists(),
    )


def can(user: User, purpose: Purpose, person: Person) -> AccessDecision:
    """May this user do this with this person's record? The one question every route asks."""
    if not getattr(user, "is_authenticated", False):
        return AccessDecision(False, "Not signed in")
    if purpose == Purpose.RESTRICT:
        quick = restricting_without_facts(
            is_administrator=user.role == Role.ADMINISTRATOR or user.is_superuser,
            is_manager=user.role == Role.TEAM_MANAGER and user.team_id is not None,
        )
        if quick is not None:
            return quick
    return decide(purpose, gather_facts(user, person, purpose))


def check_access(user: User, person: Person) -> AccessDecision:
    """May this user open this record?"""
    return can(user, Purpose.OPEN, person)


def record_refusal(user: User, person: Person, decision: AccessDecision, *, path: str = "") -> None:
    """A refused look is recorded like any other look."""
    AuditEntry.objects.create(
        actor=user, person=person, action=AuditAction.REFUSED, basis=decision.basis, path=path
    )


def access_person(
    user: User,
    person_id: int,
    *,
    action: str = AuditAction.VIEW,
    purpose: Purpose = Purpose.OPEN,
    path: str = "",
) -> Person:
    """Fetch a person's record for this user, or raise. Every call is audited, refusals too."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    decision = can(user, purpose, person)
    if not decision.allowed:
        record_refusal(user, person, decision, path=path)
        raise AccessRefused(person, decision)
    reason = ""
    if decision.basis == "Reason given":
        grant = (
            BreakGlassAccess.objects.filter(
                user=user,
                person=person,
                expires_at__gt=clock.now(),
                purpose=_grant_purpose(purpose),
            )
            .order_by("-granted_at")
            .first()
        )
        reason = grant.reason if grant else ""
    AuditEntry.objects.create(
        actor=user, person=person, action=action, basis=decision.basis, reason=reason, path=path
    )
    return person


@transaction.atomic
def give_reason(
    user: User, person: Person, reason: str, *, path: str = "", purpose: Purpose = Purpose.OPEN
) -> BreakGlassAccess:
    """Record the reason someone outside the child's work gives to open the record (or, with
    `purpose=Purpose.EARLY_HELP`, to read the child's early help, which is not shared)."""
    decision = can(user, purpose, person)
    if decision.allowed:
        raise ValueError("You can already open this record; no reason is needed.")
    if not decision.may_give_reason:
        raise AccessRefused(person, decision)
    reason = " ".join(reason.split())
    problem = reason_problem(reason)
    if problem:
        raise ValueError(problem)
    now = clock.now()
    grant = BreakGlassAccess.objects.create(
        user=user,
        person=person,
        reason=reason,
        purpose=_grant_purpose(purpose),
        granted_at=now,
        expires_at=now + dt.timedelta(hours=settings.CONTINUUM_BREAK_GLASS_HOURS),
        review_team=reviewing_team(person),
    )
    AuditEntry.objects.create(
        actor=user,
        person=person,
        action=AuditAction.BREAK_GLASS,
        basis=decision.basis[:200],
        reason=reason,
        path=path,
    )
    return grant


def reviewing_team(person: Person) -> Team | None:
    """Whose manager reviews a reason given to open this record: the allocated team's, or,
    for the many people with no open allocation, the team the authority names in its
    configuration (`[governance] reason_reviewer_team`, the Request for Support Hub)."""
    allocation = (
        Allocation.objects.filter(person=person, end_date__isnull=True)
        .select_related("team")
        .order_by("-start_date", "-pk")
        .first()
    )
    if allocation is not None:
        return allocation.team
    slug = reason_reviewer_team_slug()
    return Team.objects.filter(slug=slug).first() if slug else None


def reason_reviewer_team_slug() -> str:
    return _governance_config(str(settings.CONTINUUM_AUTHORITY_CONFIG)).get(
        "reason_reviewer_team", ""
    )


@functools.lru_cache(maxsize=4)
def _governance_config(path: str) -> dict:
    return read_config(Path(path)).get("governance", {})


def audit_change(
    user: User,
    person: Person,
    *,
    action: str = AuditAction.CHANGE,
    path: str = "",
    purpose: Purpose = Purpose.OPEN,
) -> None:
    """Record a change to a person's record. Called by actions inside their transaction."""
    decision = can(user, purpose, person)
    AuditEntry.objects.create(
        actor=user, person=person, action=action, basis=decision.basis, path=path
    )


def partner_may_know(agency: Agency, person: Person) -> bool:
    """May this partner agency's system be told that this record exists?"""
    return decide_partner_lookup(is_restricted=person.is_restricted).allowed


def audit_match_lookup(agency: Agency, people: Iterable[Person], *, path: str = "") -> None:
    """Record that a partner system's person-match lookup returned these records as
    candidates: its agency learned that each is known to Children's Services."""
    AuditEntry.objects.bulk_create(
        AuditEntry(
            agency=agency,
            person=person,
            action=AuditAction.MATCHED,
            basis="Person-match API granted to the agency",
            path=path,
        )
        for person in people
    )


def caseload(user: User) -> QuerySet[Person]:
    """The people this user works with: allocated to them, or (for a manager) to their team."""
    open_allocations = Q(allocations__end_date__isnull=True)
    if user.role == Role.TEAM_MANAGER and user.team_id:
        scope = Q(allocations__team_id=user.team_id) | Q(allocations__worker__team_id=user.team_id)
    else:
        scope = Q(allocations__worker=user)
    return Person.objects.filter(open_allocations & scope).distinct()


def reasons_for_manager(manager: User) -> QuerySet[BreakGlassAccess]:
    """Reasons given by others to open records of children allocated to the manager's team,
    and those sent to the team for review because the child had no allocated team."""
    if manager.role != Role.TEAM_MANAGER or not manager.team_id:
        return BreakGlassAccess.objects.none()
    team_people = Allocation.objects.filter(end_date__isnull=True, team_id=manager.team_id).values(
        "person_id"
    )
    return BreakGlassAccess.objects.filter(
        Q(person_id__in=team_people) | Q(review_team_id=manager.team_id)
    ).select_related("user", "person", "user__team", "user__agency")


@dataclass(frozen=True)
class Listed:
    """One person in a search result or list, as this user may see them."""

    person: Person
    decision: AccessDecision

    @property
    def shown(self) -> bool:
        return self.decision.allowed


def may_list(user: User, person: Person) -> bool:
    """May this user be shown this person by name inside a page they may open (the people
    who matter on a child's record)? The page's own look is what is audited."""
    decision = listing_without_facts(
        is_restricted=person.is_restricted, is_partner=user.role == Role.PARTNER
    ) or can(user, Purpose.LIST, person)
    return decision.allowed


def list_people(
    user: User,
    people: Sequence[Person],
    *,
    purpose: str,
    query: str,
    path: str = "",
) -> list[Listed]:
    """Decide, for each person a search or list found, whether this user is shown them by
    name or as "a record you cannot open", and audit it: the search itself (who looked for
    what, how many they were shown) and, on each record's own audit page, that it was
    shown. Unrestricted records need no per-person query, so a page of 50 stays cheap."""
    listed = []
    for person in people:
        decision = listing_without_facts(
            is_restricted=person.is_restricted, is_partner=user.role == Role.PARTNER
        ) or can(user, Purpose.LIST, person)
        listed.append(Listed(person, decision))
    # Records shown by name first, in the search's order; those hidden after them, so their
    # place in an alphabetical list says nothing of their names.
    listed.sort(key=lambda item: not item.shown)
    SearchAudit.objects.create(
        actor=user,
        purpose=purpose,
        query=query[:2000],
        shown=sum(1 for item in listed if item.shown),
        shown_as_cannot_open=sum(1 for item in listed if not item.shown),
        path=path[:300],
    )
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=user,
            person=item.person,
            action=AuditAction.LISTED if item.shown else AuditAction.REFUSED,
            basis=item.decision.basis,
            reason=f"{purpose}: {query}"[:2000],
            path=path[:300],
        )
        for item in listed
    )
    return listed
