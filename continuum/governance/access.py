"""The one access policy. Every read of a person's record goes through `access_person`, which
fetches, checks and audits in one call; lists of people use `caseload` from the same place.

Other apps add grounds for access (the Hub screening a contact) by registering a function with
`register_screening_check`, so the policy itself stays in one place.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from continuum.core import clock
from continuum.governance.models import AuditAction, AuditEntry, BreakGlassAccess
from continuum.governance.rules import AccessDecision, AccessFacts, decide_access
from continuum.organisation.models import Agency, Role, User
from continuum.people.models import Allocation, Person

ScreeningCheck = Callable[[User, Person], bool]
_screening_checks: list[ScreeningCheck] = []


def register_screening_check(check: ScreeningCheck) -> None:
    """Let the front door say "this Hub worker is screening a contact about this person"."""
    if check not in _screening_checks:
        _screening_checks.append(check)


class AccessRefused(Exception):
    """The user may not open this record. `may_give_reason` says whether a reason would help."""

    def __init__(self, person: Person, decision: AccessDecision) -> None:
        super().__init__(decision.basis)
        self.person = person
        self.decision = decision


def gather_facts(user: User, person: Person) -> AccessFacts:
    allocations = list(
        Allocation.objects.filter(person=person, end_date__isnull=True).select_related("worker")
    )
    team_ids = {a.team_id for a in allocations}
    worker_team_ids = {a.worker.team_id for a in allocations if a.worker}
    is_manager = user.role == Role.TEAM_MANAGER and user.team_id is not None
    now = clock.now()
    return AccessFacts(
        is_partner=user.role == Role.PARTNER,
        is_allocated_worker=any(a.worker_id == user.pk for a in allocations),
        in_allocated_team=user.team_id in team_ids and user.role != Role.PARTNER,
        manages_allocated_team=is_manager and user.team_id in team_ids,
        manages_allocated_worker=is_manager and user.team_id in worker_team_ids,
        screening_contact=any(check(user, person) for check in _screening_checks),
        recorded_person_recently=person.created_by_id == user.pk
        and person.created_at > now - dt.timedelta(hours=settings.CONTINUUM_BREAK_GLASS_HOURS),
        has_current_reason=BreakGlassAccess.objects.filter(
            user=user, person=person, expires_at__gt=now
        ).exists(),
        is_restricted=person.is_restricted,
    )


def check_access(user: User, person: Person) -> AccessDecision:
    return decide_access(gather_facts(user, person))


def access_person(
    user: User, person_id: int, *, action: str = AuditAction.VIEW, path: str = ""
) -> Person:
    """Fetch a person's record for this user, or raise. Every successful call is audited."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    decision = check_access(user, person)
    if not decision.allowed:
        raise AccessRefused(person, decision)
    reason = ""
    if decision.basis == "Reason given":
        grant = (
            BreakGlassAccess.objects.filter(user=user, person=person, expires_at__gt=clock.now())
            .order_by("-granted_at")
            .first()
        )
        reason = grant.reason if grant else ""
    AuditEntry.objects.create(
        actor=user, person=person, action=action, basis=decision.basis, reason=reason, path=path
    )
    return person


@transaction.atomic
def give_reason(user: User, person: Person, reason: str, *, path: str = "") -> BreakGlassAccess:
    """Record the reason someone outside the child's work gives to open the record."""
    decision = check_access(user, person)
    if decision.allowed:
        raise ValueError("You can already open this record; no reason is needed.")
    if not decision.may_give_reason:
        raise AccessRefused(person, decision)
    reason = " ".join(reason.split())
    if len(reason) < 10:
        raise ValueError("Say why you need to open this record, in at least 10 characters.")
    now = clock.now()
    grant = BreakGlassAccess.objects.create(
        user=user,
        person=person,
        reason=reason,
        granted_at=now,
        expires_at=now + dt.timedelta(hours=settings.CONTINUUM_BREAK_GLASS_HOURS),
    )
    AuditEntry.objects.create(
        actor=user,
        person=person,
        action=AuditAction.BREAK_GLASS,
        basis="Not involved with this child",
        reason=reason,
        path=path,
    )
    return grant


def audit_change(
    user: User, person: Person, *, action: str = AuditAction.CHANGE, path: str = ""
) -> None:
    """Record a change to a person's record. Called by actions inside their transaction."""
    decision = check_access(user, person)
    AuditEntry.objects.create(
        actor=user, person=person, action=action, basis=decision.basis, path=path
    )


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
    """Reasons given by others to open records of children allocated to the manager's team."""
    if manager.role != Role.TEAM_MANAGER or not manager.team_id:
        return BreakGlassAccess.objects.none()
    team_people = Allocation.objects.filter(end_date__isnull=True, team_id=manager.team_id).values(
        "person_id"
    )
    return BreakGlassAccess.objects.filter(person_id__in=team_people).select_related(
        "user", "person", "user__team", "user__agency"
    )
