"""Two rules for every signed-in request: sessions end when idle or too old, and staff finish
the second-factor step before anything else."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from continuum.account import rules
from continuum.account.access import second_factor_pending
from continuum.account.signals import LAST_SEEN_AT, SIGNED_IN_AT
from continuum.core import clock

# Activity is written to the session at most once a minute, not on every request.
LAST_SEEN_RESOLUTION_SECONDS = 60

# Where someone who still owes the second factor may go.
SECOND_FACTOR_PAGES = {"account:code", "account:set-up", "sign-out"}


class SessionTimeoutMiddleware:
    """Sign out after CONTINUUM_IDLE_TIMEOUT_MINUTES without a request, and after
    SESSION_COOKIE_AGE (8 hours) however busy, saying why on the sign-in page. The session's
    own expiry moves on each time it is saved, so the 8 hours are kept here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> None:
        session = request.session
        now = clock.now().timestamp()
        idle_minutes = settings.CONTINUUM_IDLE_TIMEOUT_MINUTES
        end = rules.session_end(
            now=now,
            last_seen=session.get(LAST_SEEN_AT),
            signed_in=session.get(SIGNED_IN_AT),
            idle_seconds=idle_minutes * 60,
            longest_seconds=settings.SESSION_COOKIE_AGE,
        )
        if end is not None:
            logout(request)
            messages.info(
                request,
                rules.signed_out_message(
                    end,
                    idle_minutes=idle_minutes,
                    longest_minutes=settings.SESSION_COOKIE_AGE // 60,
                ),
            )
            return
        session.setdefault(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN_AT)
        if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
            session[LAST_SEEN_AT] = now


class SecondFactorRequiredMiddleware:
    """A signed-in user who owes a second factor (rules.needs_second_factor) reaches only the
    code step, setting up an authenticator app, and signing out. The API authenticates each
    request with a token and keeps no session, so it is left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if request.path.startswith("/api/") or not second_factor_pending(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_PAGES:
            return None
        return redirect(f"{reverse('account:code')}?{urlencode({'next': request.get_full_path()})}")
