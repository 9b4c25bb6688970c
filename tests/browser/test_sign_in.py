"""Signing in as staff for the first time: password, then setting up an authenticator app from
the QR code's typed secret, then the account page and changing the password."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from continuum.organisation.tests.factories import PASSWORD, UserFactory
from tests.browser.helpers import check_accessibility, screenshot, sign_out

pytestmark = pytest.mark.browser


def test_first_sign_in_sets_up_an_app_then_changes_the_password(page: Page, screenshots):
    UserFactory(username="new.starter", first_name="Nia", last_name="Starter")
    page.goto("/sign-in")
    page.get_by_label("Username").fill("new.starter")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/sign-in/set-up"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    expect(page.get_by_role("link", name="Find a person")).to_have_count(0)
    check_accessibility(page, what="setting up an authenticator app")
    screenshot(page, screenshots, "sign-in-set-up", full_page=True)
    secret = page.locator("#secret").inner_text()
    code = TOTP(base64.b32decode(secret.replace(" ", ""))).token()
    page.get_by_label("Code").fill(f"{code:06d}")
    page.get_by_role("button", name="Set up").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text("Your authenticator app is set up")).to_be_visible()
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    check_accessibility(page, what="the account page")
    page.get_by_role("link", name="Change your password").click()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("12345678")
    page.get_by_label("New password again").fill("12345678")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("#id_new_password-error")).to_contain_text("too short")
    check_accessibility(page, what="the change-password page with an error")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("kettle-orbit-marmalade")
    page.get_by_label("New password again").fill("kettle-orbit-marmalade")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password has been changed")).to_be_visible()
    sign_out(page)
