"""Search: distance order, radius, age, day and time, activity type and free text, with the
database's answer checked against the pure rules on the same table of cases."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from continuum.directory import rules, search_index
from continuum.directory.models import ServiceStatus
from continuum.directory.postcodes import UnknownPostcode
from continuum.directory.search import (
    SearchQuery,
    add_details,
    refresh_search_entries,
    search_service_at_locations,
    search_services,
    services_matching,
)
from continuum.directory.tests.factories import (
    FamilyHubFactory,
    ScheduleFactory,
    TermFactory,
    service_at,
)

pytestmark = pytest.mark.django_db
T = dt.time
ON = dt.date(2026, 11, 23)


def names(page):
    return [hit.service.name for hit in page.items]


@pytest.fixture
def town():
    parenting = TermFactory(name="Parenting support")
    play = TermFactory(name="Stay and play")
    return {
        "near": service_at("FY1 3JQ", name="Near parenting", terms=(parenting,), maximum_age=11),
        "middle": service_at(
            "FY1 5HP", name="Middle parenting", terms=(parenting,), minimum_age=2, maximum_age=12
        ),
        "far": service_at("FY3 7RW", name="Far parenting", terms=(parenting,), maximum_age=8),
        "too_far": service_at("FY2 0HH", name="North parenting", terms=(parenting,)),
        "babies": service_at("FY1 3JQ", name="Baby parenting", terms=(parenting,), maximum_age=1),
        "weekday": service_at("FY1 3JQ", name="Weekday parenting", byday="MO", terms=(parenting,)),
        "play": service_at("FY1 1AP", name="Saturday play", terms=(play,)),
        "terms": (parenting, play),
    }


def test_nearest_first_with_distances(town):
    page = search_service_at_locations(
        SearchQuery(postcode="FY1 3LA", text="parenting", age=4, day=5, on=ON)
    )
    assert names(page) == ["Near parenting", "Middle parenting", "Far parenting", "North parenting"]
    assert [round(h.distance_m) for h in page.items] == [132, 1413, 2144, 3249]
    assert page.origin.postcode == "FY1 3LA"


def test_proximity_keeps_only_what_is_within_reach(town):
    page = search_service_at_locations(
        SearchQuery(postcode="fy13la", proximity_m=2200, text="parenting", age=4, day=5)
    )
    assert names(page) == ["Near parenting", "Middle parenting", "Far parenting"]
    assert page.total == 3
    page = search_service_at_locations(SearchQuery(postcode="FY1 3LA", proximity_m=100))
    assert page.total == 0 and page.empty


def test_each_filter_narrows(town):
    parenting, play = town["terms"]
    by = lambda **kw: set(names(search_service_at_locations(SearchQuery(**kw), per_page=50)))  # noqa: E731
    assert by(taxonomy_term_ids=(play.pk,)) == {"Saturday play"}
    assert by(taxonomy_term_ids=(play.pk, parenting.pk)) == by()
    assert by(age=0) == {
        "Near parenting",
        "Far parenting",
        "North parenting",
        "Baby parenting",
        "Weekday parenting",
        "Saturday play",
    }
    assert by(day=0) == {"Weekday parenting"}
    assert by(day=5, open_at=T(11, 30)) == by(day=5) - {"Weekday parenting"}
    assert by(open_at=T(12)) == set()
    assert by(text="saturday PLAY") == {"Saturday play"}
    # "%" and "_" are not wildcards. (Not "100%_": the factories' organisations are numbered,
    # and after a thousand of them in one test process "100" is a prefix of a real word.)
    assert by(text="qz%_") == set()


def test_inactive_services_are_not_found(town):
    service = town["near"].service
    service.status = ServiceStatus.TEMPORARILY_CLOSED
    service.save()
    refresh_search_entries([service.pk])  # what every action that changes a service does
    assert "Near parenting" not in names(search_service_at_locations(SearchQuery(), per_page=50))


def test_unknown_postcode_is_an_error_not_an_empty_list(town):
    with pytest.raises(UnknownPostcode):
        search_service_at_locations(SearchQuery(postcode="FY9 9ZZ"))


def test_paging(town):
    first = search_service_at_locations(SearchQuery(postcode="FY1 3LA"), page=1, per_page=3)
    second = search_service_at_locations(SearchQuery(postcode="FY1 3LA"), page=2, per_page=3)
    last = search_service_at_locations(SearchQuery(postcode="FY1 3LA"), page=3, per_page=3)
    assert first.total == 7 and first.total_pages == 3 and first.first_page and not first.last_page
    assert len(set(names(first)) | set(names(second)) | set(names(last))) == 7
    assert last.last_page and len(last.items) == 1
    beyond = search_service_at_locations(SearchQuery(), page=99, per_page=3)
    assert beyond.items == [] and beyond.total == 7


def test_services_endpoint_search_is_in_name_order_and_radius_aware(town):
    page = search_services(SearchQuery(postcode="FY1 3LA", proximity_m=1500, text="parenting"))
    assert names_of(page) == [
        "Baby parenting",
        "Middle parenting",
        "Near parenting",
        "Weekday parenting",
    ]


def names_of(page):
    return [s.name for s in page.items]


def test_results_show_hub_timetables_in_a_fixed_number_of_queries(town):
    hub = FamilyHubFactory(at="FY1 3JQ")
    for n, day in enumerate(("MO", "SA", "WE")):
        service_at("FY1 3JQ", name=f"Hub session {n}", byday=day, location=hub)
    page = search_service_at_locations(SearchQuery(postcode="FY1 3LA"), per_page=50)
    with CaptureQueriesContext(connection) as queries:
        add_details(page.items, on=ON)
    assert len(queries) <= 6
    hub_hits = [h for h in page.items if h.service_at_location.location_id == hub.pk]
    assert len(hub_hits) == 3
    assert [day for day, _ in hub_hits[0].timetable] == ["Monday", "Wednesday", "Saturday"]
    assert all(not h.timetable for h in page.items if h not in hub_hits)
    assert {tuple(h.service_at_location.when) for h in hub_hits} == {
        ("Mondays, 10am to midday",),
        ("Saturdays, 10am to midday",),
        ("Wednesdays, 10am to midday",),
    }


SCHEDULES = [
    dict(byday="SA", opens_at=T(10), closes_at=T(12)),
    dict(
        byday="MO,WE",
        opens_at=T(9, 30),
        closes_at=T(11, 30),
        valid_from=dt.date(2026, 9, 1),
        valid_to=dt.date(2026, 12, 18),
    ),
    dict(byday="MO,TU,WE,TH", opens_at=T(17), closes_at=T(9)),
    dict(byday="SA,SU", opens_at=None, closes_at=None),
    dict(byday="TU", opens_at=T(13), closes_at=None),
    dict(byday="", opens_at=T(10), closes_at=T(11)),
    dict(byday="FR", opens_at=None, closes_at=T(12), valid_to=dt.date(2026, 1, 1)),
]
QUESTIONS = [
    (day, at)
    for day in (None, 0, 1, 4, 5, 6)
    for at in (None, T(0), T(8, 59), T(9, 30), T(10), T(11, 59), T(12), T(13), T(17), T(23))
]


@pytest.fixture
def timetabled():
    """One service at FY1 3LA for each schedule in SCHEDULES, with its facts."""
    sals = []
    for number, fields in enumerate(SCHEDULES):
        sal = service_at("FY1 3LA", name=f"Schedule {number}")
        sal.schedules.all().delete()
        ScheduleFactory(service_at_location=sal, day_mask=rules.day_mask(fields["byday"]), **fields)
        sals.append((sal, rules.ScheduleFacts(**fields)))
    refresh_search_entries([sal.service_id for sal, _ in sals])
    return sals


def open_by_the_rules(timetabled, day, at):
    return {
        sal.service.name
        for sal, facts in timetabled
        if rules.schedule_matches(facts, day=day, at=at, on=ON)
    }


def test_the_database_agrees_with_the_rules_on_every_schedule_and_question(timetabled):
    for day, at in QUESTIONS:
        if day is None and at is None:
            continue
        found = set(
            services_matching(SearchQuery(day=day, open_at=at, on=ON)).values_list(
                "name", flat=True
            )
        )
        assert found == open_by_the_rules(timetabled, day, at), (day, at)


def test_pages_are_in_distance_order_then_by_id_with_ties_across_pages(town):
    # Fifteen more at five postcodes: many places tie on distance, so the page boundaries
    # fall inside groups of equal distance and only the id decides.
    for n, postcode in enumerate(("FY1 3JQ", "FY1 1AP", "FY1 4HU", "FY1 1LY", "FY4 1QD") * 3):
        service_at(postcode, name=f"Extra {n}", byday="SU")
    query = SearchQuery(postcode="FY1 3LA", proximity_m=5000)
    everything = search_service_at_locations(query, per_page=50)
    assert everything.total == 22 and len(everything.items) == 22
    expected = sorted(everything.items, key=lambda h: (h.distance_m, h.service_at_location.pk.hex))
    assert [h.service_at_location.pk for h in everything.items] == [
        h.service_at_location.pk for h in expected
    ]
    paged = [
        h.service_at_location.pk
        for p in range(1, 7)
        for h in search_service_at_locations(query, page=p, per_page=4).items
    ]
    assert paged == [h.service_at_location.pk for h in expected]


def test_search_agrees_with_the_rules_on_every_schedule_and_question(timetabled):
    """The in-memory index (what the search pages use) against the pure rules, on the same
    table of schedules and questions as the database's queryset above."""
    for day, at in QUESTIONS:
        if day is None and at is None:
            continue
        for postcode in ("", "FY1 3LA"):
            query = SearchQuery(day=day, open_at=at, on=ON, postcode=postcode)
            found = set(names(search_service_at_locations(query, per_page=50)))
            assert found == open_by_the_rules(timetabled, day, at), (day, at, postcode)


def test_a_change_is_seen_by_the_next_search_and_a_rolled_back_one_never(town):
    before = search_index.snapshot()
    assert search_index.snapshot() is before  # nothing changed: the same copy
    service = town["near"].service
    with pytest.raises(RuntimeError, match="roll back"), transaction.atomic():
        service.status = ServiceStatus.TEMPORARILY_CLOSED
        service.save()
        refresh_search_entries([service.pk])
        assert "Near parenting" not in names(search_service_at_locations(SearchQuery()))
        raise RuntimeError("roll back")
    assert search_index.current_token() == before.token
    assert "Near parenting" in names(search_service_at_locations(SearchQuery(), per_page=50))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("parent", 6),  # a word's beginning finds it: "parenting"
        ("PARENTING near", 1),
        ("saturday play", 1),
        ("play saturday", 1),
        ("arenting", 0),  # not the middle of a word
        ("", 7),
    ],
)
def test_words_are_found_by_their_beginnings(town, text, found):
    assert search_service_at_locations(SearchQuery(text=text), per_page=50).total == found


def test_a_deleted_service_is_not_found_by_the_next_search(town):
    assert "Saturday play" in names(search_service_at_locations(SearchQuery(), per_page=50))
    town["play"].service.attributes.all().delete()
    town["play"].service.delete()
    page = search_service_at_locations(SearchQuery(), per_page=50)
    assert "Saturday play" not in names(page) and page.total == 6
