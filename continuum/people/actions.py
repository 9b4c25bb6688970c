"""Changes to the person index. Every change runs in one transaction, writes the chronology
and the audit trail, and keeps history (django-simple-history records who and when)."""

import datetime as dt
from typing import Any

from django.db import transaction

from continuum.core import clock
from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.governance.access import audit_change
from continuum.governance.models import AuditAction
from continuum.organisation.models import Team, User
from continuum.people.models import Allocation, Person, PersonAddress, Relationship


class PeopleError(Exception):
    """A change to the person index that is not allowed, with a plain-English reason."""


PERSON_FIELDS = (
    "kind",
    "given_name",
    "middle_names",
    "family_name",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "gender",
    "ethnicity",
    "nhs_number",
    "upn",
)


@transaction.atomic
def create_person(data: dict[str, Any], *, acting_user: User) -> Person:
    """Add a person to the index, with their current address if one is given."""
    person = Person(**{f: data[f] for f in PERSON_FIELDS if f in data}, created_by=acting_user)
    person.full_clean(validate_unique=True)
    person.save()
    if data.get("address_line_1"):
        move_address(
            person,
            line_1=data["address_line_1"],
            line_2=data.get("address_line_2", ""),
            town=data.get("town", ""),
            postcode=data["postcode"],
            start_date=clock.today(),
            acting_user=acting_user,
            audit=False,
        )
    record_event(
        person,
        kind=EventKind.RECORD_CREATED,
        occurred_on=clock.today(),
        summary=f"Record created by {acting_user}",
        recorded_by=acting_user,
        source=person,
    )
    if person.date_of_birth:
        record_event(
            person,
            kind=EventKind.BIRTH,
            occurred_on=person.date_of_birth,
            summary="Born",
            recorded_by=acting_user,
            source=person,
        )
    audit_change(acting_user, person, action=AuditAction.CREATE)
    return person


@transaction.atomic
def move_address(
    person: Person,
    *,
    line_1: str,
    postcode: str,
    start_date: dt.date,
    acting_user: User,
    line_2: str = "",
    town: str = "",
    audit: bool = True,
) -> PersonAddress:
    """Close the current address (if any) the day before the move and open the new one."""
    current = (
        PersonAddress.objects.select_for_update()
        .filter(person=person, end_date__isnull=True)
        .first()
    )
    if current:
        if current.start_date and start_date <= current.start_date:
            raise PeopleError("The move must be after the start of the current address")
        current.end_date = start_date - dt.timedelta(days=1)
        current.save(update_fields=["end_date"])
    address = PersonAddress.objects.create(
        person=person,
        line_1=line_1,
        line_2=line_2,
        town=town,
        postcode=postcode,
        start_date=start_date,
    )
    record_event(
        person,
        kind=EventKind.ADDRESS,
        occurred_on=start_date,
        summary=f"Moved to {address}" if current else f"Living at {address}",
        recorded_by=acting_user,
        source=address,
    )
    if audit:
        audit_change(acting_user, person)
    return address


@transaction.atomic
def record_relationship(
    person: Person,
    other: Person,
    kind: str,
    *,
    acting_user: User,
    start_date: dt.date | None = None,
) -> Relationship:
    """Record that `person` is the `kind` (parent, sibling...) of `other`."""
    if person.pk == other.pk:
        raise PeopleError("A person cannot be related to themselves")
    relationship = Relationship.objects.create(
        person=person, other=other, kind=kind, start_date=start_date
    )
    for subject in (person, other):
        record_event(
            subject,
            kind=EventKind.FAMILY,
            occurred_on=start_date or clock.today(),
            summary=str(relationship),
            recorded_by=acting_user,
            source=relationship,
        )
    return relationship


@transaction.atomic
def allocate(
    person: Person,
    *,
    team: Team,
    worker: User | None,
    acting_user: User,
    start_date: dt.date | None = None,
) -> Allocation:
    """Allocate a team (and a named worker) to a person, ending that team's earlier allocation.

    Every change of worker is counted: the ended allocation stays, so the count is a query.
    """
    start = start_date or clock.today()
    if worker is not None and worker.team_id != team.pk:
        raise PeopleError(f"{worker} is not a member of {team}")
    previous = Allocation.objects.select_for_update().filter(
        person=person, team=team, end_date__isnull=True
    )
    for allocation in previous:
        if allocation.worker_id == (worker.pk if worker else None):
            raise PeopleError(f"{person} is already allocated to {worker or team}")
        allocation.end_date = start
        allocation.save(update_fields=["end_date"])
    allocation = Allocation.objects.create(
        person=person, team=team, worker=worker, start_date=start
    )
    record_event(
        person,
        kind=EventKind.ALLOCATION,
        occurred_on=start,
        summary=f"Allocated to {worker}, {team}" if worker else f"Allocated to {team}",
        recorded_by=acting_user,
        source=allocation,
    )
    audit_change(acting_user, person)
    return allocation
