"""Loaded by pytest before Django's settings (`-p continuum.pytest_environment` in
pyproject.toml), so plain `pytest` runs with DEBUG off, as production does.

With DEBUG off the settings refuse to load without a real secret key, so the tests get a
random one here unless one is already set. Tests speak plain http to the test client and the
live server, so the redirect to https is off; every other production default stays on, and
continuum/core/tests/test_deployment.py checks the defaults themselves in a fresh process.
"""

import os
import secrets

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-" + secrets.token_urlsafe(48))
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
