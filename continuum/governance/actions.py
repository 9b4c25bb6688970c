"""Changes the governance app makes: marking a record restricted and lifting it."""

from django.db import transaction

from continuum.governance.access import AccessRefused, can
from continuum.governance.models import AuditAction, AuditEntry
from continuum.governance.rules import Purpose, reason_problem
from continuum.organisation.models import User
from continuum.people.models import Person


class GovernanceError(Exception):
    """A request the policy refuses, with a message for the user."""


@transaction.atomic
def set_restriction(
    person: Person, *, restricted: bool, reason: str, acting_user: User, path: str = ""
) -> Person:
    """Mark a record restricted (only the allocated worker and their manager may open it), or
    lift the restriction. Administrators and the allocated manager may; the reason is kept
    in the audit, and the change in the record's history."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    decision = can(acting_user, Purpose.RESTRICT, person)
    if not decision.allowed:
        raise AccessRefused(person, decision)
    reason = " ".join((reason or "").split())
    problem = reason_problem(reason)
    if problem:
        raise GovernanceError(problem.replace("open this record", "change the restriction"))
    if person.is_restricted == restricted:
        state = "already restricted" if restricted else "not restricted"
        raise GovernanceError(f"This record is {state}.")
    person.is_restricted = restricted
    person._change_reason = reason  # django-simple-history keeps it with the change
    person.save(update_fields=["is_restricted", "updated_at"])
    AuditEntry.objects.create(
        actor=acting_user,
        person=person,
        action=AuditAction.RESTRICTED if restricted else AuditAction.UNRESTRICTED,
        basis=decision.basis,
        reason=reason,
        path=path[:300],
    )
    return person
