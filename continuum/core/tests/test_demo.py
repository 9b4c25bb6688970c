"""The demo authority: deterministic, idempotent, valid identifiers, real Blackpool postcodes,
named workers for open cases, and sign-ins that work."""

import datetime as dt
import hashlib
import random
import re
import sys
from collections import defaultdict

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import Client, RequestFactory
from rapidfuzz.distance import JaroWinkler

from continuum import cli
from continuum.core import clock
from continuum.core.models import ChronologyEvent, EventKind
from continuum.demo.frontdoor import ADVICE
from continuum.demo.generator import DemoError, generate_demo
from continuum.demo.identifiers import (
    NHS_TEST_PREFIX,
    NhsNumbers,
    make_upn,
)
from continuum.demo.population import school_entry
from continuum.demo.postcodes import blackpool_postcodes
from continuum.demo.staff import DEMO_PASSWORD, DEMO_SIGN_INS
from continuum.earlyhelp.models import EarlyHelpRequest
from continuum.frontdoor import rules
from continuum.frontdoor.actions import REFERENCE_PREFIX
from continuum.frontdoor.models import (
    AdviceLineConsultation,
    AgencyCheck,
    Contact,
    ContactDecision,
    ContactPerson,
    ContactStatus,
    IndicatorTick,
    MatchStatus,
    PersonRole,
)
from continuum.organisation.models import Role, User
from continuum.people.models import (
    Allocation,
    DuplicatePair,
    HouseholdMember,
    Person,
    PersonAddress,
    PersonKind,
    PersonName,
    Relationship,
    RelationshipKind,
)
from continuum.people.rules import (
    is_valid_nhs_number,
    is_valid_postcode,
    is_valid_upn,
    upn_check_letter,
)
from continuum.people.tests.factories import ChildFactory
from continuum.socialwork.models import Assessment, AssessmentKind, StrategyDiscussion
from continuum.thresholds.catalogue import default_catalogue

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
    lines += [
        f"C {c.reference}|{c.kind}|{c.status}|{c.rag}|{c.received_at}|{c.due_at}|{c.referrer_name}|"
        f"{c.worries}|{c.agency and c.agency.slug}|{c.screened_by and c.screened_by.username}"
        for c in Contact.objects.select_related("agency", "screened_by")
    ]
    lines += [
        f"CP {p.contact.reference}|{p.role}|{p.given_name}|{p.family_name}|{p.date_of_birth}|"
        f"{p.person_id and key(people[p.person_id])}"
        for p in ContactPerson.objects.select_related("contact")
    ]
    lines += [
        f"D {d.contact.reference}|{d.outcome}|{d.reason}|{d.decided_at}|{d.decided_by.username}"
        for d in ContactDecision.objects.select_related("contact", "decided_by")
    ]
    lines += [
        f"AS {key(people[a.person_id])}|{a.kind}|{a.status}|{a.referral_date}|{a.due_on}|{a.completed_on}"
        for a in Assessment.objects.all()
    ]
    lines += [
        f"AL {a.caller_role}|{a.question}|{a.outcome}|{a.recorded_at}"
        for a in AdviceLineConsultation.objects.all()
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
def test_the_demo_refuses_a_database_that_holds_people_but_no_demo():
    ChildFactory()
    with pytest.raises(
        DemoError, match=r"already holds person records \(1\) and no demo authority"
    ):
        generate_demo(children=SIZE, seed=7, as_of=AS_OF)
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
    assert is_valid_upn(upn)
    wrong = ("B" if upn[0] != "B" else "C") + upn[1:]
    assert not is_valid_upn(wrong)


def test_make_upn_lays_out_the_dfe_format():
    upn = make_upn("890", 2017, 2019, 42)
    assert upn[1:] == "890201719042"
    assert is_valid_upn(upn)


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
        request = RequestFactory().post("/sign-in")  # django-axes needs the request
        assert authenticate(request, username=sign_in.username, password=DEMO_PASSWORD) == user
        assert authenticate(request, username=sign_in.username, password="wrong") is None
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
def test_no_parent_gives_two_children_the_same_first_name(monkeypatch):
    # Every other name drawn is Freya, so without the rule most families would have two.
    from continuum.demo import names

    draw = names.first_name
    calls = iter(range(10**9))
    monkeypatch.setattr(
        names,
        "first_name",
        lambda rng, *args: "Freya" if next(calls) % 2 else draw(rng, *args),
    )
    generate_demo(children=60, seed=7, as_of=AS_OF)
    names_by_parent: dict[int, list[str]] = defaultdict(list)
    for parent, given in Relationship.objects.filter(
        kind=RelationshipKind.PARENT, other__date_of_birth__isnull=False
    ).values_list("person_id", "other__given_name"):
        names_by_parent[parent].append(given)
    assert sum(len(n) > 1 for n in names_by_parent.values()) > 10  # families with siblings
    assert all(len(n) == len(set(n)) for n in names_by_parent.values())


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
    # Three children recorded twice by a legacy import, waiting for duplicate review.
    shared = DuplicatePair.objects.filter(reasons__startswith="Same NHS number")
    assert shared.count() == 3
    for pair in shared:
        assert pair.person.nhs_number == pair.other.nhs_number != ""
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


# The front door ------------------------------------------------------------------------------

HUB_OPENS = dt.datetime.combine(AS_OF, dt.time(9, 0), tzinfo=rules.LONDON)


def waiting() -> list[Contact]:
    return list(
        Contact.objects.filter(status__in=[ContactStatus.RECEIVED, ContactStatus.SCREENING])
    )


@pytest.mark.django_db
def test_the_hub_queue_waits_with_decisions_due_by_the_rules(demo):
    queue = waiting()
    assert len(queue) >= 6
    last_working_day = AS_OF - dt.timedelta(days=1)  # 31 March 2026 is a Tuesday
    for contact in queue:
        assert contact.due_at == rules.decision_due(contact.received_at, contact.rag)
        assert contact.received_at <= HUB_OPENS
    recent = [c for c in queue if clock.localdate(c.received_at) >= last_working_day]
    assert len(recent) >= len(queue) / 2
    overdue = [c for c in queue if rules.is_overdue(c.due_at, HUB_OPENS)]
    assert 1 <= len(overdue) <= len(queue) / 3
    assert {c.status for c in queue} == {ContactStatus.RECEIVED, ContactStatus.SCREENING}
    assert AgencyCheck.objects.filter(contact__in=queue, received_at=None).exists()
    assert IndicatorTick.objects.filter(contact__in=queue).exists()
    catalogue = default_catalogue()
    for code in IndicatorTick.objects.values_list("code", flat=True):
        catalogue.indicator(code)  # KeyError if the code is not in the catalogue


@pytest.mark.django_db
def test_some_children_waiting_are_misspelt_versions_of_indexed_children(demo):
    unmatched = ContactPerson.objects.filter(
        contact__in=waiting(), role=PersonRole.CHILD, person=None
    )
    assert unmatched.exists()
    misspelt = 0
    for named in unmatched:
        assert named.match_status == MatchStatus.UNCHECKED
        same_birthday = Person.objects.filter(date_of_birth=named.date_of_birth)
        written = f"{named.given_name} {named.family_name}"
        scores = [JaroWinkler.similarity(written, p.full_name) for p in same_birthday]
        assert scores and max(scores) > 0.85, written  # someone in the index, written as said
        exact = same_birthday.filter(given_name=named.given_name, family_name=named.family_name)
        misspelt += not exact.exists()
    assert misspelt >= 2


@pytest.mark.django_db
def test_decided_contacts_name_matched_children_and_have_unique_references(demo):
    decided = Contact.objects.filter(status=ContactStatus.DECIDED).select_related("decision")
    assert decided.count() > 20
    for contact in decided:
        children = contact.people.filter(role=PersonRole.CHILD)
        assert children.exists(), contact
        for named in children:
            assert named.person_id is not None and named.match_status == MatchStatus.MATCHED
        decision = contact.decision
        assert decision.decided_by.team.slug == "request-for-support-hub"
        assert decision.decided_at >= contact.received_at
        assert decision.decided_at <= HUB_OPENS
        assert decision.reason and decision.outcome_for_referrer
        assert decision.was_on_time == (decision.decided_at <= contact.due_at)
        # In the chronology once: the contact and the decision, each naming the reference.
        for named in children:
            mentions = ChronologyEvent.objects.filter(
                person_id=named.person_id,
                kind=EventKind.CONTACT,
                summary__contains=contact.reference,
            )
            assert mentions.count() == 2, (contact, list(mentions))
    on_time = ContactDecision.objects.filter(was_on_time=True).count()
    assert on_time >= 0.8 * decided.count()
    references = list(Contact.objects.exclude(reference=None).values_list("reference", "kind"))
    assert len({r for r, _ in references}) == len(references)
    for reference, kind in references:
        assert re.fullmatch(rf"{REFERENCE_PREFIX[kind]}-20\d\d-\d{{6}}", reference), reference
    assert not Contact.objects.filter(status=ContactStatus.DRAFT).exclude(reference=None).exists()


@pytest.mark.django_db
def test_open_assessments_are_due_45_working_days_from_the_referral(demo):
    assessments = Assessment.objects.filter(
        status="open", kind=AssessmentKind.CHILD_AND_FAMILY
    ).select_related("contact__decision")
    assert assessments.exists()
    for assessment in assessments:
        contact = assessment.contact
        assert assessment.due_on == rules.assessment_due(assessment.referral_date)
        assert assessment.referral_date == clock.localdate(contact.received_at)
        assert contact.decision.outcome == rules.Outcome.STATUTORY_ASSESSMENT
        assert assessment.worker is not None
    # Everyone open to Assessment and Support came through the front door this year.
    open_to_team = set(
        Allocation.objects.filter(end_date=None, team__slug="assessment-and-support").values_list(
            "person_id", flat=True
        )
    )
    assert open_to_team
    through = (
        set(
            ContactPerson.objects.filter(contact__status=ContactStatus.DECIDED).values_list(
                "person_id", flat=True
            )
        )
        | set(Assessment.objects.values_list("person_id", flat=True))
        | set(StrategyDiscussion.objects.values_list("person_id", flat=True))
    )
    assert open_to_team <= through
    assert StrategyDiscussion.objects.filter(held_on=None).exists()
    assert EarlyHelpRequest.objects.exists()


@pytest.mark.django_db
def test_open_statutory_work_belongs_to_an_open_episode_of_need(demo):
    open_work = list(Assessment.objects.filter(status="open")) + list(
        StrategyDiscussion.objects.filter(held_on=None)
    )
    assert open_work
    for work in open_work:
        episode = work.episode
        assert episode is not None and episode.is_open and episode.person_id == work.person_id
        assert episode.referral_date <= (
            work.referral_date if isinstance(work, Assessment) else work.requested_at.date()
        )
        opening = episode.stage_changes.get()
        assert (opening.from_stage, opening.to_stage) == ("", "assessment")


@pytest.mark.django_db
def test_the_school_sees_its_requests_outcomes_and_drafts(demo, client: Client):
    school = User.objects.get(username="school.demo")
    mine = Contact.objects.filter(agency=school.agency)
    assert mine.filter(status=ContactStatus.DRAFT, submitted_by=school).exists()
    decided = mine.filter(status=ContactStatus.DECIDED)
    assert decided.exists()
    assert mine.filter(status__in=[ContactStatus.RECEIVED, ContactStatus.SCREENING]).exists()
    client.force_login(school)
    page = client.get("/hub/requests/").content.decode()
    shown = decided.select_related("decision").order_by("-received_at").first()
    assert shown.reference in page
    assert shown.decision.outcome_for_referrer.split(".")[0] in page
    assert "Draft started" in page


def test_advice_line_notes_identify_nobody():
    from continuum.frontdoor.identifying import find_identifying_details  # about 3 s to load

    for _kind, role, question, advice, _outcome in ADVICE:
        for text in (role, question, advice):
            assert not find_identifying_details(text), text


@pytest.mark.django_db
def test_advice_line_consultations_come_from_the_checked_notes(demo):
    notes = {(role, question, advice) for _, role, question, advice, _ in ADVICE}
    consultations = AdviceLineConsultation.objects.all()
    assert consultations.count() >= 20
    for consultation in consultations:
        assert (consultation.caller_role, consultation.question, consultation.advice) in notes
        assert consultation.recorded_at <= HUB_OPENS


def test_reasons_given_wait_for_the_team_manager_and_the_hub_manager(demo):
    from continuum.governance.access import reasons_for_manager
    from continuum.governance.models import AuditAction, AuditEntry, BreakGlassAccess

    tm = User.objects.get(username="tm.demo")
    hub_manager = User.objects.filter(
        role=Role.TEAM_MANAGER, team__slug="request-for-support-hub"
    ).first()
    given = BreakGlassAccess.objects.count()
    assert given == demo.counts["reasons given"] >= 2
    assert reasons_for_manager(tm).exists()
    assert reasons_for_manager(hub_manager).exists()
    # Given through the action, so each is in the record's audit, and each reads as a reason.
    assert AuditEntry.objects.filter(action=AuditAction.BREAK_GLASS).count() == given
