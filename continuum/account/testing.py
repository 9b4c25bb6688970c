"""For tests: sign a test client in the whole way, second factor included, with a real
authenticator device (django-otp's own login), and compute the codes such a device shows.

`continuum/conftest.py` makes `Client.force_login` do this for every test, so that a test
signed in "as a practitioner" is signed in as one would be after the code step. A test of the
code step itself uses `force_login_password_only`.
"""

import time

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.test import Client
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

_force_login = Client.force_login  # Django's own, before conftest.py replaces it


def force_login_password_only(client: Client, user: AbstractBaseUser) -> None:
    """Signed in as if the password had just been accepted: the code step still to come."""
    _force_login(client, user)


def authenticator(user: AbstractBaseUser) -> TOTPDevice:
    """The user's authenticator app (set up now if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test authenticator app")


def pass_second_factor(client: Client, user: AbstractBaseUser) -> None:
    """Mark the client's session verified by the user's authenticator app."""
    device = authenticator(user)
    session = client.session
    request = HttpRequest()
    request.session = session
    request.user = user
    otp_login(request, device)
    session.save()


def force_login(client: Client, user: AbstractBaseUser, backend: str | None = None) -> None:
    """Signed in the whole way: staff (and partners with an app) past the second factor."""
    _force_login(client, user, backend)
    if not getattr(user, "is_partner", False) or user_has_device(user):
        pass_second_factor(client, user)


def code_for(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the device's app would show now (or at a Unix time), skipping any time step the
    device has already accepted a code for, as an app user would wait for the next code."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    while totp.t() <= device.last_t:
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"
