"""Everything that changes early help records. The only place that does."""

import datetime as dt

from django.db import transaction

from continuum.core import clock
from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.earlyhelp.models import EarlyHelpRequest, EarlyHelpRequestStatus
from continuum.organisation.models import Team, User
from continuum.people import actions as people_actions
from continuum.people.models import Allocation, Person


@transaction.atomic
def request_early_help(
    person: Person,
    *,
    team: Team,
    acting_user: User,
    contact=None,  # noqa: ANN001 - frontdoor.Contact; earlyhelp does not import frontdoor
    requested_on: dt.date | None = None,
    summary: str = "Early help requested: the Early Help Hub agrees which agency leads",
) -> EarlyHelpRequest:
    """Ask the Early Help Hub to agree a lead agency for a child's family. A child already
    waiting for a lead agency keeps that request; nothing is asked twice."""
    waiting = EarlyHelpRequest.objects.filter(
        person=person, status=EarlyHelpRequestStatus.AWAITING_LEAD
    ).first()
    if waiting is not None:
        return waiting
    request = EarlyHelpRequest.objects.create(
        person=person,
        team=team,
        contact=contact,
        requested_on=requested_on or clock.today(),
    )
    if not Allocation.objects.filter(person=person, team=team, end_date__isnull=True).exists():
        people_actions.allocate(person, team=team, worker=None, acting_user=acting_user)
    record_event(
        person,
        kind=EventKind.OTHER,
        occurred_on=request.requested_on,
        summary=summary,
        recorded_by=acting_user,
        source=request,
    )
    return request
