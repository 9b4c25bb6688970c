"""`submission`'s pure rules, as tables: the version a save is based on, and what differs
between two copies of a draft."""

import datetime as dt

import pytest

from continuum.frontdoor.submission import (
    Difference,
    NamedPerson,
    RequestDetails,
    differences,
    parse_version,
)


@pytest.mark.parametrize(
    ("sent", "version"),
    [
        ("1", 1),
        (" 12 ", 12),
        (7, 7),
        (None, None),
        ("", None),
        ("0", None),
        ("-1", None),
        ("abc", None),
        ("1.5", None),
        ("1e3", None),
        ("١", None),  # an Arabic-Indic digit: isdigit() but not a version
        ("9" * 10, None),
    ],
)
def test_parse_version(sent, version):
    assert parse_version(sent) == version


RILEY = NamedPerson(given_name="Riley", family_name="Sample", date_of_birth=dt.date(2017, 5, 14))
MAISIE = NamedPerson(given_name="Maisie", family_name="Sample", date_of_birth=dt.date(2019, 9, 2))
MUM = NamedPerson(given_name="Jordan", family_name="Sample", relationship_to_child="mother")


def request(**changes) -> RequestDetails:
    base = RequestDetails(
        referrer_name="Alex",
        children=[RILEY],
        adults=[MUM],
        worries="Hungry",
        claimed_level=3,
        consent="given",
        safeguarding_lead_consulted=True,
        indicators=["DEV-2-01"],
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


@pytest.mark.parametrize(
    ("theirs", "expected"),
    [
        (request(), []),
        (request(worries="Hungry and tired"), [Difference("worries", "Hungry and tired")]),
        (request(worries=""), [Difference("worries", "Not answered")]),
        (request(claimed_level=4), [Difference("claimed_level", "Level 4 Safeguarding")]),
        (request(claimed_level=None), [Difference("claimed_level", "Not answered")]),
        (request(consent="not_yet"), [Difference("consent", "Not answered")]),
        (
            request(consent="dispensed"),
            [Difference("consent", "Consent has been dispensed with")],
        ),
        (
            request(safeguarding_lead_consulted=False),
            [Difference("safeguarding_lead_consulted", "No")],
        ),
        (request(immediate_danger=True), [Difference("immediate_danger", "Yes")]),
        (
            request(children=[NamedPerson(**{**vars(RILEY), "given_name": "Rylee"})]),
            [Difference("children[0].given_name", "Rylee")],
        ),
        (
            request(
                children=[NamedPerson(**{**vars(RILEY), "date_of_birth": dt.date(2017, 5, 4)})]
            ),
            [Difference("children[0].date_of_birth", "4 May 2017")],
        ),
        (
            request(children=[NamedPerson(**{**vars(RILEY), "sex": "F"})]),
            [Difference("children[0].sex", "Female")],
        ),
        (
            request(children=[RILEY, MAISIE]),
            [Difference("children", "Child 2: Maisie Sample, born 2 September 2019")],
        ),
        (
            request(children=[]),
            [Difference("children[0].given_name", "The other version has no child 1")],
        ),
        (
            request(adults=[NamedPerson(**{**vars(MUM), "lives_with_child": True})]),
            [Difference("adults[0].lives_with_child", "Yes")],
        ),
        (
            request(adults=[MUM, NamedPerson(family_name="Sample", relationship_to_child="nan")]),
            [Difference("adults", "Family member 2: Sample, nan")],
        ),
        (
            request(children=[RILEY, NamedPerson(expected_date_of_birth=dt.date(2027, 1, 5))]),
            [Difference("children", "Child 2: No name, expected 5 January 2027")],
        ),
        (request(indicators=["DEV-2-01", "DEV-2-01"]), []),
        (request(indicators=[]), [Difference("indicators", "None ticked")]),
        (
            request(indicators=["DEV-2-02", "XX-1"]),
            [Difference("indicators", "Poor sleep; XX-1")],
        ),
    ],
)
def test_differences_name_each_answer_with_the_saved_one_as_read(theirs, expected):
    found = differences(request(), theirs, indicator_names={"DEV-2-02": "Poor sleep"})
    assert found == expected
