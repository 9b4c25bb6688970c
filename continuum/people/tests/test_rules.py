import datetime as dt

import pytest

from continuum.people import rules


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("9434765919", True),  # the NHS's own published example
        ("943 476 5919", True),
        ("943-476-5919", True),
        ("9434765918", False),  # wrong check digit
        ("4010232137", True),
        ("401 023 2138", False),
        ("123456789", False),  # nine digits
        ("12345678901", False),
        ("943476591A", False),
        ("", False),
        ("1000000010", False),  # check digit would be 10: no valid number
    ],
)
def test_nhs_number_modulus_11(value, valid):
    assert rules.is_valid_nhs_number(value) is valid


@pytest.mark.parametrize(
    ("value", "normalised", "valid"),
    [
        ("FY1 3LA", "FY1 3LA", True),
        ("fy13la", "FY1 3LA", True),
        ("  fy1   3la ", "FY1 3LA", True),
        ("SW1A 1AA", "SW1A 1AA", True),
        ("EC1A1BB", "EC1A 1BB", True),
        ("M1 1AE", "M1 1AE", True),
        ("GIR 0AA", "GIR 0AA", True),
        ("FY1 3L", "FY 13L", False),
        ("FY1 3LAA", "FY13 LAA", False),
        ("QY1 3LA", "QY1 3LA", False),  # Q never starts a postcode
        ("12345", "12 345", False),
        ("", "", False),
    ],
)
def test_postcodes(value, normalised, valid):
    assert rules.normalise_postcode(value) == normalised
    assert rules.is_valid_postcode(value) is valid


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("C890123456789", ""),
        (" c890123456789 ", ""),  # case and spaces do not matter
        ("E890200115007", ""),
        ("A89012345678A", ""),  # a temporary UPN ends in a letter
        ("B890123456789", "check letter does not match"),
        ("C890123456798", "check letter does not match"),  # two digits swapped
        ("C999123456789", "real local authority number"),
        ("C89012345678", "13 characters long"),
        ("I890123456789", "check letter does not match"),  # I is never a check letter
        ("C89012345678I", "a letter, 11 digits"),
        ("C8901234567O9", "a letter, 11 digits"),
    ],
)
def test_upns(value, problem):
    found = rules.upn_problem(value)
    assert (problem in found) if problem else found == ""
    assert rules.is_valid_upn(value) is (problem == "")


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (dt.date(2015, 2, 4), dt.date(2026, 2, 3), 10),
        (dt.date(2015, 2, 4), dt.date(2026, 2, 4), 11),
        (dt.date(2012, 2, 29), dt.date(2026, 2, 28), 13),
        (dt.date(2012, 2, 29), dt.date(2026, 3, 1), 14),
    ],
)
def test_age_on(born, on, age):
    assert rules.age_on(born, on) == age


@pytest.mark.parametrize(
    ("value", "cleaned"), [("  Ava  ", "Ava"), ("   ", ""), ("Mary  Ann", "Mary Ann")]
)
def test_clean_name(value, cleaned):
    assert rules.clean_name(value) == cleaned
