"""Security headers on every page, no-store wherever person data can be, HTTPS behind a proxy,
and no inline script or style anywhere, so the Content-Security-Policy can forbid them."""

import posixpath
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, override_settings
from django.urls import reverse

from continuum.organisation.tests.factories import PASSWORD, UserFactory
from continuum.people.tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = sorted(ROOT.glob("continuum/**/templates/**/*.html"))
SCRIPTS = sorted((ROOT / "static" / "js").glob("*.js"))


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.fixture
def record_page(practitioner_client, practitioner, assessment_team):
    child = AllocationFactory(team=assessment_team, worker=practitioner).person
    response = practitioner_client.get(reverse("people:detail", args=[child.pk]))
    assert response.status_code == 200
    assert child.family_name in response.content.decode()
    return response


def test_the_policy_allows_only_the_service_s_own_scripts_and_styles(record_page):
    directives = csp_directives(record_page)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]


def test_public_pages_have_the_policy_too(client):
    assert csp_directives(client.get(reverse("sign-in")))["script-src"] == ["'self'"]


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ],
)
def test_standard_security_headers(record_page, client, header, value):
    assert record_page.headers[header] == value
    assert client.get(reverse("sign-in")).headers[header] == value


def test_a_signed_in_user_s_pages_are_never_stored(record_page, practitioner_client):
    for response in (record_page, practitioner_client.get(reverse("home"))):
        cache_control = response.headers["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/openapi.json",
        "/api/v1/docs",
        "/api/v1/requests-for-support/RFS-2026-000001",  # 401
        "/api/v1/directory/services",
        "/api/v1/nothing-here",  # 404
    ],
)
def test_every_api_response_is_never_stored(client, path):
    assert "no-store" in client.get(path).headers["Cache-Control"]


def test_hsts_for_a_year_with_subdomains_and_preload_on_https(client):
    response = client.get(reverse("sign-in"), secure=True)
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_behind_a_tls_proxy_x_forwarded_proto_counts_as_https(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        plain = client.get(reverse("sign-in"))
        proxied = client.get(reverse("sign-in"), headers={"X-Forwarded-Proto": "https"})
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert proxied.status_code == 200
    assert "Strict-Transport-Security" in proxied.headers


def test_session_and_csrf_cookies_are_secure():
    UserFactory(username="sam")
    client = Client()
    page = client.get(reverse("sign-in"))
    assert page.cookies["csrftoken"]["secure"] is True
    signed_in = client.post(reverse("sign-in"), {"username": "sam", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in.cookies["sessionid"]["secure"] is True
    assert signed_in.cookies["sessionid"]["httponly"] is True


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text()
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag, f"inline script in {template.name}: {tag}"
    assert not re.search(r"\sstyle\s*=", text), f"a style attribute in {template.name}"
    assert not re.search(r"<style\b", text), f"a <style> element in {template.name}"
    assert not re.search(r"\son[a-z]+\s*=", text), f"an event handler attribute in {template.name}"
    assert "javascript:" not in text


def test_the_templates_were_found():
    assert len(TEMPLATES) > 20 and any(p.name == "base.html" for p in TEMPLATES)


@pytest.mark.parametrize(
    "path",
    ["js/govuk-js-enabled.js", "js/govuk-init.js", "js/request-form.js", "js/assessment-form.js"],
)
def test_the_scripts_pages_load_are_static_files(path):
    assert finders.find(path) is not None


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_module_import_resolves_to_a_static_file(script):
    for specifier in re.findall(r'import\s[^"\']*["\']([^"\']+)["\']', script.read_text()):
        resolved = posixpath.normpath(posixpath.join("js", specifier))
        assert finders.find(resolved) is not None, f"{script.name} imports {specifier}"


def test_the_base_page_loads_its_scripts_from_static_files(record_page):
    html = record_page.content.decode()
    assert '<script src="/static/js/govuk-js-enabled.js"></script>' in html
    assert '<script type="module" src="/static/js/govuk-init.js"></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
