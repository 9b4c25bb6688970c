"""The Open Referral UK read API, at /api/v1/directory/. Public: the directory holds services,
not people, so no token is needed (`auth=None`).

Endpoints and query parameters follow the ORUK profile's API: `services` (search, taxonomy,
ages, day and times, paging), `services/{id}` (fully nested), `service_at_locations` (with
`postcode` and `proximity` in metres, nearest first), `taxonomies` and `taxonomy_terms`.
Paged answers carry ORUK's `total_items`, `total_pages`, `page_number`, `size`,
`first_page`, `last_page`, `empty` and `contents`. We also accept the names ORUK's first
version used and the issue asks for: `text` for `search`, `age` (a child's age: the services
they are eligible for) and `time` (open at that time).

Every parameter is read as text and checked here, so a malformed value gets a 400 problem
document naming the parameter, in plain English, and never a 500.
"""

import datetime as dt
import math
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from continuum.core.problems import problem
from continuum.directory import oruk, rules
from continuum.directory.models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from continuum.directory.postcodes import PostcodeError
from continuum.directory.search import (
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    Page,
    SearchQuery,
    search_service_at_locations,
    search_services,
)

router = Router(tags=["Services directory (Open Referral UK)"], auth=None)


class ServiceFilters(Schema):
    search: str | None = None
    text: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    age: str | None = None
    minimum_age: str | None = None
    maximum_age: str | None = None
    day: str | None = None
    time: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    postcode: str | None = None
    proximity: str | None = None
    page: str | None = None
    per_page: str | None = None


@dataclass
class Problems:
    errors: list[dict[str, str]] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.errors.append({"field": name, "message": message})


def _age(value: str | None, name: str, problems: Problems) -> float | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or not 0 <= number <= rules.MAX_AGE:
        problems.add(name, f"{name} must be an age in years from 0 to {rules.MAX_AGE}")
        return None
    return number


def _whole(value: str | None, name: str, default: int, high: int, problems: Problems) -> int:
    text = (value or "").strip()
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text[:7]) <= high:
        problems.add(name, f"{name} must be a whole number from 1 to {high:,}")
        return default
    return int(text)


def _ids(value: str | None, name: str, problems: Problems) -> tuple[uuid.UUID, ...]:
    found = []
    for part in (value or "").split(",")[:50]:
        part = part.strip()
        if not part:
            continue
        try:
            found.append(uuid.UUID(part))
        except ValueError:
            problems.add(name, f"{name} must be an id (a UUID) or a comma-separated list of them")
            return ()
    return tuple(found)


def _time(value: str | None, name: str, problems: Problems) -> dt.time | None:
    try:
        return rules.parse_time(value)
    except ValueError:
        problems.add(name, f"{name} must be a time like 10:00 or 14:30")
        return None


def read_filters(filters: ServiceFilters, problems: Problems) -> SearchQuery:
    """The search the query string asks for; each malformed parameter adds a problem."""
    try:
        day = rules.parse_day(filters.day)
    except ValueError as error:
        problems.add("day", str(error))
        day = None
    try:
        proximity = rules.parse_proximity(filters.proximity)
    except ValueError as error:
        problems.add("proximity", str(error))
        proximity = None
    taxonomy_ids = _ids(filters.taxonomy_id, "taxonomy_id", problems)
    text = (filters.search or filters.text or "").strip()
    if len(text) > 200:
        problems.add("search", "search must be 200 characters or fewer")
        text = ""
    postcode = (filters.postcode or "").strip()
    if proximity and not postcode:
        problems.add("proximity", "proximity needs a postcode to measure from")
    return SearchQuery(
        text=text,
        postcode=postcode[:20],
        proximity_m=proximity,
        taxonomy_term_ids=_ids(filters.taxonomy_term_id, "taxonomy_term_id", problems),
        taxonomy_id=taxonomy_ids[0] if taxonomy_ids else None,
        age=_age(filters.age, "age", problems),
        minimum_age=_age(filters.minimum_age, "minimum_age", problems),
        maximum_age=_age(filters.maximum_age, "maximum_age", problems),
        day=day,
        open_at=_time(filters.time, "time", problems),
        start_time=_time(filters.start_time, "start_time", problems),
        end_time=_time(filters.end_time, "end_time", problems),
    )


def paged(page: Page[Any], contents: list[dict[str, Any]]) -> dict[str, Any]:
    """ORUK's paged response."""
    return {
        "total_items": page.total,
        "total_pages": page.total_pages,
        "page_number": page.page,
        "size": len(contents),
        "first_page": page.first_page,
        "last_page": page.last_page,
        "empty": not contents,
        "contents": contents,
    }


def _invalid(request: HttpRequest, problems: Problems) -> HttpResponse:
    return problem(
        request,
        400,
        "Invalid request",
        "Some query parameters are not valid.",
        problems.errors,
    )


def _postcode_problem(request: HttpRequest, error: PostcodeError) -> HttpResponse:
    return problem(
        request, 400, "Unknown postcode", str(error), [{"field": "postcode", "message": str(error)}]
    )


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value.strip())
    except (ValueError, AttributeError):
        return None


def _not_found(request: HttpRequest, what: str, value: str) -> HttpResponse:
    return problem(request, 404, "Not found", f"There is no {what} with the id {value[:60]}.")


@router.get("/", summary="About this API", auth=None)
def about(request: HttpRequest) -> dict[str, Any]:
    return {
        "version": oruk.HSDS_VERSION,
        "profile": "https://openreferraluk.org",
        "openapi_url": request.build_absolute_uri("/api/v1/openapi.json"),
    }


@router.get("/services", summary="Search services", auth=None)
def list_services(
    request: HttpRequest, filters: Query[ServiceFilters]
) -> dict[str, Any] | HttpResponse:
    """Active services in name order. `search` (or `text`) matches words in the name,
    description, organisation and activity types; `taxonomy_term_id` may list several ids
    (any of them); `age` keeps services a child of that age may use; `day` (SA or Saturday)
    and `time` (14:00) keep services that run then; `postcode` with `proximity` keeps
    services delivered within that many metres."""
    problems = Problems()
    query = read_filters(filters, problems)
    page_number = _whole(filters.page, "page", 1, MAX_PAGE, problems)
    per_page = _whole(filters.per_page, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE, problems)
    if problems.errors:
        return _invalid(request, problems)
    try:
        page = search_services(query, page=page_number, per_page=per_page)
    except PostcodeError as error:
        return _postcode_problem(request, error)
    return paged(page, [oruk.service_summary_json(s) for s in page.items])


@router.get("/services/{service_id}", summary="A service, fully nested", auth=None)
def get_service(request: HttpRequest, service_id: str) -> dict[str, Any] | HttpResponse:
    pk = _uuid_or_none(service_id)
    service = oruk.full_services(Service.objects.filter(pk=pk)).first() if pk else None
    if service is None:
        return _not_found(request, "service", service_id)
    return oruk.service_json(service)


@router.get("/service_at_locations", summary="Services at places, nearest first", auth=None)
def list_service_at_locations(
    request: HttpRequest, filters: Query[ServiceFilters]
) -> dict[str, Any] | HttpResponse:
    """The same filters as `/services`. With a `postcode`, results come nearest first (each
    with its `distance` in metres from the postcode's centroid), within `proximity` metres
    when that is given."""
    problems = Problems()
    query = read_filters(filters, problems)
    page_number = _whole(filters.page, "page", 1, MAX_PAGE, problems)
    per_page = _whole(filters.per_page, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE, problems)
    if problems.errors:
        return _invalid(request, problems)
    try:
        page = search_service_at_locations(query, page=page_number, per_page=per_page)
    except PostcodeError as error:
        return _postcode_problem(request, error)
    contents = []
    for hit in page.items:
        item = oruk.service_at_location_summary_json(hit.service_at_location)
        if hit.distance_m is not None:
            item["distance"] = round(hit.distance_m, 1)
        contents.append(item)
    return paged(page, contents)


@router.get("/service_at_locations/{sal_id}", summary="A service at a place", auth=None)
def get_service_at_location(request: HttpRequest, sal_id: str) -> dict[str, Any] | HttpResponse:
    pk = _uuid_or_none(sal_id)
    sal = ServiceAtLocation.objects.filter(pk=pk).select_related("location").first() if pk else None
    if sal is None:
        return _not_found(request, "service at location", sal_id)
    service = oruk.service_json(oruk.full_services(Service.objects.filter(pk=sal.service_id)).get())
    here = next(s for s in service["service_at_locations"] if s["id"] == str(sal.id))
    return {
        "id": str(sal.id),
        "service_id": str(sal.service_id),
        "location_id": str(sal.location_id),
        "description": sal.description or None,
        "schedules": here["schedules"],
        "location": here["location"],
        "service": service,
    }


def _simple_page(
    request: HttpRequest, queryset: Any, page: str | None, per_page: str | None, render: Any
) -> dict[str, Any] | HttpResponse:
    problems = Problems()
    number = _whole(page, "page", 1, MAX_PAGE, problems)
    size = _whole(per_page, "per_page", 50, MAX_PER_PAGE, problems)
    if problems.errors:
        return _invalid(request, problems)
    total = queryset.count()
    start = (number - 1) * size
    items = [render(item) for item in queryset[start : start + size]]
    return paged(Page(items, total, number, size), items)


@router.get("/taxonomies", summary="Taxonomies", auth=None)
def list_taxonomies(
    request: HttpRequest, page: str | None = None, per_page: str | None = None
) -> dict[str, Any] | HttpResponse:
    return _simple_page(
        request, Taxonomy.objects.order_by("name", "id"), page, per_page, oruk.taxonomy_json
    )


@router.get("/taxonomies/{taxonomy_id}", summary="A taxonomy", auth=None)
def get_taxonomy(request: HttpRequest, taxonomy_id: str) -> dict[str, Any] | HttpResponse:
    pk = _uuid_or_none(taxonomy_id)
    taxonomy = Taxonomy.objects.filter(pk=pk).first() if pk else None
    if taxonomy is None:
        return _not_found(request, "taxonomy", taxonomy_id)
    return oruk.taxonomy_json(taxonomy)


@router.get("/taxonomy_terms", summary="Taxonomy terms (activity types)", auth=None)
def list_taxonomy_terms(
    request: HttpRequest,
    page: str | None = None,
    per_page: str | None = None,
    taxonomy_id: str | None = None,
) -> dict[str, Any] | HttpResponse:
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by("name", "id")
    if taxonomy_id:
        pk = _uuid_or_none(taxonomy_id)
        if pk is None:
            problems = Problems()
            problems.add("taxonomy_id", "taxonomy_id must be an id (a UUID)")
            return _invalid(request, problems)
        terms = terms.filter(taxonomy_id=pk)
    return _simple_page(request, terms, page, per_page, oruk.taxonomy_term_json)


@router.get("/taxonomy_terms/{term_id}", summary="A taxonomy term", auth=None)
def get_taxonomy_term(request: HttpRequest, term_id: str) -> dict[str, Any] | HttpResponse:
    pk = _uuid_or_none(term_id)
    term = TaxonomyTerm.objects.select_related("taxonomy").filter(pk=pk).first() if pk else None
    if term is None:
        return _not_found(request, "taxonomy term", term_id)
    return oruk.taxonomy_term_json(term)
