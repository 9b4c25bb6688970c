"""Everything that changes the directory: suggestions and their moderation, imports, and
the Hub's signposting. Each action checks who may, runs in one transaction, and raises
`DirectoryError` with a plain-English message when it is not allowed. Pages, the API and the
management commands call these same functions.
"""

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from django.db import transaction

from continuum.core import clock
from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.directory import oruk, rules
from continuum.directory.access import can_moderate, can_signpost
from continuum.directory.models import (
    Address,
    Location,
    LocationType,
    Organization,
    Phone,
    RecordSource,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceStatus,
    ServiceSuggestion,
    Signposting,
    SuggestionStatus,
    TaxonomyTerm,
)
from continuum.directory.postcodes import PostcodeError, locate
from continuum.directory.search import refresh_search_entries
from continuum.frontdoor.models import NOT_SENT, Contact, PersonRole
from continuum.governance.access import audit_change
from continuum.governance.models import AuditAction
from continuum.people.rules import is_valid_postcode, normalise_postcode


class DirectoryError(Exception):
    """An action that is not allowed now, with the reason in plain English."""


class SuggestionProblems(DirectoryError):
    """What is wrong with a suggestion, field by field, for the form to show."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


@dataclass
class SuggestionDetails:
    """What someone tells us about a service the directory is missing."""

    name: str = ""
    description: str = ""
    organisation_name: str = ""
    activity: TaxonomyTerm | None = None
    address_1: str = ""
    town: str = ""
    postcode: str = ""
    when: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    phone: str = ""
    email: str = ""
    website: str = ""
    suggested_by_name: str = ""
    suggested_by_email: str = ""


SUGGESTION_FIELDS = [f.name for f in fields(SuggestionDetails)]


def _check_suggestion(details: SuggestionDetails) -> SuggestionDetails:
    problems: list[tuple[str, str]] = []
    details.name = " ".join(details.name.split())
    details.description = details.description.strip()
    if not details.name:
        problems.append(("name", "Enter the name of the service"))
    if not details.description:
        problems.append(("description", "Say what the service offers"))
    if details.postcode.strip():
        normal = normalise_postcode(details.postcode)
        if not is_valid_postcode(normal):
            problems.append(("postcode", "Enter a real postcode, like FY1 3LA"))
        details.postcode = normal
    if (
        details.minimum_age is not None
        and details.maximum_age is not None
        and details.minimum_age > details.maximum_age
    ):
        problems.append(("maximum_age", "The oldest age must be the same as or above the youngest"))
    for name in ("minimum_age", "maximum_age"):
        value = getattr(details, name)
        if value is not None and not 0 <= value <= rules.MAX_AGE:
            problems.append((name, f"Enter an age from 0 to {rules.MAX_AGE}"))
    if problems:
        raise SuggestionProblems(problems)
    return details


@transaction.atomic
def suggest_service(details: SuggestionDetails, *, acting_user: Any = None) -> ServiceSuggestion:
    """Anyone (a family without signing in, or a practitioner) suggests a missing service.
    It waits for an administrator; nothing is published until then."""
    details = _check_suggestion(details)
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    return ServiceSuggestion.objects.create(
        **{name: getattr(details, name) for name in SUGGESTION_FIELDS},
        suggested_by=user,
        suggested_at=clock.now(),
    )


def _require_moderator(user: Any) -> None:
    if not can_moderate(user):
        raise DirectoryError("Only an administrator can do this.")


def _lock_pending(suggestion: ServiceSuggestion) -> ServiceSuggestion:
    locked = ServiceSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != SuggestionStatus.PENDING:
        by = f" by {locked.moderated_by}" if locked.moderated_by else ""
        raise DirectoryError(
            f"This suggestion was already {locked.get_status_display().lower()}{by}."
        )
    return locked


@transaction.atomic
def edit_suggestion(
    suggestion: ServiceSuggestion, details: SuggestionDetails, *, acting_user: Any
) -> ServiceSuggestion:
    """An administrator corrects a suggestion before deciding on it. The history keeps what
    the person suggested and each edit."""
    _require_moderator(acting_user)
    locked = _lock_pending(suggestion)
    details = _check_suggestion(details)
    changed = [n for n in SUGGESTION_FIELDS if getattr(locked, n) != getattr(details, n)]
    for name in changed:
        setattr(locked, name, getattr(details, name))
    if changed:
        locked._change_reason = "Edited by an administrator"  # type: ignore[attr-defined]
        locked.save(update_fields=changed)
    return locked


def _details_of(suggestion: ServiceSuggestion) -> SuggestionDetails:
    return SuggestionDetails(**{n: getattr(suggestion, n) for n in SUGGESTION_FIELDS})


@transaction.atomic
def accept_suggestion(
    suggestion: ServiceSuggestion,
    *,
    acting_user: Any,
    details: SuggestionDetails | None = None,
) -> Service:
    """Publish a suggestion as a service (with its organisation, place, phone, activity type
    and timetable note), editing it first if `details` are given."""
    _require_moderator(acting_user)
    locked = _lock_pending(suggestion)
    if details is not None:
        locked = edit_suggestion(locked, details, acting_user=acting_user)
    details = _check_suggestion(_details_of(locked))
    centroid = None
    if details.postcode:
        try:
            centroid = locate(details.postcode)
        except PostcodeError as error:
            raise SuggestionProblems([("postcode", str(error))]) from None
    now = clock.now()
    organisation_name = details.organisation_name or details.name
    organization = Organization.objects.filter(name__iexact=organisation_name).first()
    if organization is None:
        organization = Organization.objects.create(
            name=organisation_name,
            description=organisation_name,
            source=RecordSource.SUGGESTED,
        )
    service = Service(
        organization=organization,
        name=details.name,
        description=details.description,
        url=details.website,
        email=details.email,
        status=ServiceStatus.ACTIVE,
        minimum_age=details.minimum_age,
        maximum_age=details.maximum_age,
        last_modified=now,
        source=RecordSource.SUGGESTED,
    )
    service.search_text = rules.build_search_text(
        service.name,
        service.description,
        organization.name,
        details.activity.name if details.activity else "",
    )
    service._change_reason = f"Accepted from suggestion {locked.pk}"  # type: ignore[attr-defined]
    service.save()
    if details.address_1 or centroid is not None:
        location = Location.objects.create(
            location_type=LocationType.PHYSICAL,
            name=details.address_1 or details.name,
            postcode=centroid.postcode if centroid else "",
            easting=centroid.easting if centroid else None,
            northing=centroid.northing if centroid else None,
            source=RecordSource.SUGGESTED,
        )
        Address.objects.create(
            location=location,
            address_1=details.address_1 or details.name,
            city=details.town or "Blackpool",
            state_province="Lancashire",
            postal_code=centroid.postcode if centroid else "",
        )
        ServiceAtLocation.objects.create(service=service, location=location)
    if details.phone:
        Phone.objects.create(service=service, number=details.phone)
    if details.activity is not None:
        ServiceAttribute.objects.create(service=service, taxonomy_term=details.activity)
    if details.when:
        Schedule.objects.create(service=service, description=details.when)
    refresh_search_entries([service.pk])
    locked.status = SuggestionStatus.ACCEPTED
    locked.service = service
    locked.moderated_by = acting_user
    locked.moderated_at = now
    locked._change_reason = "Accepted"  # type: ignore[attr-defined]
    locked.save(update_fields=["status", "service", "moderated_by", "moderated_at"])
    return service


@transaction.atomic
def reject_suggestion(
    suggestion: ServiceSuggestion, reason: str, *, acting_user: Any
) -> ServiceSuggestion:
    """Decline a suggestion, saying why (kept with it, for the record)."""
    _require_moderator(acting_user)
    locked = _lock_pending(suggestion)
    reason = " ".join((reason or "").split())
    if not reason:
        raise SuggestionProblems([("reason", "Say why the suggestion is not being added")])
    locked.status = SuggestionStatus.REJECTED
    locked.rejection_reason = reason
    locked.moderated_by = acting_user
    locked.moderated_at = clock.now()
    locked._change_reason = "Rejected"  # type: ignore[attr-defined]
    locked.save(update_fields=["status", "rejection_reason", "moderated_by", "moderated_at"])
    return locked


def import_directory(
    document: Any, *, acting_user: Any = None, source: str = RecordSource.IMPORTED
) -> oruk.ImportResult:
    """Load an Open Referral UK document. From the web, only administrators may; the
    management command (run by whoever runs the server) passes no user."""
    if acting_user is not None:
        _require_moderator(acting_user)
    return oruk.import_document(document, source=source)


@transaction.atomic
def record_signposting(
    contact: Contact, services: Iterable[Service], *, acting_user: Any
) -> list[Signposting]:
    """Record the services the Hub helped a family reach instead of an assessment: on the
    contact, and as an event in each named child's chronology. Services already recorded on
    the contact are not recorded twice. The Hub's decision calls this when it signposts."""
    if not can_signpost(acting_user):
        raise DirectoryError("Only the Request for Support Hub can record signposting.")
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.status in NOT_SENT:
        raise DirectoryError("A draft cannot be signposted.")
    chosen = list(dict.fromkeys(services))
    if not chosen:
        raise DirectoryError("Choose at least one service.")
    inactive = [s.name for s in chosen if s.status != ServiceStatus.ACTIVE]
    if inactive:
        raise DirectoryError(f"These services are not running now: {', '.join(inactive)}.")
    already = set(contact.signpostings.values_list("service_id", flat=True))
    new = [s for s in chosen if s.pk not in already]
    if not new:
        return []
    now = clock.now()
    rows = Signposting.objects.bulk_create(
        Signposting(contact=contact, service=s, recorded_by=acting_user, recorded_at=now)
        for s in new
    )
    names = ", ".join(s.name for s in new)
    detail = "\n".join(_signpost_line(s) for s in new)
    children = contact.people.filter(role=PersonRole.CHILD, person__isnull=False).select_related(
        "person"
    )
    for named in children:
        record_event(
            named.person,
            kind=EventKind.SIGNPOSTING,
            occurred_on=clock.localdate(now),
            summary=f"Signposted to {names} ({contact.reference})",
            detail=detail,
            recorded_by=acting_user,
            source=contact,
        )
        audit_change(acting_user, named.person, action=AuditAction.CHANGE)
    return rows


def _signpost_line(service: Service) -> str:
    phones = ", ".join(p.number for p in service.phones.all()[:2])
    return f"{service.name} ({service.organization.name}){': ' + phones if phones else ''}"
