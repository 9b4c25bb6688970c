"""Staff give a code from an authenticator app after their password; partner agencies' users
may choose to. Until they have, a signed-in member of staff reaches nothing but the code step,
setting up an app, and signing out."""

import base64
import datetime as dt
import re

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from continuum.account.models import DEMO_CODE, DemoDevice
from continuum.account.testing import authenticator, code_for, force_login_password_only
from continuum.account.tests.conftest import post_sign_in
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    PartnerUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CODE_STEP = "/sign-in/code"
SET_UP = "/sign-in/set-up"


def path_of(response) -> str:
    return response["Location"].split("?")[0]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.PARTNER])
def test_staff_with_an_app_go_from_the_password_to_the_code_step(web, role):
    user = UserFactory(role=role)
    authenticator(user)
    response = post_sign_in(web, user.username)
    assert path_of(response) == CODE_STEP
    page = web.get(response["Location"]).content.decode()
    assert "Enter the 6-digit code from your authenticator app" in page
    assert "Find a person" not in page  # no way round the step from the menu


def test_the_right_code_finishes_signing_in_and_goes_where_the_person_was_going(web):
    user = UserFactory(first_name="Sam", last_name="Worker")
    device = authenticator(user)
    traveller = time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, 5, tzinfo=dt.UTC), tick=False)
    when = traveller.start()
    response = web.post(
        "/sign-in",
        {"username": user.username, "password": "correct-horse-battery", "next": "/people/"},
    )
    assert response["Location"] == "/sign-in/code?next=%2Fpeople%2F"
    wrong = web.post(CODE_STEP, {"code": "000000", "next": "/people/"})
    assert wrong.status_code == 200
    assert "Enter the 6-digit code your authenticator app shows now" in wrong.content.decode()
    assert web.get("/people/").status_code == 302
    too_soon = web.post(CODE_STEP, {"code": code_for(device), "next": "/people/"})
    assert "Too many wrong codes. Wait 1 second" in too_soon.content.decode()
    when.shift(dt.timedelta(seconds=2))
    right = web.post(CODE_STEP, {"code": code_for(device), "next": "/people/"})
    assert right["Location"] == "/people/"
    assert web.get("/people/").status_code == 200
    traveller.stop()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12345", "The code is 6 numbers, like 123456"),
        ("abcdef", "The code is 6 numbers, like 123456"),
        ("1" * 500, "Code must be 12 characters or fewer"),
    ],
)
def test_a_code_that_is_not_a_code_is_explained_beside_the_field(web, code, message):
    user = UserFactory()
    authenticator(user)
    force_login_password_only(web, user)
    response = web.post(CODE_STEP, {"code": code})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_code_with_spaces_is_accepted(web):
    user = UserFactory()
    device = authenticator(user)
    force_login_password_only(web, user)
    code = code_for(device)
    assert web.post(CODE_STEP, {"code": f"{code[:3]} {code[3:]}"})["Location"] == "/"


def test_a_code_is_not_accepted_twice(web):
    user = UserFactory()
    device = authenticator(user)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, 5, tzinfo=dt.UTC), tick=False):
        code = code_for(device)
        force_login_password_only(web, user)
        assert web.post(CODE_STEP, {"code": code})["Location"] == "/"
        again = Client()
        force_login_password_only(again, user)
        assert again.post(CODE_STEP, {"code": code}).status_code == 200


def test_wrong_codes_slow_the_guesser_down(web):
    user = UserFactory()
    device = authenticator(user)
    force_login_password_only(web, user)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, 5, tzinfo=dt.UTC), tick=False) as when:
        for failures in range(1, 6):
            if failures > 1:
                when.shift(dt.timedelta(seconds=2 ** (failures - 2)))  # wait 1, 2, 4, 8 seconds
            assert "shows now" in web.post(CODE_STEP, {"code": "000000"}).content.decode()
        response = web.post(CODE_STEP, {"code": code_for(device)})  # 5 wrong: wait 16
        assert "Too many wrong codes. Wait 16 seconds" in response.content.decode()
        assert web.get("/").status_code == 302
        when.shift(dt.timedelta(seconds=16))
        assert web.post(CODE_STEP, {"code": code_for(device)})["Location"] == "/"


def test_a_next_address_off_the_site_is_ignored(web):
    user = UserFactory()
    device = authenticator(user)
    force_login_password_only(web, user)
    response = web.post(CODE_STEP, {"code": code_for(device), "next": "//evil.example/"})
    assert response["Location"] == "/"


PAGES = ["/", "/people/", "/hub/", "/directory/", "/account/", "/account/password", "/services/"]


@pytest.mark.parametrize("page", PAGES)
def test_staff_who_have_not_given_the_code_are_sent_to_it_from_every_page(web, page):
    user = HubWorkerFactory()
    authenticator(user)
    force_login_password_only(web, user)
    response = web.get(page)
    assert response.status_code == 302
    assert path_of(response) == CODE_STEP


@pytest.mark.parametrize("page", ["/", "/people/", "/account/"])
def test_staff_without_an_app_are_sent_to_set_one_up_first(web, page):
    user = UserFactory()
    force_login_password_only(web, user)
    response = web.get(page, follow=True)
    assert response.redirect_chain[-1][0].startswith(SET_UP)
    assert "Set up an authenticator app" in response.content.decode()


def test_posts_are_refused_too(web):
    user = UserFactory()
    authenticator(user)
    force_login_password_only(web, user)
    response = web.post("/account/password", {"current_password": "x"})
    assert path_of(response) == CODE_STEP


def test_signing_out_needs_no_code(web):
    user = UserFactory()
    force_login_password_only(web, user)
    response = web.post("/sign-out")
    assert path_of(response) == "/sign-in"
    assert web.get("/").status_code == 302 and path_of(web.get("/")) == "/sign-in"


def test_the_api_is_not_the_code_steps_business(web):
    user = UserFactory()
    force_login_password_only(web, user)
    assert web.get("/api/v1/requests-for-support/RFS-2026-000001").status_code == 401


def test_a_partner_without_an_app_is_not_asked(web):
    partner = PartnerUserFactory(first_name="Sasha", last_name="Cole")
    response = post_sign_in(web, partner.username)
    assert response["Location"] == "/"
    assert "Sasha Cole" in web.get("/").content.decode()
    assert web.get("/hub/requests/").status_code == 200


def test_a_partner_may_set_up_an_app_and_is_then_asked_for_it(web):
    partner = PartnerUserFactory()
    post_sign_in(web, partner.username)
    page = web.get("/account/").content.decode()
    assert "optional for partner agencies" in page and SET_UP in page
    device = set_up_through_the_page(web)
    assert device.user == partner
    later = Client()
    assert path_of(post_sign_in(later, partner.username)) == CODE_STEP
    assert path_of(later.get("/hub/requests/")) == CODE_STEP
    assert later.post(CODE_STEP, {"code": code_for(device, at=device.last_t * 30 + 30)})


def set_up_through_the_page(client: Client) -> TOTPDevice:
    page = client.get(SET_UP).content.decode()
    secret = re.search(r'<code class="app-secret" id="secret">([A-Z2-7 ]+)</code>', page)[1]
    key = base64.b32decode(secret.replace(" ", ""))
    response = client.post(SET_UP, {"code": f"{TOTP(key).token():06d}"})
    assert response.status_code == 302, response.content.decode()
    return TOTPDevice.objects.get(key=key.hex())


def test_staff_set_up_an_app_from_a_qr_code_and_its_secret(web):
    user = UserFactory()
    post_sign_in(web, user.username)
    page = web.get(SET_UP).content.decode()
    assert "<svg" in page and "QR code for your authenticator app" in page
    assert not TOTPDevice.objects.filter(user=user).exists()  # nothing stored until confirmed
    assert (
        web.get(SET_UP).content.decode().count(re.search(r'id="secret">([^<]+)<', page)[1]) == 1
    )  # the same secret until it is confirmed
    wrong = web.post(SET_UP, {"code": "000000"})
    assert "Enter the 6-digit code your authenticator app shows now" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    device = set_up_through_the_page(web)
    assert device.confirmed and device.user == user
    assert web.get("/people/").status_code == 200  # this session is verified


def test_a_password_alone_cannot_add_a_second_app(web):
    """Otherwise anyone with the password could set up their own phone and skip the code."""
    user = UserFactory()
    authenticator(user)
    force_login_password_only(web, user)
    assert path_of(web.get(SET_UP)) == CODE_STEP
    assert path_of(web.post(SET_UP, {"code": "123456"})) == CODE_STEP
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_signed_in_person_can_replace_their_app(practitioner_client, practitioner):
    old = authenticator(practitioner)
    page = practitioner_client.get("/account/").content.decode()
    assert "Set up a new app" in page
    assert (
        "This replaces the app you set up before"
        in practitioner_client.get(SET_UP).content.decode()
    )
    new = set_up_through_the_page(practitioner_client)
    assert list(TOTPDevice.objects.filter(user=practitioner)) == [new]
    assert new.pk != old.pk


def test_the_demo_code_works_only_for_accounts_with_a_demo_device(web):
    demo = UserFactory()
    DemoDevice.objects.create(user=demo, name="Demo code")
    force_login_password_only(web, demo)
    assert web.post(CODE_STEP, {"code": DEMO_CODE})["Location"] == "/"
    real = UserFactory()
    authenticator(real)
    other = Client()
    force_login_password_only(other, real)
    assert other.post(CODE_STEP, {"code": DEMO_CODE}).status_code == 200
    assert path_of(other.get("/")) == CODE_STEP


def test_someone_signed_in_fully_is_not_sent_back_to_the_step(practitioner_client):
    assert practitioner_client.get(CODE_STEP)["Location"] == "/"


def test_an_administrator_can_reset_a_lost_app_from_the_command_line(web, capsys):
    user = UserFactory(username="lost.phone")
    authenticator(user)
    call_command("reset_second_factor", "lost.phone")
    assert "Forgot lost.phone's authenticator app" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert path_of(post_sign_in(web, user.username, follow=False)) == CODE_STEP
    assert path_of(web.get(CODE_STEP)) == SET_UP
    with pytest.raises(CommandError, match="No user has the username 'nobody'"):
        call_command("reset_second_factor", "nobody")
