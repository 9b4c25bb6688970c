"""GOV.UK Design System forms on Django's own form machinery.

Fields render as GOV.UK form groups (label, hint, error message beside the field); dates use
the GOV.UK date input (day, month, year); pages show a GOV.UK error summary above the form.
"""

import datetime as dt
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class GovukRadios(forms.RadioSelect):
    template_name = "core/widgets/radios.html"
    option_template_name = "core/widgets/radio_option.html"


class GovukDateWidget(forms.MultiWidget):
    template_name = "core/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = {
            "day": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                }
            ),
            "month": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                }
            ),
            "year": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-4",
                }
            ),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: dt.date | None) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else id_


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's plain-English errors."""

    widget = GovukDateWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = tuple(forms.CharField(required=False) for _ in range(3))
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any((p or "").strip() for p in data_list):
            return None
        day, month, year = ((p or "").strip() for p in data_list)
        label = (self.label or "date").lower() if self.label else "date"
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(f"The {label} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(
                f"The {label} must be a real date, with a 4-digit year, like 27 3 2015"
            )
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                f"The {label} must be a real date, like 27 3 2015"
            ) from None


def _required_message(field: forms.Field, label: str) -> str:
    """A missing answer's message names its question (never "This field is required.")."""
    if label.endswith("?"):
        return f"Answer \u201c{label}\u201d"
    choosing = isinstance(field, forms.ChoiceField | forms.BooleanField) or isinstance(
        field.widget, forms.RadioSelect | forms.CheckboxInput
    )
    return f"{'Choose' if choosing else 'Enter'} {label[:1].lower()}{label[1:]}"


class GovukFormMixin:
    """Give each widget its GOV.UK classes and point it at its hint and error message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = str(field.label or name.replace("_", " ")).split(" (")[0]
            if field.error_messages.get("required") == forms.Field.default_error_messages.get(
                "required"
            ):
                field.error_messages["required"] = _required_message(field, label)
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = (
                    f"{label} must be {field.max_length} characters or fewer"
                )
            widget = field.widget
            classes = {
                forms.Textarea: "govuk-textarea",
                forms.Select: "govuk-select",
            }
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "govuk-checkboxes__input"
                continue
            if isinstance(widget, GovukDateWidget | forms.RadioSelect):
                continue
            css = next((c for w, c in classes.items() if isinstance(widget, w)), "govuk-input")
            # Error classes are added in full_clean: touching self.errors here would validate
            # the form before a subclass had finished setting it up.
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if isinstance(widget, GovukDateWidget):
                    for sub in widget.widgets:
                        if "govuk-input--error" not in sub.attrs.get("class", ""):
                            sub.attrs["class"] += " govuk-input--error"
                elif "class" in widget.attrs and "--error" not in widget.attrs["class"]:
                    base = widget.attrs["class"].split()[0]
                    widget.attrs["class"] += f" {base}--error"


class GovukForm(GovukFormMixin, forms.Form):
    pass


def error_summary(form: forms.BaseForm) -> list[tuple[str, str]]:
    """(anchor, message) pairs for the GOV.UK error summary, in the order fields appear."""
    items = []
    for error in form.non_field_errors():
        items.append(("", error))
    for name in form.fields:
        if name in form.errors:
            bound = form[name]
            anchor = bound.id_for_label or bound.auto_id
            items.append((anchor, form.errors[name][0]))
    return items
