"""`POST /api/v1/person-matches`: bad input is a 400 (or 413) problem naming the field, never a
500 (PostgreSQL refuses NUL in text)."""

import json

import pytest
from django.test import Client

from continuum.core import clock
from continuum.organisation.tests.factories import PartnerAgencyFactory
from continuum.organisation.tokens import issue_token
from continuum.people.models import MatchingApiGrant

pytestmark = pytest.mark.django_db
URL = "/api/v1/person-matches"


@pytest.fixture
def api():
    agency = PartnerAgencyFactory(slug="demo-health", name="Demo Health")
    MatchingApiGrant.objects.create(
        agency=agency,
        reason="Health visitors check whether a child is known",
        granted_at=clock.now(),
    )
    return Client(headers={"Authorization": f"Bearer {issue_token(agency)}"})


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"given_name": "Kay\x00ley"}, "given_name", "hidden control character (U+0000"),
        ({"family_name": "Smith\x1b"}, "family_name", "U+001B"),
        ({"family_name": "Smith", "address_line": "1 Road\n"}, "address_line", "one line"),
        ({"family_name": "Smith", "postcode": "FY1\x003LA"}, "postcode", "U+0000"),
        ({"family_name": "Smith", "carer_names": ["Jo", "Sam\x00"]}, "carer_names[1]", "U+0000"),
        ({"family_name": "Smith", "carer_names": ["x" * 201]}, "carer_names[0]", "200 characters"),
        ({"family_name": "Smith", "date_of_birth": "1899-12-31"}, "date_of_birth", "1900 or later"),
        ({"family_name": "Smith", "date_of_birth": "9999-12-31"}, "date_of_birth", "in the past"),
        ({"family_name": "x" * 101}, "family_name", "Must be 100 characters or fewer"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(api, body, field, message):
    response = post(api, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert any(e["field"] == field and message in e["message"] for e in errors), errors


def test_a_body_over_the_upload_limit_is_a_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = post(api, {"family_name": "Smith", "address_line": "x" * 2_000})
    assert response.status_code == 413
    assert response.json()["title"] == "Request too large"
