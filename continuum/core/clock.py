"""The one clock. Everything that needs "now" or "today" asks here, so tests can freeze time."""

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The current moment, timezone-aware (UTC)."""
    return timezone.now()


def today() -> dt.date:
    """Today's date in the service's time zone (Europe/London)."""
    return timezone.localdate()


def localtime(moment: dt.datetime) -> dt.datetime:
    """A moment in the service's time zone, for display and for dates."""
    return timezone.localtime(moment)


def localdate(moment: dt.datetime) -> dt.date:
    """The Europe/London date of a moment."""
    return timezone.localtime(moment).date()
