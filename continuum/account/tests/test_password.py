"""Django's four password rules, and a page to change one's password."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from continuum.account.models import DemoDevice
from continuum.account.tests.conftest import post_sign_in
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", "too short"),
        ("password", "too short"),
        ("qwertyuiop12", "too common"),
        ("password1234", "too common"),
        ("839201746352", "entirely numeric"),
        ("samantha.okafor", "too similar"),
    ],
)
def test_weak_passwords_are_refused(password, message):
    user = UserFactory.build(username="samantha.okafor", first_name="Samantha")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert any(message in m for m in refused.value.messages)


def test_a_long_passphrase_is_accepted():
    validate_password("kettle-orbit-marmalade", UserFactory.build())


def change(client: Client, current: str, new: str, again: str | None = None):
    return client.post(
        "/account/password",
        {
            "current_password": current,
            "new_password": new,
            "new_password_again": new if again is None else again,
        },
    )


def error_beside(page: str, field: str) -> str:
    marker = f'<p id="id_{field}-error" class="govuk-error-message">'
    assert marker in page, f"no error beside {field}"
    return page.split(marker, 1)[1].split("</p>", 1)[0]


@pytest.fixture
def user():
    return UserFactory(username="sam.worker")


@pytest.fixture
def client(user):
    web = Client()
    web.force_login(user)
    return web


def test_the_page_asks_for_the_current_password_and_the_new_one_twice(client):
    page = client.get("/account/password").content.decode()
    assert "Change your password" in page
    for label in ("Current password", "New password", "New password again"):
        assert f">{label}</label>" in page
    assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page


@pytest.mark.parametrize(
    ("new", "field", "message"),
    [
        ("12345678", "new_password", "This password is too short"),
        ("password", "new_password", "This password is too short"),
        ("password1234", "new_password", "This password is too common"),
        ("sam.worker.1", "new_password", "too similar to the username"),
        ("", "new_password", "Enter a new password"),
    ],
)
def test_a_weak_new_password_is_refused_beside_the_field(client, user, new, field, message):
    response = change(client, PASSWORD, new)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in error_beside(page, field)
    assert 'class="govuk-error-summary"' in page
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_current_password_must_be_right(client, user):
    page = change(client, "not-my-password", "kettle-orbit-marmalade").content.decode()
    assert "Your current password is not right" in error_beside(page, "current_password")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_two_new_passwords_must_match(client):
    page = change(client, PASSWORD, "kettle-orbit-marmalade", "kettle-orbit-marmelade")
    text = page.content.decode()
    assert "The two new passwords are not the same" in error_beside(text, "new_password_again")


def test_the_new_password_must_differ(client):
    page = change(client, PASSWORD, PASSWORD).content.decode()
    assert "must be different" in error_beside(page, "new_password")


def test_a_changed_password_works_and_keeps_this_session(client, user):
    response = change(client, PASSWORD, "kettle-orbit-marmalade")
    assert response["Location"] == "/account/"
    assert "Your password has been changed" in client.get("/account/").content.decode()
    assert client.get("/people/").status_code == 200  # still signed in, code given
    user.refresh_from_db()
    assert user.check_password("kettle-orbit-marmalade")
    assert post_sign_in(Client(), user.username, PASSWORD).status_code == 200  # old one fails


def test_changing_a_demo_accounts_password_ends_its_demo_code(client, user):
    DemoDevice.objects.create(user=user, name="Demo code")
    change(client, PASSWORD, "kettle-orbit-marmalade")
    assert not DemoDevice.objects.filter(user=user).exists()


def test_signing_in_is_needed():
    response = Client().get("/account/password")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in")


@pytest.mark.parametrize("role", list(Role))
def test_every_signed_in_person_has_their_account_in_the_header(role):
    client = Client()
    client.force_login(UserFactory(role=role))
    home = client.get("/").content.decode()
    header = home.split('id="main-content"')[0]
    assert 'href="/account/"' in header and "Your account" in header
    account = client.get("/account/").content.decode()
    assert 'href="/account/password"' in account and "Change your password" in account
