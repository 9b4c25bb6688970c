"""Child protection's forms: they check what was typed; the actions check the rules."""

from django import forms

from continuum.core.forms import GovukDateField, GovukForm, GovukRadios
from continuum.organisation.models import Role, User
from continuum.socialwork.codes_protection import (
    AbuseCategory,
    AttendeeKind,
    ConferenceDecision,
    ConferenceKind,
    ConsentToShare,
    ParticipantAgency,
    PlanEndReason,
    Section47Outcome,
    StrategyDecision,
    StrategyNextStep,
)
from continuum.socialwork.protection import CHAIRS_TEAM

PARTICIPANT_ROWS = 4
YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _radios(choices, label: str, *, required: bool = True, inline: bool = False):  # noqa: ANN001, ANN202
    return forms.ChoiceField(
        label=label,
        choices=list(choices),
        required=required,
        widget=GovukRadios(attrs={"inline": True}) if inline else GovukRadios,
    )


def _text(label: str, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StrategyHeldForm(GovukForm):
    held_on = GovukDateField(label="Date held")
    information_shared = _text("What information was shared")
    consent = _radios(ConsentToShare.choices, "Consent to share information")
    consent_note = _text(
        "Why consent was dispensed with", required=False, help_text="Needed if it was."
    )
    decision = _radios(StrategyDecision.choices, "Decision")
    next_step = _radios(
        StrategyNextStep.choices,
        "Next step, if no Section 47 enquiry",
        required=False,
    )
    decision_reason = _text("Reason for the decision")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, PARTICIPANT_ROWS + 1):
            self.fields[f"participant_{row}_name"] = forms.CharField(
                label=f"Person {row}: name", required=False, max_length=200
            )
            self.fields[f"participant_{row}_kind"] = forms.ChoiceField(
                label=f"Person {row}: agency",
                choices=[("", "Choose"), *ParticipantAgency.choices],
                required=False,
            )
            self.fields[f"participant_{row}_agency"] = forms.CharField(
                label=f"Person {row}: organisation", required=False, max_length=200
            )
        # The GOV.UK classes, for the fields added after the mixin set them.
        for name, field in self.fields.items():
            if name.startswith("participant_"):
                css = "govuk-select" if isinstance(field.widget, forms.Select) else "govuk-input"
                field.widget.attrs.setdefault("class", css)

    def participants(self) -> list[tuple[str, str, str]]:
        data = self.cleaned_data
        return [
            (
                data.get(f"participant_{row}_name", ""),
                data.get(f"participant_{row}_kind", ""),
                data.get(f"participant_{row}_agency", ""),
            )
            for row in range(1, PARTICIPANT_ROWS + 1)
        ]


class Section47Form(GovukForm):
    worries = _text("What we are worried about")
    strengths = _text("What is working well")
    child_seen = _radios(YES_NO, "Was the child seen?", required=False, inline=True)
    child_seen_alone = _radios(YES_NO, "Was the child seen alone?", required=False, inline=True)
    child_seen_on = GovukDateField(label="Date the child was seen", required=False)
    child_words = _text("The child's words", required=False)
    outcome = _radios(
        [("", "Not yet: save the findings"), *Section47Outcome.choices], "Outcome", required=False
    )


class BookConferenceForm(GovukForm):
    kind = _radios(ConferenceKind.choices, "Kind of conference")
    date = GovukDateField(label="Date of the conference")
    chair = forms.ModelChoiceField(
        label="Chair", queryset=User.objects.none(), empty_label="Choose a chair"
    )
    transfer_note = _text(
        "For a transfer-in: the authority and its plan",
        required=False,
        help_text="Which authority's plan the child moved here on, and when it started.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = User.objects.filter(
            role=Role.CHAIR_IRO, team__slug=CHAIRS_TEAM, is_active=True
        )


class AttendeeForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    kind = _radios(AttendeeKind.choices, "Who they are", inline=True)
    agency = forms.CharField(label="Agency", required=False, max_length=200)
    attended = _radios(
        [("", "Not known yet"), *YES_NO], "Did they attend?", required=False, inline=True
    )
    report = _text("Their report to the conference", required=False)


class ConferenceRecordForm(GovukForm):
    held_on = GovukDateField(label="Date held")
    family_views = _text("The family's views")
    child_views = _text("The child's views, in their words")
    threshold_met = _radios(YES_NO, "Is the child likely to suffer significant harm?", inline=True)
    decision = _radios(ConferenceDecision.choices, "Decision")
    category = _radios(
        AbuseCategory.choices, "Category of abuse, for a Child Protection plan", required=False
    )
    end_reason = _radios(
        [c for c in PlanEndReason.choices if c[0] != PlanEndReason.STEP_DOWN_CHILD_IN_NEED],
        "For a review ending the plan with no plan: why it ends",
        required=False,
    )
    decision_reason = _text("Reason for the decision")


class OutcomeForm(GovukForm):
    words = _text("An outcome, in the family's own words")


class ActionForm(GovukForm):
    action = _text("What will be done")
    owner = forms.CharField(label="Who will do it", max_length=200)
    due_on = GovukDateField(label="By when")


class CoreGroupForm(GovukForm):
    held_on = GovukDateField(label="Date of the core group")
    attendance = _text("Who came, and from which agency")
    progress = _text("How the plan's actions are progressing")


class ChairReviewForm(GovukForm):
    progress = _text("Progress since the last conference")
    on_track = _radios(YES_NO, "Is the plan on track?", inline=True)


class IssueForm(GovukForm):
    concern = _text("What is not progressing, and what you expect")


class ResponseForm(GovukForm):
    response = _text("The team's response")
