"""Template helpers for the GOV.UK shell."""

import datetime as dt

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html

from continuum.core import calendar, clock
from continuum.core.chronology import source_link
from continuum.core.forms import GovukDateWidget

register = template.Library()


@register.filter
def widget_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, GovukDateWidget):
        return "date"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.filter
def describe(field: BoundField) -> str:
    """Render a widget with aria-describedby pointing at its hint and error message."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    return field.as_widget(attrs=attrs)


@register.filter
def age(date_of_birth: dt.date | None) -> str:
    if not date_of_birth:
        return ""
    today = clock.today()
    years = (
        today.year
        - date_of_birth.year
        - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
    )
    if years >= 1:
        return f"{years}"
    months = (today.year - date_of_birth.year) * 12 + today.month - date_of_birth.month
    return f"{max(months, 0)} months"


@register.simple_tag
def status_tag(text: str, colour: str = "grey") -> str:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


@register.filter
def working_days_until(day: dt.date | None) -> int | None:
    if not day:
        return None
    return calendar.working_days_between(clock.today(), day)


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key) if mapping else None


@register.simple_tag
def event_source_link(source: str) -> str:
    """A link from a chronology event to the record it came from, when that record has a page."""
    found = source_link(source or "")
    if found is None:
        return ""
    href, text = found
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)
