"""Fixtures shared by the apps' tests: signed-in clients for each role."""

import pytest
from django.test import Client

from continuum.organisation.tests.factories import (
    PartnerUserFactory,
    TeamFactory,
    TeamManagerFactory,
    UserFactory,
)


@pytest.fixture
def assessment_team():
    return TeamFactory(slug="assessment-and-support", name="Assessment and Support")


@pytest.fixture
def fostering_team():
    return TeamFactory(slug="fostering", name="Fostering")


@pytest.fixture
def practitioner(assessment_team):
    return UserFactory(team=assessment_team, first_name="Sam", last_name="Worker")


@pytest.fixture
def manager(assessment_team):
    return TeamManagerFactory(team=assessment_team, first_name="Morgan", last_name="Manager")


@pytest.fixture
def outsider(fostering_team):
    return UserFactory(team=fostering_team, first_name="Olly", last_name="Outsider")


@pytest.fixture
def partner():
    return PartnerUserFactory()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def practitioner_client(practitioner):
    return _client(practitioner)


@pytest.fixture
def manager_client(manager):
    return _client(manager)


@pytest.fixture
def outsider_client(outsider):
    return _client(outsider)


@pytest.fixture
def partner_client(partner):
    return _client(partner)


@pytest.fixture
def client_for():
    """A signed-in test client for any user: `client_for(user)`."""
    return _client
