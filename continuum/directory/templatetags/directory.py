"""Template filters for the directory's pages: ages, times and distances in plain English."""

import datetime as dt
from typing import Any

from django import template

from continuum.directory import rules

register = template.Library()


@register.filter
def ages(service: Any) -> str:
    """'Ages 0 to 4', 'All ages'."""
    return rules.describe_ages(service.minimum_age, service.maximum_age)


@register.filter
def clock(value: dt.time | None) -> str:
    """'10am', '2:30pm', 'midday'."""
    return rules.describe_time(value) if value else ""


@register.filter
def session_times(entry: rules.TimetableEntry) -> str:
    if entry.opens_at and entry.closes_at:
        return f"{rules.describe_time(entry.opens_at)} to {rules.describe_time(entry.closes_at)}"
    if entry.opens_at:
        return f"From {rules.describe_time(entry.opens_at)}"
    return "All day"
