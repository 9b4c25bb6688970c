"""Forms for the assessment's decision and the Child in Need plan. They check shape only; the
actions decide."""

from django import forms

from continuum.core.forms import GovukDateField, GovukForm, GovukRadios
from continuum.socialwork.models import ActionStatus, AssessmentOutcome, PlanEndReason


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("sign_off", "Sign off the assessment"),
            ("return", "Return it to the worker"),
        ],
        widget=GovukRadios,
        error_messages={"required": "Choose whether to sign off the assessment or return it"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "The outcome the worker recommends"), *AssessmentOutcome.choices],
        required=False,
        help_text="Change it only if you decide on a different outcome.",
    )
    comments = forms.CharField(
        label="Comments",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Needed when you return it: the worker sees them. Clear and defensible "
        "decision making is recorded here.",
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comments") or "").strip():
            self.add_error("comments", "Say what the assessment needs: the worker sees this")
        return data


class PlanStartForm(GovukForm):
    outcomes = forms.CharField(
        label="Outcomes, in the family's words",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One outcome a line: what the family wants to be different.",
        error_messages={"required": "Write at least one outcome, in the family's words"},
    )
    start_date = GovukDateField(
        label="Date the plan was agreed", required=False, help_text="Leave blank for today."
    )


class PlanActionForm(GovukForm):
    what = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say what will be done"},
    )
    owner = forms.CharField(
        label="Who will do it",
        max_length=200,
        help_text="Anyone: a family member or an agency. For example, Mum, the school nurse.",
        error_messages={"required": "Say who will do it"},
    )
    due_on = GovukDateField(
        label="Date it is due", error_messages={"required": "Enter the date it is due"}
    )


class ActionStatusForm(GovukForm):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)


class PlanReviewForm(GovukForm):
    held_on = GovukDateField(
        label="Date of the review meeting",
        error_messages={"required": "Enter the date of the review meeting"},
    )
    attendance = forms.CharField(
        label="Who attended",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One person a line, with their role.",
        error_messages={"required": "Say who attended"},
    )
    family_view = forms.CharField(
        label="The family's view",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Record the family's view"},
    )
    child_view = forms.CharField(
        label="The child's view",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In their own words where you can.",
        error_messages={"required": "Record the child's view"},
    )
    notes = forms.CharField(
        label="What was agreed", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class PlanEndForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why the plan ends",
        choices=PlanEndReason.choices,
        widget=GovukRadios,
        error_messages={"required": "Choose why the plan ends"},
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 4}))
