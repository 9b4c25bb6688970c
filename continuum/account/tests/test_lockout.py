"""Too many wrong passwords lock the username, and too many from one address lock the address,
for a cool-off period; the sign-in page says so plainly; an administrator can unlock."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import Client

from continuum.account.tests.conftest import post_sign_in
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Too many attempts. Try again in 15 minutes or ask your administrator"


def signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(web):
    user = UserFactory(username="sam.worker")
    for _ in range(30):
        post_sign_in(web, user.username, "not-the-password")
    response = post_sign_in(web, user.username)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not signed_in(web)
    assert web.get("/").status_code == 302  # still sent to sign in


def test_the_fifth_wrong_password_locks_and_four_do_not(web):
    user = UserFactory()
    for _ in range(4):
        response = post_sign_in(web, user.username, "wrong")
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()
    assert post_sign_in(web, user.username).status_code == 302  # the right one still works
    other = UserFactory()
    for _ in range(4):
        post_sign_in(Client(), other.username, "wrong")
    fifth = post_sign_in(Client(), other.username, "wrong")
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert LOCKED in page
    assert 'class="govuk-error-summary"' in page and "Sign in to Continuum" in page


def test_a_locked_username_is_locked_from_every_address():
    user = UserFactory()
    for number in range(5):
        post_sign_in(Client(), user.username, "wrong", REMOTE_ADDR=f"198.51.100.{number}")
    response = post_sign_in(Client(), user.username, REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_an_address_trying_many_usernames_is_locked_but_others_are_not(settings):
    settings.CONTINUUM_SIGN_IN_ADDRESS_FAILURE_LIMIT = 12
    guesser = "198.51.100.66"
    for number in range(12):
        post_sign_in(Client(), f"guess{number}", "wrong", REMOTE_ADDR=guesser)
    user = UserFactory()  # never got a wrong password
    refused = post_sign_in(Client(), user.username, REMOTE_ADDR=guesser)
    assert refused.status_code == 429 and LOCKED in refused.content.decode()
    elsewhere = Client()
    assert post_sign_in(elsewhere, user.username, REMOTE_ADDR="203.0.113.9").status_code == 302
    assert signed_in(elsewhere)


def test_an_office_behind_one_address_is_not_locked_by_a_few_mistakes():
    office = "203.0.113.10"
    for _ in range(10):
        post_sign_in(Client(), UserFactory().username, "typo", REMOTE_ADDR=office)
    client = Client()
    assert post_sign_in(client, UserFactory().username, REMOTE_ADDR=office).status_code == 302


def test_behind_a_proxy_the_forwarded_address_is_the_one_locked(settings):
    settings.CONTINUUM_TRUSTED_PROXIES = 1
    settings.CONTINUUM_SIGN_IN_ADDRESS_FAILURE_LIMIT = 5
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for number in range(5):
        post_sign_in(Client(), f"guess{number}", "x", HTTP_X_FORWARDED_FOR="198.51.100.66", **proxy)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}
    user = UserFactory()
    ok = post_sign_in(Client(), user.username, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert ok.status_code == 302


def test_the_limits_come_from_settings(settings):
    settings.AXES_FAILURE_LIMIT = 2
    user = UserFactory()
    post_sign_in(Client(), user.username, "wrong")
    assert post_sign_in(Client(), user.username, "wrong").status_code == 429


def test_the_lock_lifts_after_the_cool_off():
    user = UserFactory()
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as when:
        for _ in range(5):
            post_sign_in(Client(), user.username, "wrong")
        when.shift(dt.timedelta(minutes=14))
        assert post_sign_in(Client(), user.username).status_code == 429
        when.shift(dt.timedelta(minutes=16))  # 15 minutes after the last (refused) attempt
        client = Client()
        assert post_sign_in(client, user.username).status_code == 302
        assert signed_in(client)


def test_the_locked_page_keeps_where_the_person_was_going():
    user = UserFactory()
    for _ in range(5):
        response = Client().post(
            "/sign-in", {"username": user.username, "password": "x", "next": "/people/"}
        )
    assert 'name="next" value="/people/"' in response.content.decode()


# Unlocking ---------------------------------------------------------------------------------


def lock(username: str, address: str = "198.51.100.1") -> None:
    for _ in range(5):
        post_sign_in(Client(), username, "wrong", REMOTE_ADDR=address)


def test_an_administrator_sees_and_unlocks_a_locked_username():
    user = UserFactory(username="locked.person")
    lock(user.username)
    admin = Client()
    admin.force_login(UserFactory(role=Role.ADMINISTRATOR))
    page = admin.get("/account/locked-sign-ins").content.decode()
    assert "locked.person" in page
    response = admin.post("/account/locked-sign-ins/unlock", {"username": "locked.person"})
    assert response.status_code == 302
    assert "Unlocked locked.person" in admin.get(response["Location"]).content.decode()
    assert "locked.person" not in admin.get("/account/locked-sign-ins").content.decode()
    assert post_sign_in(Client(), user.username).status_code == 302


def test_an_administrator_unlocks_an_address(settings):
    settings.CONTINUUM_SIGN_IN_ADDRESS_FAILURE_LIMIT = 5
    for number in range(5):
        post_sign_in(Client(), f"guess{number}", "x", REMOTE_ADDR="198.51.100.66")
    admin = Client()
    admin.force_login(UserFactory(role=Role.ADMINISTRATOR))
    assert "198.51.100.66" in admin.get("/account/locked-sign-ins").content.decode()
    admin.post("/account/locked-sign-ins/unlock", {"address": "198.51.100.66"})
    user = UserFactory()
    assert post_sign_in(Client(), user.username, REMOTE_ADDR="198.51.100.66").status_code == 302


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_only_administrators_unlock(role):
    lock("locked.person")
    client = Client()
    client.force_login(UserFactory(role=role))
    assert client.get("/account/locked-sign-ins").status_code == 403
    assert (
        client.post("/account/locked-sign-ins/unlock", {"username": "locked.person"}).status_code
        == 403
    )
    assert post_sign_in(Client(), "locked.person").status_code == 429


def test_unlocking_nothing_says_what_to_choose():
    admin = Client()
    admin.force_login(UserFactory(role=Role.ADMINISTRATOR))
    response = admin.post("/account/locked-sign-ins/unlock", {}, follow=True)
    assert "Choose a username or an address to unlock" in response.content.decode()


def test_the_command_line_unlocks_too():
    user = UserFactory()
    lock(user.username)
    call_command("axes_reset_username", user.username)
    assert post_sign_in(Client(), user.username).status_code == 302
