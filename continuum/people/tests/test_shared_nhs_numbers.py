"""NHS numbers are not unique in the index (docs/matching.md, "NHS numbers"): a second record
holding a known number is added by every path and the records are listed for duplicate
review with the reason "Same NHS number"; nothing crashes on a database constraint."""

import csv
import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from continuum.frontdoor import actions as frontdoor
from continuum.frontdoor.tests.factories import ContactChildFactory, ReceivedContactFactory
from continuum.organisation.tests.factories import AdministratorFactory, HubWorkerFactory
from continuum.people import actions
from continuum.people.matching import MatchQuery, find_candidates
from continuum.people.matching.duplicates import (
    SAME_NHS_NUMBER,
    find_duplicates,
    flag_shared_nhs_numbers,
    shared_nhs_numbers,
)
from continuum.people.models import DuplicatePair, DuplicateStatus, Person
from continuum.people.tests.factories import ChildFactory
from continuum.people.tests.test_match_file import run

pytestmark = pytest.mark.django_db
NHS = "9434765919"
OTHER_NHS = "4012000004"

# A legacy system's export: Jack Hart entered twice, and two different children given the
# same number by mistake (names, dates and addresses all differ).
LEGACY = """given_name,family_name,date_of_birth,sex,nhs_number,postcode,address_line
Jack,Hart,2012-11-20,M,9434765919,FY2 9AB,4 Old Lane
Jack,Hart,2012-11-20,M,943 476 5919,FY2 9AB,4 Old Lane
Amira,Khan,2018-06-01,F,4012000004,FY4 1AA,7 Sea View
Tom,Briggs,2009-01-15,M,4012000004,FY8 2BB,90 Park Road
Ella,Moss,2015-09-09,F,,FY1 3LA,2 Church Street
"""


def test_a_second_record_with_a_known_nhs_number_is_added_and_paired():
    first = ChildFactory(given_name="Jack", family_name="Hart", nhs_number=NHS)
    second = actions.create_person(
        {"given_name": "Jack", "family_name": "Hart", "nhs_number": NHS},
        acting_user=HubWorkerFactory(),
    )
    pair = DuplicatePair.objects.get()
    assert (pair.person_id, pair.other_id) == (first.pk, second.pk)
    assert pair.reason_list[0] == SAME_NHS_NUMBER
    assert pair.status == DuplicateStatus.OPEN
    assert actions.shares_nhs_number(second) and actions.shares_nhs_number(first)
    assert flag_shared_nhs_numbers() == 0  # never twice


def test_a_pair_said_to_be_different_people_is_not_offered_again():
    first = ChildFactory(nhs_number=NHS)
    second = ChildFactory(nhs_number=NHS)
    assert flag_shared_nhs_numbers() == 1
    DuplicatePair.objects.update(status=DuplicateStatus.NOT_DUPLICATE)
    assert find_duplicates() == 0
    third = ChildFactory(nhs_number=NHS)
    assert flag_shared_nhs_numbers([third.pk]) == 2
    assert shared_nhs_numbers() == {NHS: [first.pk, second.pk, third.pk]}


def test_a_merged_record_no_longer_counts_as_sharing():
    first = ChildFactory(nhs_number=NHS)
    second = ChildFactory(nhs_number=NHS)
    Person.objects.filter(pk=second.pk).update(merged_into=first)
    assert shared_nhs_numbers() == {}
    assert not actions.shares_nhs_number(first)


def test_the_matcher_ranks_records_sharing_an_nhs_number_by_the_rest():
    jack = ChildFactory(
        given_name="Jack", family_name="Hart", date_of_birth=dt.date(2012, 11, 20), nhs_number=NHS
    )
    ChildFactory(
        given_name="Amira", family_name="Khan", date_of_birth=dt.date(2018, 6, 1), nhs_number=NHS
    )
    only_number = find_candidates(MatchQuery(nhs_number=NHS))
    assert len(only_number) == 2
    best = find_candidates(
        MatchQuery(given_name="Jack", family_name="Hart", date_of_birth=dt.date(2012, 11, 20))
    )[0]
    assert best.person == jack and best.is_match
    with_number = find_candidates(MatchQuery(given_name="Jack", family_name="Hart", nhs_number=NHS))
    assert with_number[0].person == jack and with_number[0].score > with_number[1].score


def test_import_people_adds_every_row_and_lists_shared_numbers(tmp_path: Path):
    admin = AdministratorFactory()
    already = ChildFactory(given_name="Ella", family_name="Moss", nhs_number=OTHER_NHS)
    (tmp_path / "legacy.csv").write_text(LEGACY, encoding="utf-8")
    out = StringIO()
    call_command("import_people", str(tmp_path / "legacy.csv"), user=admin.username, stdout=out)
    assert "Imported 5 record(s)" in out.getvalue()
    assert "2 NHS number(s) are held by more than one record (5 records)" in out.getvalue()
    jacks = list(Person.objects.filter(nhs_number=NHS).order_by("pk"))
    khan, briggs = (
        Person.objects.filter(nhs_number=OTHER_NHS, kind="child")
        .exclude(pk=already.pk)
        .order_by("pk")
    )
    pairs = {(p.person_id, p.other_id): p for p in DuplicatePair.objects.all()}
    assert set(pairs) == {
        (jacks[0].pk, jacks[1].pk),
        (already.pk, khan.pk),
        (already.pk, briggs.pk),
        (khan.pk, briggs.pk),
    }
    assert all(p.reason_list[0] == SAME_NHS_NUMBER for p in pairs.values())
    # The same child twice scores high; two children given one number by mistake do not.
    assert pairs[(jacks[0].pk, jacks[1].pk)].probability > 0.99
    assert pairs[(khan.pk, briggs.pk)].probability < 0.5
    assert jacks[1].audit_entries.get().action == "create"


def test_import_people_is_for_administrators_and_checks_every_row_first(tmp_path: Path):
    (tmp_path / "legacy.csv").write_text(LEGACY, encoding="utf-8")
    with pytest.raises(CommandError, match="Only an administrator"):
        call_command(
            "import_people", str(tmp_path / "legacy.csv"), user=HubWorkerFactory().username
        )
    bad = LEGACY + "Zoe,Price,2014-02-30,F,,FY1 1AA,1 High Street\n"
    (tmp_path / "bad.csv").write_text(bad, encoding="utf-8")
    with pytest.raises(CommandError, match="row 7: date_of_birth"):
        call_command(
            "import_people", str(tmp_path / "bad.csv"), user=AdministratorFactory().username
        )
    assert Person.objects.count() == 0


MATCH_INDEX = """person_id,given_name,family_name,date_of_birth,sex,postcode,address_line,nhs_number,carer_names
A1,Jack,Hart,2012-11-20,M,FY2 9AB,4 Old Lane,9434765919,Lisa Hart
A2,Jack,Hart,2012-11-20,M,FY2 9AB,4 Old Lane,9434765919,
A3,Amira,Khan,2018-06-01,F,FY4 1AA,7 Sea View,4012000004,
A4,Tom,Briggs,2009-01-15,M,FY8 2BB,90 Park Road,4012000004,
A5,Ella,Moss,2015-09-09,F,FY1 3LA,2 Church Street,,
"""
MATCH_QUERIES = """query_id,given_name,family_name,date_of_birth,sex,postcode,address_line,nhs_number,carer_names
Q1,Tom,Briggs,2009-01-15,M,,,4012000004,
Q2,Amira,Khan,2018-06-01,,FY4 1AA,,,
Q3,Ella,Moss,2015-09-09,F,,,,
Q4,Jack,Hart,2012-11-20,,,,,
"""


def test_match_file_loads_shared_nhs_numbers_answers_and_lists_them(tmp_path: Path):
    (tmp_path / "index.csv").write_text(MATCH_INDEX, encoding="utf-8")
    (tmp_path / "queries.csv").write_text(MATCH_QUERIES, encoding="utf-8")
    out = tmp_path / "answers.csv"
    result = run(
        "--index",
        str(tmp_path / "index.csv"),
        "--queries",
        str(tmp_path / "queries.csv"),
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert "Loaded 5 people" in result.stdout
    assert "2 NHS number(s) held by more than one record (4 records)" in result.stdout
    with out.open(encoding="utf-8") as handle:
        answers = {r["query_id"]: r["person_id"] for r in csv.DictReader(handle)}
    assert answers["Q1"] == "A4"  # the number is shared; the names and date decide
    assert answers["Q2"] == "A3"
    assert answers["Q3"] == "A5"
    assert answers["Q4"] in ("A1", "A2")  # the same child twice: either record
    with (tmp_path / "answers-shared-nhs-numbers.csv").open(encoding="utf-8") as handle:
        listed = {r["nhs_number"]: r["person_ids"] for r in csv.DictReader(handle)}
    assert listed == {"9434765919": "A1; A2", "4012000004": "A3; A4"}


def test_hub_screening_creates_a_record_with_a_known_nhs_number_and_pairs_it():
    known = ChildFactory(given_name="Jack", family_name="Hart", nhs_number=NHS)
    named = ContactChildFactory(
        contact=ReceivedContactFactory(), given_name="Jack", family_name="Hart", nhs_number=NHS
    )
    named = frontdoor.create_person_for(named, acting_user=HubWorkerFactory())
    assert named.person.nhs_number == NHS and named.person != known
    pair = DuplicatePair.objects.get()
    assert (pair.person_id, pair.other_id, pair.reason_list[0]) == (
        known.pk,
        named.person_id,
        SAME_NHS_NUMBER,
    )
