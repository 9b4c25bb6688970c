"""Open Referral UK JSON: the directory's objects out (API and export) and back in (import).

Shapes follow the ORUK profile of HSDS 3.0: a fully nested `service` (with its organization,
schedules, service areas, service at locations and their locations, languages, funding, cost
options, contacts and attributes), the shorter `service_list` and `service_at_location_list`
items, `taxonomy` and `taxonomy_term`. Where the ORUK profile drops an HSDS 3.0 field that a
family needs (a service's `phones`; a language's `name` and `code`; `address_2`), we send the
HSDS 3.0 field: ORUK's schemas allow fields they do not list.

An export file is one JSON object: `{"version", "taxonomies": [taxonomy with its
taxonomy_terms], "services": [fully nested service]}`. The import reads that, a bare list of
services, a paged API response (`contents`) or a single service, so an existing ORUK feed can
be loaded as it comes.

Round trip: exporting, importing into an empty directory and exporting again gives the same
document (a test holds us to it). Empty text is sent as null, and null comes back as empty
text, so the two agree. ORUK ids are UUIDs; an id that is not one (older feeds used numbers)
is turned into a stable UUID derived from it, so a second import of the same feed updates
rather than duplicates.
"""

import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone

from continuum.directory import rules
from continuum.directory.models import (
    Accessibility,
    Address,
    CostOption,
    Funding,
    Language,
    Location,
    LocationAttribute,
    LocationType,
    Organization,
    Phone,
    RecordSource,
    Schedule,
    ScheduleFrequency,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceContact,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from continuum.directory.postcodes import PostcodeLookup, get_lookup
from continuum.people.rules import is_valid_postcode, normalise_postcode

HSDS_VERSION = "3.0"
# Ids derived from non-UUID ids in an imported feed live in this namespace.
ID_NAMESPACE = uuid.UUID("6f2a7f8e-3c1d-4f5e-9a0b-2d6c8e4b1a7c")
# Continuum's own taxonomy of location types; its "Family hub" term marks a family hub.
FAMILY_HUB_TERM_ID = uuid.UUID("b3a1c0de-0f1e-4c2a-9a51-6a7f0e1d2c01")


# ---------------------------------------------------------------------------------------------
# Out


def _s(value: str) -> str | None:
    return value if value else None


def _num(value: float | decimal.Decimal | None) -> int | float | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M:%S") if value else None


def _datetime(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def taxonomy_term_json(term: TaxonomyTerm) -> dict[str, Any]:
    return {
        "id": str(term.id),
        "code": _s(term.code),
        "name": term.name,
        "description": term.description,
        "parent_id": str(term.parent_id) if term.parent_id else None,
        "taxonomy": _s(term.taxonomy.name if term.taxonomy_id else term.taxonomy_name),
        "taxonomy_id": str(term.taxonomy_id) if term.taxonomy_id else None,
        "language": _s(term.language),
        "term_uri": _s(term.term_uri),
        "term": _s(term.term),
    }


def taxonomy_json(taxonomy: Taxonomy, *, with_terms: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(taxonomy.id),
        "name": taxonomy.name,
        "description": taxonomy.description,
        "uri": _s(taxonomy.uri),
        "version": _s(taxonomy.version),
    }
    if with_terms:
        body["taxonomy_terms"] = [taxonomy_term_json(t) for t in taxonomy.terms.all()]
    return body


def organization_json(organization: Organization) -> dict[str, Any]:
    return {
        "id": str(organization.id),
        "name": organization.name,
        "alternate_name": _s(organization.alternate_name),
        "description": organization.description,
        "email": _s(organization.email),
        "website": _s(organization.website),
        "logo": _s(organization.logo),
        "uri": _s(organization.uri),
        "parent_organization_id": (
            str(organization.parent_organization_id)
            if organization.parent_organization_id
            else None
        ),
    }


def _attribute_json(attribute: ServiceAttribute | LocationAttribute, link_id: uuid.UUID) -> dict:
    return {
        "id": str(attribute.id),
        "link_id": str(link_id),
        "link_type": _s(attribute.link_type),
        "taxonomy_term_id": str(attribute.taxonomy_term_id),
        "value": _s(attribute.value),
        "taxonomy_term": taxonomy_term_json(attribute.taxonomy_term),
    }


def schedule_json(schedule: Schedule) -> dict[str, Any]:
    return {
        "id": str(schedule.id),
        "valid_from": _date(schedule.valid_from),
        "valid_to": _date(schedule.valid_to),
        "dtstart": _date(schedule.dtstart),
        "until": _date(schedule.until),
        "freq": _s(schedule.freq),
        "interval": schedule.interval,
        "byday": _s(schedule.byday),
        "bymonthday": _s(schedule.bymonthday),
        "description": _s(schedule.description),
        "opens_at": _time(schedule.opens_at),
        "closes_at": _time(schedule.closes_at),
        "schedule_link": _s(schedule.schedule_link),
        "attending_type": _s(schedule.attending_type),
        "notes": _s(schedule.notes),
    }


def _phone_json(phone: Phone) -> dict[str, Any]:
    return {
        "id": str(phone.id),
        "number": phone.number,
        "extension": phone.extension,
        "type": _s(phone.type),
        "description": _s(phone.description),
    }


def location_json(location: Location, *, full: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(location.id),
        "location_type": location.location_type,
        "name": _s(location.name),
        "alternate_name": _s(location.alternate_name),
        "description": _s(location.description),
        "url": _s(location.url),
        "transportation": _s(location.transportation),
        "latitude": location.latitude,
        "longitude": location.longitude,
        "external_identifier": _s(location.external_identifier),
        "external_identifier_type": _s(location.external_identifier_type),
    }
    if full:
        body["addresses"] = [
            {
                "id": str(a.id),
                "attention": _s(a.attention),
                "address_1": a.address_1,
                "address_2": _s(a.address_2),
                "city": a.city,
                "region": _s(a.region),
                "state_province": a.state_province,
                "postal_code": a.postal_code,
                "country": a.country,
                "address_type": a.address_type,
            }
            for a in location.addresses.all()
        ]
        body["accessibility"] = [
            {
                "id": str(a.id),
                "description": _s(a.description),
                "details": _s(a.details),
                "url": _s(a.url),
            }
            for a in location.accessibility.all()
        ]
        body["attributes"] = [_attribute_json(a, location.id) for a in location.attributes.all()]
    return body


def service_summary_json(service: Service) -> dict[str, Any]:
    """ORUK's `service_list` item: the service and its organization, nothing nested deeper."""
    return {
        "id": str(service.id),
        "organization_id": str(service.organization_id),
        "name": service.name,
        "alternate_name": _s(service.alternate_name),
        "description": _s(service.description),
        "url": _s(service.url),
        "email": _s(service.email),
        "status": service.status,
        "fees": _s(service.fees),
        "fees_description": _s(service.fees_description),
        "accreditations": _s(service.accreditations),
        "eligibility_description": _s(service.eligibility_description),
        "application_process": _s(service.application_process),
        "minimum_age": _num(service.minimum_age),
        "maximum_age": _num(service.maximum_age),
        "assured_date": _date(service.assured_date),
        "assurer_email": _s(service.assurer_email),
        "alert": _s(service.alert),
        "last_modified": _datetime(service.last_modified),
        "organization": organization_json(service.organization),
    }


def service_json(service: Service) -> dict[str, Any]:
    """ORUK's fully nested `service`. Call on a service from `full_services()`, so that its
    related rows come prefetched rather than one query each."""
    body = service_summary_json(service)
    body["phones"] = [_phone_json(p) for p in service.phones.all() if p.contact_id is None]
    body["schedules"] = [schedule_json(s) for s in service.schedules.all()]
    body["service_areas"] = [
        {
            "id": str(a.id),
            "name": _s(a.name),
            "service_area": _s(a.service_area),
            "extent": _s(a.extent),
            "extent_type": _s(a.extent_type),
            "uri": _s(a.uri),
        }
        for a in service.service_areas.all()
    ]
    body["service_at_locations"] = [
        {
            "id": str(sal.id),
            "service_id": str(service.id),
            "location_id": str(sal.location_id),
            "description": _s(sal.description),
            "schedules": [schedule_json(s) for s in sal.schedules.all()],
            "location": location_json(sal.location),
        }
        for sal in service.service_at_locations.all()
    ]
    body["languages"] = [
        {"id": str(lang.id), "name": _s(lang.name), "code": _s(lang.code), "note": _s(lang.note)}
        for lang in service.languages.all()
    ]
    body["funding"] = [{"id": str(f.id), "source": f.source} for f in service.funding.all()]
    body["cost_options"] = [
        {
            "id": str(c.id),
            "valid_from": _date(c.valid_from),
            "valid_to": _date(c.valid_to),
            "option": _s(c.option),
            "currency": _s(c.currency),
            "amount": _num(c.amount),
            "amount_description": _s(c.amount_description),
        }
        for c in service.cost_options.all()
    ]
    body["contacts"] = [
        {
            "id": str(c.id),
            "name": _s(c.name),
            "title": _s(c.title),
            "department": _s(c.department),
            "email": _s(c.email),
            "phones": [_phone_json(p) for p in c.phones.all()],
        }
        for c in service.contacts.all()
    ]
    body["attributes"] = [_attribute_json(a, service.id) for a in service.attributes.all()]
    return body


def service_at_location_summary_json(sal: ServiceAtLocation) -> dict[str, Any]:
    """ORUK's `service_at_location_list` item."""
    return {
        "id": str(sal.id),
        "service_id": str(sal.service_id),
        "location_id": str(sal.location_id),
        "location": location_json(sal.location, full=False),
        "service": service_summary_json(sal.service),
    }


_TERM = Prefetch("taxonomy_term", queryset=TaxonomyTerm.objects.select_related("taxonomy"))


def full_services(queryset: QuerySet[Service] | None = None) -> QuerySet[Service]:
    """Services with everything `service_json` reads, in a fixed number of queries."""
    queryset = Service.objects.all() if queryset is None else queryset
    location_parts = [
        "service_at_locations__location__addresses",
        "service_at_locations__location__accessibility",
        Prefetch(
            "service_at_locations__location__attributes",
            queryset=LocationAttribute.objects.select_related(
                "taxonomy_term", "taxonomy_term__taxonomy"
            ),
        ),
    ]
    return queryset.select_related("organization").prefetch_related(
        "phones",
        "schedules",
        "service_areas",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").order_by("id"),
        ),
        "service_at_locations__schedules",
        *location_parts,
        "languages",
        "funding",
        "cost_options",
        "contacts__phones",
        Prefetch(
            "attributes",
            queryset=ServiceAttribute.objects.select_related(
                "taxonomy_term", "taxonomy_term__taxonomy"
            ),
        ),
    )


def export_directory(*, chunk: int = 500) -> dict[str, Any]:
    """The whole directory as one ORUK document, services in id order."""
    taxonomies = [
        taxonomy_json(t, with_terms=True)
        for t in Taxonomy.objects.prefetch_related(
            Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy"))
        ).order_by("id")
    ]
    return {
        "version": HSDS_VERSION,
        "taxonomies": taxonomies,
        # Every organization, including those with no services (a parent body), so that an
        # import can rebuild the whole tree.
        "organizations": [organization_json(o) for o in Organization.objects.order_by("id")],
        "services": list(iter_services_json(chunk=chunk)),
    }


def iter_services_json(*, chunk: int = 500) -> Iterator[dict[str, Any]]:
    """Every service's fully nested JSON, a chunk at a time, so memory stays flat."""
    ids = list(Service.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), chunk):
        batch = full_services(Service.objects.filter(id__in=ids[start : start + chunk]))
        yield from (service_json(s) for s in batch.order_by("id"))


# ---------------------------------------------------------------------------------------------
# In


class OrukImportError(ValueError):
    """An ORUK document that cannot be imported; `problems` name each place that is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]) + (" ..." if len(problems) > 5 else ""))
        self.problems = problems


@dataclass
class ImportResult:
    services: int = 0
    organizations: int = 0
    locations: int = 0
    taxonomy_terms: int = 0
    locations_without_coordinates: list[str] = field(default_factory=list)


def make_id(value: Any, kind: str) -> uuid.UUID:
    """An ORUK id as a UUID; a non-UUID id becomes a stable UUID derived from it."""
    text = str(value).strip()
    try:
        return uuid.UUID(text)
    except ValueError:
        return uuid.uuid5(ID_NAMESPACE, f"{kind}:{text}")


class _Reader:
    """Reads plain values out of a JSON object, recording a problem (with its path) for each
    value of the wrong kind instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        if len(self.problems) < 200:
            self.problems.append(f"{path}: {message}")

    def obj(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.problem(path, "must be an object")
            return {}
        return value

    def items(self, data: dict[str, Any], key: str, path: str) -> list[tuple[str, dict]]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(f"{path}.{key}", "must be a list")
            return []
        return [
            (f"{path}.{key}[{i}]", self.obj(v, f"{path}.{key}[{i}]")) for i, v in enumerate(value)
        ]

    def text(
        self, data: dict[str, Any], key: str, path: str, *, limit: int = 0, required: bool = False
    ) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.problem(f"{path}.{key}", "is required")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(f"{path}.{key}", "must be text")
            return ""
        text = str(value).strip()
        if limit and len(text) > limit:
            self.problem(f"{path}.{key}", f"must be {limit} characters or fewer")
            return text[:limit]
        return text

    def id(self, data: dict[str, Any], path: str, kind: str) -> uuid.UUID | None:
        value = data.get("id")
        if value is None or value == "" or isinstance(value, bool | dict | list):
            self.problem(f"{path}.id", "is required")
            return None
        return make_id(value, kind)

    def ref(self, data: dict[str, Any], key: str, kind: str) -> uuid.UUID | None:
        value = data.get(key)
        if value is None or value == "" or isinstance(value, bool | dict | list):
            return None
        return make_id(value, kind)

    def number(self, data: dict[str, Any], key: str, path: str) -> float | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.problem(f"{path}.{key}", "must be a number")
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.problem(f"{path}.{key}", "must be a number")
            return None
        if number != number or number in (float("inf"), float("-inf")):
            self.problem(f"{path}.{key}", "must be a number")
            return None
        return number

    def age(self, data: dict[str, Any], key: str, path: str) -> float | None:
        number = self.number(data, key, path)
        if number is not None and not 0 <= number <= rules.MAX_AGE:
            self.problem(f"{path}.{key}", f"must be an age from 0 to {rules.MAX_AGE}")
            return None
        return number

    def date(self, data: dict[str, Any], key: str, path: str) -> dt.date | None:
        text = self.text(data, key, path)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            self.problem(f"{path}.{key}", "must be a date like 2026-03-31")
            return None

    def datetime(self, data: dict[str, Any], key: str, path: str) -> dt.datetime | None:
        text = self.text(data, key, path)
        if not text:
            return None
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.problem(f"{path}.{key}", "must be a date and time like 2026-03-31T10:30:00Z")
            return None
        if timezone.is_naive(value):
            value = timezone.make_aware(value, dt.UTC)
        return value

    def time(self, data: dict[str, Any], key: str, path: str) -> dt.time | None:
        try:
            return rules.parse_time(self.text(data, key, path))
        except ValueError as error:
            self.problem(f"{path}.{key}", str(error))
            return None

    def choice(
        self, data: dict[str, Any], key: str, path: str, choices: Iterable[str], default: str
    ) -> str:
        text = self.text(data, key, path)
        if not text:
            return default
        allowed = list(choices)
        for option in allowed:
            if text.lower() == option.lower():
                return option
        self.problem(f"{path}.{key}", f"must be one of {', '.join(allowed)}")
        return default

    def whole(self, data: dict[str, Any], key: str, path: str) -> int | None:
        number = self.number(data, key, path)
        if number is None:
            return None
        if not number.is_integer() or not 0 <= number <= 32767:
            self.problem(f"{path}.{key}", "must be a whole number")
            return None
        return int(number)


def services_in(document: Any) -> tuple[list[Any], list[Any], list[Any]]:
    """(taxonomies, organizations, services) from any of the document shapes the import
    accepts."""
    if isinstance(document, list):
        return [], [], document
    if not isinstance(document, dict):
        raise OrukImportError(["The file must hold a JSON object or a list of services"])
    if "services" in document or "taxonomies" in document:
        parts = [document.get(k) or [] for k in ("taxonomies", "organizations", "services")]
        if not all(isinstance(p, list) for p in parts):
            raise OrukImportError(["taxonomies, organizations and services must be lists"])
        return parts[0], parts[1], parts[2]
    if "contents" in document:
        contents = document.get("contents") or []
        if not isinstance(contents, list):
            raise OrukImportError(["contents must be a list"])
        return [], [], contents
    if "id" in document and "name" in document:
        return [], [], [document]
    raise OrukImportError(
        ["The file is not an Open Referral UK document: expected services, contents or a service"]
    )


class _Plan:
    """Rows to write, keyed by id so that an object named twice is written once."""

    def __init__(self) -> None:
        self.rows: dict[type[Model], dict[uuid.UUID, Model]] = {}
        self.implied: dict[uuid.UUID, Taxonomy] = {}

    def add(self, row: Model) -> None:
        self.rows.setdefault(type(row), {}).setdefault(row.pk, row)

    def get(self, model: type[Model]) -> list[Model]:
        return list(self.rows.get(model, {}).values())


def _plan_term(reader: _Reader, plan: _Plan, data: dict, path: str) -> uuid.UUID | None:
    term_id = reader.id(data, path, "taxonomy_term")
    if term_id is None:
        return None
    taxonomy_id = reader.ref(data, "taxonomy_id", "taxonomy")
    plan.add(
        TaxonomyTerm(
            id=term_id,
            taxonomy_id=taxonomy_id,
            taxonomy_name="" if taxonomy_id else reader.text(data, "taxonomy", path, limit=255),
            code=reader.text(data, "code", path, limit=100),
            name=reader.text(data, "name", path, limit=255, required=True),
            description=reader.text(data, "description", path),
            parent_id=reader.ref(data, "parent_id", "taxonomy_term"),
            term_uri=reader.text(data, "term_uri", path, limit=500),
            term=reader.text(data, "term", path, limit=255),
            language=reader.text(data, "language", path, limit=20),
        )
    )
    if taxonomy_id and taxonomy_id not in plan.rows.get(Taxonomy, {}):
        # A term names a taxonomy the file does not list: create it if it is not here yet,
        # but never overwrite one that is.
        name = reader.text(data, "taxonomy", path, limit=255) or "Imported taxonomy"
        plan.implied.setdefault(taxonomy_id, Taxonomy(id=taxonomy_id, name=name, description=name))
    return term_id


def _plan_schedules(
    reader: _Reader, plan: _Plan, items: list[tuple[str, dict]], **owner: Any
) -> None:
    for path, data in items:
        schedule_id = reader.id(data, path, "schedule")
        byday = reader.text(data, "byday", path, limit=100).upper().replace(" ", "")
        try:
            mask = rules.day_mask(byday)
        except ValueError as error:
            reader.problem(f"{path}.byday", str(error))
            mask = 0
        schedule = Schedule(
            id=schedule_id,
            valid_from=reader.date(data, "valid_from", path),
            valid_to=reader.date(data, "valid_to", path),
            dtstart=reader.date(data, "dtstart", path),
            until=reader.date(data, "until", path),
            freq=reader.choice(data, "freq", path, ScheduleFrequency.values, ""),
            interval=reader.whole(data, "interval", path),
            byday=byday,
            bymonthday=reader.text(data, "bymonthday", path, limit=100),
            description=reader.text(data, "description", path),
            opens_at=reader.time(data, "opens_at", path),
            closes_at=reader.time(data, "closes_at", path),
            schedule_link=reader.text(data, "schedule_link", path, limit=500),
            attending_type=reader.text(data, "attending_type", path, limit=255),
            notes=reader.text(data, "notes", path),
            day_mask=mask,
            **owner,
        )
        if schedule.valid_from and schedule.valid_to and schedule.valid_from > schedule.valid_to:
            reader.problem(f"{path}.valid_to", "must be on or after valid_from")
        if schedule_id:
            plan.add(schedule)


def _plan_location(
    reader: _Reader,
    plan: _Plan,
    data: dict,
    path: str,
    source: str,
    lookup: PostcodeLookup,
    result: ImportResult,
) -> uuid.UUID | None:
    location_id = reader.id(data, path, "location")
    if location_id is None:
        return None
    if location_id in plan.rows.get(Location, {}):
        return location_id  # Already planned from another service: same place.
    location = Location(
        id=location_id,
        location_type=reader.choice(
            data, "location_type", path, LocationType.values, LocationType.PHYSICAL
        ),
        name=reader.text(data, "name", path, limit=255),
        alternate_name=reader.text(data, "alternate_name", path, limit=255),
        description=reader.text(data, "description", path),
        url=reader.text(data, "url", path, limit=500),
        transportation=reader.text(data, "transportation", path),
        latitude=reader.number(data, "latitude", path),
        longitude=reader.number(data, "longitude", path),
        external_identifier=reader.text(data, "external_identifier", path, limit=100),
        external_identifier_type=reader.text(data, "external_identifier_type", path, limit=50),
        source=source,
    )
    postcodes: list[tuple[str, str]] = []
    for address_path, address in reader.items(data, "addresses", path):
        address_id = reader.id(address, address_path, "address")
        row = Address(
            id=address_id,
            location_id=location_id,
            attention=reader.text(address, "attention", address_path, limit=255),
            address_1=reader.text(address, "address_1", address_path, limit=255),
            address_2=reader.text(address, "address_2", address_path, limit=255),
            city=reader.text(address, "city", address_path, limit=100),
            region=reader.text(address, "region", address_path, limit=100),
            state_province=reader.text(address, "state_province", address_path, limit=100),
            postal_code=reader.text(address, "postal_code", address_path, limit=20),
            country=reader.text(address, "country", address_path, limit=2) or "GB",
            address_type=reader.choice(
                address, "address_type", address_path, LocationType.values, LocationType.PHYSICAL
            ),
        )
        if address_id:
            plan.add(row)
            postcodes.append((row.address_type, row.postal_code))
    for access_path, access in reader.items(data, "accessibility", path):
        access_id = reader.id(access, access_path, "accessibility")
        if access_id:
            plan.add(
                Accessibility(
                    id=access_id,
                    location_id=location_id,
                    description=reader.text(access, "description", access_path),
                    details=reader.text(access, "details", access_path),
                    url=reader.text(access, "url", access_path, limit=500),
                )
            )
    for attribute_path, attribute in reader.items(data, "attributes", path):
        term_id = _attribute_term(reader, plan, attribute, attribute_path)
        attribute_id = reader.id(attribute, attribute_path, "attribute")
        if term_id and attribute_id:
            plan.add(
                LocationAttribute(
                    id=attribute_id,
                    location_id=location_id,
                    taxonomy_term_id=term_id,
                    link_type=reader.text(attribute, "link_type", attribute_path, limit=50),
                    value=reader.text(attribute, "value", attribute_path),
                )
            )
            if term_id == FAMILY_HUB_TERM_ID:
                location.is_family_hub = True
    # The physical address's postcode places the location; a postal one will do otherwise.
    for _, postal_code in sorted(postcodes, key=lambda p: p[0] != LocationType.PHYSICAL):
        normal = normalise_postcode(postal_code)
        if is_valid_postcode(normal):
            location.postcode = normal
            found = lookup.find(normal)
            if found is not None:
                location.easting, location.northing = found.easting, found.northing
            break
    if location.easting is None and location.location_type == LocationType.PHYSICAL:
        result.locations_without_coordinates.append(location.name or str(location_id))
    plan.add(location)
    return location_id


def _attribute_term(reader: _Reader, plan: _Plan, attribute: dict, path: str) -> uuid.UUID | None:
    nested = attribute.get("taxonomy_term")
    if isinstance(nested, dict):
        return _plan_term(reader, plan, nested, f"{path}.taxonomy_term")
    term_id = reader.ref(attribute, "taxonomy_term_id", "taxonomy_term")
    if term_id is None:
        reader.problem(f"{path}.taxonomy_term_id", "is required")
    return term_id


def _plan_phones(reader: _Reader, plan: _Plan, items: list[tuple[str, dict]], **owner: Any) -> None:
    for path, data in items:
        phone_id = reader.id(data, path, "phone")
        number = reader.text(data, "number", path, limit=50, required=True)
        if phone_id and number:
            plan.add(
                Phone(
                    id=phone_id,
                    number=number,
                    extension=reader.whole(data, "extension", path),
                    type=reader.text(data, "type", path, limit=30),
                    description=reader.text(data, "description", path),
                    **owner,
                )
            )


def _plan_organization(
    reader: _Reader, plan: _Plan, organization: dict, path: str, source: str
) -> None:
    organization_id = reader.id(organization, path, "organization")
    if organization_id is None:
        return
    plan.add(
        Organization(
            id=organization_id,
            name=reader.text(organization, "name", path, limit=255, required=True),
            alternate_name=reader.text(organization, "alternate_name", path, limit=255),
            description=reader.text(organization, "description", path),
            email=reader.text(organization, "email", path, limit=254),
            website=reader.text(organization, "website", path, limit=500),
            logo=reader.text(organization, "logo", path, limit=500),
            uri=reader.text(organization, "uri", path, limit=500),
            parent_organization_id=reader.ref(
                organization, "parent_organization_id", "organization"
            ),
            source=source,
        )
    )


def _plan_service(
    reader: _Reader,
    plan: _Plan,
    data: dict,
    path: str,
    source: str,
    lookup: PostcodeLookup,
    result: ImportResult,
) -> Service | None:
    service_id = reader.id(data, path, "service")
    organization = reader.obj(data.get("organization") or {}, f"{path}.organization")
    organization_id = reader.ref(organization, "id", "organization") or reader.ref(
        data, "organization_id", "organization"
    )
    if organization_id is None:
        reader.problem(f"{path}.organization", "is required (with its id, name and description)")
    elif organization:
        _plan_organization(reader, plan, organization, f"{path}.organization", source)
    service = Service(
        id=service_id,
        organization_id=organization_id,
        name=reader.text(data, "name", path, limit=255, required=True),
        alternate_name=reader.text(data, "alternate_name", path, limit=255),
        description=reader.text(data, "description", path),
        url=reader.text(data, "url", path, limit=500),
        email=reader.text(data, "email", path, limit=254),
        status=reader.choice(data, "status", path, ServiceStatus.values, ServiceStatus.ACTIVE),
        fees=reader.text(data, "fees", path),
        fees_description=reader.text(data, "fees_description", path),
        accreditations=reader.text(data, "accreditations", path),
        eligibility_description=reader.text(data, "eligibility_description", path),
        application_process=reader.text(data, "application_process", path),
        minimum_age=reader.age(data, "minimum_age", path),
        maximum_age=reader.age(data, "maximum_age", path),
        assured_date=reader.date(data, "assured_date", path),
        assurer_email=reader.text(data, "assurer_email", path, limit=254),
        alert=reader.text(data, "alert", path),
        last_modified=reader.datetime(data, "last_modified", path),
        source=source,
    )
    if (
        service.minimum_age is not None
        and service.maximum_age is not None
        and service.minimum_age > service.maximum_age
    ):
        reader.problem(f"{path}.maximum_age", "must be at least minimum_age")
    if service_id is None:
        return None
    _plan_phones(reader, plan, reader.items(data, "phones", path), service_id=service_id)
    _plan_schedules(reader, plan, reader.items(data, "schedules", path), service_id=service_id)
    for area_path, area in reader.items(data, "service_areas", path):
        area_id = reader.id(area, area_path, "service_area")
        if area_id:
            plan.add(
                ServiceArea(
                    id=area_id,
                    service_id=service_id,
                    name=reader.text(area, "name", area_path, limit=255),
                    service_area=reader.text(area, "service_area", area_path)
                    or reader.text(area, "description", area_path),
                    extent=reader.text(area, "extent", area_path),
                    extent_type=reader.text(area, "extent_type", area_path, limit=50),
                    uri=reader.text(area, "uri", area_path, limit=500),
                )
            )
    seen_locations: set[uuid.UUID] = set()
    for sal_path, sal in reader.items(data, "service_at_locations", path):
        sal_id = reader.id(sal, sal_path, "service_at_location")
        location = sal.get("location")
        if not isinstance(location, dict):
            reader.problem(f"{sal_path}.location", "is required (the nested location)")
            continue
        location_id = _plan_location(
            reader, plan, location, f"{sal_path}.location", source, lookup, result
        )
        if sal_id is None or location_id is None:
            continue
        if location_id in seen_locations:
            reader.problem(f"{sal_path}.location", "names the same location twice")
            continue
        seen_locations.add(location_id)
        plan.add(
            ServiceAtLocation(
                id=sal_id,
                service_id=service_id,
                location_id=location_id,
                description=reader.text(sal, "description", sal_path),
            )
        )
        _plan_schedules(
            reader, plan, reader.items(sal, "schedules", sal_path), service_at_location_id=sal_id
        )
    for lang_path, lang in reader.items(data, "languages", path):
        lang_id = reader.id(lang, lang_path, "language")
        if lang_id:
            plan.add(
                Language(
                    id=lang_id,
                    service_id=service_id,
                    name=reader.text(lang, "name", lang_path, limit=100),
                    code=reader.text(lang, "code", lang_path, limit=20),
                    note=reader.text(lang, "note", lang_path),
                )
            )
    for funding_path, funding in reader.items(data, "funding", path):
        funding_id = reader.id(funding, funding_path, "funding")
        if funding_id:
            plan.add(
                Funding(
                    id=funding_id,
                    service_id=service_id,
                    source=reader.text(funding, "source", funding_path),
                )
            )
    for cost_path, cost in reader.items(data, "cost_options", path):
        cost_id = reader.id(cost, cost_path, "cost_option")
        amount = reader.number(cost, "amount", cost_path)
        if cost_id:
            plan.add(
                CostOption(
                    id=cost_id,
                    service_id=service_id,
                    valid_from=reader.date(cost, "valid_from", cost_path),
                    valid_to=reader.date(cost, "valid_to", cost_path),
                    option=reader.text(cost, "option", cost_path),
                    currency=reader.text(cost, "currency", cost_path, limit=3),
                    amount=decimal.Decimal(str(amount)).quantize(decimal.Decimal("0.01"))
                    if amount is not None
                    else None,
                    amount_description=reader.text(cost, "amount_description", cost_path),
                )
            )
    for contact_path, contact in reader.items(data, "contacts", path):
        contact_id = reader.id(contact, contact_path, "contact")
        if contact_id:
            plan.add(
                ServiceContact(
                    id=contact_id,
                    service_id=service_id,
                    name=reader.text(contact, "name", contact_path, limit=255),
                    title=reader.text(contact, "title", contact_path, limit=255),
                    department=reader.text(contact, "department", contact_path, limit=255),
                    email=reader.text(contact, "email", contact_path, limit=254),
                )
            )
            _plan_phones(
                reader, plan, reader.items(contact, "phones", contact_path), contact_id=contact_id
            )
    seen_terms: set[uuid.UUID] = set()
    for attribute_path, attribute in reader.items(data, "attributes", path):
        term_id = _attribute_term(reader, plan, attribute, attribute_path)
        attribute_id = reader.id(attribute, attribute_path, "attribute")
        if term_id and attribute_id and term_id not in seen_terms:
            seen_terms.add(term_id)
            plan.add(
                ServiceAttribute(
                    id=attribute_id,
                    service_id=service_id,
                    taxonomy_term_id=term_id,
                    link_type=reader.text(attribute, "link_type", attribute_path, limit=50),
                    value=reader.text(attribute, "value", attribute_path),
                )
            )
    plan.add(service)
    return service


# Children of a service, replaced whole on import: (model, the field naming the service).
_SERVICE_CHILDREN: list[tuple[type[Model], str]] = [
    (Phone, "service_id__in"),
    (Phone, "contact__service_id__in"),
    (Schedule, "service_id__in"),
    (Schedule, "service_at_location__service_id__in"),
    (ServiceArea, "service_id__in"),
    (ServiceAtLocation, "service_id__in"),
    (Language, "service_id__in"),
    (Funding, "service_id__in"),
    (CostOption, "service_id__in"),
    (ServiceContact, "service_id__in"),
    (ServiceAttribute, "service_id__in"),
]
# Written in this order, so that every foreign key points at a row already there.
_WRITE_ORDER: list[type[Model]] = [
    Taxonomy,
    TaxonomyTerm,
    Organization,
    Location,
    Address,
    Accessibility,
    LocationAttribute,
    Service,
    ServiceContact,
    Phone,
    ServiceAtLocation,
    Schedule,
    ServiceArea,
    Language,
    Funding,
    CostOption,
    ServiceAttribute,
]


def _upsert(model: type[Model], rows: list[Model], batch: int = 500) -> None:
    if not rows:
        return
    fields = [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in ("source",)
    ]
    # Self-references (a term's parent, an organization's parent) may point forward in the
    # same batch: write the rows without them first, then set them.
    self_refs = [
        f.attname for f in model._meta.concrete_fields if f.is_relation and f.related_model is model
    ]
    pending = {}
    for row in rows:
        for attname in self_refs:
            if getattr(row, attname) is not None:
                pending.setdefault(row.pk, {})[attname] = getattr(row, attname)
                setattr(row, attname, None)
    model.objects.bulk_create(
        rows,
        batch_size=batch,
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=fields,
    )
    for pk, values in pending.items():
        model.objects.filter(pk=pk).update(**values)


def import_document(
    document: Any,
    *,
    source: str = RecordSource.IMPORTED,
    lookup: PostcodeLookup | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Load an ORUK document into the directory, in one transaction. Objects are matched by
    id: a service already here is replaced by the document's version (its schedules, contacts
    and other parts with it); everything else is added. Nothing is written unless the whole
    document is valid; `OrukImportError` lists what is wrong.

    Called by `actions.import_directory` (which checks who may) and by the seed and demo
    loaders. It writes in bulk rather than through one action per service, so that a
    directory of 10,000 services loads in seconds."""
    lookup = lookup or get_lookup()
    reader = _Reader()
    plan = _Plan()
    result = ImportResult()
    taxonomies, organizations, services = services_in(document)
    for index, taxonomy in enumerate(taxonomies):
        path = f"taxonomies[{index}]"
        data = reader.obj(taxonomy, path)
        taxonomy_id = reader.id(data, path, "taxonomy")
        if taxonomy_id is None:
            continue
        plan.rows.setdefault(Taxonomy, {})[taxonomy_id] = Taxonomy(
            id=taxonomy_id,
            name=reader.text(data, "name", path, limit=255, required=True),
            description=reader.text(data, "description", path),
            uri=reader.text(data, "uri", path, limit=500),
            version=reader.text(data, "version", path, limit=50),
        )
        for term_path, term in reader.items(data, "taxonomy_terms", path):
            term = {**term, "taxonomy_id": term.get("taxonomy_id") or str(taxonomy_id)}
            _plan_term(reader, plan, term, term_path)
    for index, organization in enumerate(organizations):
        path = f"organizations[{index}]"
        _plan_organization(reader, plan, reader.obj(organization, path), path, source)
    planned: list[Service] = []
    for index, raw in enumerate(services):
        path = f"services[{index}]"
        service = _plan_service(reader, plan, reader.obj(raw, path), path, source, lookup, result)
        if service is not None:
            planned.append(service)
    if reader.problems:
        raise OrukImportError(reader.problems)
    _check_references(plan)
    _set_search_text(plan, planned)
    with transaction.atomic():
        service_ids = [s.id for s in planned]
        for start in range(0, len(service_ids), 500):
            batch = service_ids[start : start + 500]
            for model, lookup_name in _SERVICE_CHILDREN:
                model.objects.filter(**{lookup_name: batch}).delete()
        location_ids = list(plan.rows.get(Location, {}))
        for model in (Address, Accessibility, LocationAttribute):
            for start in range(0, len(location_ids), 500):
                model.objects.filter(location_id__in=location_ids[start : start + 500]).delete()
        implied = [t for pk, t in plan.implied.items() if pk not in plan.rows.get(Taxonomy, {})]
        Taxonomy.objects.bulk_create(implied, ignore_conflicts=True)
        for model in _WRITE_ORDER:
            rows = plan.get(model)
            if model is Service:
                for start in range(0, len(rows), 500):
                    _upsert(model, rows[start : start + 500])
                    if on_progress:
                        on_progress(len(rows[start : start + 500]))
            else:
                _upsert(model, rows)
        # The search entries of every service imported, and of any other service held at a
        # place whose postcode the document may have changed.
        from continuum.directory.search import refresh_search_entries

        at_places = ServiceAtLocation.objects.filter(
            location_id__in=list(plan.rows.get(Location, {}))
        ).values_list("service_id", flat=True)
        refresh_search_entries([*service_ids, *at_places])
    result.services = len(planned)
    result.organizations = len(plan.get(Organization))
    result.locations = len(plan.get(Location))
    result.taxonomy_terms = len(plan.get(TaxonomyTerm))
    return result


def _check_references(plan: _Plan) -> None:
    """Every organization and term a service names must be in the file or already here."""
    problems = []
    organizations = set(plan.rows.get(Organization, {}))
    wanted = {s.organization_id for s in plan.get(Service)} - organizations
    if wanted:
        found = set(Organization.objects.filter(id__in=wanted).values_list("id", flat=True))
        problems += [f"organization {o} is named but not given" for o in wanted - found]
    terms = set(plan.rows.get(TaxonomyTerm, {}))
    wanted_terms = {
        a.taxonomy_term_id for a in plan.get(ServiceAttribute) + plan.get(LocationAttribute)
    } | {t.parent_id for t in plan.get(TaxonomyTerm) if t.parent_id}
    wanted_terms -= terms
    if wanted_terms:
        found = set(TaxonomyTerm.objects.filter(id__in=wanted_terms).values_list("id", flat=True))
        problems += [f"taxonomy term {t} is named but not given" for t in wanted_terms - found]
    parents = {o.parent_organization_id for o in plan.get(Organization)} - {None} - organizations
    if parents:
        found = set(Organization.objects.filter(id__in=parents).values_list("id", flat=True))
        problems += [f"parent organization {o} is named but not given" for o in parents - found]
    if problems:
        raise OrukImportError(problems)


def _set_search_text(plan: _Plan, services: list[Service]) -> None:
    organizations = plan.rows.get(Organization, {})
    missing = {s.organization_id for s in services} - set(organizations)
    names = {o.id: o.name for o in organizations.values()}
    names.update(Organization.objects.filter(id__in=missing).values_list("id", "name"))
    terms = plan.rows.get(TaxonomyTerm, {})
    by_service: dict[uuid.UUID, list[str]] = {}
    for attribute in plan.get(ServiceAttribute):
        term = terms.get(attribute.taxonomy_term_id)
        if term is not None:
            by_service.setdefault(attribute.service_id, []).append(term.name)
    for service in services:
        service.search_text = rules.build_search_text(
            service.name,
            service.alternate_name,
            service.description,
            names.get(service.organization_id, ""),
            *by_service.get(service.id, []),
        )
