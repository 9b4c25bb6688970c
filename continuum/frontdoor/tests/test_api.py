"""The Requests for Support API: bearer tokens, idempotency, problem documents, read-back."""

import copy
import datetime as dt
import json

import pytest
from django.test import Client

from continuum.core import clock
from continuum.frontdoor.api import EXAMPLE
from continuum.frontdoor.models import Contact
from continuum.organisation.tests.factories import PartnerAgencyFactory
from continuum.organisation.tokens import issue_token

pytestmark = pytest.mark.django_db
URL = "/api/v1/requests-for-support"


@pytest.fixture
def agency():
    return PartnerAgencyFactory(slug="demo-primary-school", name="Demo Primary School")


@pytest.fixture
def api(agency):
    token = issue_token(agency)
    return Client(headers={"Authorization": f"Bearer {token}"})


def post(client, body, **headers):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", headers=headers)


def test_the_openapi_example_is_accepted_as_it_stands(api):
    schema = api.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    example = operation["requestBody"]["content"]["application/json"]["example"]
    response = post(api, example)
    assert response.status_code == 201, response.content
    assert response.json()["reference"].startswith("RFS-")
    assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"])
    assert "bearer" in json.dumps(schema["components"]["securitySchemes"]).lower()


def test_every_request_body_in_the_schema_has_an_example(api):
    schema = api.get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if "requestBody" in operation:
                content = operation["requestBody"]["content"]["application/json"]
                assert "example" in content, f"{method.upper()} {path} has no example"


def test_one_idempotency_key_makes_one_request(api):
    first = post(api, EXAMPLE, **{"Idempotency-Key": "abc-123"})
    second = post(api, EXAMPLE, **{"Idempotency-Key": "abc-123"})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Contact.objects.count() == 1
    changed = copy.deepcopy(EXAMPLE)
    changed["worries"] = "Something else"
    reused = post(api, changed, **{"Idempotency-Key": "abc-123"})
    assert reused.status_code == 422
    assert reused["Content-Type"] == "application/problem+json"
    assert Contact.objects.count() == 1


def test_read_back_shows_status_and_outcome(api, agency):
    reference = post(api, EXAMPLE).json()["reference"]
    body = api.get(f"{URL}/{reference}").json()
    assert (body["reference"], body["status"], body["children"], body["outcome"]) == (
        reference,
        "received",
        2,
        None,
    )


def test_another_agency_cannot_read_the_request(api):
    reference = post(api, EXAMPLE).json()["reference"]
    other = Client(headers={"Authorization": f"Bearer {issue_token(PartnerAgencyFactory())}"})
    response = other.get(f"{URL}/{reference}")
    assert response.status_code == 404
    assert response.json()["title"] == "Not found"


@pytest.mark.parametrize("header", ["", "Bearer nonsense", "Basic abc"])
def test_without_a_valid_token_nothing_is_accepted(header):
    client = Client(headers={"Authorization": header} if header else {})
    response = post(client, EXAMPLE)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert Contact.objects.count() == 0


def test_malformed_json_is_a_400_problem(api):
    response = post(api, '{"referrer": {"name": "A"')
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Malformed JSON"


def test_unknown_and_missing_fields_are_named(api):
    body = copy.deepcopy(EXAMPLE)
    body["favourite_colour"] = "blue"
    del body["worries"]
    del body["children"][0]["family_name"]
    body["children"][1]["date_of_birth"] = "14/05/2017"
    response = post(api, body)
    assert response.status_code == 400
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert fields == {
        "favourite_colour": "This field is not part of the API; remove it",
        "worries": "This field is required",
        "children[0].family_name": "This field is required",
        "children[1].date_of_birth": "Must be a date in the form YYYY-MM-DD",
    }
    assert Contact.objects.count() == 0


def test_domain_problems_are_named_too(api):
    body = copy.deepcopy(EXAMPLE)
    body["strengths"] = "   "
    body["consent"] = {"status": "dispensed"}
    body["children"][0]["date_of_birth"] = "2099-01-01"
    response = post(api, body)
    assert response.status_code == 400
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == ["children[0].date_of_birth", "strengths", "consent.dispensed_reason"]
    assert Contact.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        [],
        "null",
        42,
        {"children": "many"},
        {"referrer": None},
        {"level_of_need": 7},
        {"children": [{}]},
    ],
)
def test_no_input_produces_a_500(api, body):
    response = post(api, body if isinstance(body, str) else body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


# -- Bad input, never a 500: limits, control characters, dates -----------------------------


def problems_of(response) -> dict[str, str]:
    assert response["Content-Type"] == "application/problem+json", response.content[:300]
    return {e["field"]: e["message"] for e in response.json().get("errors", [])}


def with_changes(**changes):
    body = copy.deepcopy(EXAMPLE)
    for path, value in changes.items():
        target = body
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    return body


def test_a_body_over_the_upload_limit_is_a_413_problem(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, 2.5 MB
    response = post(api, with_changes(worries="x" * 2_700_000))
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["title"]) == (413, "Request too large")
    assert "2,621,440 bytes" in body["detail"]
    assert Contact.objects.count() == 0


CHILD = {"given_name": "Riley", "family_name": "Sample", "date_of_birth": "2017-05-14"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"children": [CHILD] * 21}, "children", "Must have at most 20 items (this has 21)"),
        ({"children": [CHILD] * 5000}, "children", "Must have at most 20 items (this has 5,000)"),
        (
            {"family_members": [{"family_name": "Sample"}] * 31},
            "family_members",
            "Must have at most 30 items (this has 31)",
        ),
        ({"indicators": ["DEV-2-01"] * 61}, "indicators", "Must have at most 60 items"),
        ({"indicators": ["XX"] * 20_000}, "indicators", "Must have at most 60 items"),
        ({"indicators": ["X" * 21]}, "indicators[0]", "Must be 20 characters or fewer"),
        ({"referrer__name": "x" * 201}, "referrer.name", "Must be 200 characters or fewer"),
        ({"referrer__phone": "1" * 41}, "referrer.phone", "Must be 40 characters or fewer"),
        ({"worries": "x" * 20_001}, "worries", "Must be 20,000 characters or fewer"),
        ({"important_people": "x" * 20_001}, "important_people", "20,000 characters or fewer"),
        ({"children__0__given_name": "x" * 101}, "children[0].given_name", "100 characters"),
        ({"address__town": "x" * 101}, "address.town", "Must be 100 characters or fewer"),
    ],
)
def test_limits_on_counts_and_lengths(api, changes, field, message):
    response = post(api, with_changes(**changes))
    assert response.status_code == 400
    problems = problems_of(response)
    assert message in problems[field]
    assert len(response.content) < 5_000  # nothing long is echoed back
    assert Contact.objects.count() == 0


def test_unknown_indicator_codes_are_named_but_not_all_echoed(api):
    few = post(api, with_changes(indicators=["DEV-2-01", "NOPE-1", "NOPE-2"]))
    assert few.status_code == 400
    assert problems_of(few)["indicators"] == (
        "These are not codes from the Continuum of Need catalogue: NOPE-1, NOPE-2"
    )
    many = post(api, with_changes(indicators=[f"NOPE-{n}" for n in range(60)]))
    assert problems_of(many)["indicators"] == (
        "These are not codes from the Continuum of Need catalogue: "
        "NOPE-0, NOPE-1, NOPE-2, NOPE-3, NOPE-4 and 55 more"
    )
    assert Contact.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"worries": "Hungry\x00"}, "worries", "hidden control character (U+0000, character 7)"),
        ({"referrer__name": "Alex\x00"}, "referrer.name", "Your name contains a hidden control"),
        ({"children__0__given_name": "Ri\x00ley"}, "children[0].given_name", "U+0000"),
        ({"family_members__0__relationship_to_child": "mum\x07"}, "family_members[0]", "U+0007"),
        ({"address__town": "Black\x1bpool"}, "address.town", "U+001B"),
        ({"strengths": "page one\x0cpage two"}, "strengths", "U+000C"),
        ({"referrer__role": "DSL\nand head"}, "referrer.role", "must be on one line"),
        ({"consent": {"status": "dispensed", "dispensed_reason": "\x00"}}, "consent.", "U+0000"),
    ],
)
def test_control_characters_are_refused_with_the_field_named(api, changes, field, message):
    response = post(api, with_changes(**changes))
    assert response.status_code == 400
    problems = problems_of(response)
    named = [f for f in problems if f.startswith(field)]
    assert named, problems
    assert message in problems[named[0]]
    assert Contact.objects.count() == 0


def test_tabs_and_line_breaks_are_fine_in_long_text(api):
    response = post(api, with_changes(worries="First worry.\n\tSecond worry.\r\nThird."))
    assert response.status_code == 201, response.content
    assert Contact.objects.get().worries == "First worry.\n\tSecond worry.\r\nThird."


def _iso(day: dt.date) -> str:
    return day.isoformat()


def test_dates_must_be_ones_a_person_could_mean(api):
    today = clock.today()
    unborn = {"family_name": "Sample", "expected_date_of_birth": None}
    cases = [
        ({"children__0__date_of_birth": "1899-12-31"}, "children[0].date_of_birth", "1900"),
        ({"children__0__date_of_birth": "0001-01-01"}, "children[0].date_of_birth", "1900"),
        ({"children__0__date_of_birth": "9999-12-31"}, "children[0].date_of_birth", "the past"),
        (
            {"children": [{**unborn, "expected_date_of_birth": "9999-12-31"}]},
            "children[0].expected_date_of_birth",
            "must be within the next 10 months",
        ),
        (
            {"children": [{**unborn, "expected_date_of_birth": _iso(today + dt.timedelta(330))}]},
            "children[0].expected_date_of_birth",
            "within the next 10 months",
        ),
        (
            {"children": [{**unborn, "expected_date_of_birth": _iso(today - dt.timedelta(50))}]},
            "children[0].expected_date_of_birth",
            "more than 6 weeks ago",
        ),
        (
            {"family_members__0__date_of_birth": "1850-01-01"},
            "family_members[0].date_of_birth",
            "Family member 1's date of birth must be 1 January 1900 or later",
        ),
    ]
    for changes, field, message in cases:
        response = post(api, with_changes(**changes))
        assert response.status_code == 400, changes
        assert message in problems_of(response)[field], changes
    assert Contact.objects.count() == 0
    due_soon = post(
        api,
        with_changes(
            children=[{**unborn, "expected_date_of_birth": _iso(today + dt.timedelta(60))}]
        ),
    )
    assert due_soon.status_code == 201, due_soon.content


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"address__postcode": "NOT A PC"}, "address.postcode", "Enter a real postcode"),
        ({"children__0__nhs_number": "12345678901"}, "children[0].nhs_number", "not a valid NHS"),
    ],
)
def test_postcodes_and_nhs_numbers_are_checked(api, changes, field, message):
    response = post(api, with_changes(**changes))
    assert response.status_code == 400
    assert message in problems_of(response)[field]


def test_postcodes_and_nhs_numbers_are_stored_tidily(api):
    response = post(
        api, with_changes(address__postcode="fy13la", children__0__nhs_number="943 476 5919")
    )
    assert response.status_code == 201, response.content
    contact = Contact.objects.get()
    assert contact.family_postcode == "FY1 3LA"
    assert contact.people.filter(nhs_number="9434765919").exists()


def test_thousands_of_problems_are_not_all_echoed_back(api):
    bad_child = {"given_name": "x" * 101, "nhs_number": "1" * 13, "sex": "Q"}
    response = post(api, with_changes(children=[bad_child] * 20))
    assert response.status_code == 400
    body = response.json()
    assert len(body["errors"]) == 50
    assert "The first 50 of 80 are listed" in body["detail"]
