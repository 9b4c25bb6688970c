"""The demo authority: deterministic, idempotent, valid identifiers, real Blackpool postcodes,
named workers for open cases, and sign-ins that work."""

import datetime as dt
import hashlib
import random
import sys
from collections import defaultdict

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import F

from continuum import cli
from continuum.core.models import ChronologyEvent, EventKind
from continuum.demo.generator import generate_demo
from continuum.demo.identifiers import (
    NHS_TEST_PREFIX,
    NhsNumbers,
    has_valid_upn_check_letter,
    make_upn,
    upn_check_letter,
)
from continuum.demo.population import school_entry
from continuum.demo.postcodes import blackpool_postcodes
from continuum.demo.staff import DEMO_PASSWORD, DEMO_SIGN_INS
from continuum.organisation.models import Role, User
from continuum.people.models import (
    Allocation,
    HouseholdMember,
    Person,
    PersonAddress,
    PersonKind,
    PersonName,
    Relationship,
    RelationshipKind,
)
from continuum.people.rules import is_valid_nhs_number, is_valid_postcode, is_valid_upn
from continuum.people.tests.factories import ChildFactory

AS_OF = dt.date(2026, 3, 31)
SIZE = 150


@pytest.fixture
def demo(db):
    return generate_demo(children=SIZE, seed=7, as_of=AS_OF)


def digest() -> str:
    """A fingerprint of the demo by natural values (names, dates, codes, usernames), never by
    primary keys, so two databases can be compared."""

    def key(p: Person) -> str:
        return f"{p.given_name}|{p.middle_names}|{p.family_name}|{p.date_of_birth}|{p.expected_date_of_birth}"

    people = {p.pk: p for p in Person.objects.all()}
    lines = [
        f"P {key(p)}|{p.kind}|{p.sex}|{p.ethnicity}|{p.nhs_number}|{p.upn}|{p.is_restricted}"
        for p in people.values()
    ]
    lines += [
        f"A {key(people[a.person_id])}|{a.line_1}|{a.line_2}|{a.postcode}|{a.start_date}|{a.end_date}"
        for a in PersonAddress.objects.all()
    ]
    lines += [
        f"N {key(people[n.person_id])}|{n.kind}|{n.given_name}|{n.family_name}|{n.used_until}"
        for n in PersonName.objects.all()
    ]
    lines += [
        f"R {key(people[r.person_id])}|{r.kind}|{key(people[r.other_id])}|{r.start_date}|{r.end_date}"
        for r in Relationship.objects.all()
    ]
    lines += [
        f"L {key(people[a.person_id])}|{a.team.slug}|{a.worker.username}|{a.start_date}|{a.end_date}"
        for a in Allocation.objects.select_related("team", "worker")
    ]
    lines += [
        f"E {key(people[e.person_id])}|{e.occurred_on}|{e.kind}|{e.summary}|{e.recorded_by and e.recorded_by.username}"
        for e in ChronologyEvent.objects.select_related("recorded_by")
    ]
    lines += [
        f"U {u.username}|{u.get_full_name()}|{u.role}|{u.team and u.team.slug}|{u.agency and u.agency.slug}"
        for u in User.objects.select_related("team", "agency")
    ]
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


class Rollback(Exception):
    pass


def digest_of_a_fresh_run(seed: int) -> tuple[str, int]:
    """Generate in a savepoint, fingerprint, then roll back, leaving the database empty."""
    found: list[tuple[str, int]] = []
    try:
        with transaction.atomic():
            generate_demo(children=SIZE, seed=seed, as_of=AS_OF)
            found.append((digest(), Person.objects.count()))
            raise Rollback
    except Rollback:
        pass
    assert not Person.objects.exists()
    return found[0]


@pytest.mark.django_db
def test_same_seed_gives_the_same_demo_and_another_seed_does_not():
    first, people = digest_of_a_fresh_run(seed=11)
    second, _ = digest_of_a_fresh_run(seed=11)
    other, _ = digest_of_a_fresh_run(seed=12)
    assert people > SIZE
    assert first == second
    assert other != first


@pytest.mark.django_db
def test_second_run_adds_nothing(demo):
    counts = (Person.objects.count(), User.objects.count(), ChronologyEvent.objects.count())
    again = generate_demo(children=SIZE, seed=7, as_of=AS_OF)
    assert demo.created
    assert not again.created
    assert "already" in again.message
    assert (Person.objects.count(), User.objects.count(), ChronologyEvent.objects.count()) == counts


@pytest.mark.django_db
def test_if_empty_leaves_a_database_with_people_alone():
    ChildFactory()
    result = generate_demo(children=SIZE, seed=7, as_of=AS_OF, if_empty=True)
    assert not result.created
    assert Person.objects.count() == 1
    assert not User.objects.filter(username="sw.demo").exists()


@pytest.mark.django_db
def test_size_and_shape(demo):
    children = Person.objects.filter(kind=PersonKind.CHILD)
    assert children.count() == SIZE
    assert Person.objects.filter(kind=PersonKind.ADULT).count() > SIZE / 2
    assert demo.counts["children"] == SIZE
    assert demo.counts["open children"] > 0


@pytest.mark.django_db
def test_nhs_numbers_are_valid_unique_and_from_the_test_range(demo):
    numbers = list(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True))
    assert len(numbers) > 0.9 * Person.objects.exclude(date_of_birth=None).count()
    assert len(set(numbers)) == len(numbers)
    assert all(is_valid_nhs_number(n) for n in numbers)
    assert all(n.startswith(NHS_TEST_PREFIX) for n in numbers)


@pytest.mark.django_db
def test_upns_are_valid_with_the_right_check_letter_for_school_age_children(demo):
    pupils = list(Person.objects.exclude(upn=""))
    assert pupils
    for pupil in pupils:
        assert is_valid_upn(pupil.upn), pupil.upn
        assert has_valid_upn_check_letter(pupil.upn), pupil.upn
        assert pupil.upn[1:4] == "890"
        assert pupil.kind == PersonKind.CHILD
        assert school_entry(pupil.date_of_birth) <= AS_OF
        assert pupil.upn[8:10] == f"{school_entry(pupil.date_of_birth).year % 100:02d}"
    assert len({p.upn for p in pupils}) == len(pupils)
    at_school = [
        c
        for c in Person.objects.filter(kind=PersonKind.CHILD).exclude(date_of_birth=None)
        if school_entry(c.date_of_birth) <= AS_OF
    ]
    assert len(pupils) >= 0.9 * len(at_school)


@pytest.mark.parametrize(
    "upn",
    # Check letters from the DfE-validated synthetic returns in the shared returns folder.
    ["C890140001010", "Q890140001020", "U890140001080", "A890120002010", "C890180002020"],
)
def test_upn_check_letter_matches_dfe_examples(upn):
    assert upn_check_letter(upn[1:]) == upn[0]
    assert has_valid_upn_check_letter(upn)
    wrong = ("B" if upn[0] != "B" else "C") + upn[1:]
    assert not has_valid_upn_check_letter(wrong)


def test_make_upn_lays_out_the_dfe_format():
    upn = make_upn("890", 2017, 2019, 42)
    assert upn[1:] == "890201719042"
    assert is_valid_upn(upn)
    assert has_valid_upn_check_letter(upn)


def test_nhs_number_generator_never_repeats_or_reuses():
    taken = {"9990000008"}
    numbers = NhsNumbers(random.Random(1), used=taken)
    made = [numbers.next() for _ in range(2000)]
    assert len(set(made)) == 2000
    assert not taken & set(made)
    assert all(is_valid_nhs_number(n) for n in made)


def test_blackpool_postcodes_come_from_the_ons_directory():
    postcodes = {p.postcode for p in blackpool_postcodes()}
    assert len(postcodes) == 5120
    assert "FY1 1AA" in postcodes
    assert "FY8 1AA" not in postcodes  # Lytham St Annes: Fylde, not Blackpool
    assert all(p.startswith("FY") and is_valid_postcode(p) for p in postcodes)


@pytest.mark.django_db
def test_everyone_has_one_current_address_at_a_blackpool_postcode(demo):
    blackpool = {p.postcode for p in blackpool_postcodes()}
    current = PersonAddress.objects.filter(end_date=None)
    assert current.count() == Person.objects.count()
    assert set(current.values_list("postcode", flat=True)) <= blackpool
    history: dict[int, list[PersonAddress]] = defaultdict(list)
    for address in PersonAddress.objects.order_by("start_date", "id"):
        history[address.person_id].append(address)
    for addresses in history.values():
        for earlier, later in zip(addresses, addresses[1:], strict=False):
            assert earlier.end_date is not None and earlier.end_date < later.start_date
    assert any(len(a) > 1 for a in history.values())  # some families have moved


@pytest.mark.django_db
def test_open_allocations_have_a_named_worker_in_that_team(demo):
    open_allocations = Allocation.objects.filter(end_date=None).select_related("worker")
    assert open_allocations.exists()
    for allocation in open_allocations:
        assert allocation.worker is not None
        assert allocation.worker.team_id == allocation.team_id
        assert allocation.start_date <= AS_OF


@pytest.mark.django_db
def test_sign_ins_exist_with_their_roles_and_can_sign_in(demo):
    for sign_in in DEMO_SIGN_INS:
        user = User.objects.select_related("team", "agency").get(username=sign_in.username)
        assert user.role == sign_in.role
        assert (user.team.slug if user.team else None) == sign_in.team
        if sign_in.agency:
            assert user.agency.slug == sign_in.agency
        assert authenticate(username=sign_in.username, password=DEMO_PASSWORD) == user
        assert authenticate(username=sign_in.username, password="wrong") is None
    admin = User.objects.get(username="admin.demo")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.get(username="sw.demo").is_staff
    tm = User.objects.get(username="tm.demo")
    assert tm.role == Role.TEAM_MANAGER
    assert not User.objects.filter(team=tm.team, role=Role.TEAM_MANAGER).exclude(pk=tm.pk).exists()
    assert Allocation.objects.filter(worker__username="sw.demo", end_date=None).exists()


@pytest.mark.django_db
def test_families_hang_together(demo):
    parents: dict[int, set[int]] = defaultdict(set)
    for r in Relationship.objects.filter(kind=RelationshipKind.PARENT):
        parents[r.other_id].add(r.person_id)
    children = Person.objects.filter(kind=PersonKind.CHILD)
    assert all(parents[c.pk] for c in children)  # every child has a recorded parent
    for r in Relationship.objects.filter(kind=RelationshipKind.SIBLING):
        assert parents[r.person_id] == parents[r.other_id]
    for r in Relationship.objects.filter(kind=RelationshipKind.HALF_SIBLING):
        assert parents[r.person_id] & parents[r.other_id]
    assert not Relationship.objects.filter(person_id=F("other_id")).exists()
    living_at_home = HouseholdMember.objects.filter(end_date=None).values_list(
        "person_id", flat=True
    )
    assert set(living_at_home) & set(children.values_list("pk", flat=True))


@pytest.mark.django_db
def test_chronologies_stop_at_the_as_of_date_and_open_children_have_a_story(demo):
    assert not ChronologyEvent.objects.filter(occurred_on__gt=AS_OF).exists()
    plain = {EventKind.BIRTH, EventKind.ADDRESS, EventKind.ALLOCATION}
    open_children = Person.objects.filter(
        pk__in=Allocation.objects.filter(end_date=None).values("person_id")
    )
    assert open_children.exists()
    for child in open_children:
        kinds = set(child.chronology.values_list("kind", flat=True))
        assert kinds - plain, child
    born = Person.objects.exclude(date_of_birth=None).filter(kind=PersonKind.CHILD)
    assert ChronologyEvent.objects.filter(kind=EventKind.BIRTH).count() == born.count()


@pytest.mark.django_db
def test_command_and_sign_in_table(capsys, monkeypatch):
    call_command("demo", children=SIZE, seed=3, as_of=AS_OF)
    assert "Created a demo authority" in capsys.readouterr().out
    call_command("demo", children=SIZE, seed=3, as_of=AS_OF)
    assert "already" in capsys.readouterr().out
    monkeypatch.setenv("PORT", "8765")
    monkeypatch.setattr(sys, "argv", ["continuum", "demo-sign-ins"])
    cli.main()
    out = capsys.readouterr().out
    for sign_in in DEMO_SIGN_INS:
        assert sign_in.username in out
    assert "Request for Support Hub" in out
    assert DEMO_PASSWORD in out
    assert "http://127.0.0.1:8765/" in out
