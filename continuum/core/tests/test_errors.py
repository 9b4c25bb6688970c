"""Error pages (GOV.UK-styled, plain English, no technical detail) and, under /api/, problem
documents for every error: never an HTML page, never a traceback."""

import json
import logging
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse

from continuum.api import api
from continuum.core import errors
from continuum.organisation.tests.factories import PASSWORD, PartnerAgencyFactory, UserFactory
from continuum.organisation.tokens import issue_token

pytestmark = pytest.mark.django_db
SECRET_DETAIL = "Ava Thistlewood lives at 12 Test Street"
TECHNICAL = ("Traceback", "RuntimeError", "SECRET_KEY", "urlpatterns", "URLconf", "DEBUG")


def assert_no_technical_detail(text: str) -> None:
    assert SECRET_DETAIL not in text
    for word in TECHNICAL:
        assert word not in text, word


def explode(*args, **kwargs):
    raise RuntimeError(SECRET_DETAIL)


def test_an_anonymous_404_is_a_plain_page_with_no_list_of_addresses():
    response = Client().get("/people/no-such-page/at-all")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'class="govuk-template"' in html
    assert_no_technical_detail(html)
    assert "people/" not in html.replace("/people/no-such-page", "")
    assert "api/v1/" not in html


def test_a_signed_in_404_keeps_the_menu(practitioner_client):
    html = practitioner_client.get("/no-such-page").content.decode()
    assert "Page not found" in html and "Find a person" in html


def test_a_403_says_why_in_plain_english(practitioner_client):
    response = practitioner_client.get(reverse("governance:reasons"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot see this page" in html
    assert "Only team managers review the reasons" in html


def test_a_403_without_a_reason_gives_a_general_one():
    response = errors.permission_denied(RequestFactory().get("/x"), PermissionDenied())
    assert b"Your role does not include this page." in response.content


def test_a_crash_shows_the_500_page_without_technical_detail(monkeypatch, practitioner):
    monkeypatch.setattr("continuum.core.views.caseload", explode)
    client = Client(raise_request_exception=False)
    client.force_login(practitioner)
    response = client.get(reverse("home"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert 'class="govuk-template__body"' in html and "/static/continuum.css" in html
    assert_no_technical_detail(html)


def test_the_500_page_needs_no_request_context():
    """A request with no user, no session and no messages: whatever broke it."""
    response = errors.server_error(RequestFactory().get("/people/1"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_the_500_page_survives_a_broken_template(monkeypatch):
    monkeypatch.setattr("continuum.core.errors.loader.get_template", explode)
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_a_request_for_an_unknown_host_gets_the_400_page():
    response = Client().get(reverse("sign-in"), headers={"Host": "evil.example"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "the request could not be understood" in html
    assert "evil.example" not in html and "ALLOWED_HOSTS" not in html


def test_a_form_with_a_stale_csrf_token_gets_a_page_saying_what_to_do():
    UserFactory(username="sam")
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("sign-in"), {"username": "sam", "password": PASSWORD})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form could not be sent" in html and "reload the page" in html
    assert "CSRF" not in html


# --- The API: problem documents for every error ---------------------------------------------


def assert_problem(response, status: int, title: str) -> dict:
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == status and body["title"] == title
    assert body["type"].startswith("https://") and body["instance"]
    assert_no_technical_detail(response.content.decode())
    return body


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing", "/api/no-such-version/x", "/api/"])
def test_an_unknown_api_address_is_a_404_problem(path):
    body = assert_problem(Client().get(path), 404, "Not found")
    assert body["instance"] == path
    assert "/api/v1/docs" in body["detail"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("put", "/api/v1/requests-for-support", "POST"),
        ("delete", "/api/v1/directory/services", "GET"),
    ],
)
def test_the_wrong_method_is_a_405_problem_naming_the_right_one(method, path, allowed):
    response = getattr(Client(), method)(path)
    body = assert_problem(response, 405, "Method not allowed")
    assert response.headers["Allow"] == allowed
    assert body["detail"] == f"This address accepts only {allowed}."


@pytest.mark.parametrize("debug", [False, True])
def test_a_crash_in_the_api_is_a_500_problem_and_is_logged(monkeypatch, settings, caplog, debug):
    settings.DEBUG = debug
    monkeypatch.setattr("continuum.api.agency_for_token", explode)
    client = Client(raise_request_exception=False, headers={"Authorization": "Bearer cnt_x"})
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/v1/requests-for-support/RFS-2026-000001")
    assert_problem(response, 500, "Internal server error")
    assert any(
        record.exc_info and SECRET_DETAIL in str(record.exc_info[1]) for record in caplog.records
    )


def test_a_not_found_raised_inside_the_api_is_a_404_problem_without_its_message(monkeypatch):
    def missing(token):
        raise Http404("No Agency matches the given query.")

    monkeypatch.setattr("continuum.api.agency_for_token", missing)
    client = Client(headers={"Authorization": "Bearer cnt_x"})
    response = client.get("/api/v1/requests-for-support/RFS-2026-000001")
    body = assert_problem(response, 404, "Not found")
    assert "No Agency matches" not in body["detail"]


def test_a_crash_outside_the_api_s_views_is_still_a_problem_under_api():
    response = errors.server_error(RequestFactory().get("/api/v1/requests-for-support"))
    assert_problem(response, 500, "Internal server error")
    response = errors.bad_request(RequestFactory().get("/api/v1/x"), ValueError())
    assert_problem(response, 400, "Bad request")
    response = errors.csrf_failure(RequestFactory().post("/api/v1/x"))
    assert_problem(response, 403, "Forbidden")
    response = errors.page_not_found(RequestFactory().get("/api/v1/x"), Http404())
    assert_problem(response, 404, "Not found")
    response = errors.permission_denied(RequestFactory().get("/api/v1/x"), PermissionDenied())
    assert_problem(response, 403, "Forbidden")


@pytest.mark.parametrize("debug", [False, True])
def test_the_api_s_own_handler_turns_any_exception_into_a_problem(settings, debug):
    """Without it, django-ninja re-raises (DEBUG off) or answers with the traceback as text."""
    settings.DEBUG = debug
    request = RequestFactory().get("/api/v1/requests-for-support")
    response = api.on_exception(request, RuntimeError(SECRET_DETAIL))
    assert_problem(response, 500, "Internal server error")


def test_existing_problems_are_left_as_they_are():
    token = issue_token(PartnerAgencyFactory())
    client = Client(headers={"Authorization": f"Bearer {token}"})
    response = client.get("/api/v1/requests-for-support/RFS-2026-000001")
    assert_problem(response, 404, "Not found")
    unauthenticated = Client().get("/api/v1/requests-for-support/RFS-2026-000001")
    assert_problem(unauthenticated, 401, "Not authenticated")
    assert unauthenticated.headers["WWW-Authenticate"] == "Bearer"


# --- The API's documentation: served from here, under the policy -----------------------------


def test_the_api_docs_load_nothing_from_another_host():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui.css" in html
    assert "cdn" not in html.lower()
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/static/"), url
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
