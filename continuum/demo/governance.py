"""The demo's record of looks outside one's own work: reasons given to open records, through
the same `governance.access.give_reason` a user's form calls, so that the team managers' and
the Hub manager's "Reasons given" lists have something to review."""

import random

from continuum.governance.access import check_access, give_reason
from continuum.organisation.models import Role, User
from continuum.people.models import Allocation, Person, PersonKind

REASONS = (
    "The school rang the duty line asking for advice about this child's attendance",
    "Police asked for background before a joint visit to the family this afternoon",
    "Checking whether the family is already known before a Request for Support is screened",
    "Court report: I need the history of a sibling who lives in the same household",
    "Health visitor asked whether the new baby's older brother has a social worker",
    "Out-of-hours call from the hospital about the child's mother being admitted",
)


def give_demo_reasons(rng: random.Random, *, count: int = 12) -> int:
    """Have staff outside each child's work give reasons to open a few records: half for
    children allocated to Assessment and Support (reviewed by its manager, tm.demo), half for
    people with no allocation (reviewed by the Hub's manager). Returns how many were given."""
    staff = list(
        User.objects.filter(role__in=[Role.PRACTITIONER, Role.HUB_WORKER], is_active=True)
        .exclude(team__slug="assessment-and-support")
        .order_by("pk")[:200]
    )
    allocated = list(
        Allocation.objects.filter(
            team__slug="assessment-and-support",
            end_date__isnull=True,
            person__is_restricted=False,
        )
        .order_by("person_id")
        .values_list("person_id", flat=True)[:400]
    )
    unallocated = list(
        Person.objects.filter(kind=PersonKind.CHILD, allocations__isnull=True, is_restricted=False)
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    if not staff:
        return 0
    given = 0
    for pool in (allocated, unallocated):
        for person_id in rng.sample(pool, min(count // 2, len(pool))):
            person = Person.objects.get(pk=person_id)
            user = rng.choice(staff)
            decision = check_access(user, person)
            if decision.allowed or not decision.may_give_reason:
                continue
            give_reason(user, person, rng.choice(REASONS), path="demo")
            given += 1
    return given
