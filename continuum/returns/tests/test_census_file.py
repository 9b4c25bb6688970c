"""The census file: read and written in the Department's format, and checked by its validator."""

import datetime as dt
from pathlib import Path

import pytest

from continuum.returns import census
from continuum.returns.validation import validate_cin

HERE_SAMPLE = Path(__file__).with_name("data") / "cin_census_2026.xml"


def sample() -> bytes:
    return HERE_SAMPLE.read_bytes()


def test_the_sample_reads_every_child_and_item():
    read = census.read_census_xml(sample())
    assert read.year == 2026 and read.la_number == "890"
    assert len(read.children) == 12
    by_id = {c.la_child_id: c for c in read.children}
    three = by_id["BPC0003"].episodes[0]
    assert three.section47s[0].icpc_target == dt.date(2025, 5, 15)
    assert three.child_protection_plans[0].reviews == [dt.date(2025, 8, 5), dt.date(2026, 2, 2)]
    assert by_id["BPC0002"].disabilities == ["AUT", "LD", "COMM", "BEH"]
    assert by_id["BPC0001"].episodes[0].no_further_action is True


def test_written_back_it_is_the_same_census(tmp_path):
    read = census.read_census_xml(sample())
    written = census.census_xml(
        read.children,
        census.CollectionYear(2026),
        la_number="890",
        produced_at=dt.datetime(2026, 4, 15, 9, 0, tzinfo=dt.UTC),
    )
    again = census.read_census_xml(written)
    assert again.children == read.children


def test_written_back_it_passes_the_departments_validator(tmp_path):
    read = census.read_census_xml(sample())
    path = tmp_path / "census.xml"
    path.write_bytes(
        census.census_xml(
            read.children,
            census.CollectionYear(2026),
            la_number="890",
            produced_at=dt.datetime(2026, 4, 15, 9, 0, tzinfo=dt.UTC),
        )
    )
    result = validate_cin(path, 2026)
    assert result.errors == [] and result.queries == []


def test_the_validator_finds_what_is_wrong(tmp_path):
    """So that a clean result means something: a broken file is reported, by child and rule."""
    read = census.read_census_xml(sample())
    read.children[1].sex = "X"
    read.children[1].episodes[0].assessments[0].factors = []
    path = tmp_path / "census.xml"
    path.write_bytes(
        census.census_xml(
            read.children,
            census.CollectionYear(2026),
            la_number="890",
            produced_at=dt.datetime(2026, 4, 15, 9, 0, tzinfo=dt.UTC),
        )
    )
    result = validate_cin(path, 2026)
    assert ("BPC0002", "4180") in {(i.child_id, i.rule_code) for i in result.errors}
    everything = {i.child_id for i in result.errors + result.queries}
    assert everything == {"BPC0002"}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (b"not xml", "not a readable XML file"),
        (b"<Message><Header/></Message>", "no Message with Children"),
        (
            b"<Message><Header><CollectionDetails><Year>2026</Year></CollectionDetails></Header>"
            b"<Children><Child><ChildIdentifiers><LAchildID>A1</LAchildID></ChildIdentifiers>"
            b"<CINdetails><CINreferralDate>31/02/2026</CINreferralDate></CINdetails>"
            b"</Child></Children></Message>",
            "A1: CINreferralDate is not a date",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><Message>&a;</Message>',
            "not a readable XML file",
        ),
    ],
)
def test_a_bad_file_is_refused_saying_where(text, words):
    with pytest.raises(census.CensusFileError, match=words):
        census.read_census_xml(text)


@pytest.mark.parametrize(
    ("referral", "closed", "included"),
    [
        (dt.date(2025, 3, 31), None, True),  # open from before the year
        (dt.date(2025, 3, 1), dt.date(2025, 3, 31), False),  # closed before the year
        (dt.date(2025, 3, 1), dt.date(2025, 4, 1), True),  # closed on its first day
        (dt.date(2026, 3, 31), None, True),  # referred on the reference date
        (dt.date(2026, 4, 1), None, False),  # referred after it
    ],
)
def test_an_episode_belongs_to_a_year_when_open_in_it(referral, closed, included):
    episode = census.CensusEpisode(
        referral_date=referral, referral_source="2A", closure_date=closed, closure_reason="RC7"
    )
    assert (census.in_year(episode, census.CollectionYear(2026)) is not None) is included


def test_what_happens_after_the_reference_date_is_left_out():
    episode = census.CensusEpisode(
        referral_date=dt.date(2026, 2, 2),
        referral_source="2A",
        closure_date=dt.date(2026, 4, 20),
        closure_reason="RC8",
        assessments=[census.CensusAssessment(dt.date(2026, 2, 3), dt.date(2026, 4, 10), ["2B"])],
    )
    seen = census.in_year(episode, census.CollectionYear(2026))
    assert seen.closure_date is None and seen.closure_reason == ""
    assert seen.assessments == [census.CensusAssessment(dt.date(2026, 2, 3), None, [])]
