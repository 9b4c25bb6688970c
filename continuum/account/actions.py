"""Everything a person does to their sign-in: give the second factor, set up an authenticator
app, change their password; and what an administrator does: unlock a locked sign-in."""

import base64
import secrets

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from continuum.account import rules
from continuum.account.models import DemoDevice
from continuum.core import clock
from continuum.organisation.models import Role, User

SET_UP_SECRET = "continuum_authenticator_secret"  # noqa: S105 (a session key, not a secret)


class SignInError(Exception):
    """Refused, with a message for the person."""


def verify_second_factor(request: HttpRequest, code: str) -> None:
    """Check a code against each of the signed-in user's devices; the first that accepts it
    marks the session verified. Authenticator apps slow down after wrong codes (django-otp
    doubles the wait after each one)."""
    user = request.user
    waits = []
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            allowed, data = device.verify_is_allowed()
            if not allowed:
                until = (data or {}).get("locked_until")
                waits.append((until - clock.now()).total_seconds() if until else 60)
                continue
            if device.verify_token(code):
                otp_login(request, device)
                return
    if waits:
        raise SignInError(rules.code_wait_message(min(waits)))
    raise SignInError("Enter the 6-digit code your authenticator app shows now")


def new_authenticator_secret(request: HttpRequest) -> str:
    """The base32 secret for the app being set up, kept in the session (not the database)
    until the person proves their app has it by typing a code from it."""
    secret = request.session.get(SET_UP_SECRET)
    if not secret:
        secret = base64.b32encode(secrets.token_bytes(20)).decode()
        request.session[SET_UP_SECRET] = secret
    return secret


def set_up_authenticator(request: HttpRequest, code: str) -> TOTPDevice:
    """Confirm the app being set up with a code from it; it replaces any earlier app, and this
    session counts as verified."""
    secret = request.session.get(SET_UP_SECRET)
    if not secret:
        raise SignInError("The set-up expired. Scan the new QR code, then enter the code")
    key = base64.b32decode(secret)
    totp = TOTP(key)
    if not code.isdigit() or not totp.verify(int(code), tolerance=1):
        raise SignInError("Enter the 6-digit code your authenticator app shows now")
    user = request.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user,
            name="Authenticator app",
            key=key.hex(),
            confirmed=True,
            drift=totp.drift,
            last_t=totp.t(),
        )
    del request.session[SET_UP_SECRET]
    otp_login(request, device)
    return device


def change_password(request: HttpRequest, new_password: str) -> None:
    """Set a new password (already checked against the password rules) and keep this session
    signed in. A demo account whose password someone has made their own is no longer a demo
    account, so it loses the demo's fixed second-factor code."""
    user = request.user
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        DemoDevice.objects.filter(user=user).delete()
    update_session_auth_hash(request, user)


def reset_second_factor(user: User) -> int:
    """Forget a person's authenticator app (a lost phone): they set up a new one when they next
    sign in. Sessions they have already verified stay signed in until they end."""
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    return count


def give_demo_second_factor(users: list[User]) -> int:
    """The demo generator's accounts accept the demo's fixed code (models.DEMO_CODE). Only
    `continuum.demo` calls this, for users it has just created in a database it checked
    holds nothing else. Partner agencies' users are left without one: they are not asked."""
    have = set(DemoDevice.objects.filter(user__in=users).values_list("user_id", flat=True))
    devices = [
        DemoDevice(user=u, name="Demo code")
        for u in users
        if u.role != Role.PARTNER and u.pk not in have
    ]
    DemoDevice.objects.bulk_create(devices, batch_size=500)
    return len(devices)


def unlock_sign_in(*, acting_user: User, username: str = "", address: str = "") -> int:
    """Clear the failed attempts that lock a username or an address, before the cool-off ends."""
    if acting_user.role != Role.ADMINISTRATOR:
        raise SignInError("Only administrators can unlock sign-ins")
    if not (username or address):
        raise SignInError("Choose a username or an address to unlock")
    return AxesProxyHandler.reset_attempts(username=username or None, ip_address=address or None)
