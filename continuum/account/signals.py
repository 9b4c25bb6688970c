"""When someone signs in, their session's clock starts (see middleware.SessionTimeoutMiddleware)."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from continuum.core import clock

SIGNED_IN_AT = "continuum_signed_in_at"
LAST_SEEN_AT = "continuum_last_seen_at"


@receiver(user_logged_in)
def start_session_clock(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = clock.now().timestamp()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now
