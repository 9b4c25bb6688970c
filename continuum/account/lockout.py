"""Throttling sign-in with django-axes: five wrong passwords for one username lock that
username, and many from one address, whatever the usernames, lock the address, each for a
cool-off period (settings: AXES_FAILURE_LIMIT, CONTINUUM_SIGN_IN_ADDRESS_FAILURE_LIMIT,
AXES_COOLOFF_TIME). An administrator can unlock either early (`account:locked-sign-ins`).

django-axes has one failure limit for every lockout parameter; an office behind one address
would lock everyone out at five, so this handler counts the two separately.
"""

import math
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from continuum.account import rules


def failures(attempts: Any) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class SignInAttempts(AxesDatabaseHandler):
    """Failed sign-ins in the database, counted per username and per address."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        by_username = failures(recent.filter(username=username)) if username else 0
        by_address = failures(recent.filter(ip_address=request.axes_ip_address))
        limit = get_failure_limit(request, credentials)
        if by_address >= settings.CONTINUUM_SIGN_IN_ADDRESS_FAILURE_LIMIT:
            return max(by_username, limit)
        return by_username


def cool_off_minutes() -> int:
    cool_off = get_cool_off()
    return max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The sign-in page again, saying why and for how long, instead of django-axes' bare text."""
    from continuum.core.views import SignInForm  # the sign-in page's own form

    return render(
        request,
        "core/sign_in.html",
        {
            "form": SignInForm(request),
            "summary_errors": [("", rules.lockout_message(cool_off_minutes()))],
            "next": request.POST.get("next", ""),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def client_address(request: HttpRequest) -> str | None:
    return rules.client_address(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        settings.CONTINUUM_TRUSTED_PROXIES,
    )
