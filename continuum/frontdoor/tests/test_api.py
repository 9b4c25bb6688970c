"""The Requests for Support API: bearer tokens, idempotency, problem documents, read-back."""

import copy
import json

import pytest
from django.test import Client

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
