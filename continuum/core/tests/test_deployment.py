"""Production settings, checked in a fresh process with only the environment a deployment has
(the test run itself sets a test key: see continuum/pytest_environment.py)."""

import json
import os
import secrets
import subprocess
import sys

import pytest

CHECK_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'DEBUG': s.DEBUG, 'SECURE_SSL_REDIRECT': s.SECURE_SSL_REDIRECT, "
    "'SECURE_PROXY_SSL_HEADER': s.SECURE_PROXY_SSL_HEADER, "
    "'SECURE_HSTS_SECONDS': s.SECURE_HSTS_SECONDS, "
    "'SECURE_HSTS_INCLUDE_SUBDOMAINS': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "'SECURE_HSTS_PRELOAD': s.SECURE_HSTS_PRELOAD, "
    "'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE, "
    "'CSRF_COOKIE_SECURE': s.CSRF_COOKIE_SECURE}))"
)


def continuum(tmp_path, *args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    """Run `continuum ARGS` with none of this test run's DJANGO_ variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(CONTINUUM_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="continuum.settings")
    env.update(environ)
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "continuum.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def real_key() -> str:
    return secrets.token_urlsafe(50)


@pytest.mark.parametrize("debug", [{"DJANGO_DEBUG": "0"}, {}], ids=["DEBUG=0", "DEBUG unset"])
def test_with_debug_off_and_no_key_the_check_fails_and_says_how_to_set_one(tmp_path, debug):
    result = continuum(tmp_path, "check", **debug)
    assert result.returncode != 0
    assert "No secret key is set" in result.stderr
    assert "DJANGO_SECRET_KEY " in result.stderr and "DJANGO_SECRET_KEY_FILE" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_old_published_key_counts_as_no_key(tmp_path):
    result = continuum(tmp_path, "check", DJANGO_SECRET_KEY="dev-only-not-secret-continuum")
    assert result.returncode != 0
    assert "too short, too repetitive or published" in result.stderr


def test_the_deployment_check_passes_with_a_real_key_and_debug_off(tmp_path):
    result = continuum(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=real_key(),
        DJANGO_ALLOWED_HOSTS="continuum.example",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_key_file_is_enough(tmp_path):
    key_file = tmp_path / "secret-key"
    key_file.write_text(real_key() + "\n")
    result = continuum(tmp_path, "check", DJANGO_SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr


def test_turning_the_https_redirect_off_is_caught_by_the_deployment_check(tmp_path):
    result = continuum(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=real_key(),
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr


def test_production_defaults_are_https_only(tmp_path):
    result = continuum(
        tmp_path, "shell", "--no-imports", "-c", CHECK_SETTINGS, DJANGO_SECRET_KEY=real_key()
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 365 * 24 * 60 * 60,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_each_https_setting_can_be_turned_off_for_plain_http(tmp_path):
    """What `make run` does on 127.0.0.1."""
    result = continuum(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        CHECK_SETTINGS,
        DJANGO_SECRET_KEY=real_key(),
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_PROXY_SSL_HEADER="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        DJANGO_SECURE_HSTS_PRELOAD="0",
        DJANGO_SESSION_COOKIE_SECURE="0",
        DJANGO_CSRF_COOKIE_SECURE="0",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
    }


def test_debug_only_when_asked_for_and_then_no_key_is_needed(tmp_path):
    result = continuum(tmp_path, "shell", "--no-imports", "-c", CHECK_SETTINGS, DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["DEBUG"] is True
    assert shown["SECURE_SSL_REDIRECT"] is False and shown["SESSION_COOKIE_SECURE"] is False


def test_a_bad_flag_is_named_without_a_traceback(tmp_path):
    result = continuum(tmp_path, "check", DJANGO_SECRET_KEY=real_key(), DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 1 or 0" in result.stderr
    assert "Traceback" not in result.stderr
