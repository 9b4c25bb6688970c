"""Shared pytest set-up: no test may reach the network."""

import socket

import pytest
from hypothesis import HealthCheck, settings

# Property tests check rules, not speed: on a busy machine (CI shares its cores) Hypothesis's
# per-example deadline and its "input generation is slow" check fail tests that are correct.
# Speed is measured in bench/, never in tests.
settings.register_profile("continuum", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("continuum")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Refuse connections to anything but this machine (the live server, PostgreSQL)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and not (
                host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
            )
            and self.family != socket.AF_UNIX
        ):
            raise OSError(f"Tests may not reach the network ({host})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    """Hashing test passwords with PBKDF2 would spend most of the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_static_finders(settings: object, request: pytest.FixtureRequest) -> None:
    """WhiteNoise with finders walks every static file each time a test client starts; only
    the browser tests need the assets served."""
    if "browser" not in request.keywords:
        settings.WHITENOISE_USE_FINDERS = False
