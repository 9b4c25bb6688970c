"""The ORUK read API: public, paged in ORUK's shape, filters that work, and problems (never a
500) for anything malformed."""

import pytest

pytestmark = pytest.mark.django_db
BASE = "/api/v1/directory"
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


@pytest.fixture
def api(web, seed_directory):
    return web


def names(body):
    return [item.get("name") or item["service"]["name"] for item in body["contents"]]


def test_no_token_is_needed(api):
    response = api.get(f"{BASE}/services")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == PAGE_KEYS
    assert body["total_items"] == 26 and body["page_number"] == 1 and body["first_page"]
    assert body["size"] == len(body["contents"]) == 20 and not body["last_page"]
    assert api.get(f"{BASE}/").json()["version"] == "3.0"


def test_saturday_parenting_for_a_four_year_old_near_fy1_3la(api):
    body = api.get(
        f"{BASE}/service_at_locations",
        {"postcode": "FY1 3LA", "search": "parenting", "age": "4", "day": "SA"},
    ).json()
    assert names(body) == [
        "Saturday Family Parenting Group",
        "Triple P Parenting: Saturday Course",
        "Dads and Carers Saturday Club",
    ]
    assert [round(c["distance"]) for c in body["contents"]] == [132, 1413, 2144]
    first = body["contents"][0]
    assert {"id", "service_id", "location_id", "location", "service"} <= set(first)
    assert first["location"]["name"] == "Talbot and Brunswick Family Hub"


def test_proximity_limits_and_text_alias(api):
    body = api.get(
        f"{BASE}/service_at_locations",
        {"postcode": "fy13la", "proximity": "1000", "text": "parenting", "day": "saturday"},
    ).json()
    assert set(names(body)) == {"Saturday Family Parenting Group", "Baby and Me"}


def test_service_filters(api):
    term = api.get(f"{BASE}/taxonomy_terms", {"per_page": "100"}).json()
    leaving = next(t for t in term["contents"] if t["name"] == "Leaving care")
    body = api.get(f"{BASE}/services", {"taxonomy_term_id": leaving["id"]}).json()
    assert names(body) == ["Leaving Care Service"]
    assert names(api.get(f"{BASE}/services", {"age": "24", "search": "leaving"}).json()) == [
        "Leaving Care Service"
    ]
    late = api.get(f"{BASE}/services", {"day": "MO", "time": "22:00"}).json()
    assert names(late) == ["Emergency Duty Team"]
    early = api.get(
        f"{BASE}/services", {"day": "SA", "start_time": "09:30", "end_time": "11:30"}
    ).json()
    assert set(names(early)) == {"Baby and Me", "Triple P Parenting: Saturday Course"}


def test_a_service_fully_nested_and_a_service_at_location(api):
    listing = api.get(f"{BASE}/services", {"search": "for baby's sake"}).json()
    service_id = listing["contents"][0]["id"]
    service = api.get(f"{BASE}/services/{service_id}").json()
    assert service["name"] == "For Baby's Sake"
    assert (
        service["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "FY1 4HU"
    )
    assert service["schedules"][0]["byday"]
    sal_id = service["service_at_locations"][0]["id"]
    sal = api.get(f"{BASE}/service_at_locations/{sal_id}").json()
    assert sal["service"]["id"] == service_id and sal["location"]["name"] == "Better Start Centre"


def test_taxonomies(api):
    body = api.get(f"{BASE}/taxonomies").json()
    assert {t["name"] for t in body["contents"]} == {
        "FYI activity types",
        "Continuum location types",
    }
    one = body["contents"][0]
    assert api.get(f"{BASE}/taxonomies/{one['id']}").json()["name"] == one["name"]
    terms = api.get(f"{BASE}/taxonomy_terms", {"taxonomy_id": one["id"]}).json()
    assert terms["total_items"] >= 1
    term = terms["contents"][0]
    assert api.get(f"{BASE}/taxonomy_terms/{term['id']}").json()["id"] == term["id"]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("services", {"age": "four"}, "age"),
        ("services", {"age": "-1"}, "age"),
        ("services", {"age": "nan"}, "age"),
        ("services", {"minimum_age": "1e400"}, "minimum_age"),
        ("services", {"day": "Funday"}, "day"),
        ("services", {"time": "25:00"}, "time"),
        ("services", {"start_time": "x"}, "start_time"),
        ("services", {"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id"),
        ("services", {"taxonomy_id": "1;drop"}, "taxonomy_id"),
        ("services", {"page": "0"}, "page"),
        ("services", {"page": "-3"}, "page"),
        ("services", {"per_page": "1000000"}, "per_page"),
        ("services", {"search": "x" * 500}, "search"),
        ("service_at_locations", {"proximity": "far"}, "proximity"),
        ("service_at_locations", {"proximity": "500"}, "proximity"),
        ("service_at_locations", {"postcode": "FY1 3LA", "proximity": "-5"}, "proximity"),
        ("service_at_locations", {"postcode": "not a postcode"}, "postcode"),
        ("service_at_locations", {"postcode": "FY9 9ZZ"}, "postcode"),
        ("services", {"postcode": "FY9 9ZZ", "proximity": "1000"}, "postcode"),
        ("taxonomy_terms", {"taxonomy_id": "x"}, "taxonomy_id"),
        ("taxonomies", {"per_page": "abc"}, "per_page"),
    ],
)
def test_malformed_parameters_are_400_problems_naming_the_parameter(api, path, params, field):
    response = api.get(f"{BASE}/{path}", params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert field in {e["field"] for e in body.get("errors", [])}


def test_unknown_postcode_message_is_plain_english(api):
    body = api.get(f"{BASE}/service_at_locations", {"postcode": "FY9 9ZZ"}).json()
    assert body["title"] == "Unknown postcode"
    assert body["detail"].startswith("We cannot find the postcode FY9 9ZZ")


@pytest.mark.parametrize(
    "path",
    [
        "services/6f1c2d3e-0000-4000-8000-000000000001",
        "services/not-a-uuid",
        "services/%00",
        "service_at_locations/6f1c2d3e-0000-4000-8000-000000000002",
        "taxonomies/1",
        "taxonomy_terms/zzz",
    ],
)
def test_unknown_ids_are_404_problems(api, path):
    response = api.get(f"{BASE}/{path}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


HOSTILE = [
    "postcode=%00",
    "postcode=' OR 1=1 --",
    "search=%25%25%25_",
    "search=\u202e\u0000",
    "day[]=SA",
    "age=4&age=5",
    "page=99999999999999999999",
    "per_page=1e3",
    "time=10:00:00:00",
    "taxonomy_term_id=,,,,",
    "proximity=Infinity&postcode=FY1%203LA",
    "postcode=%F0%9F%92%A9",
    "day=%E2%80%8BSA",
    "search=" + "a%20" * 300,
]


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.parametrize(
    "path", ["services", "service_at_locations", "taxonomies", "taxonomy_terms"]
)
def test_no_query_string_gives_a_500(web, path, query):
    response = web.get(f"{BASE}/{path}?{query}")
    assert response.status_code in (200, 400), (response.status_code, response.content[:300])
