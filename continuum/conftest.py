"""Fixtures shared by the apps' tests: signed-in clients for each role (second factor given)."""

import pytest
from django.test import Client

from continuum.account import testing
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


@pytest.fixture(autouse=True)
def _signed_in_past_the_second_factor(monkeypatch):
    """Staff must give a second factor after their password (continuum.account). A test that
    signs a client in with `force_login` means "signed in as this person", so it is signed in
    the whole way, with a real authenticator device; tests of the code step itself use
    `continuum.account.testing.force_login_password_only`."""
    monkeypatch.setattr(Client, "force_login", testing.force_login)
