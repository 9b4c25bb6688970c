"""The records of a Child and Family Assessment's review and of a Child in Need plan.

The assessment's own content lives on `Assessment`; here are the factors it identified (real
rows, so the census reads them), the team manager's decisions on it (every return kept, with
its comments), and the Child in Need plan made with the family: its outcomes in the family's
words, its actions with an owner and a date, and its review meetings.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from continuum.socialwork.codes import AssessmentFactor

__all__ = [
    "ActionStatus",
    "AssessmentDecision",
    "AssessmentFactorIdentified",
    "ChildInNeedPlan",
    "DecisionKind",
    "PlanAction",
    "PlanEndReason",
    "PlanOutcome",
    "PlanReview",
]


class AssessmentFactorIdentified(models.Model):
    """One factor the assessment identified (CIN census AssessmentFactors)."""

    assessment = models.ForeignKey(
        "socialwork.Assessment", on_delete=models.CASCADE, related_name="factors"
    )
    code = models.CharField(max_length=3, choices=AssessmentFactor.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="one_row_per_factor")
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class DecisionKind(models.TextChoices):
    RETURNED = "returned", "Returned to the worker"
    SIGNED_OFF = "signed_off", "Signed off"


class AssessmentDecision(models.Model):
    """The team manager's decision on a submitted assessment: returned with comments, or signed
    off. Every one is kept, so the history of returns stays on the assessment."""

    assessment = models.ForeignKey(
        "socialwork.Assessment", on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    comments = models.TextField(blank=True)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="returned") | ~Q(comments=""),
                name="a_return_has_comments",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.decided_at:%-d %B %Y}"


class PlanEndReason(models.TextChoices):
    OUTCOMES_MET = "outcomes_met", "The plan's outcomes are met: step down"
    STEP_DOWN_EARLY_HELP = "early_help", "Stepped down to early help"
    ESCALATED = "child_protection", "Escalated to a Child Protection plan"
    CARE = "care", "The child came into care"
    MOVED = "moved", "The family moved to another authority"
    FAMILY_WITHDREW = "withdrew", "The family no longer agrees to the plan"
    OTHER = "other", "Another reason"


class ChildInNeedPlan(models.Model):
    """A Child in Need plan, made with the family, within an episode of need (the census's
    CINPlanDates). One open at a time in an episode."""

    episode = models.ForeignKey(
        "socialwork.Episode", on_delete=models.PROTECT, related_name="child_in_need_plans"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="child_in_need_plans"
    )
    assessment = models.ForeignKey(
        "socialwork.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The signed-off assessment that recommended the plan.",
    )
    start_date = models.DateField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=PlanEndReason.choices, blank=True)
    end_note = models.TextField(blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(end_date__isnull=True),
                name="one_open_child_in_need_plan_per_episode",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="")
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="ended_plan_has_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Child in Need plan for {self.person} from {self.start_date:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class PlanOutcome(models.Model):
    """What the family wants to be different, in their words; marked met when it is."""

    plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.CASCADE, related_name="outcomes")
    words = models.TextField()
    met_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.words[:60]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "No longer needed"


class PlanAction(models.Model):
    """Who will do what by when: the owner is anyone (an agency or a family member)."""

    plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField()
    owner = models.CharField(max_length=200, help_text="A person, in words: 'Mum', 'School'.")
    agency = models.ForeignKey(
        "organisation.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.owner}: {self.what[:60]}"

    @property
    def is_outstanding(self) -> bool:
        return self.status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class PlanReview(models.Model):
    """A Child in Need review meeting: who came, what the family and the child said, and when
    the next one is."""

    plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    attendance = models.TextField(help_text="Who was there, one a line.")
    family_view = models.TextField()
    child_view = models.TextField()
    notes = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Review on {self.held_on:%-d %B %Y}"
