"""The census from the records, and a previous census into the records."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from continuum.organisation.tests.factories import AdministratorFactory, TeamFactory
from continuum.people.models import DuplicatePair, Person
from continuum.people.tests.factories import ChildFactory
from continuum.returns import census, cin
from continuum.returns.imports import import_census
from continuum.returns.models import ImportedChild
from continuum.returns.validation import validate_cin
from continuum.socialwork.models import Assessment, AssessmentFactorIdentified, Episode

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).with_name("data") / "cin_census_2026.xml"


@pytest.fixture
def loader():
    TeamFactory(slug="assessment-and-support")
    return AdministratorFactory()


def test_importing_the_sample_loads_every_child_and_episode(loader):
    read = census.read_census_xml(SAMPLE.read_bytes())
    summary = import_census(read, as_user=loader.username)
    assert len(summary.created) == 12 and summary.linked == []
    assert Episode.objects.count() == sum(len(c.episodes) for c in read.children)
    nfa = ImportedChild.objects.get(la_child_id="BPC0001").person
    assert nfa.upn == "C890140001010" and nfa.date_of_birth == dt.date(2014, 6, 10)
    assert Assessment.objects.filter(kind="section_47").exists()


def test_importing_the_same_file_again_adds_nothing_and_links_everyone(loader):
    read = census.read_census_xml(SAMPLE.read_bytes())
    import_census(read, as_user=loader.username)
    people, episodes = Person.objects.count(), Episode.objects.count()
    again = import_census(read, as_user=loader.username)
    assert (Person.objects.count(), Episode.objects.count()) == (people, episodes)
    assert len(again.linked) == 12 and again.episodes == 0


def test_a_child_known_by_upn_is_linked_not_created(loader):
    known = ChildFactory(upn="C890140001010", date_of_birth=dt.date(2014, 6, 10))
    read = census.read_census_xml(SAMPLE.read_bytes())
    summary = import_census(read, as_user=loader.username)
    assert "BPC0001" in summary.linked
    assert ImportedChild.objects.get(la_child_id="BPC0001").person == known


def test_the_same_child_twice_in_a_file_is_loaded_and_flagged_never_a_crash(loader):
    read = census.read_census_xml(SAMPLE.read_bytes())
    twin = census.read_census_xml(SAMPLE.read_bytes()).children[1]
    twin.la_child_id = "LEGACY42"
    read.children.append(twin)
    # And a record already in the index with that UPN but another date of birth.
    other = ChildFactory(upn=twin.upn, date_of_birth=dt.date(2016, 1, 1))
    summary = import_census(read, as_user=loader.username)
    first = ImportedChild.objects.get(la_child_id="BPC0002").person
    second = ImportedChild.objects.get(la_child_id="LEGACY42").person
    assert len({first.pk, second.pk, other.pk}) == 3  # nobody joined without a manager
    pairs = {
        (p.person_id, p.other_id)
        for p in DuplicatePair.objects.filter(reasons__contains=twin.upn, status="open")
    }
    assert pairs == {
        tuple(sorted((a.pk, b.pk))) for a, b in ((first, second), (first, other), (second, other))
    }
    assert len(summary.flagged) == 3


def test_the_command_loads_a_file_and_refuses_a_broken_one(loader, tmp_path, capsys):
    call_command("returns", "import-cin", str(SAMPLE), "--as-user", loader.username)
    assert "12 children" in capsys.readouterr().out
    broken = tmp_path / "broken.xml"
    broken.write_text("<Message>")
    with pytest.raises(Exception, match="not a census file this can load"):
        call_command("returns", "import-cin", str(broken))


def test_the_export_of_imported_records_passes_the_validator(loader, tmp_path):
    """Children whose episodes hold referrals, assessments and closures (plans and Section 47
    enquiries join when their records exist)."""
    read = census.read_census_xml(SAMPLE.read_bytes())
    read.children = [
        c
        for c in read.children
        if not any(e.section47s or e.child_protection_plans or e.initial_cpc for e in c.episodes)
    ]
    assert len(read.children) >= 4
    import_census(read, as_user=loader.username)
    xml, children, episodes = cin.export_cin(2026)
    assert children == len(read.children)
    path = tmp_path / "cin.xml"
    path.write_bytes(xml)
    result = validate_cin(path, 2026)
    assert result.errors == [], result.errors


def test_the_command_writes_the_census_and_lists_queries_with_their_children(
    loader, tmp_path, capsys
):
    read = census.read_census_xml(SAMPLE.read_bytes())
    read.children = [c for c in read.children if c.la_child_id in ("BPC0001", "BPC0002")]
    read.children[1].episodes[0].child_in_need_plans = []
    import_census(read, as_user=loader.username)
    school_age = ImportedChild.objects.get(la_child_id="BPC0002").person
    # A completed assessment with no factors recorded: the census queries it (8897Q).
    AssessmentFactorIdentified.objects.filter(assessment__person=school_age).delete()
    out = tmp_path / "cin.xml"
    call_command("returns", "cin", "--year", "2026", "--out", str(out))
    printed = capsys.readouterr().out
    assert "2 children, 2 episodes of need" in printed
    assert "Errors: 0" in printed
    queries = printed.split("Queries:")[1]
    assert "8897Q" in queries and f"C{school_age.pk}" in queries.split("8897Q")[1]
    assert census.read_census_xml(out.read_bytes()).year == 2026


def test_child_protection_records_reach_the_census_and_pass_the_validator(tmp_path, settings):
    """A strategy discussion, a Section 47 enquiry, the initial conference on its target date
    and a Child Protection plan under neglect, recorded through child protection's actions."""
    from continuum.organisation.tests.factories import UserFactory
    from continuum.socialwork.tests import test_protection_actions as journey
    from continuum.socialwork.tests.factories import ChairFactory

    team = TeamFactory(slug="assessment-and-support")
    worker = UserFactory(team=team)
    chair = ChairFactory()
    with journey.at(dt.date(2026, 12, 1)):
        discussion = journey.RequestedStrategyDiscussionFactory(
            episode__team=team, episode__allocated_to=worker
        )
    conference = journey.to_initial_conference(discussion, worker, chair)
    journey.decide_plan(conference, chair, day=conference.date)
    with journey.at(dt.date(2027, 4, 20)):
        xml, children, episodes = cin.export_cin(2027)
    seen = census.read_census_xml(xml).children[0].episodes[0]
    assert seen.section47s[0].icpc_date == conference.date == seen.section47s[0].icpc_target
    plan = seen.child_protection_plans[0]
    assert (plan.started, plan.initial_category, plan.previous_plans) == (conference.date, "NEG", 0)
    path = tmp_path / "cin.xml"
    path.write_bytes(xml)
    assert validate_cin(path, 2027).errors == []
