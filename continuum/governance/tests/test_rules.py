"""The need-to-know rule, case by case."""

from dataclasses import fields

import pytest
from hypothesis import given
from hypothesis import strategies as st

from continuum.governance.rules import (
    CANNOT_OPEN,
    LISTED_BASIS,
    AccessDecision,
    AccessFacts,
    Purpose,
    decide,
    decide_access,
    decide_partner_lookup,
    listing_without_facts,
    most_restrictive,
    reason_problem,
    restricting_without_facts,
)


@pytest.mark.parametrize(
    ("facts", "allowed", "basis", "may_give_reason"),
    [
        (AccessFacts(is_allocated_worker=True), True, "Allocated worker", False),
        (AccessFacts(in_allocated_team=True), True, "Member of the allocated team", False),
        (AccessFacts(manages_allocated_team=True), True, "Manager of the allocated team", False),
        (
            AccessFacts(manages_allocated_worker=True),
            True,
            "Manager of the allocated worker",
            False,
        ),
        (
            AccessFacts(screening_contact=True),
            True,
            "Hub: screening a contact about this child",
            False,
        ),
        (AccessFacts(recorded_person_recently=True), True, "Recorded this person today", False),
        (AccessFacts(has_current_reason=True), True, "Reason given", False),
        (AccessFacts(), False, "Not involved with this child", True),
        # Partner agencies never open case records, reason or not.
        (AccessFacts(is_partner=True), False, "Partner agencies do not open case records", False),
        (
            AccessFacts(is_partner=True, has_current_reason=True),
            False,
            "Partner agencies do not open case records",
            False,
        ),
        # A restricted record: only the allocated worker and their managers.
        (
            AccessFacts(is_restricted=True, is_allocated_worker=True),
            True,
            "Allocated worker",
            False,
        ),
        (
            AccessFacts(is_restricted=True, manages_allocated_worker=True),
            True,
            "Manager of the allocated worker",
            False,
        ),
        (
            AccessFacts(is_restricted=True, in_allocated_team=True),
            False,
            "Restricted record: only the allocated worker and their manager",
            False,
        ),
        (
            AccessFacts(is_restricted=True, has_current_reason=True),
            False,
            "Restricted record: only the allocated worker and their manager",
            False,
        ),
        (
            AccessFacts(is_restricted=True, screening_contact=True),
            False,
            "Restricted record: only the allocated worker and their manager",
            False,
        ),
    ],
)
def test_decide_access(facts, allowed, basis, may_give_reason):
    decision = decide_access(facts)
    assert (decision.allowed, decision.basis, decision.may_give_reason) == (
        allowed,
        basis,
        may_give_reason,
    )


# -- decide: the one policy, by purpose -------------------------------------------------------


@pytest.mark.parametrize(
    ("purpose", "facts", "allowed", "basis"),
    [
        # Listing: anyone on the staff sees an unrestricted record by name in a search...
        (Purpose.LIST, AccessFacts(), True, LISTED_BASIS),
        (Purpose.LIST, AccessFacts(in_allocated_team=True), True, "Member of the allocated team"),
        # ...a restricted one only if they may open it...
        (Purpose.LIST, AccessFacts(is_restricted=True), False, CANNOT_OPEN),
        (Purpose.LIST, AccessFacts(is_restricted=True, in_allocated_team=True), False, CANNOT_OPEN),
        (
            Purpose.LIST,
            AccessFacts(is_restricted=True, is_allocated_worker=True),
            True,
            "Allocated worker",
        ),
        # ...and partners are never shown anyone from the index.
        (Purpose.LIST, AccessFacts(is_partner=True), False, CANNOT_OPEN),
        # Recording follows opening.
        (Purpose.RECORD, AccessFacts(), False, "Not involved with this child"),
        (Purpose.RECORD, AccessFacts(is_allocated_worker=True), True, "Allocated worker"),
        # Merging: a manager or administrator who may open the record.
        (
            Purpose.MERGE,
            AccessFacts(is_allocated_worker=True),
            False,
            "Only team managers and administrators review duplicate records",
        ),
        (
            Purpose.MERGE,
            AccessFacts(reviews_duplicates=True),
            False,
            "Not involved with this child",
        ),
        (
            Purpose.MERGE,
            AccessFacts(reviews_duplicates=True, has_current_reason=True),
            True,
            "Reason given",
        ),
        (
            Purpose.MERGE,
            AccessFacts(reviews_duplicates=True, is_restricted=True, has_current_reason=True),
            False,
            "Restricted record: only the allocated worker and their manager",
        ),
        (
            Purpose.MERGE,
            AccessFacts(reviews_duplicates=True, is_restricted=True, manages_allocated_team=True),
            True,
            "Manager of the allocated team",
        ),
        # Restricting: administrators and the allocated manager only.
        (Purpose.RESTRICT, AccessFacts(is_administrator=True), True, "Administrator"),
        (
            Purpose.RESTRICT,
            AccessFacts(manages_allocated_worker=True),
            True,
            "Manager of the allocated worker",
        ),
        (
            Purpose.RESTRICT,
            AccessFacts(is_allocated_worker=True),
            False,
            "Only an administrator or the allocated manager can restrict a record",
        ),
        (
            Purpose.RESTRICT,
            AccessFacts(has_current_reason=True),
            False,
            "Only an administrator or the allocated manager can restrict a record",
        ),
    ],
)
def test_decide_by_purpose(purpose, facts, allowed, basis):
    decision = decide(purpose, facts)
    assert (decision.allowed, decision.basis) == (allowed, basis)


def test_opening_is_decide_access():
    facts = AccessFacts(is_restricted=True, screening_contact=True)
    assert decide(Purpose.OPEN, facts) == decide_access(facts)


facts_strategy = st.builds(AccessFacts, **{f.name: st.booleans() for f in fields(AccessFacts)})


@given(facts_strategy)
def test_the_quick_listing_agrees_with_the_policy(facts):
    """`listing_without_facts` saves a query per search result; it must never say yes where
    the policy would say no."""
    quick = listing_without_facts(is_restricted=facts.is_restricted, is_partner=facts.is_partner)
    if quick is not None:
        assert quick.allowed == decide(Purpose.LIST, facts).allowed


@given(facts_strategy)
def test_the_quick_refusal_to_restrict_is_the_policys(facts):
    """`restricting_without_facts` saves the queries on every record page a worker opens; it
    answers only for those who are neither administrators nor managers (so manage no
    allocated team or worker), and then exactly as the policy does."""
    manager = facts.manages_allocated_team or facts.manages_allocated_worker
    quick = restricting_without_facts(is_administrator=facts.is_administrator, is_manager=manager)
    if facts.is_administrator or manager:
        assert quick is None
    else:
        assert quick == decide(Purpose.RESTRICT, facts)
        assert quick.allowed is False


def test_administrators_and_managers_are_not_answered_without_facts():
    assert restricting_without_facts(is_administrator=True, is_manager=False) is None
    assert restricting_without_facts(is_administrator=False, is_manager=True) is None
    assert restricting_without_facts(is_administrator=False, is_manager=False) == AccessDecision(
        False, "Only an administrator or the allocated manager can restrict a record"
    )


@given(facts_strategy)
def test_nothing_opens_a_restricted_record_but_the_allocated_worker_and_managers(facts):
    if facts.is_restricted and decide(Purpose.OPEN, facts).allowed:
        assert (
            facts.is_allocated_worker
            or facts.manages_allocated_team
            or facts.manages_allocated_worker
        )


def test_a_partner_system_is_never_told_of_a_restricted_record():
    assert decide_partner_lookup(is_restricted=True) == AccessDecision(
        False, "Restricted records are never told to partner systems"
    )
    assert decide_partner_lookup(is_restricted=False) == AccessDecision(
        True, "Person-match API granted to the agency"
    )


@pytest.mark.parametrize(
    ("flags", "restricted"),
    [((False, False), False), ((True, False), True), ((False, True), True), ((True, True), True)],
)
def test_a_merged_record_keeps_the_strictest_flag(flags, restricted):
    assert most_restrictive(*flags) is restricted


@pytest.mark.parametrize(
    ("reason", "accepted"),
    [
        ("The school rang asking about this child's safety at home", True),
        ("Police request for information about a new referral", True),
        ("Checking strengths and lengths of support offered", True),
        ("Court report due", True),
        ("", False),
        ("aaaaaaaaaa", False),
        ("aaaa aaaa aaaa aaaa", False),
        ("need need need need need", False),
        ("asdfgh qwrtpl zxcvbn", False),
        ("because", False),
        ("just looking", False),
        ("..........", False),
        ("1234567890 1234567890", False),
        ("I need this record nowwwww", False),
    ],
)
def test_a_reason_is_a_sentence(reason, accepted):
    assert (reason_problem(reason) is None) is accepted
