"""The need-to-know rule, case by case."""

import pytest

from continuum.governance.rules import AccessFacts, decide_access


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
