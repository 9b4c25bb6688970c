"""What the environment may say: flags, numbers, and which secret keys are real."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from continuum.core.environment import (
    DEVELOPMENT_KEY,
    env_flag,
    env_int,
    is_real_secret_key,
    read_secret_key,
)

REAL_KEY = "q8Vn3-xR_t1ZsLw0pYbK7mE2cH9jU4fA6gD5iO-NvMkQzWeTyXr"  # 51 characters, test only


@pytest.mark.parametrize(
    ("value", "default", "expected"),
    [
        (None, True, True),
        (None, False, False),
        ("", True, True),
        ("1", False, True),
        ("true", False, True),
        ("Yes", False, True),
        (" on ", False, True),
        ("0", True, False),
        ("false", True, False),
        ("NO", True, False),
        ("off", True, False),
    ],
)
def test_env_flag(value, default, expected):
    environ = {} if value is None else {"FLAG": value}
    assert env_flag(environ, "FLAG", default=default) is expected


@pytest.mark.parametrize("value", ["2", "maybe", "enabled"])
def test_env_flag_refuses_anything_else_by_name(value):
    with pytest.raises(ImproperlyConfigured, match="FLAG must be 1 or 0"):
        env_flag({"FLAG": value}, "FLAG", default=False)


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 7), ("", 7), ("0", 0), ("31536000", 31536000)]
)
def test_env_int(value, expected):
    environ = {} if value is None else {"N": value}
    assert env_int(environ, "N", default=7) == expected


@pytest.mark.parametrize("value", ["-1", "a year", "1.5"])
def test_env_int_refuses_anything_but_a_whole_number(value):
    with pytest.raises(ImproperlyConfigured, match="N must be a whole number"):
        env_int({"N": value}, "N", default=7)


@pytest.mark.parametrize(
    ("key", "real"),
    [
        (REAL_KEY, True),
        (REAL_KEY[:49], False),  # too short
        ("abcd" * 20, False),  # too few distinct characters
        ("django-insecure-" + REAL_KEY, False),  # Django's marked-insecure prefix
        ("dev-only-not-secret-continuum", False),  # the published former default
        ("", False),
    ],
)
def test_is_real_secret_key(key, real):
    assert is_real_secret_key(key) is real


def test_with_debug_off_a_real_key_is_used():
    assert read_secret_key({"DJANGO_SECRET_KEY": REAL_KEY}, debug=False) == REAL_KEY


def test_a_key_file_is_read_and_trimmed(tmp_path):
    key_file = tmp_path / "secret-key"
    key_file.write_text(REAL_KEY + "\n")
    assert read_secret_key({"DJANGO_SECRET_KEY_FILE": str(key_file)}, debug=False) == REAL_KEY


def test_the_variable_wins_over_the_file(tmp_path):
    key_file = tmp_path / "secret-key"
    key_file.write_text("f" + REAL_KEY)
    environ = {"DJANGO_SECRET_KEY": REAL_KEY, "DJANGO_SECRET_KEY_FILE": str(key_file)}
    assert read_secret_key(environ, debug=False) == REAL_KEY


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "No secret key is set"),
        ({"DJANGO_SECRET_KEY": "  "}, "No secret key is set"),
        ({"DJANGO_SECRET_KEY": "dev-only-not-secret-continuum"}, "too short"),
        ({"DJANGO_SECRET_KEY": "x" * 60}, "too repetitive"),
    ],
)
def test_with_debug_off_no_real_key_refuses_to_start_and_says_how(environ, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        read_secret_key(environ, debug=False)
    assert message in str(refused.value)
    assert "DJANGO_SECRET_KEY" in str(refused.value)
    assert "DJANGO_SECRET_KEY_FILE" in str(refused.value)


def test_an_unreadable_key_file_is_named(tmp_path):
    missing = tmp_path / "nothing-here"
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        read_secret_key({"DJANGO_SECRET_KEY_FILE": str(missing)}, debug=False)


def test_with_debug_on_a_development_key_stands_in():
    assert read_secret_key({}, debug=True) == DEVELOPMENT_KEY
    assert read_secret_key({"DJANGO_SECRET_KEY": REAL_KEY}, debug=True) == REAL_KEY
