"""Forms for casework: thin, the actions decide."""

from django import forms

from continuum.core.forms import GovukDateField, GovukForm, GovukRadios
from continuum.socialwork.codes import ClosureReason
from continuum.socialwork.models_casework import CaseNoteKind

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class CaseNoteForm(GovukForm):
    """Every field is optional while the note is a draft: each one that passes its check is
    saved, whatever the others hold. Recording asks for what a case note must have."""

    kind = forms.ChoiceField(
        label="What kind of case note is this?",
        choices=CaseNoteKind.choices,
        widget=GovukRadios,
        required=False,
    )
    occurred_on = GovukDateField(
        label="Date", help_text="The day it happened, for example 27 3 2026", required=False
    )
    present = forms.CharField(
        label="Who was there",
        help_text="Names and roles: the child, family members, professionals",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    child_seen = forms.TypedChoiceField(
        label="Was the child seen?",
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        widget=GovukRadios,
        required=False,
    )
    child_seen_alone = forms.TypedChoiceField(
        label="Was the child seen alone?",
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        widget=GovukRadios,
        required=False,
    )
    note = forms.CharField(
        label="The note",
        help_text="What happened, what the child said in their own words, what happens next",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=50000,
    )


def note_initial(note) -> dict:  # noqa: ANN001 - a CaseNote
    seen = {True: "yes", False: "no", None: ""}
    return {
        "kind": note.kind,
        "occurred_on": note.occurred_on,
        "present": note.present,
        "child_seen": seen[note.child_seen],
        "child_seen_alone": seen[note.child_seen_alone],
        "note": note.note,
    }


CLOSURE_CHOICES = [("", "Choose a reason")] + list(ClosureReason.choices)
