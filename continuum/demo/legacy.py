"""A few children recorded twice with the same NHS number, as records from a legacy system
arrive (issue 15): each second record is added as `continuum import-people` adds records, by
the demo's administrator, so the pairs wait at /people/duplicates/ with the reason "Same NHS
number" for a manager to merge."""

import random

from continuum.organisation.models import Role, User
from continuum.people import actions
from continuum.people.models import Person, PersonKind

LEGACY_DUPLICATES = 3


def add_legacy_duplicates(seed: int, count: int = LEGACY_DUPLICATES) -> int:
    """Add a second record for `count` children with NHS numbers (chosen by the seed);
    returns how many were added."""
    admin = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).order_by("pk").first()
    if admin is None:
        return 0
    children = list(
        Person.objects.filter(kind=PersonKind.CHILD, merged_into__isnull=True)
        .exclude(nhs_number="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    picked = random.Random(seed * 31 + 15).sample(children, min(count, len(children)))
    records = []
    for person in Person.objects.filter(pk__in=picked).order_by("pk"):
        record = {
            "kind": person.kind,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth,
            "sex": person.sex,
            "nhs_number": person.nhs_number,
        }
        address = person.addresses.filter(end_date__isnull=True).first()
        if address:
            record.update(address_line_1=address.line_1, postcode=address.postcode)
        records.append(record)
    return len(actions.import_people(records, acting_user=admin))
