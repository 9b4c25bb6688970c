"""Who may do what in the directory. Reading it is open to everyone, signed in or not: it
holds services, not people. Changing it is for administrators; signposting is the Hub's."""

from typing import Any

from continuum.frontdoor.access import is_hub_staff
from continuum.organisation.models import Role


def can_moderate(user: Any) -> bool:
    """Administrators moderate suggestions and import directories."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.role == Role.ADMINISTRATOR or user.is_superuser)
    )


def can_signpost(user: Any) -> bool:
    """The Hub records which services it helped a family reach."""
    return bool(getattr(user, "is_authenticated", False) and is_hub_staff(user))
