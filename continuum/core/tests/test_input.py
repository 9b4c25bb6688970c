"""The shared input limits, as tables."""

import datetime as dt

import pytest

from continuum.core.input import (
    control_character_problem,
    date_of_birth_problem,
    sentence,
    text_problem,
)

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("value", "multiline", "problem"),
    [
        ("Riley Sample", False, ""),
        ("", False, ""),
        ("Zoë O’Neill-Şahin 李", False, ""),
        ("Riley\x00", False, "contains a hidden control character (U+0000, character 6)"),
        ("\x07bell", True, "contains a hidden control character (U+0007, character 1)"),
        ("a\x1bb", True, "U+001B, character 2"),
        ("a\x7fb", True, "U+007F"),
        ("a\x85b", True, "U+0085"),  # a C1 control
        ("page one\x0cpage two", True, "U+000C"),  # form feed, pasted from a PDF
        ("lone \ud800 surrogate", True, "U+D800"),
        ("line one\nline two\r\n\tindented", True, ""),
        (
            "line one\nline two",
            False,
            "must be on one line (it has a line break or tab at character 9)",
        ),
        ("tab\there", False, "must be on one line"),
    ],
)
def test_control_characters(value, multiline, problem):
    found = control_character_problem(value, multiline=multiline)
    assert (problem in found) if problem else found == ""
    if problem and "one line" not in problem:
        assert found.endswith("that cannot be saved: remove it")


@pytest.mark.parametrize(
    ("value", "max_length", "problem"),
    [
        ("x" * 200, 200, ""),
        ("x" * 201, 200, "must be 200 characters or fewer (this has 201)"),
        ("x" * 20_001, 20_000, "must be 20,000 characters or fewer (this has 20,001)"),
        ("ok\x00", 200, "U+0000"),
    ],
)
def test_text(value, max_length, problem):
    found = text_problem(value, max_length=max_length)
    assert (problem in found) if problem else found == ""


@pytest.mark.parametrize(
    ("born", "problem"),
    [
        (None, ""),
        (dt.date(1900, 1, 1), ""),
        (TODAY, ""),
        (dt.date(1899, 12, 31), "must be 1 January 1900 or later"),
        (dt.date(1, 1, 1), "must be 1 January 1900 or later"),
        (TODAY + dt.timedelta(days=1), "must be today or in the past"),
        (dt.date(9999, 12, 31), "must be today or in the past"),
    ],
)
def test_date_of_birth(born, problem):
    assert date_of_birth_problem(born, today=TODAY) == problem


@pytest.mark.parametrize(
    ("subject", "problem", "message"),
    [
        (
            "Your name",
            "must be 200 characters or fewer",
            "Your name must be 200 characters or fewer",
        ),
        ("", "must be today or in the past", "Must be today or in the past"),
    ],
)
def test_sentence(subject, problem, message):
    assert sentence(subject, problem) == message
