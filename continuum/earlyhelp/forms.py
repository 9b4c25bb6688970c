"""Early help's forms: thin, GOV.UK-styled; the actions decide what is allowed."""

from django import forms

from continuum.core.forms import GovukDateField, GovukForm, GovukRadios
from continuum.earlyhelp.actions import CLOSING_OUTCOMES
from continuum.earlyhelp.models import (
    ASSESSMENT_SECTIONS,
    ActionStatus,
    EpisodeOutcome,
    TeamAroundFamilyMember,
)
from continuum.organisation.models import Agency, Role, User
from continuum.people.forms import ReasonForm


class AgreeLeadForm(GovukForm):
    lead_agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True).exclude(kind="local_authority"),
        label="Which agency leads?",
        help_text="The agency best placed: a school, nursery, health visiting, a family hub, "
        "Families in Need or a voluntary organisation.",
        empty_label="Choose an agency",
    )
    lead_practitioner = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.PARTNER, is_active=True, agency__isnull=False),
        label="Lead practitioner (if known)",
        required=False,
        empty_label="The agency will name them",
    )
    agency_accepted_by = forms.CharField(
        label="Who at the agency agreed to lead?", max_length=200, required=False
    )
    consent_given_by = forms.CharField(
        label="Who in the family agreed to early help?",
        help_text="Early help is voluntary: it goes ahead only with the family's agreement.",
        max_length=200,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_practitioner"].label_from_instance = lambda u: f"{u} ({u.agency})"


class DeclineForm(GovukForm):
    detail = forms.CharField(
        label="What did the family say?",
        help_text="Their choice is respected; nothing is escalated unless there is a risk "
        "of significant harm.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class AssessmentForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, heading, hint in ASSESSMENT_SECTIONS:
            self.fields[name] = forms.CharField(
                label=heading,
                help_text=hint,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6 if name in ("worries", "goals") else 4}),
            )
        self.order_fields(["version", *[n for n, _, _ in ASSESSMENT_SECTIONS]])


class MemberForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200, required=False)
    role = forms.CharField(
        label="Who are they?",
        help_text="For example: Mum, Nan, class teacher, health visitor.",
        max_length=200,
        required=False,
    )
    is_family = forms.BooleanField(label="Family or friend of the family", required=False)
    user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True, agency__isnull=False).select_related("agency"),
        label="Practitioner's Continuum account (if they have one)",
        help_text="With an account they can read and write the assessment and plan.",
        required=False,
        empty_label="No account",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = lambda u: f"{u} ({u.agency})"


class ActionForm(GovukForm):
    what = forms.CharField(
        label="What will be done?", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    owner = forms.ModelChoiceField(
        queryset=TeamAroundFamilyMember.objects.none(), label="Who will do it?", required=False
    )
    due_on = GovukDateField(label="By when", required=False)

    def __init__(self, *args, episode, **kwargs) -> None:  # noqa: ANN001
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = episode.members.filter(left_on__isnull=True)

    def clean(self):  # noqa: ANN201
        data = super().clean()
        if not data.get("owner"):
            self.add_error("owner", "Choose who will do it")
        if not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", "Enter the date it will be done by")
        return data


class ActionStatusForm(GovukForm):
    status = forms.ChoiceField(choices=ActionStatus.choices, label="Status")


class ReviewForm(GovukForm):
    held_on = GovukDateField(label="Date of the review", required=False)
    notes = forms.CharField(
        label="What has changed", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def clean_held_on(self):  # noqa: ANN201
        value = self.cleaned_data.get("held_on")
        if value is None:
            raise forms.ValidationError("Enter the date of the review")
        return value


class StepUpForm(GovukForm):
    escalation = forms.CharField(
        label="What has escalated?",
        help_text="Early help steps up when risk escalates, not if it just stays the same. "
        "Say what has changed, and that the family know why this is happening.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )


class CloseForm(GovukForm):
    outcome = forms.ChoiceField(
        choices=[(o.value, o.label) for o in CLOSING_OUTCOMES],
        widget=GovukRadios,
        label="How did early help end?",
        required=False,
    )
    detail = forms.CharField(
        label="Anything to add", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean_outcome(self) -> str:
        value = self.cleaned_data.get("outcome")
        if value not in EpisodeOutcome.values:
            raise forms.ValidationError("Choose how early help ended")
        return value


class EarlyHelpReasonForm(ReasonForm):
    doing = "read this family's early help"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Why do you need to read this family's early help?"
        self.fields[
            "reason"
        ].help_text = "For example, 'A strategy discussion today needs the school's assessment'."


class ReferMeetingForm(GovukForm):
    reason = forms.CharField(
        label="What does the family need to make a plan about?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class ConsultationForm(GovukForm):
    held_on = GovukDateField(label="Date of the consultation", required=False)
    notes = forms.CharField(
        label="What was agreed at the consultation",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean_held_on(self):  # noqa: ANN201
        if self.cleaned_data.get("held_on") is None:
            raise forms.ValidationError("Enter the date of the consultation")
        return self.cleaned_data["held_on"]


class MeetingForm(GovukForm):
    held_on = GovukDateField(label="Date of the meeting", required=False)
    family_network = forms.CharField(
        label="Who came from the family network",
        help_text="Family and friends first, one a line.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    professionals = forms.CharField(
        label="Which professionals came",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    family_plan = forms.CharField(
        label="The family's plan, in their words",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )

    def clean_held_on(self):  # noqa: ANN201
        if self.cleaned_data.get("held_on") is None:
            raise forms.ValidationError("Enter the date of the meeting")
        return self.cleaned_data["held_on"]


class RapidResponseForm(GovukForm):
    crisis = forms.CharField(
        label="What brought the family to crisis?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    support = forms.CharField(
        label="What Families Together are doing",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
