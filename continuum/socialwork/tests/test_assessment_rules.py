"""What an assessment needs before it is submitted: the table, case by case."""

import pytest

from continuum.socialwork import assessment_rules
from continuum.socialwork.codes import NO_FACTORS_IDENTIFIED, AssessmentFactor

COMPLETE = {
    "worries": "Dad's drinking",
    "strengths": "Grandma nearby",
    "child_seen": True,
    "child_words": "I like Nan's",
    "recommended_outcome": "child_in_need_plan",
    "primary_need": "N4",
    "factors": ["1B"],
}


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({}, []),
        ({"worries": "  "}, ["worries"]),
        ({"strengths": ""}, ["strengths"]),
        ({"child_seen": None}, ["child_seen"]),
        ({"child_words": ""}, ["child_words"]),
        ({"child_seen": False, "child_words": ""}, ["child_not_seen_reason"]),
        ({"child_seen": False, "child_not_seen_reason": "Refused to meet"}, []),
        ({"recommended_outcome": ""}, ["recommended_outcome"]),
        ({"factors": []}, ["factors"]),
        ({"factors": [], "recommended_outcome": "close"}, []),
        ({"factors": ["21", "1B"]}, ["factors"]),
        ({"factors": ["21"]}, []),
        ({"primary_need": ""}, ["primary_need"]),
        ({"primary_need": "", "recommended_outcome": "early_help"}, []),
    ],
)
def test_what_is_missing_before_submission(change, missing):
    content = {**COMPLETE, **change}
    found = [field for field, _ in assessment_rules.missing_for_submission(content)]
    assert found == missing


def test_an_empty_assessment_lists_every_requirement_in_form_order():
    found = [field for field, _ in assessment_rules.missing_for_submission({})]
    assert found == ["worries", "strengths", "child_seen", "recommended_outcome", "factors"]


@pytest.mark.parametrize(
    ("met", "prompt"), [([], False), ([True], True), ([True, False], False), ([True, True], True)]
)
def test_step_down_is_prompted_only_when_every_outcome_is_met(met, prompt):
    assert assessment_rules.all_outcomes_met(met) is prompt


def test_the_rules_no_factors_code_is_the_dfes():
    assert assessment_rules.NO_FACTORS == NO_FACTORS_IDENTIFIED == "21"
    assert AssessmentFactor("21").label == "No factors identified"


def test_the_factor_codes_include_those_in_the_census_sample():
    for code in ("4B", "7A", "3B", "16A", "2B", "21", "18B"):
        assert code in AssessmentFactor.values
