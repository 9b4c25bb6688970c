"""Put the demo authority into the database: plan everything in memory, then insert in bulk.

This is a generator, not user activity, so it writes rows directly with `bulk_create` rather
than through `people.actions`: an action per row (each with its own transaction, access check,
audit row and history row) would take tens of minutes for 28,000 children and their families. It writes what those actions would have left
behind that a page shows (a chronology event for each birth, address and allocation), but no
audit or history rows: nobody looked at or changed these records.

Everything happens in one transaction, so an interrupted run leaves nothing behind and the
next run starts clean.
"""

import datetime as dt
import random
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings
from django.db import models, reset_queries, transaction
from django.test.utils import override_settings
from tqdm import tqdm

from continuum.account.actions import give_demo_second_factor
from continuum.core import clock
from continuum.core.models import ChronologyEvent, EventKind
from continuum.demo.casework import Casework, choose_cases, open_children_by_team
from continuum.demo.frontdoor import FrontDoorPlan, plan_front_door
from continuum.demo.governance import give_demo_reasons
from continuum.demo.population import Population, PopulationPlanner
from continuum.demo.postcodes import Postcode, postcodes_in
from continuum.demo.staff import REQUIRED_TEAMS, SIGN_IN_USERNAMES, Staff, create_staff
from continuum.organisation.config import load_config, read_config
from continuum.organisation.models import Team, User
from continuum.people.models import (
    Allocation,
    Household,
    HouseholdMember,
    Person,
    PersonAddress,
    PersonKind,
    PersonName,
    Relationship,
)

DEFAULT_CHILDREN = 28_000
DEFAULT_SEED = 1
BATCH_SIZE = 2_000

M = TypeVar("M", bound=models.Model)


class DemoError(Exception):
    """The demo cannot be generated here, with the reason in plain English."""


@dataclass
class DemoResult:
    """What a run did: created or not (and why not), and how many rows of each kind."""

    created: bool
    message: str
    counts: dict[str, int] = field(default_factory=dict)


def existing_demo_sign_ins() -> set[str]:
    return set(
        User.objects.filter(username__in=SIGN_IN_USERNAMES).values_list("username", flat=True)
    )


def ensure_configuration() -> None:
    """Load the authority's configuration if any team the demo needs is missing."""
    present = set(
        Team.objects.filter(slug__in=REQUIRED_TEAMS, is_active=True).values_list("slug", flat=True)
    )
    if present != set(REQUIRED_TEAMS):
        load_config(settings.CONTINUUM_AUTHORITY_CONFIG)
    missing = set(REQUIRED_TEAMS) - set(
        Team.objects.filter(slug__in=REQUIRED_TEAMS).values_list("slug", flat=True)
    )
    if missing:
        raise DemoError(f"The authority configuration has no team {', '.join(sorted(missing))}")


def authority_postcodes() -> tuple[str, tuple[Postcode, ...]]:
    """The authority's DfE LA number and its postcodes, from its configuration file."""
    authority = read_config(settings.CONTINUUM_AUTHORITY_CONFIG)["authority"]
    letters = sorted({area[0] for area in authority.get("postcode_areas", ["F"])})
    postcodes = tuple(p for letter in letters for p in postcodes_in(authority["ons_code"], letter))
    if not postcodes:
        raise DemoError(f"No postcodes found for {authority['ons_code']}")
    return str(authority["la_code"]), postcodes


def generate_demo(
    *,
    children: int = DEFAULT_CHILDREN,
    seed: int = DEFAULT_SEED,
    as_of: dt.date | None = None,
    if_empty: bool = False,
    progress: bool = False,
) -> DemoResult:
    """Create a synthetic local authority with about `children` children and their families.

    Deterministic for (`seed`, `as_of`, `children`). Does nothing when a demo already exists
    (all the fixed demo sign-ins are present) or, with `if_empty`, when anyone is in the index;
    refuses a database that holds people but no demo (it may be a live one).
    """
    if children < 1:
        raise DemoError("The demo needs at least one child")
    if if_empty and Person.objects.exists():
        return DemoResult(
            False, "The person index is not empty, so no demo was added (--if-empty)."
        )
    present = existing_demo_sign_ins()
    if present == set(SIGN_IN_USERNAMES):
        count = Person.objects.count()
        if not Person.objects.filter(kind=PersonKind.CHILD).exists():
            raise DemoError("The demo sign-ins exist but the index holds no children.")
        # A demo made before sign-in needed a second factor: give its fixed sign-ins the demo
        # code, so that the printed sign-ins still work.
        given = give_demo_second_factor(list(User.objects.filter(username__in=SIGN_IN_USERNAMES)))
        return DemoResult(
            False,
            f"A demo authority is already here ({count:,} people); nothing to do"
            + (" but give its sign-ins the demo's second-factor code." if given else "."),
        )
    if present:
        raise DemoError(
            "Some demo sign-ins exist but not all of them "
            f"({', '.join(sorted(present))}); this database holds something other than a demo."
        )
    if Person.objects.exists():
        # Synthetic families must never be mixed into real records.
        raise DemoError(
            f"This database already holds person records ({Person.objects.count():,}) and no "
            "demo authority: the demo only goes into an empty database."
        )
    ensure_configuration()
    today = as_of or clock.today()
    rng = random.Random(seed)
    la_number, postcodes = authority_postcodes()
    planner = PopulationPlanner(
        rng,
        today,
        postcodes,
        la_number=la_number,
        used_nhs_numbers=set(
            Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True)
        ),
        used_upns=set(Person.objects.exclude(upn="").values_list("upn", flat=True)),
    )
    with _bar(progress, children, "Planning families", " children") as bar:
        population = planner.plan(children, bar.update)
    cases = choose_cases(population, rng)
    # Under DEBUG every query is logged with its SQL, and on SQLite that means quoting each
    # parameter with a query of its own: for the demo's bulk inserts, a tenth of the run.
    with override_settings(DEBUG=False), transaction.atomic():
        staff = create_staff(
            rng,
            open_children_by_team(cases, population),
            existing_usernames=set(User.objects.values_list("username", flat=True)),
        )
        casework = Casework(population, planner, staff, rng)
        casework.write(cases)
        front_door = plan_front_door(population, casework, staff, random.Random(rng.random()))
        counts = write_rows(population, casework, staff, front_door, progress=progress)
        counts["reasons given"] = give_demo_reasons(random.Random(rng.random()))
    counts["users"] = len(staff.users)
    counts["open children"] = len({a.person for a in casework.allocations if a.end is None})
    message = (
        f"Created a demo authority: {counts['children']:,} children, {counts['adults']:,} adults, "
        f"{counts['open children']:,} open to services, {counts['users']:,} staff and partner "
        f"users, {counts['contacts']:,} contacts at the front door "
        f"({counts['contacts waiting']} waiting for the Hub)."
    )
    return DemoResult(True, message, counts)


def _bar(progress: bool, total: int, desc: str, unit: str = " rows") -> tqdm:
    """A progress bar on stderr; silent when asked, or when stderr is not a terminal."""
    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        file=sys.stderr,
        disable=None if progress else True,
        leave=False,
        dynamic_ncols=True,
    )


def insert(
    model: type[M], rows: Iterable[M], *, total: int, desc: str, progress: bool
) -> list[int]:
    """bulk_create in batches; returns the new primary keys in order (both SQLite and
    PostgreSQL return them from a bulk insert).

    Under DEBUG Django keeps the SQL of recent queries in memory; a bulk insert's SQL is
    large, so the log is cleared after each batch to keep memory flat."""
    keys: list[int] = []
    batch: list[M] = []

    def flush() -> None:
        model._default_manager.bulk_create(batch)
        keys.extend(obj.pk for obj in batch)
        bar.update(len(batch))
        reset_queries()
        batch.clear()

    with _bar(progress, total, desc) as bar:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH_SIZE:
                flush()
        if batch:
            flush()
    return keys


def write_rows(
    population: Population,
    casework: Casework,
    staff: Staff,
    front_door: FrontDoorPlan,
    *,
    progress: bool,
) -> dict[str, int]:
    """Insert the planned people and everything about them; returns row counts."""
    people = population.people

    def write(model: type[M], rows: Iterable[M], total: int, desc: str) -> list[int]:
        return insert(model, rows, total=total, desc=desc, progress=progress)

    person_pk = write(
        Person,
        (
            Person(
                kind=p.kind,
                given_name=p.given_name,
                middle_names=p.middle_names,
                family_name=p.family_name,
                date_of_birth=p.date_of_birth,
                expected_date_of_birth=p.expected_date_of_birth,
                sex=p.sex,
                ethnicity=p.ethnicity,
                nhs_number=p.nhs_number,
                upn=p.upn,
                is_restricted=p.is_restricted,
            )
            for p in people
        ),
        len(people),
        "People",
    )
    write(
        PersonName,
        (
            PersonName(
                person_id=person_pk[i],
                kind=kind,
                given_name=given,
                family_name=family,
                used_until=until,
            )
            for i, kind, given, family, until in population.other_names
        ),
        len(population.other_names),
        "Other names",
    )
    addresses = [(i, a) for i, p in enumerate(people) for a in p.addresses]
    address_pk = write(
        PersonAddress,
        (
            PersonAddress(
                person_id=person_pk[i],
                line_1=a.home.line_1,
                line_2=a.home.line_2,
                town=a.home.town,
                postcode=a.home.postcode,
                start_date=a.start,
                end_date=a.end,
            )
            for i, a in addresses
        ),
        len(addresses),
        "Addresses",
    )
    write(
        Relationship,
        (
            Relationship(
                person_id=person_pk[a],
                other_id=person_pk[b],
                kind=kind,
                is_important_to_child=important,
                start_date=start,
                end_date=end,
            )
            for a, b, kind, important, start, end in population.relationships
        ),
        len(population.relationships),
        "Relationships",
    )
    household_pk = write(
        Household,
        (Household(name=name) for name in population.households),
        len(population.households),
        "Households",
    )
    members = [(i, p.membership) for i, p in enumerate(people) if p.membership is not None]
    write(
        HouseholdMember,
        (
            HouseholdMember(
                household_id=household_pk[m.household],
                person_id=person_pk[i],
                start_date=m.start,
                end_date=m.end,
            )
            for i, m in members
        ),
        len(members),
        "Household members",
    )
    allocation_pk = write(
        Allocation,
        (
            Allocation(
                person_id=person_pk[a.person],
                team_id=a.worker.team_id,
                worker=a.worker,
                start_date=a.start,
                end_date=a.end,
            )
            for a in casework.allocations
        ),
        len(casework.allocations),
        "Allocations",
    )
    # Contacts and the work they started: after the people, before the chronology that
    # points at them.
    front_door_counts = front_door.write(casework.events, person_pk, write)

    def events() -> Iterator[ChronologyEvent]:
        for i, p in enumerate(people):
            # A child's story starts at birth; an adult's birth is not the service's business.
            if p.date_of_birth is not None and p.kind == PersonKind.CHILD:
                yield ChronologyEvent(
                    person_id=person_pk[i],
                    occurred_on=p.date_of_birth,
                    kind=EventKind.BIRTH,
                    summary="Born",
                    source=f"people.Person:{person_pk[i]}",
                )
        previous = -1
        for (i, a), pk in zip(addresses, address_pk, strict=True):
            first = i != previous
            previous = i
            if a.start is None:
                continue
            yield ChronologyEvent(
                person_id=person_pk[i],
                occurred_on=a.start,
                kind=EventKind.ADDRESS,
                summary=f"{'Living at' if first else 'Moved to'} {a.home}"[:300],
                source=f"people.PersonAddress:{pk}",
            )
        # Allocations and casework events in the order they happened, so that a day's
        # events keep their order (a contact, then the decision, then the allocation).
        managers = {m.team_id: m for m in staff.managers.values()}
        timeline: list[tuple[dt.date, float, ChronologyEvent]] = []
        for a, pk in zip(casework.allocations, allocation_pk, strict=True):
            team = a.worker.team
            event = ChronologyEvent(
                person_id=person_pk[a.person],
                occurred_on=a.start,
                kind=EventKind.ALLOCATION,
                summary=f"Allocated to {a.worker}, {team}",
                recorded_by=managers.get(a.worker.team_id),
                source=f"people.Allocation:{pk}",
            )
            timeline.append((a.start, a.order - 0.5, event))
        for order, e in enumerate(casework.events):
            event = ChronologyEvent(
                person_id=person_pk[e.person],
                occurred_on=e.day,
                kind=e.kind,
                summary=e.summary[:300],
                detail=e.detail,
                recorded_by=e.by,
                is_significant=e.significant,
                source=e.source,
            )
            timeline.append((e.day, order, event))
        timeline.sort(key=lambda t: (t[0], t[1]))
        for _, _, event in timeline:
            yield event

    born = sum(1 for p in people if p.date_of_birth is not None and p.kind == PersonKind.CHILD)
    total_events = (
        born
        + sum(1 for _, a in addresses if a.start)
        + len(casework.allocations)
        + len(casework.events)
    )
    write(ChronologyEvent, events(), total_events, "Chronology")
    children = sum(1 for p in people if p.kind == PersonKind.CHILD)
    return {
        "children": children,
        "adults": len(people) - children,
        "people": len(people),
        "other names": len(population.other_names),
        "addresses": len(addresses),
        "relationships": len(population.relationships),
        "households": len(population.households),
        "household members": len(members),
        "allocations": len(casework.allocations),
        "chronology events": total_events,
        **front_door_counts,
    }
