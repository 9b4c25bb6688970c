"""The pages shown when something goes wrong: GOV.UK-styled, in plain English, with no
technical detail (no traceback, no settings, no list of addresses). Under /api/ each is an
RFC 9457 problem document instead, so a partner's system never parses a web page.

The 400 and 500 pages are rendered without the request's context: whatever broke the request
(the database, a context processor, the session) must not also break the error page.
"""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from continuum.core.security import api_problem_for_status, is_api_request

logger = logging.getLogger(__name__)

LAST_RESORT_500 = (
    "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
    "<title>Sorry, there is a problem with the service</title></head><body>"
    "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p></body></html>"
)


def _render_without_context(template_name: str, status: int) -> HttpResponse:
    try:
        body = loader.get_template(template_name).render()
    except Exception:
        logger.exception("The %s page could not be rendered", status)
        body = LAST_RESORT_500
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return api_problem_for_status(request, 400)
    return _render_without_context("400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Continuum's own refusals carry a plain-English reason; Django's carry none.
    message = str(exception) if exception and exception.args else ""
    if is_api_request(request):
        return api_problem_for_status(request, 403, message or None)
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return api_problem_for_status(request, 404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return api_problem_for_status(request, 500)
    return _render_without_context("500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a missing or stale security token: usually a page left open too long."""
    if is_api_request(request):
        return api_problem_for_status(
            request, 403, "The request was refused because its CSRF token is missing or wrong."
        )
    return render(request, "403_csrf.html", status=403)
