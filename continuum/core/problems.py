"""RFC 9457 problem documents: every API error names what went wrong, in plain English."""

from typing import Any

from django.http import HttpRequest, JsonResponse


def problem(
    request: HttpRequest,
    status: int,
    title: str,
    detail: str = "",
    errors: list[dict[str, str]] | None = None,
) -> JsonResponse:
    body: dict[str, Any] = {
        "type": f"https://continuum.invalid/problems/{title.lower().replace(' ', '-')}",
        "title": title,
        "status": status,
        "detail": detail or title,
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, content_type="application/problem+json")
