"""Middleware that keeps person data out of caches and every API error in one shape.

- `NoStoreMiddleware`: a page shown to a signed-in user, and every API response, may hold a
  child's details, so no browser, proxy or back-button cache may keep a copy.
- `ApiProblemMiddleware`: under /api/, an error response that is not already JSON (a 404 from
  the URL resolver, a 405 for the wrong method, a CSRF refusal) becomes an RFC 9457 problem
  document, so a partner's system never has to parse an HTML page or plain text.
"""

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import add_never_cache_headers

from continuum.core.problems import problem

API_PREFIX = "/api/"

# What a partner's developer should do about each error the API's own handlers do not cover.
API_ERROR_DETAILS = {
    400: "The request could not be understood. Check its headers and body.",
    403: "This request is not allowed.",
    404: "There is nothing at this address in the API. The API's documentation is at /api/v1/docs.",
    405: "This address does not accept that method.",
    413: "The request body is too large.",
    500: "Something went wrong on our side and it has been logged. Try again later.",
}


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def is_json(response: HttpResponseBase) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type in ("application/json", "application/problem+json")


def api_problem_for_status(
    request: HttpRequest, status: int, detail: str | None = None
) -> HttpResponse:
    """A problem document for an HTTP status, titled with the status's standard phrase."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    title = phrase[0] + phrase[1:].lower()  # "Not found", as the API's own problems say it
    if detail is None:
        detail = API_ERROR_DETAILS.get(status, f"The request failed with status {status}.")
    return problem(request, status, title, detail)


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` for signed-in users and for the whole API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if is_api_request(request) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


class ApiProblemMiddleware:
    """Turn any non-JSON error response under /api/ into a problem document."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not is_api_request(request)
            or response.streaming
            or is_json(response)
        ):
            return response
        detail = None
        if response.status_code == 405 and response.has_header("Allow"):
            detail = f"This address accepts only {response['Allow']}."
        replacement = api_problem_for_status(request, response.status_code, detail)
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if response.has_header(header):
                replacement[header] = response[header]
        return replacement
