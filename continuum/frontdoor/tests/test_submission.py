"""`submission`'s pure rules, as tables: the version a save is based on, what differs between
two copies of a draft, and the limits no copy of a request may pass."""

import datetime as dt

import pytest

from continuum.frontdoor.submission import (
    Difference,
    NamedPerson,
    RequestDetails,
    differences,
    expected_date_of_birth_problem,
    limit_problems,
    months_after,
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


# -- Limits -------------------------------------------------------------------------------

TODAY = dt.date(2026, 11, 23)
CODES = frozenset({"DEV-2-01", "DEV-2-02"})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"referrer_name": "x" * 200}, []),
        (
            {"referrer_name": "x" * 201},
            [("referrer_name", "Your name must be 200 characters or fewer (this has 201)")],
        ),
        ({"family_postcode": "FY1 3LA"}, []),
        ({"family_postcode": "NOPE"}, [("family_postcode", "Enter a real postcode, like FY1 3LA")]),
        ({"worries": "a\n\tb"}, []),
        ({"worries": "x" * 20_000}, []),
        (
            {"worries": "x" * 20_001},
            [
                (
                    "worries",
                    "What you are worried about must be 20,000 characters or fewer (this has 20,001)",
                )
            ],
        ),
        (
            {"strengths": "ok\x00"},
            [
                (
                    "strengths",
                    "The family's strengths contains a hidden control character (U+0000, "
                    "character 3) that cannot be saved: remove it",
                )
            ],
        ),
        ({"children": [RILEY] * 20}, []),
        (
            {"children": [NamedPerson(given_name="\x00")] * 21},
            [("children", "Add at most 20 children to one request (this has 21)")],
        ),
        ({"adults": [MUM] * 30}, []),
        (
            {"adults": [MUM] * 31},
            [("adults", "Add at most 30 family members to one request (this has 31)")],
        ),
        (
            {"children": [NamedPerson(family_name="Sample", date_of_birth=dt.date(1899, 12, 31))]},
            [
                (
                    "children[0].date_of_birth",
                    "Child 1's date of birth must be 1 January 1900 or later",
                )
            ],
        ),
        (
            {"children": [NamedPerson(family_name="Sample", date_of_birth=TODAY)]},
            [],
        ),
        (
            {"children": [RILEY, NamedPerson(date_of_birth=TODAY + dt.timedelta(days=1))]},
            [("children[1].date_of_birth", "Child 2's date of birth must be today or in the past")],
        ),
        (
            {"children": [NamedPerson(nhs_number="9434765918")]},
            [
                (
                    "children[0].nhs_number",
                    "Child 1's NHS number is not a valid NHS number: check it, or leave it empty",
                )
            ],
        ),
        ({"children": [NamedPerson(nhs_number="9434765919")]}, []),
        (
            {"adults": [NamedPerson(relationship_to_child="mum\x07")]},
            [
                (
                    "adults[0].relationship_to_child",
                    "Family member 1's relationship to the children contains a hidden control "
                    "character (U+0007, character 4) that cannot be saved: remove it",
                )
            ],
        ),
        ({"indicators": ["DEV-2-01", "DEV-2-01"] * 40}, []),  # duplicates count once
        (
            {"indicators": [f"C{n}" for n in range(61)]},
            [("indicators", "Tick at most 60 indicators (this has 61)")],
        ),
        (
            {"indicators": ["DEV-2-01", "A\x00", "B", "C", "D", "E", "F"]},
            [
                (
                    "indicators",
                    "These are not codes from the Continuum of Need catalogue: "
                    "A\\x00, B, C, D, E and 1 more",
                )
            ],
        ),
    ],
)
def test_limit_problems(changes, expected):
    details = RequestDetails(**changes)
    assert limit_problems(details, today=TODAY, indicator_codes=CODES) == expected


@pytest.mark.parametrize(
    ("due", "problem"),
    [
        (None, ""),
        (TODAY, ""),
        (dt.date(2027, 9, 23), ""),  # ten months ahead
        (dt.date(2027, 9, 24), "must be within the next 10 months"),
        (dt.date(9999, 12, 31), "must be within the next 10 months"),
        (TODAY - dt.timedelta(weeks=6), ""),
        (TODAY - dt.timedelta(weeks=6, days=1), "is more than 6 weeks ago"),
    ],
)
def test_expected_date_of_birth(due, problem):
    found = expected_date_of_birth_problem(due, today=TODAY)
    assert found.startswith(problem) if problem else found == ""


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 11, 23), 10, dt.date(2027, 9, 23)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2027, 12, 31), 2, dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 5), 1, dt.date(2027, 1, 5)),
        (dt.date(2026, 3, 31), 0, dt.date(2026, 3, 31)),
    ],
)
def test_months_after(day, months, expected):
    assert months_after(day, months) == expected
