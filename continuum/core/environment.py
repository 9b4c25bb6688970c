"""Reading the settings that come from the environment, and refusing unsafe ones.

Imported by `continuum/settings.py` before Django is set up, so it uses nothing but the
standard library and Django's exception. The rules are plain functions of a mapping (the
environment), so they are tested with tables of cases rather than by reloading settings.
"""

from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# The key that was once the default in this repository: published, so never a real key.
PUBLISHED_KEYS = frozenset({"dev-only-not-secret-continuum"})
# Used only when DEBUG is on and no key is set, so `make dev` runs without setting one.
DEVELOPMENT_KEY = "dev-only-not-secret-continuum"
# Django's own test for a weak key (django.core.checks.security.base, W009).
MIN_LENGTH = 50
MIN_DISTINCT_CHARACTERS = 5

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})

HOW_TO_SET_A_KEY = (
    "Set DJANGO_SECRET_KEY to at least 50 random characters (make one with: python3 -c "
    '"import secrets; print(secrets.token_urlsafe(50))"), or set DJANGO_SECRET_KEY_FILE to '
    "the path of a file that holds one. For local development, use `make dev` or set "
    "DJANGO_DEBUG=1."
)


def env_flag(environ: Mapping[str, str], name: str, *, default: bool) -> bool:
    """`1`, `true`, `yes`, `on` or `0`, `false`, `no`, `off`; unset or empty means the default."""
    value = environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (on or off), not {value!r}.")


def env_int(environ: Mapping[str, str], name: str, *, default: int) -> int:
    """A whole number of zero or more; unset or empty means the default."""
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.")
    return int(value)


def is_real_secret_key(key: str) -> bool:
    """Long, varied and not one anyone has seen: Django's rule, plus the published keys."""
    return (
        len(key) >= MIN_LENGTH
        and len(set(key)) >= MIN_DISTINCT_CHARACTERS
        and not key.startswith("django-insecure-")
        and key not in PUBLISHED_KEYS
    )


def read_secret_key(environ: Mapping[str, str], *, debug: bool) -> str:
    """The secret key from DJANGO_SECRET_KEY or the file DJANGO_SECRET_KEY_FILE names.

    With DEBUG off, a missing or weak key stops the service from starting: sessions, password
    reset links and CSRF tokens are signed with it. With DEBUG on, a development key stands in.
    """
    key = environ.get("DJANGO_SECRET_KEY", "").strip()
    key_file = environ.get("DJANGO_SECRET_KEY_FILE", "").strip()
    if not key and key_file:
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"DJANGO_SECRET_KEY_FILE names {key_file}, which cannot be read "
                f"({error.strerror or error}). {HOW_TO_SET_A_KEY}"
            ) from None
    if debug:
        return key or DEVELOPMENT_KEY
    if not key:
        raise ImproperlyConfigured(
            f"No secret key is set, and DEBUG is off, so Continuum will not start. "
            f"{HOW_TO_SET_A_KEY}"
        )
    if not is_real_secret_key(key):
        raise ImproperlyConfigured(
            "The secret key is too short, too repetitive or published, and DEBUG is off, so "
            f"Continuum will not start. {HOW_TO_SET_A_KEY}"
        )
    return key
