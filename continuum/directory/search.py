"""Finding services: by postcode (distance), activity type, a child's age, day and time, and
free text. The pages and the ORUK API both ask here, so they always agree.

`search_service_at_locations` (the search pages and ORUK's `/service_at_locations`) asks
the in-memory search index (`search_index`), built from the search entries and word index
that `refresh_search_entries` derives from the ORUK records: which places match, how many,
and the page of them nearest the family's postcode centroid (OSGB36 metres, straight-line
distance). Only the page's own records are then read from the database.

`search_services` (ORUK's `/services`, in name order) is a queryset, since callers page and
serialise services rather than places.
"""

import datetime as dt
import math
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.core.cache import cache
from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)

from continuum.core import clock
from continuum.directory import rules, search_index
from continuum.directory.models import (
    Schedule,
    SearchEntry,
    SearchWord,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceStatus,
    TaxonomyTerm,
)
from continuum.directory.postcodes import Centroid, locate
from continuum.directory.search_index import service_key

T = TypeVar("T")
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_PAGE = 10_000


@dataclass(frozen=True)
class SearchQuery:
    """What someone is looking for. Every part is optional; ages are in years, `day` is a
    weekday number (Monday 0) and `open_at` a time the service must be open at."""

    text: str = ""
    postcode: str = ""
    proximity_m: int | None = None
    taxonomy_term_ids: tuple[uuid.UUID, ...] = ()
    taxonomy_id: uuid.UUID | None = None
    age: float | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    day: int | None = None
    open_at: dt.time | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    on: dt.date | None = None

    @property
    def asks_about_schedule(self) -> bool:
        return any(v is not None for v in (self.day, self.open_at, self.start_time, self.end_time))


@dataclass
class Page(Generic[T]):
    """One page of results, with what ORUK's paged responses report about it."""

    items: list[T]
    total: int
    page: int
    per_page: int
    origin: Centroid | None = None

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def first_page(self) -> bool:
        return self.page == 1

    @property
    def last_page(self) -> bool:
        return self.page >= self.total_pages

    @property
    def empty(self) -> bool:
        return not self.items


@dataclass
class Hit:
    """A service at one place, and how far it is from the family's postcode."""

    service_at_location: ServiceAtLocation
    distance_m: float | None = None
    timetable: list[tuple[str, list[rules.TimetableEntry]]] = field(default_factory=list)

    @property
    def service(self) -> Service:
        return self.service_at_location.service

    @property
    def distance(self) -> str:
        return rules.describe_distance(self.distance_m) if self.distance_m is not None else ""


def _schedule_filter(query: SearchQuery) -> Q:
    on = query.on or clock.today()
    condition = (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    if query.open_at is not None:
        at = query.open_at
        overnight = Q(opens_at__isnull=False, closes_at__isnull=False, closes_at__lte=F("opens_at"))
        same_day = (Q(opens_at__isnull=True) | Q(opens_at__lte=at)) & (
            Q(closes_at__isnull=True) | Q(closes_at__gt=at)
        )
        condition &= (~overnight & same_day) | (
            overnight & (Q(opens_at__lte=at) | Q(closes_at__gt=at))
        )
    if query.start_time is not None:
        condition &= Q(opens_at__gte=query.start_time)
    if query.end_time is not None:
        condition &= Q(closes_at__lte=query.end_time)
    return condition


def _schedules(query: SearchQuery) -> QuerySet[Schedule]:
    schedules = Schedule.objects.filter(_schedule_filter(query))
    if query.day is not None:
        schedules = schedules.alias(on_day=F("day_mask").bitand(1 << query.day)).filter(
            on_day__gt=0
        )
    return schedules


def _service_conditions(query: SearchQuery, prefix: str = "") -> Q:
    """Conditions on the service itself (status, text, ages), for Service (prefix "") or
    ServiceAtLocation (prefix "service__")."""
    condition = Q(**{f"{prefix}status": ServiceStatus.ACTIVE})
    for word in rules.search_words(query.text):
        condition &= Q(**{f"{prefix}id__in": _services_with_word(word)})
    if query.age is not None:
        condition &= Q(**{f"{prefix}minimum_age__isnull": True}) | Q(
            **{f"{prefix}minimum_age__lte": query.age}
        )
        condition &= Q(**{f"{prefix}maximum_age__isnull": True}) | Q(
            **{f"{prefix}maximum_age__gte": query.age}
        )
    if query.minimum_age is not None:
        condition &= Q(**{f"{prefix}minimum_age__gte": query.minimum_age})
    if query.maximum_age is not None:
        condition &= Q(**{f"{prefix}maximum_age__lte": query.maximum_age})
    return condition


def _services_with_word(word: str) -> QuerySet[SearchWord]:
    """Ids of services with a word starting with `word`: a range on the word index."""
    return SearchWord.objects.filter(word__gte=word, word__lt=rules.prefix_bound(word)).values(
        "service_id"
    )


def _with_terms(queryset: QuerySet, query: SearchQuery, service_ref: str) -> QuerySet:
    if query.taxonomy_term_ids:
        queryset = queryset.filter(
            Exists(
                ServiceAttribute.objects.filter(
                    service_id=OuterRef(service_ref), taxonomy_term_id__in=query.taxonomy_term_ids
                )
            )
        )
    if query.taxonomy_id is not None:
        queryset = queryset.filter(
            Exists(
                ServiceAttribute.objects.filter(
                    service_id=OuterRef(service_ref),
                    taxonomy_term__taxonomy_id=query.taxonomy_id,
                )
            )
        )
    return queryset


def services_matching(query: SearchQuery) -> QuerySet[Service]:
    """Active services that match everything asked except place."""
    services = Service.objects.filter(_service_conditions(query))
    services = _with_terms(services, query, "pk")
    if query.asks_about_schedule:
        services = services.filter(
            Exists(
                _schedules(query).filter(
                    Q(service_id=OuterRef("pk")) | Q(service_at_location__service_id=OuterRef("pk"))
                )
            )
        )
    return services


def _page_numbers(page: int, per_page: int) -> tuple[int, int]:
    page = min(max(1, page), MAX_PAGE)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    return page, per_page


def search_services(
    query: SearchQuery, *, page: int = 1, per_page: int = DEFAULT_PER_PAGE
) -> Page[Service]:
    """Services in name order (ORUK's `/services`). A postcode with a proximity keeps only
    services delivered within that distance of it."""
    page, per_page = _page_numbers(page, per_page)
    services = services_matching(query)
    origin = None
    if query.postcode:
        origin = locate(query.postcode)
        radius = query.proximity_m or rules.DEFAULT_RADIUS_M
        min_e, max_e, min_n, max_n = rules.bounding_box(origin.point, radius)
        near = _with_distance(
            SearchEntry.objects.filter(
                service_id=OuterRef("pk"),
                easting__range=(min_e, max_e),
                northing__range=(min_n, max_n),
            ),
            origin,
            prefix="",
        ).filter(distance_sq__lte=radius * radius)
        services = services.filter(Exists(near))
    services = services.order_by("name", "id")
    total = services.count()
    start = (page - 1) * per_page
    items = list(services.select_related("organization")[start : start + per_page])
    return Page(items, total, page, per_page, origin)


def _with_distance(queryset: QuerySet, origin: Centroid, prefix: str = "location__") -> QuerySet:
    east = F(f"{prefix}easting") - Value(float(origin.easting))
    north = F(f"{prefix}northing") - Value(float(origin.northing))
    return queryset.alias(
        distance_sq=ExpressionWrapper(east * east + north * north, output_field=FloatField())
    )


def _criteria(query: SearchQuery) -> search_index.Criteria:
    return search_index.Criteria(
        age=query.age,
        minimum_age=query.minimum_age,
        maximum_age=query.maximum_age,
        words=tuple(rules.search_words(query.text)),
        taxonomy_term_ids=query.taxonomy_term_ids,
        taxonomy_id=query.taxonomy_id,
        sessions=query.asks_about_schedule,
        on=query.on,
        day=query.day,
        open_at=query.open_at,
        start_time=query.start_time,
        end_time=query.end_time,
    )


def search_service_at_locations(
    query: SearchQuery,
    *,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
) -> Page[Hit]:
    """Services at their places, nearest first when a postcode is given (ORUK's
    `/service_at_locations`), within the query's proximity if it has one; otherwise in
    service name order. Asks the in-memory search index which places and in what order,
    then loads the page's records."""
    page, per_page = _page_numbers(page, per_page)
    origin = locate(query.postcode) if query.postcode else None
    start = (page - 1) * per_page
    index = search_index.snapshot()
    mask = index.matching(_criteria(query))
    if origin is not None:
        total, rows = index.nearest(
            mask, (int(origin.easting), int(origin.northing)), query.proximity_m, start, per_page
        )
    else:
        total, rows = index.by_name(mask, start, per_page)
    distances = {pk: math.sqrt(d2) for pk, d2 in rows if d2 is not None}
    ids = [pk for pk, _ in rows]
    loaded = {
        sal.pk: sal
        for sal in ServiceAtLocation.objects.filter(id__in=ids)
        .order_by()
        .select_related("service__organization", "location")
    }
    hits = [Hit(loaded[pk], distances.get(pk)) for pk in ids if pk in loaded]
    return Page(hits, total, page, per_page, origin)


def refresh_search_entries(service_ids: Iterable[uuid.UUID] | None = None) -> int:
    """Rebuild the search entries and word index of these services (all services when None)
    from their ORUK records. Call after anything that adds, removes or changes a service,
    its schedules, where it is held, or a place's postcode. Returns how many entries were
    written."""
    ids = None if service_ids is None else list(dict.fromkeys(service_ids))
    cache.delete(ACTIVITY_TERMS_CACHE_KEY)
    batches = [None] if ids is None else [ids[i : i + 500] for i in range(0, len(ids), 500)]
    written = 0
    today = clock.today().isoformat()
    for batch in batches:
        sals = ServiceAtLocation.objects.all()
        services = Service.objects.all()
        places = sals if batch is None else sals.filter(service_id__in=batch)
        cache.delete_many(
            [
                f"directory:timetable:{loc}:{today}"
                for loc in places.values_list("location_id", flat=True).distinct()
            ]
        )
        if batch is not None:
            sals = sals.filter(service_id__in=batch)
            services = services.filter(id__in=batch)
            SearchEntry.objects.filter(service_id__in=batch).delete()
            SearchWord.objects.filter(service_id__in=batch).delete()
        else:
            SearchEntry.objects.all().delete()
            SearchWord.objects.all().delete()
        sessions: dict[uuid.UUID, list[Schedule]] = {}
        service_sessions: dict[uuid.UUID, list[Schedule]] = {}
        schedules = Schedule.objects.all()
        if batch is not None:
            schedules = schedules.filter(
                Q(service_id__in=batch) | Q(service_at_location__service_id__in=batch)
            )
        for schedule in schedules.only(
            "service_id",
            "service_at_location_id",
            "day_mask",
            "opens_at",
            "closes_at",
            "valid_from",
            "valid_to",
        ):
            if schedule.service_at_location_id:
                sessions.setdefault(schedule.service_at_location_id, []).append(schedule)
            else:
                service_sessions.setdefault(schedule.service_id, []).append(schedule)
        rows = []
        for pk, service_id, status, east, north, low, high in sals.values_list(
            "pk",
            "service_id",
            "service__status",
            "location__easting",
            "location__northing",
            "service__minimum_age",
            "service__maximum_age",
        ):
            own = sessions.get(pk, []) + service_sessions.get(service_id, [])
            for index, schedule in enumerate(own or [None]):
                rows.append(
                    SearchEntry(
                        service_at_location_id=pk,
                        service_id=service_id,
                        service_key=service_key(service_id),
                        is_first=index == 0,
                        is_active=status == ServiceStatus.ACTIVE,
                        easting=east,
                        northing=north,
                        minimum_age=low,
                        maximum_age=high,
                        day_mask=schedule.day_mask if schedule else 0,
                        opens_at=schedule.opens_at if schedule else None,
                        closes_at=schedule.closes_at if schedule else None,
                        valid_from=schedule.valid_from if schedule else None,
                        valid_to=schedule.valid_to if schedule else None,
                    )
                )
        written += len(SearchEntry.objects.bulk_create(rows, batch_size=1000))
        SearchWord.objects.bulk_create(
            (
                SearchWord(service_id=service_id, service_key=service_key(service_id), word=word)
                for service_id, text in services.values_list("id", "search_text")
                for word in rules.index_words(text)
            ),
            batch_size=2000,
        )
    search_index.changed()
    return written


def add_details(hits: Iterable[Hit], *, on: dt.date | None = None) -> None:
    """What the results pages show beside each hit, in a fixed number of queries: the
    service's own schedules described, its activity types, and each family hub's weekly
    timetable."""
    hits = list(hits)
    on = on or clock.today()
    sal_ids = [h.service_at_location.pk for h in hits]
    service_ids = {h.service.pk for h in hits}
    own: dict[uuid.UUID, list[str]] = {}
    for row in _schedule_rows(
        Schedule.objects.filter(
            Q(service_at_location_id__in=sal_ids) | Q(service_id__in=service_ids)
        )
    ):
        owner, facts, description = row[0] or row[1], row[2], row[3]
        if rules.schedule_matches(facts, on=on):
            text = rules.describe_schedule(facts) or description
            if text:
                own.setdefault(owner, []).append(text)
    terms: dict[uuid.UUID, list[str]] = {}
    for service_id, name in (
        ServiceAttribute.objects.filter(service_id__in=service_ids)
        .order_by()
        .values_list("service_id", "taxonomy_term__name")
    ):
        terms.setdefault(service_id, []).append(name)
    hub_ids = {
        h.service_at_location.location_id
        for h in hits
        if h.service_at_location.location.is_family_hub
    }
    tables = timetables(hub_ids, on=on)
    for hit in hits:
        sal = hit.service_at_location
        sal.when = own.get(sal.pk) or own.get(sal.service_id) or []  # type: ignore[attr-defined]
        sal.service.activity_names = sorted(terms.get(sal.service_id, []))  # type: ignore[attr-defined]
        hit.timetable = tables.get(sal.location_id, [])


_SCHEDULE_FIELDS = (
    "service_at_location_id",
    "service_id",
    "byday",
    "opens_at",
    "closes_at",
    "valid_from",
    "valid_to",
    "freq",
    "description",
)


def _schedule_rows(
    schedules: QuerySet[Schedule],
) -> Iterator[tuple[uuid.UUID | None, uuid.UUID | None, rules.ScheduleFacts, str]]:
    """(service at location id, service id, facts, description) for each schedule: plain
    values, which are several times cheaper to read than model instances."""
    for sal_id, service_id, byday, opens, closes, start, end, freq, text in schedules.values_list(
        *_SCHEDULE_FIELDS
    ):
        facts = rules.ScheduleFacts(byday, opens, closes, start, end, freq or "WEEKLY")
        yield sal_id, service_id, facts, text


def facts_of(schedule: Schedule) -> rules.ScheduleFacts:
    return rules.ScheduleFacts(
        byday=schedule.byday,
        opens_at=schedule.opens_at,
        closes_at=schedule.closes_at,
        valid_from=schedule.valid_from,
        valid_to=schedule.valid_to,
        freq=schedule.freq or "WEEKLY",
    )


TIMETABLE_CACHE_SECONDS = 300


def timetables(
    location_ids: Iterable[uuid.UUID], *, on: dt.date | None = None
) -> dict[uuid.UUID, list[tuple[str, list[rules.TimetableEntry]]]]:
    """Each location's weekly timetable: the schedules of the active services held there
    (a schedule on the service at that place, or on the service itself), Monday to Sunday.
    A family hub's week is shown beside each of its results on every search near it, so
    each is cached for five minutes (and forgotten in this process when the search entries
    are rebuilt)."""
    on = on or clock.today()
    wanted = list(location_ids)
    keys = {loc: f"directory:timetable:{loc}:{on.isoformat()}" for loc in wanted}
    found = {loc: table for loc in wanted if (table := cache.get(keys[loc])) is not None}
    ids = [loc for loc in wanted if loc not in found]
    if not ids:
        return found
    sessions: dict[uuid.UUID, list[tuple[rules.ScheduleFacts, str, str]]] = {}
    sals = ServiceAtLocation.objects.filter(
        location_id__in=ids, service__status=ServiceStatus.ACTIVE
    ).values_list("id", "location_id", "service_id", "service__name")
    by_sal = {sal_id: (loc, svc, name) for sal_id, loc, svc, name in sals}
    by_service: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {}
    for loc, svc, name in by_sal.values():
        by_service.setdefault(svc, []).append((loc, name))
    with_own = set()
    for sal_id, _, facts, _ in _schedule_rows(
        Schedule.objects.filter(service_at_location_id__in=list(by_sal))
    ):
        loc, svc, name = by_sal[sal_id]
        with_own.add((loc, svc))
        sessions.setdefault(loc, []).append((facts, name, str(svc)))
    for _, service_id, facts, _ in _schedule_rows(
        Schedule.objects.filter(service_id__in=list(by_service))
    ):
        for loc, name in by_service[service_id]:
            if (loc, service_id) not in with_own:
                sessions.setdefault(loc, []).append((facts, name, str(service_id)))
    for loc in ids:
        found[loc] = rules.weekly_timetable(sessions.get(loc, []), on=on)
        cache.set(keys[loc], found[loc], TIMETABLE_CACHE_SECONDS)
    return {loc: table for loc, table in found.items() if table}


ACTIVITY_TERMS_CACHE_KEY = "directory:activity-terms"


def activity_terms() -> list[TaxonomyTerm]:
    """The activity types worth offering in a search form: terms some active service has.
    Every search page shows them, so they are cached for five minutes (and forgotten in this
    process whenever the search entries are rebuilt)."""
    terms = cache.get(ACTIVITY_TERMS_CACHE_KEY)
    if terms is None:
        used = ServiceAttribute.objects.filter(service__status=ServiceStatus.ACTIVE).values(
            "taxonomy_term_id"
        )
        terms = list(TaxonomyTerm.objects.filter(id__in=used).order_by("name"))
        cache.set(ACTIVITY_TERMS_CACHE_KEY, terms, 300)
    return terms
