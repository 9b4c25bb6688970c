"""Forms for the front door. They check shape; `submission` and the actions decide the rest."""

from typing import Any

from django import forms

from continuum.core.forms import GovukDateField, GovukForm, GovukRadios
from continuum.frontdoor.models import AdviceOutcome, CheckAgency, ContactKind, DecisionOutcome, Rag
from continuum.organisation.models import AgencyKind
from continuum.people import rules as people_rules
from continuum.people.codes import Sex
from continuum.people.forms import PostcodeField
from continuum.thresholds.catalogue import default_catalogue

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class ChildForm(GovukForm):
    given_name = forms.CharField(label="Given name", max_length=100, required=False)
    family_name = forms.CharField(label="Family name", max_length=100, required=False)
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 14 5 2017"
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth (unborn child only)", required=False
    )
    sex = forms.ChoiceField(
        label="Sex", choices=Sex.choices, widget=GovukRadios(attrs={"inline": True}), initial="U"
    )
    nhs_number = forms.CharField(label="NHS number (if known)", max_length=20, required=False)

    def clean_nhs_number(self) -> str:
        value = people_rules.normalise_nhs_number(self.cleaned_data.get("nhs_number", ""))
        if value and not people_rules.is_valid_nhs_number(value):
            raise forms.ValidationError(
                "This is not a valid NHS number: check it, or leave it empty"
            )
        return value

    def is_empty(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(
            data.get(f)
            for f in (
                "given_name",
                "family_name",
                "date_of_birth",
                "expected_date_of_birth",
                "nhs_number",
            )
        )


class AdultForm(GovukForm):
    given_name = forms.CharField(label="Given name", max_length=100, required=False)
    family_name = forms.CharField(label="Family name", max_length=100, required=False)
    relationship_to_child = forms.CharField(
        label="Relationship to the children",
        max_length=100,
        required=False,
        help_text="For example, mother, stepfather, grandmother",
    )
    lives_with_child = forms.ChoiceField(
        label="Lives with the children?",
        choices=YES_NO,
        required=False,
        widget=GovukRadios(attrs={"inline": True}),
    )

    def is_empty(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(data.get(f) for f in ("given_name", "family_name", "relationship_to_child"))


ChildFormSet = forms.formset_factory(ChildForm, extra=0)
AdultFormSet = forms.formset_factory(AdultForm, extra=0)


def indicator_choices() -> list[tuple[str, str]]:
    return [(i.code, i.text) for i in default_catalogue().current_indicators()]


class RequestForm(GovukForm):
    referrer_name = forms.CharField(label="Your name", max_length=200, required=False)
    referrer_role = forms.CharField(
        label="Your role",
        max_length=200,
        required=False,
        help_text="For example, Designated Safeguarding Lead",
    )
    referrer_phone = forms.CharField(label="Your phone number", max_length=40, required=False)
    referrer_email = forms.EmailField(label="Your email address", required=False)
    immediate_danger = forms.BooleanField(label="A child is in immediate danger", required=False)
    family_address_line_1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    family_address_line_2 = forms.CharField(
        label="Address line 2 (optional)", max_length=200, required=False
    )
    family_town = forms.CharField(label="Town", max_length=100, required=False)
    family_postcode = PostcodeField()
    claimed_level = forms.ChoiceField(
        label="The level of need you believe applies",
        choices=[
            ("2", "Level 2 Universal Plus"),
            ("3", "Level 3 Intensive"),
            ("4", "Level 4 Safeguarding"),
        ],
        widget=GovukRadios,
        required=False,
    )
    indicators = forms.MultipleChoiceField(
        label="Indicators", required=False, choices=indicator_choices
    )
    worries = forms.CharField(
        label="What are you worried about?",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="What has happened, how often, and what impact it has on the child",
    )
    strengths = forms.CharField(
        label="What is going well? The family's strengths",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    child_voice = forms.CharField(
        label="The child's own words",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What the child has said or shown you. For a baby, say what you have seen",
    )
    important_people = forms.CharField(
        label="Who is important to the child?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    consent = forms.ChoiceField(
        label="Consent",
        required=False,
        widget=GovukRadios,
        choices=[
            ("given", "The family has consented to this request"),
            ("dispensed", "Consent has been dispensed with"),
        ],
    )
    consent_dispensed_reason = forms.CharField(
        label="Why was consent dispensed with?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    safeguarding_lead_consulted = forms.ChoiceField(
        label="Have you consulted your organisation's safeguarding lead?",
        choices=YES_NO,
        required=False,
        widget=GovukRadios(attrs={"inline": True}),
    )

    def clean_claimed_level(self) -> int | None:
        value = self.cleaned_data.get("claimed_level")
        return int(value) if value else None

    def clean_safeguarding_lead_consulted(self) -> bool | None:
        return _yes_no(self.cleaned_data.get("safeguarding_lead_consulted"))

    def clean_consent(self) -> str:
        return self.cleaned_data.get("consent") or "not_yet"


class ContactForm(GovukForm):
    """A contact the Hub or EDT takes down: phone, police, out of hours, another authority."""

    kind = forms.ChoiceField(
        label="How did it come in?",
        widget=GovukRadios,
        choices=[(k.value, k.label) for k in ContactKind if k != ContactKind.REQUEST_FOR_SUPPORT],
    )
    received_at_date = GovukDateField(
        label="Date received",
        required=False,
        help_text="Leave this empty if the contact came in just now",
    )
    received_at_time = forms.TimeField(
        label="Time received (24-hour clock)",
        required=False,
        help_text="For example, 21:30. Leave this empty if the contact came in just now",
    )
    rag = forms.ChoiceField(
        label="Urgency",
        choices=Rag.choices,
        widget=GovukRadios(attrs={"inline": True}),
        initial=Rag.AMBER,
    )
    referrer_name = forms.CharField(label="Who made contact", max_length=200, required=False)
    referrer_role = forms.CharField(
        label="Their role or relationship to the child", max_length=200, required=False
    )
    referrer_phone = forms.CharField(label="Their phone number", max_length=40, required=False)
    worries = forms.CharField(
        label="What are the worries?", widget=forms.Textarea(attrs={"rows": 6})
    )
    strengths = forms.CharField(
        label="Strengths known", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    family_address_line_1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    family_postcode = PostcodeField()


class CheckRequestForm(GovukForm):
    agency = forms.ChoiceField(label="Agency", choices=CheckAgency.choices)


class CheckResultForm(GovukForm):
    summary = forms.CharField(
        label="What did they share?", widget=forms.Textarea(attrs={"rows": 3})
    )


class RagForm(GovukForm):
    rag = forms.ChoiceField(
        label="Urgency", choices=Rag.choices, widget=GovukRadios(attrs={"inline": True})
    )


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=DecisionOutcome.choices,
        widget=GovukRadios,
        error_messages={"required": "Choose the decision"},
    )
    reason = forms.CharField(
        label="Reason for the decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason for the decision"},
    )
    signposted_to = forms.CharField(
        label="Services the family was helped to reach (signposting only)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AdviceForm(GovukForm):
    caller_agency_kind = forms.ChoiceField(
        label="Caller's agency",
        choices=[(k.value, k.label) for k in AgencyKind if k != AgencyKind.LOCAL_AUTHORITY],
    )
    caller_role = forms.CharField(
        label="Caller's role",
        max_length=200,
        help_text="For example, Year 6 teacher, health visitor",
    )
    question = forms.CharField(
        label="What did they ask?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Do not record anything that identifies the child or family",
    )
    advice = forms.CharField(label="What did you advise?", widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.ChoiceField(label="Outcome", choices=AdviceOutcome.choices, widget=GovukRadios)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.highlights: dict[str, str] = {}
