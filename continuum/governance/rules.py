"""Who may open a child's record: the need-to-know rule as a pure function.

"Don't be nosy (ask yourself if you really need to know this)." A worker sees a child's record
because they work with that child; anyone else must give a reason first, and that is logged.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class AccessFacts:
    """What is true of one user and one person's record, gathered by governance.access."""

    is_partner: bool = False
    is_allocated_worker: bool = False
    in_allocated_team: bool = False
    manages_allocated_team: bool = False
    manages_allocated_worker: bool = False
    screening_contact: bool = False
    recorded_person_recently: bool = False
    has_current_reason: bool = False
    is_restricted: bool = False


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    basis: str
    may_give_reason: bool = False


def decide_access(facts: AccessFacts) -> AccessDecision:
    """Allowed (and on what basis), or refused, and whether a reason would open it."""
    if facts.is_allocated_worker:
        return AccessDecision(True, "Allocated worker")
    if facts.manages_allocated_team:
        return AccessDecision(True, "Manager of the allocated team")
    if facts.manages_allocated_worker:
        return AccessDecision(True, "Manager of the allocated worker")
    if facts.is_restricted:
        return AccessDecision(
            False, "Restricted record: only the allocated worker and their manager"
        )
    if facts.in_allocated_team:
        return AccessDecision(True, "Member of the allocated team")
    if facts.screening_contact:
        return AccessDecision(True, "Hub: screening a contact about this child")
    if facts.recorded_person_recently:
        return AccessDecision(True, "Recorded this person today")
    if facts.is_partner:
        return AccessDecision(False, "Partner agencies do not open case records")
    if facts.has_current_reason:
        return AccessDecision(True, "Reason given")
    return AccessDecision(False, "Not involved with this child", may_give_reason=True)
