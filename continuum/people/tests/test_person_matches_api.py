"""`POST /api/v1/person-matches`: granted agencies only, clear 400s naming the field, and
answers that give record numbers and reasons but no record's details."""

import datetime as dt
import json

import pytest
from django.test import Client

from continuum.core import clock
from continuum.governance.models import AuditAction, AuditEntry
from continuum.organisation.tests.factories import PartnerAgencyFactory, UserFactory
from continuum.organisation.tokens import issue_token
from continuum.people.models import MatchingApiGrant
from continuum.people.tests.factories import AddressFactory, AllocationFactory, ChildFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/person-matches"


@pytest.fixture
def agency():
    return PartnerAgencyFactory(slug="demo-health", name="Demo Health")


@pytest.fixture
def api(agency):
    MatchingApiGrant.objects.create(
        agency=agency,
        reason="Health visitors check whether a child is known",
        granted_at=clock.now(),
    )
    return Client(headers={"Authorization": f"Bearer {issue_token(agency)}"})


@pytest.fixture
def kayleigh():
    child = ChildFactory(
        given_name="Kayleigh", family_name="Smith", date_of_birth=dt.date(2016, 3, 4)
    )
    AddressFactory(person=child, postcode="FY1 3LA")
    return child


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def test_a_misspelt_child_is_found_with_reasons(api, kayleigh):
    response = post(
        api,
        {"given_name": "Kayley", "family_name": "Smith", "date_of_birth": "2016-03-04"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["known"] is True
    first = body["candidates"][0]
    assert first["person_id"] == kayleigh.pk
    assert first["is_match"] and 0 < first["probability"] <= 1
    assert any("form of the same name" in r for r in first["reasons"])
    assert "given_name" not in first and "date_of_birth" not in first  # no details shared


def test_someone_unknown_is_not_known(api, kayleigh):
    body = post(api, {"given_name": "Zebedee", "family_name": "Quill"}).json()
    assert body == {"known": False, "candidates": []}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "given_name"),
        ({"given_name": "  ", "family_name": ""}, "given_name"),
        ({"family_name": "Smith", "nhs_number": "1234567890"}, "nhs_number"),
        ({"family_name": "Smith", "nhs_number": "12345"}, "nhs_number"),
        ({"family_name": "Smith", "date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"family_name": "Smith", "date_of_birth": "04/03/2016"}, "date_of_birth"),
        ({"family_name": "Smith", "postcode": "NOT A CODE"}, "postcode"),
        ({"family_name": "Smith", "favourite_colour": "blue"}, "favourite_colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, body, field):
    response = post(api, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]


def test_an_agency_without_a_grant_is_refused():
    other = PartnerAgencyFactory(slug="demo-school")
    client = Client(headers={"Authorization": f"Bearer {issue_token(other)}"})
    response = post(client, {"family_name": "Smith"})
    assert response.status_code == 403
    assert response.json()["title"] == "Not permitted"


def test_a_revoked_grant_is_refused(api, agency):
    MatchingApiGrant.objects.filter(agency=agency).update(revoked_at=clock.now())
    assert post(api, {"family_name": "Smith"}).status_code == 403


def test_no_token_is_a_401():
    assert post(Client(), {"family_name": "Smith"}).status_code == 401


def test_each_record_a_lookup_returns_is_audited_against_the_agency(api, agency, kayleigh):
    post(api, {"given_name": "Kayley", "family_name": "Smith", "date_of_birth": "2016-03-04"})
    entry = AuditEntry.objects.get(person=kayleigh)
    assert (entry.agency, entry.actor, entry.action) == (agency, None, AuditAction.MATCHED)
    assert entry.path == URL
    post(api, {"given_name": "Zebedee", "family_name": "Quill"})  # nobody returned
    post(api, {"family_name": "Smith", "postcode": "NOT A CODE"})  # refused
    assert AuditEntry.objects.count() == 1


def test_the_record_shows_which_partner_looked_it_up(api, agency, kayleigh):
    post(api, {"given_name": "Kayleigh", "family_name": "Smith", "date_of_birth": "2016-03-04"})
    worker = UserFactory()
    AllocationFactory(person=kayleigh, team=worker.team, worker=worker)
    web = Client()
    web.force_login(worker)
    page = web.get(f"/people/{kayleigh.pk}/audit").content.decode()
    assert "Demo Health" in page and "its system, through the API" in page
