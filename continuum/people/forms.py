"""Forms for the person index. They check shape and plain-English sense; actions save."""

import datetime as dt
from typing import Any

from django import forms

from continuum.core import clock
from continuum.core.forms import GovukDateField, GovukForm, GovukRadios
from continuum.governance.rules import reason_problem
from continuum.people import rules
from continuum.people.codes import Ethnicity, Sex
from continuum.people.models import PersonKind, RelationshipKind


class PostcodeField(forms.CharField):
    """A UK postcode: normalised ('fy13la' becomes 'FY1 3LA') and checked for its format."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Postcode")
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "class": "govuk-input--width-10",
                    "autocomplete": "postal-code",
                    "spellcheck": "false",
                }
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        cleaned = rules.normalise_postcode(super().clean(value) or "")
        if cleaned and not rules.is_valid_postcode(cleaned):
            raise forms.ValidationError("Enter a real postcode, like FY1 3LA")
        return cleaned


def _name(value: str, what: str) -> str:
    cleaned = rules.clean_name(value)
    if not cleaned:
        raise forms.ValidationError(f"Enter the {what}")
    return cleaned


class PersonForm(GovukForm):
    kind = forms.ChoiceField(
        label="Child or adult",
        choices=PersonKind.choices,
        widget=GovukRadios(attrs={"inline": True}),
        initial=PersonKind.CHILD,
    )
    given_name = forms.CharField(label="Given name", max_length=100, required=False)
    middle_names = forms.CharField(label="Middle names (optional)", max_length=200, required=False)
    family_name = forms.CharField(label="Family name", max_length=100, required=False)
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 27 3 2015"
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth (unborn child only)",
        required=False,
        help_text="Leave the date of birth empty for an unborn child",
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=GovukRadios(attrs={"inline": True}),
        initial=Sex.UNKNOWN,
    )
    gender = forms.CharField(
        label="Gender (optional)",
        max_length=100,
        required=False,
        help_text="In the person's own words",
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.NOBT
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        max_length=20,
        required=False,
        help_text="10 digits, for example 943 476 5919",
    )
    upn = forms.CharField(
        label="Unique pupil number (optional)",
        max_length=20,
        required=False,
        help_text="13 characters, for example A890123456789",
    )
    address_line_1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)", max_length=200, required=False
    )
    town = forms.CharField(label="Town or city (optional)", max_length=100, required=False)
    postcode = PostcodeField()

    def clean_given_name(self) -> str:
        return _name(self.cleaned_data.get("given_name", ""), "given name")

    def clean_family_name(self) -> str:
        return _name(self.cleaned_data.get("family_name", ""), "family name")

    def clean_middle_names(self) -> str:
        return rules.clean_name(self.cleaned_data.get("middle_names", ""))

    def clean_nhs_number(self) -> str:
        value = rules.normalise_nhs_number(self.cleaned_data.get("nhs_number", ""))
        if not value:
            return ""
        if not value.isdigit() or len(value) != 10:
            raise forms.ValidationError("NHS number must be 10 digits, like 943 476 5919")
        if not rules.is_valid_nhs_number(value):
            raise forms.ValidationError(
                "This is not a valid NHS number: the last digit does not match the check digit. "
                "Check it has been copied correctly"
            )
        return value

    def clean_upn(self) -> str:
        value = (self.cleaned_data.get("upn") or "").strip().upper()
        problem = rules.upn_problem(value) if value else ""
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = clock.today()
        born: dt.date | None = data.get("date_of_birth")
        expected: dt.date | None = data.get("expected_date_of_birth")
        if born and born > today:
            self.add_error(
                "date_of_birth",
                "Date of birth must be today or in the past. For an unborn child, "
                "enter the expected date of birth instead",
            )
        if born and born.year < 1900:
            self.add_error("date_of_birth", "Date of birth must be after 1900")
        if born and expected:
            self.add_error(
                "expected_date_of_birth",
                "Enter an expected date of birth only for an unborn child",
            )
        if expected and not born and expected < today - dt.timedelta(days=60):
            self.add_error(
                "expected_date_of_birth",
                "The expected date of birth has passed: enter the date of birth if the child is born",
            )
        if (
            data.get("kind") == PersonKind.CHILD
            and not born
            and not expected
            and "date_of_birth" not in self.errors
            and "expected_date_of_birth" not in self.errors
        ):
            self.add_error(
                "date_of_birth",
                "Enter the child's date of birth, or the expected date of birth for an unborn child",
            )
        line_1 = rules.clean_name(data.get("address_line_1", ""))
        postcode = data.get("postcode", "")
        if postcode and not line_1:
            self.add_error("address_line_1", "Enter the first line of the address")
        if line_1 and not postcode and "postcode" not in self.errors:
            self.add_error("postcode", "Enter the postcode of the address")
        data["address_line_1"] = line_1
        return data


class SearchForm(GovukForm):
    q = forms.CharField(
        label="Name, date of birth, postcode or NHS number",
        max_length=200,
        required=False,
        help_text="For example: Ava Smith 04/02/2015, or FY1 3LA, or 943 476 5919",
    )


class ReasonForm(GovukForm):
    """A reason a reviewer can judge: a sentence (governance.rules.reason_problem)."""

    reason = forms.CharField(
        label="Why do you need to open this record?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text="For example, 'The school has asked for advice about a new referral'.",
    )
    doing = "open this record"

    def clean_reason(self) -> str:
        reason = " ".join((self.cleaned_data.get("reason") or "").split())
        if not reason:
            raise forms.ValidationError(f"Enter the reason you need to {self.doing}")
        problem = reason_problem(reason)
        if problem:
            raise forms.ValidationError(problem.replace("open this record", self.doing))
        return reason


class RestrictionForm(ReasonForm):
    doing = "change this"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Why?"
        self.fields["reason"].help_text = "Kept in the record's audit."


class RelationshipForm(GovukForm):
    other = forms.IntegerField(label="Person's record number", min_value=1)
    kind = forms.ChoiceField(label="They are the child's", choices=RelationshipKind.choices)
