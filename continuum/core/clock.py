"""The one clock. Everything that needs "now" or "today" asks here, so tests can freeze time."""

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The current moment, timezone-aware (UTC)."""
    return timezone.now()


def today() -> dt.date:
    """Today's date in the service's time zone (Europe/London)."""
    return timezone.localdate()
