"""The versioned REST API, /api/v1/. One NinjaAPI; each app adds its router.

Errors are RFC 9457 problem documents (`application/problem+json`) that name each field, so a
partner's developer can fix a request without ringing the Hub.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from continuum.core.problems import problem
from continuum.core.security import api_problem_for_status
from continuum.directory.api import router as directory_router
from continuum.frontdoor.api import router as requests_for_support
from continuum.organisation.models import Agency
from continuum.organisation.tokens import agency_for_token

request_logger = logging.getLogger("django.request")


class AgencyBearer(HttpBearer):
    """`Authorization: Bearer <token>`: the token identifies the partner agency."""

    def authenticate(self, request: HttpRequest, token: str) -> Agency | None:
        agency = agency_for_token(token)
        if agency is not None:
            request.agency = agency  # type: ignore[attr-defined]
        return agency


api = NinjaAPI(
    title="Continuum API",
    version="1",
    description=(
        "For partner agencies' systems: Requests for Support to the Blackpool Families Rock "
        "Request for Support Hub. Authenticate with `Authorization: Bearer <token>` (one token "
        "per agency). Send an `Idempotency-Key` header with each submission so that a retry "
        "never makes a second request. Errors are RFC 9457 problem documents."
    ),
    auth=AgencyBearer(),
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api-v1",
)


def field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """('body', 'payload', 'children', 0, 'given_name') -> 'children[0].given_name'."""
    parts = [p for p in loc if p not in ("body", "payload", "header", "path", "query")]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


MESSAGES = {
    "missing": "This field is required",
    "extra_forbidden": "This field is not part of the API; remove it",
    "string_type": "Must be a string",
    "int_parsing": "Must be a whole number",
    "bool_type": "Must be true or false",
    "bool_parsing": "Must be true or false",
    "date_from_datetime_parsing": "Must be a date in the form YYYY-MM-DD",
    "date_parsing": "Must be a date in the form YYYY-MM-DD",
    "date_type": "Must be a date in the form YYYY-MM-DD",
    "list_type": "Must be a list",
    "model_attributes_type": "Must be an object",
    "dict_type": "Must be an object",
}
# Limits, with the number from the error's context.
LIMIT_MESSAGES = {
    "string_too_long": "Must be {max_length:,} characters or fewer",
    "string_too_short": "Must not be empty",
    "too_long": "Must have at most {max_length:,} items (this has {actual_length:,})",
    "too_short": "Must have at least {min_length:,} item",
}
MOST_ERRORS_LISTED = 50


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind in LIMIT_MESSAGES:
        try:
            return LIMIT_MESSAGES[kind].format(**error.get("ctx", {}))
        except (KeyError, ValueError):
            pass
    return MESSAGES.get(kind, str(error.get("msg", "Invalid value")))


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        if error.get("type") == "json_invalid":
            return problem(request, 400, "Malformed JSON", "The request body is not valid JSON.")
        errors.append({"field": field_path(error.get("loc", ())), "message": _message(error)})
    detail = "Some fields are missing or wrong."
    if len(errors) > MOST_ERRORS_LISTED:  # never echo back thousands of problems
        detail += f" The first {MOST_ERRORS_LISTED} of {len(errors):,} are listed."
        errors = errors[:MOST_ERRORS_LISTED]
    return problem(request, 400, "Invalid request", detail, errors)


@api.exception_handler(RequestDataTooBig)
def on_request_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """Django refuses to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE: say so, as a 413."""
    most = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return problem(
        request,
        413,
        "Request too large",
        f"The request body is over the limit of {most:,} bytes. Send text only; send "
        "attachments to the Hub separately.",
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(
        request,
        401,
        "Not authenticated",
        "Send your agency's token as Authorization: Bearer <token>.",
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        return problem(request, 400, "Malformed JSON", "The request body is not valid JSON.")
    return problem(
        request, exc.status_code, str(exc.message) if hasattr(exc, "message") else str(exc)
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api_problem_for_status(request, 404)


@api.exception_handler(Exception)
def on_unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything unforeseen: logged with its traceback for us, a plain problem for the caller
    (never the traceback, which can hold a child's details), with DEBUG on or off."""
    request_logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    return api_problem_for_status(request, 500)


api.add_router("/requests-for-support", requests_for_support)
api.add_router("/directory", directory_router)
api.add_router("/person-matches", "continuum.people.api.router")
