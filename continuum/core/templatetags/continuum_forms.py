"""The GOV.UK error summary's items."""

from django import forms, template

from continuum.core.forms import error_summary

register = template.Library()


@register.filter
def error_items(form: forms.BaseForm) -> list[tuple[str, str]]:
    return error_summary(form)
