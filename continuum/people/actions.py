"""Changes to the person index. Every change runs in one transaction, writes the chronology
and the audit trail, and keeps history (django-simple-history records who and when)."""

import datetime as dt
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Model

from continuum.core import clock
from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.governance.access import AccessRefused, audit_change, can
from continuum.governance.models import AuditAction
from continuum.governance.rules import Purpose, most_restrictive
from continuum.organisation.models import Role, Team, User
from continuum.people.matching.duplicates import flag_shared_nhs_numbers
from continuum.people.matching.index import refresh_people
from continuum.people.models import (
    Allocation,
    DuplicatePair,
    DuplicateStatus,
    Household,
    HouseholdMember,
    MergedRow,
    Person,
    PersonAddress,
    PersonMerge,
    Relationship,
    RelationshipKind,
)


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
    """Add a person to the index, with their current address if one is given. A record
    holding an NHS number another live record already holds is still created, and the two
    are listed for duplicate review with the reason "Same NHS number" (docs/matching.md)."""
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
    if person.nhs_number:
        flag_shared_nhs_numbers([person.pk])
    return person


@transaction.atomic
def import_people(records: list[dict[str, Any]], *, acting_user: User) -> list[Person]:
    """Add records from another system (`continuum import-people`): each as `create_person`
    adds one, audited and in the chronology, all or none. Records holding an NHS number
    already in the index, or twice in the import, are added and listed for duplicate review
    ("Same NHS number"), never refused: legacy systems hold the same child twice."""
    if acting_user.role != Role.ADMINISTRATOR:
        raise PeopleError("Only an administrator may import records into the person index")
    return [create_person(record, acting_user=acting_user) for record in records]


def shares_nhs_number(person: Person) -> bool:
    """Whether another live record holds this person's NHS number."""
    return bool(person.nhs_number) and (
        Person.objects.filter(nhs_number=person.nhs_number, merged_into__isnull=True)
        .exclude(pk=person.pk)
        .exists()
    )


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
    reason: str = "",
) -> Allocation:
    """Allocate a team (and a named worker) to a person, ending that team's earlier allocation.

    Every change of worker is counted: the ended allocation stays, so the count is a query.
    A reallocation's reason is kept on the new allocation and in the chronology.
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
        person=person, team=team, worker=worker, start_date=start, reason=reason
    )
    record_event(
        person,
        kind=EventKind.ALLOCATION,
        occurred_on=start,
        summary=f"Allocated to {worker}, {team}" if worker else f"Allocated to {team}",
        detail=reason,
        recorded_by=acting_user,
        source=allocation,
    )
    audit_change(acting_user, person)
    return allocation


# -- Duplicate records: merge and undo -----------------------------------------------------------

# Rows that stay with the record they were written against, whatever is merged: the audit of
# who looked at which record, the reasons given to open it, the matching index (rebuilt), the
# duplicate review itself, and the merges.
NOT_MOVED = {
    "governance.AuditEntry",
    "governance.BreakGlassAccess",
    "people.PersonMatchKey",
    "people.PersonMatchRecord",
    "people.DuplicatePair",
    "people.PersonMerge",
}


def may_merge(user: User) -> bool:
    """Only team managers and administrators merge records: a wrong merge shows one child's
    history to another child's workers."""
    return user.role in (Role.TEAM_MANAGER, Role.ADMINISTRATOR)


def _person_relations() -> list[tuple[type[Model], str]]:
    """Every (model, foreign key field) that points at a person, in every installed app, so a
    merge moves new kinds of record too without this list being kept by hand. History tables
    (django-simple-history) keep what was true at the time and are left alone."""
    found = []
    for model in apps.get_models():
        label = model._meta.label
        if label in NOT_MOVED or hasattr(model, "instance_type"):
            continue
        for f in model._meta.get_fields():
            if (
                (getattr(f, "many_to_one", False) or getattr(f, "one_to_one", False))
                and f.concrete
                and f.related_model is Person
            ):
                found.append((model, f.name))
    return found


@transaction.atomic
def merge_people(
    survivor: Person,
    duplicate: Person,
    *,
    acting_user: User,
    pair: DuplicatePair | None = None,
    reason: str = "",
) -> PersonMerge:
    """Merge `duplicate` into `survivor`: every row that pointed at the duplicate (chronology,
    addresses, names, allocations, relationships, contacts...) is pointed at the survivor and
    listed, so `unmerge` can put back exactly those rows. A row that cannot move without
    breaking a rule (a second current address; a relationship between the two records)
    stays with the duplicate, which stays linked through `merged_into`. Nothing is deleted."""
    if not may_merge(acting_user):
        raise PeopleError("Only team managers and administrators can merge records")
    survivor = Person.objects.select_for_update().get(pk=survivor.pk)
    duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
    _require_merge_access(acting_user, survivor, duplicate)
    if survivor.pk == duplicate.pk:
        raise PeopleError("A record cannot be merged into itself")
    if survivor.merged_into_id or duplicate.merged_into_id:
        raise PeopleError("One of these records has already been merged into another")
    now = clock.now()
    merge = PersonMerge.objects.create(
        survivor=survivor,
        duplicate=duplicate,
        pair=pair,
        reason=reason,
        survivor_was_restricted=survivor.is_restricted,
        merged_by=acting_user,
        merged_at=now,
    )
    moved: list[MergedRow] = []
    for model, field_name in _person_relations():
        rows = model._default_manager.filter(**{field_name: duplicate})
        if model is Person and field_name == "merged_into":
            rows = rows.exclude(pk=survivor.pk)
        for row in rows:
            if _involves(row, survivor):
                continue
            try:
                with transaction.atomic():
                    type(row)._base_manager.filter(pk=row.pk).update(**{field_name: survivor})
            except IntegrityError:
                continue  # stays with the duplicate, reachable through merged_into
            moved.append(
                MergedRow(
                    merge=merge, model=model._meta.label, object_id=str(row.pk), field=field_name
                )
            )
    MergedRow.objects.bulk_create(moved)
    duplicate.merged_into = survivor
    duplicate.save(update_fields=["merged_into", "updated_at"])
    # The survivor now holds the duplicate's history: it keeps the strictest restriction.
    restricted = most_restrictive(survivor.is_restricted, duplicate.is_restricted)
    if restricted != survivor.is_restricted:
        survivor.is_restricted = restricted
        survivor.save(update_fields=["is_restricted", "updated_at"])
    if pair is not None:
        pair.status = DuplicateStatus.MERGED
        pair.reviewed_by = acting_user
        pair.reviewed_at = now
        pair.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    record_event(
        survivor,
        kind=EventKind.OTHER,
        occurred_on=clock.today(),
        summary=f"Record {duplicate.pk} ({duplicate.full_name}) merged into this record",
        recorded_by=acting_user,
        source=merge,
    )
    audit_change(acting_user, survivor, path=f"merge:{merge.pk}")
    audit_change(acting_user, duplicate, path=f"merge:{merge.pk}")
    refresh_people({survivor.pk, duplicate.pk})
    return merge


def _require_merge_access(user: User, *people: Person) -> None:
    """Comparing, merging or separating records is a look at each of them: the user must be
    able to open every one (a restricted record only by its allocated worker's manager)."""
    for person in people:
        decision = can(user, Purpose.MERGE, person)
        if not decision.allowed:
            raise AccessRefused(person, decision)


def _involves(row: Model, survivor: Person) -> bool:
    """A row linking the two records to each other (a relationship between them) would
    link the survivor to itself: it stays with the duplicate."""
    return any(
        getattr(f, "related_model", None) is Person and getattr(row, f.attname, None) == survivor.pk
        for f in row._meta.concrete_fields
    )


@transaction.atomic
def unmerge(merge: PersonMerge, *, acting_user: User) -> PersonMerge:
    """Undo a merge: point back exactly the rows it moved (those still on the survivor) and
    make the duplicate a record of its own again."""
    if not may_merge(acting_user):
        raise PeopleError("Only team managers and administrators can undo a merge")
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at:
        raise PeopleError("This merge has already been undone")
    survivor = Person.objects.select_for_update().get(pk=merge.survivor_id)
    _require_merge_access(acting_user, survivor)
    models_by_label = {m._meta.label: m for m in apps.get_models()}
    for row in merge.rows.all():
        model = models_by_label.get(row.model)
        if model is None:
            continue
        model._base_manager.filter(pk=row.object_id, **{row.field: merge.survivor_id}).update(
            **{row.field: merge.duplicate_id}
        )
    duplicate = Person.objects.select_for_update().get(pk=merge.duplicate_id)
    duplicate.merged_into = None
    duplicate.save(update_fields=["merged_into", "updated_at"])
    if survivor.is_restricted and not merge.survivor_was_restricted and duplicate.is_restricted:
        # The restriction came with the duplicate's history, which has gone back to it.
        survivor.is_restricted = False
        survivor.save(update_fields=["is_restricted", "updated_at"])
    merge.undone_by = acting_user
    merge.undone_at = clock.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    if merge.pair_id:
        DuplicatePair.objects.filter(pk=merge.pair_id).update(
            status=DuplicateStatus.OPEN, reviewed_by=None, reviewed_at=None
        )
    for person in (merge.survivor, duplicate):
        record_event(
            person,
            kind=EventKind.OTHER,
            occurred_on=clock.today(),
            summary=f"Merge of record {merge.duplicate_id} into record {merge.survivor_id} undone",
            recorded_by=acting_user,
            source=merge,
        )
        audit_change(acting_user, person, path=f"unmerge:{merge.pk}")
    refresh_people({merge.survivor_id, merge.duplicate_id})
    return merge


@transaction.atomic
def mark_not_duplicate(pair: DuplicatePair, *, acting_user: User) -> DuplicatePair:
    """A manager has looked: these are two different people. The pair is not offered again."""
    if not may_merge(acting_user):
        raise PeopleError("Only team managers and administrators review duplicate records")
    pair = (
        DuplicatePair.objects.select_for_update().select_related("person", "other").get(pk=pair.pk)
    )
    _require_merge_access(acting_user, pair.person, pair.other)
    pair.status = DuplicateStatus.NOT_DUPLICATE
    pair.reviewed_by = acting_user
    pair.reviewed_at = clock.now()
    pair.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return pair


@transaction.atomic
def record_household(people: list[Person], *, name: str, acting_user: User) -> Household:
    """Record that these people live together. If any of them already lives in a household
    (a current membership), the others join it; otherwise a new household is made. Each new
    member has it in their chronology, and the change is audited."""
    current = (
        HouseholdMember.objects.filter(person__in=people, end_date__isnull=True)
        .select_related("household")
        .order_by("id")
        .first()
    )
    household = current.household if current else Household.objects.create(name=name[:200])
    members = set(
        HouseholdMember.objects.filter(household=household, end_date__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    for person in people:
        if person.pk in members:
            continue
        HouseholdMember.objects.create(household=household, person=person, start_date=clock.today())
        members.add(person.pk)
        record_event(
            person,
            kind=EventKind.FAMILY,
            occurred_on=clock.today(),
            summary=f"Lives in {household}",
            recorded_by=acting_user,
            source=household,
        )
        audit_change(acting_user, person)
    return household


@transaction.atomic
def correct_relationship(
    relationship: Relationship, *, kind: str, acting_user: User
) -> Relationship:
    """Correct what a recorded relationship is (a half-sibling recorded as a sibling). The
    old value stays in the relationship's history; both people's chronologies say so."""
    if kind not in RelationshipKind.values:
        raise PeopleError("Choose a kind of relationship from the list")
    relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
    if relationship.kind == kind:
        return relationship
    before = str(relationship)
    relationship.kind = kind
    relationship.save(update_fields=["kind"])
    for subject in (relationship.person, relationship.other):
        record_event(
            subject,
            kind=EventKind.FAMILY,
            occurred_on=clock.today(),
            summary=f"Relationship corrected: {relationship} (was: {before})",
            recorded_by=acting_user,
            source=relationship,
        )
        audit_change(acting_user, subject)
    return relationship


@transaction.atomic
def end_relationship(
    relationship: Relationship, *, ended_on: dt.date, acting_user: User
) -> Relationship:
    """A relationship that has ended, or was recorded in error: it is given an end date, never
    deleted, so the record shows what was believed and when."""
    relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
    if relationship.end_date is not None:
        raise PeopleError("This relationship has already ended")
    if ended_on > clock.today():
        raise PeopleError("The end date cannot be in the future")
    relationship.end_date = ended_on
    relationship.save(update_fields=["end_date"])
    for subject in (relationship.person, relationship.other):
        record_event(
            subject,
            kind=EventKind.FAMILY,
            occurred_on=ended_on,
            summary=f"Relationship ended: {relationship}",
            recorded_by=acting_user,
            source=relationship,
        )
        audit_change(acting_user, subject)
    return relationship
