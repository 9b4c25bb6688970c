"""The Hub's ground for opening a record: screening a contact that names the person."""

from continuum.organisation.models import Role, User
from continuum.people.models import Person

HUB_TEAM_SLUG = "request-for-support-hub"
SCREENING_STATUSES = ("received", "screening")


def is_hub_staff(user: User) -> bool:
    """Hub workers, and the manager of the Request for Support Hub."""
    if user.role == Role.HUB_WORKER:
        return True
    return (
        user.role == Role.TEAM_MANAGER and user.team is not None and user.team.slug == HUB_TEAM_SLUG
    )


def hub_is_screening(user: User, person: Person) -> bool:
    """True while a Hub worker screens a contact that names this person."""
    if not is_hub_staff(user):
        return False
    from continuum.frontdoor.models import ContactPerson

    return ContactPerson.objects.filter(
        person=person, contact__status__in=SCREENING_STATUSES
    ).exists()
