"""Signed out after 30 minutes without activity (configurable) and after 8 hours whatever
happens; the session cookie ends with the browser."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client

from continuum.account.signals import LAST_SEEN_AT, SIGNED_IN_AT
from continuum.account.tests.conftest import post_sign_in
from continuum.organisation.tests.factories import PartnerUserFactory, UserFactory

pytestmark = pytest.mark.django_db

NINE_AM = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
IDLE = "You were signed out after 30 minutes without activity"


@pytest.fixture
def clock():
    with time_machine.travel(NINE_AM, tick=False) as traveller:
        yield traveller


@pytest.fixture
def client(clock):
    web = Client()
    web.force_login(UserFactory())
    return web


def signed_out_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/sign-in")


def test_thirty_minutes_without_activity_signs_out_saying_why(client, clock):
    clock.shift(dt.timedelta(minutes=29))
    assert client.get("/people/").status_code == 200
    clock.shift(dt.timedelta(minutes=30))
    response = client.get("/people/")
    assert signed_out_to_sign_in(response)
    assert response["Location"] == "/sign-in?next=/people/"
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"]).content.decode()
    assert IDLE in page
    assert client.get("/people/").status_code == 302  # and stays signed out


def test_activity_keeps_a_session_going_until_eight_hours(client, clock):
    for _ in range(15):  # every 30 minutes less a second, for 7.5 hours
        clock.shift(dt.timedelta(minutes=29, seconds=59))
        assert client.get("/").status_code == 200
    clock.shift(dt.timedelta(minutes=29, seconds=59))
    response = client.get("/")  # 8 hours less 16 seconds: still in
    assert response.status_code == 200
    clock.shift(dt.timedelta(seconds=16))
    response = client.get("/", follow=True)
    assert "You were signed out because you had been signed in for 8 hours" in (
        response.content.decode()
    )


def test_the_idle_limit_comes_from_settings(client, clock, settings):
    settings.CONTINUUM_IDLE_TIMEOUT_MINUTES = 10
    clock.shift(dt.timedelta(minutes=10))
    response = client.get("/", follow=True)
    assert "You were signed out after 10 minutes without activity" in response.content.decode()


def test_partners_are_signed_out_too(clock):
    client = Client()
    client.force_login(PartnerUserFactory())
    clock.shift(dt.timedelta(minutes=31))
    assert signed_out_to_sign_in(client.get("/hub/requests/"))


def test_a_person_still_at_the_code_step_is_signed_out_too(clock):
    client = Client()
    user = UserFactory()
    post_sign_in(client, user.username)
    clock.shift(dt.timedelta(minutes=31))
    assert signed_out_to_sign_in(client.get("/sign-in/set-up"))


def test_a_session_from_before_these_rules_starts_its_clock(client, clock):
    session = client.session
    del session[SIGNED_IN_AT]
    del session[LAST_SEEN_AT]
    session.save()
    assert client.get("/").status_code == 200
    clock.shift(dt.timedelta(minutes=20))
    assert client.get("/").status_code == 200
    clock.shift(dt.timedelta(minutes=31))
    assert signed_out_to_sign_in(client.get("/"))


def test_activity_is_written_at_most_once_a_minute(client, clock):
    client.get("/")
    first = client.session[LAST_SEEN_AT]
    clock.shift(dt.timedelta(seconds=30))
    client.get("/")
    assert client.session[LAST_SEEN_AT] == first
    clock.shift(dt.timedelta(seconds=31))
    client.get("/")
    assert client.session[LAST_SEEN_AT] == first + 61


def test_signing_in_again_starts_a_new_eight_hours(clock):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    clock.shift(dt.timedelta(hours=7, minutes=50))
    client.force_login(user)
    clock.shift(dt.timedelta(minutes=20))
    assert client.get("/").status_code == 200


def test_the_session_cookie_ends_with_the_browser(clock):
    client = Client()
    user = UserFactory()
    response = post_sign_in(client, user.username)
    cookie = response.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]
