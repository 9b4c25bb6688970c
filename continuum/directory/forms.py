"""Forms for the directory's pages. They check shape; `search`, `postcodes` and the actions
decide the rest. Every field is optional text read leniently, so no query string, however
odd, can break the search page: a bad value becomes a GOV.UK error message."""

import uuid
from typing import Any

from django import forms

from continuum.core.forms import GovukForm
from continuum.directory import rules
from continuum.directory.actions import SuggestionDetails
from continuum.directory.models import TaxonomyTerm
from continuum.directory.search import SearchQuery
from continuum.people.rules import is_valid_postcode, normalise_postcode

DISTANCES = [
    ("1", "Within 1 mile"),
    ("3", "Within 3 miles"),
    ("5", "Within 5 miles"),
    ("10", "Within 10 miles"),
    ("any", "Any distance"),
]
DEFAULT_DISTANCE = "5"


def _text(max_length: int, **kwargs: Any) -> forms.CharField:
    return forms.CharField(max_length=max_length, required=False, strip=True, **kwargs)


def _whole_number(value: str, low: int, high: int, message: str) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit() or not low <= int(text[:6]) <= high:
        raise forms.ValidationError(message)
    return int(text)


def _check_again(form: forms.Form) -> None:
    """GovukFormMixin validates the form while it sets up the widgets, before a form's own
    `__init__` can add choices and messages: forget that first check (and the error styling
    it gave the widgets) so the form is checked again, with them, when asked."""
    form._errors = None
    for field in form.fields.values():
        classes = field.widget.attrs.get("class", "").split()
        field.widget.attrs["class"] = " ".join(c for c in classes if not c.endswith("--error"))


class SearchForm(GovukForm):
    postcode = _text(
        20,
        label="Postcode",
        help_text="For example, FY1 3LA. The nearest services come first.",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
    )
    distance = forms.ChoiceField(
        label="Distance", choices=DISTANCES, required=False, initial=DEFAULT_DISTANCE
    )
    activity = forms.ChoiceField(label="Activity type", required=False)
    age = _text(
        5,
        label="Child's age (optional)",
        help_text="In years. Only services for children of this age are shown.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    day = forms.ChoiceField(
        label="Day",
        required=False,
        choices=[("", "Any day")]
        + [(c.lower(), n) for c, n in zip(rules.DAY_CODES, rules.DAY_NAMES, strict=True)],
    )
    time = _text(
        10,
        label="Time (optional)",
        help_text="For example, 10:00 or 14:30. Only services open then are shown.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    q = _text(
        200,
        label="Words to search for (optional)",
        help_text="For example, parenting, stay and play, foodbank",
    )

    def __init__(self, *args: Any, terms: list[TaxonomyTerm] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", "Any activity")] + [
            (str(t.pk), t.name) for t in terms or []
        ]
        self.fields["activity"].error_messages["invalid_choice"] = (
            "Choose an activity type from the list"
        )
        self.fields["distance"].error_messages["invalid_choice"] = "Choose a distance from the list"
        self.fields["day"].error_messages["invalid_choice"] = "Choose a day from the list"
        _check_again(self)

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "")
        if not value:
            return ""
        normal = normalise_postcode(value)
        if not is_valid_postcode(normal):
            raise forms.ValidationError("Enter a real postcode, like FY1 3LA")
        return normal

    def clean_age(self) -> int | None:
        return _whole_number(
            self.cleaned_data.get("age", ""),
            0,
            25,
            "Enter the child's age as a whole number from 0 to 25",
        )

    def clean_time(self) -> Any:
        try:
            return rules.parse_time(self.cleaned_data.get("time", ""))
        except ValueError:
            raise forms.ValidationError("Enter a time like 10:00 or 14:30") from None

    def asks_anything(self) -> bool:
        return any(
            self.data.get(name) for name in ("postcode", "activity", "age", "day", "time", "q")
        )

    def query(self) -> SearchQuery:
        data = self.cleaned_data
        day = rules.parse_day(data.get("day") or "")
        distance = data.get("distance") or DEFAULT_DISTANCE
        proximity = None if distance == "any" else round(int(distance) * rules.METRES_PER_MILE)
        activity = data.get("activity")
        return SearchQuery(
            text=data.get("q", ""),
            postcode=data.get("postcode", ""),
            proximity_m=proximity if data.get("postcode") else None,
            taxonomy_term_ids=(uuid.UUID(activity),) if activity else (),
            age=data.get("age"),
            day=day,
            open_at=data.get("time"),
        )


class SuggestionForm(GovukForm):
    name = forms.CharField(label="Name of the service", max_length=255)
    description = forms.CharField(
        label="What it offers",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="Who it is for and how it helps families",
    )
    organisation_name = _text(255, label="Who runs it (optional)")
    activity = forms.ModelChoiceField(
        label="Activity type (optional)",
        queryset=TaxonomyTerm.objects.all(),
        required=False,
        empty_label="Choose an activity type",
    )
    address_1 = _text(255, label="Building and street (optional)")
    town = _text(100, label="Town (optional)")
    postcode = _text(
        20,
        label="Postcode (optional)",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    when = _text(
        1000,
        label="When it runs (optional)",
        help_text="For example, Saturdays 10am to midday",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    minimum_age = _text(
        3,
        label="Youngest age (optional)",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    maximum_age = _text(
        3,
        label="Oldest age (optional)",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    phone = _text(
        50,
        label="Phone number (optional)",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="Email address of the service (optional)", max_length=254, required=False
    )
    website = _text(500, label="Website (optional)")
    suggested_by_name = _text(200, label="Your name (optional)")
    suggested_by_email = forms.EmailField(
        label="Your email address (optional)",
        max_length=254,
        required=False,
        help_text="Only if you are happy for an administrator to contact you about it",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = TaxonomyTerm.objects.filter(
            taxonomy__name="FYI activity types"
        ).order_by("name") or TaxonomyTerm.objects.order_by("name")
        self.fields["name"].error_messages["required"] = "Enter the name of the service"
        self.fields["description"].error_messages["required"] = "Say what the service offers"
        for name in ("email", "suggested_by_email"):
            self.fields[name].error_messages["invalid"] = (
                "Enter an email address in the correct format, like name@example.org"
            )
        self.fields["activity"].error_messages["invalid_choice"] = (
            "Choose an activity type from the list"
        )
        _check_again(self)

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "")
        if value and not is_valid_postcode(normalise_postcode(value)):
            raise forms.ValidationError("Enter a real postcode, like FY1 3LA")
        return normalise_postcode(value) if value else ""

    def clean_minimum_age(self) -> int | None:
        return _whole_number(
            self.cleaned_data.get("minimum_age", ""),
            0,
            130,
            "Enter the youngest age as a whole number",
        )

    def clean_maximum_age(self) -> int | None:
        return _whole_number(
            self.cleaned_data.get("maximum_age", ""),
            0,
            130,
            "Enter the oldest age as a whole number",
        )

    def details(self) -> SuggestionDetails:
        data = self.cleaned_data
        return SuggestionDetails(
            **{
                name: data.get(name)
                if name in ("activity", "minimum_age", "maximum_age")
                else (data.get(name) or "")
                for name in SuggestionDetails.__dataclass_fields__
            }
        )


class RejectForm(GovukForm):
    reason = forms.CharField(
        label="Why is it not being added?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example, it has closed, or it is already in the directory",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = (
            "Say why the suggestion is not being added"
        )
        _check_again(self)
