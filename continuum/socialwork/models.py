"""Statutory social work: the episode of need (the spine) and what hangs on it.

An episode opens at a referral (a Hub decision that starts statutory work) and closes with a
date and a reason; the stage it is at, and every change of stage, follow the table in
`socialwork.pathway`. Assessments, strategy discussions, plans, visits and meetings belong to
an episode, so the Children in Need census reads each child's episodes straight from here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from continuum.socialwork.codes import ClosureReason, PrimaryNeed, ReferralSource
from continuum.socialwork.codes_protection import ConsentToShare, StrategyDecision, StrategyNextStep
from continuum.socialwork.pathway import STAGE_LABELS, Stage


class EpisodeStage(models.TextChoices):
    ASSESSMENT = Stage.ASSESSMENT.value, STAGE_LABELS[Stage.ASSESSMENT]
    CHILD_IN_NEED = Stage.CHILD_IN_NEED.value, STAGE_LABELS[Stage.CHILD_IN_NEED]
    CHILD_PROTECTION = Stage.CHILD_PROTECTION.value, STAGE_LABELS[Stage.CHILD_PROTECTION]
    LOOKED_AFTER = Stage.LOOKED_AFTER.value, STAGE_LABELS[Stage.LOOKED_AFTER]
    CLOSED = Stage.CLOSED.value, STAGE_LABELS[Stage.CLOSED]


class Episode(models.Model):
    """An episode of need: the DfE's CINdetails. One open episode per child at a time."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="episodes")
    stage = models.CharField(max_length=20, choices=EpisodeStage.choices)
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        related_name="episodes",
        help_text="The team leading the work now.",
    )
    referral_date = models.DateField()
    referral_source = models.CharField(
        max_length=2, choices=ReferralSource.choices, default=ReferralSource.UNKNOWN
    )
    primary_need = models.CharField(
        max_length=2,
        choices=PrimaryNeed.choices,
        blank=True,
        help_text="Set when the assessment identifies it; 'not stated' until then.",
    )
    contact = models.ForeignKey(
        "frontdoor.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="episodes",
        help_text="The contact whose decision opened the episode (the referral).",
    )
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)
    closure_note = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-referral_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(closed_on__isnull=True),
                name="one_open_episode_per_child",
            ),
            models.CheckConstraint(
                condition=(Q(stage="closed", closed_on__isnull=False) & ~Q(closure_reason=""))
                | (Q(closed_on__isnull=True, closure_reason="") & ~Q(stage="closed")),
                name="closed_episode_has_date_and_reason",
            ),
        ]
        indexes = [models.Index(fields=["team", "closed_on"])]

    def __str__(self) -> str:
        return f"Episode of need for {self.person} from {self.referral_date:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def stage_enum(self) -> Stage:
        return Stage(self.stage)


class StageChange(models.Model):
    """Every change of level within an episode: from, to, when, who and why. The first row of
    an episode (from nothing to assessment) is its opening."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=EpisodeStage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=EpisodeStage.choices)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage or 'referral'} to {self.to_stage}"


class AssessmentKind(models.TextChoices):
    CHILD_AND_FAMILY = "child_and_family", "Child and Family Assessment"
    SECTION_47 = "section_47", "Section 47 enquiry"
    SPECIALIST = "specialist", "Specialist assessment"


class AssessmentStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETED = "completed", "Completed"


class ReviewState(models.TextChoices):
    """Where an assessment's write-up is: with the worker, with the manager, or signed off."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted to the team manager"
    RETURNED = "returned", "Returned to the worker"
    SIGNED_OFF = "signed_off", "Signed off"


class AssessmentOutcome(models.TextChoices):
    """Where an assessment leads (DOMAIN.md "Assessment"), decided at sign-off."""

    CLOSE = "close", "Close: no further action"
    EARLY_HELP = "early_help", "Step down to early help"
    UNIVERSAL = "universal", "Step down to universal services"
    CHILD_IN_NEED_PLAN = "child_in_need_plan", "Child in Need plan"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    CARE = "care", "Care"


class Assessment(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="assessments"
    )
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    outcome = models.CharField(max_length=30, choices=AssessmentOutcome.choices, blank=True)
    kind = models.CharField(max_length=30, choices=AssessmentKind.choices)
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.OPEN
    )
    team = models.ForeignKey(
        "organisation.Team", on_delete=models.PROTECT, related_name="assessments"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(
        "frontdoor.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    referral_date = models.DateField()
    started_on = models.DateField()
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # -- casework-b: the Child and Family Assessment's content and its review -------------
    # `status` says whether it is signed off (open / completed); `review_state` where the
    # write-up is between the worker and the team manager.
    review_state = models.CharField(
        max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up at every save, so a stale save is refused, never merged."
    )
    worries = models.TextField("What we are worried about", blank=True)
    strengths = models.TextField(
        "What is working well (strengths, protective factors, assets)", blank=True
    )
    child_seen = models.BooleanField(null=True, blank=True)
    child_seen_alone = models.BooleanField(null=True, blank=True)
    child_words = models.TextField("The child's voice, in their own words", blank=True)
    child_not_seen_reason = models.TextField("Why the child was not seen", blank=True)
    family_view = models.TextField("The family's view", blank=True)
    analysis = models.TextField(blank=True)
    support_given = models.TextField("Support given during the assessment", blank=True)
    recommended_outcome = models.CharField(
        max_length=30, choices=AssessmentOutcome.choices, blank=True
    )
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_on = models.DateField(
        null=True, blank=True, help_text="Signed off by the team manager (the census's date)."
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(status="open"),
                name="one_open_assessment_of_a_kind",
            ),
            models.CheckConstraint(
                condition=~Q(review_state="signed_off")
                | Q(status="completed", authorised_on__isnull=False),
                name="signed_off_assessment_is_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person}"


class StrategyDiscussion(models.Model):
    """Held when significant harm is suspected; it decides whether a Section 47 enquiry starts."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    episode = models.ForeignKey(
        Episode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="strategy_discussions",
    )
    team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        "frontdoor.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="strategy_discussions",
    )
    requested_at = models.DateTimeField()
    held_on = models.DateField(null=True, blank=True)
    # -- child protection: what the discussion shared and decided (socialwork.protection) ---
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    information_shared = models.TextField(blank=True)
    consent = models.CharField(max_length=20, choices=ConsentToShare.choices, blank=True)
    consent_note = models.TextField(
        blank=True, help_text="Why consent to share was dispensed with (or how it was given)."
    )
    decision = models.CharField(max_length=20, choices=StrategyDecision.choices, blank=True)
    next_step = models.CharField(max_length=40, choices=StrategyNextStep.choices, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__isnull=True, decision="")
                | (Q(held_on__isnull=False) & ~Q(decision="") & ~Q(consent="")),
                name="held_strategy_discussion_has_decision_and_consent",
            ),
            models.CheckConstraint(
                condition=~Q(consent="dispensed") | ~Q(consent_note=""),
                name="strategy_dispensed_consent_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Strategy discussion for {self.person}"


from continuum.socialwork.models_assessment_plan import *  # noqa: E402, F403 - assessments, plans
from continuum.socialwork.models_casework import CaseNote, StepDown, Transfer  # noqa: E402,F401  # casework-a
from continuum.socialwork.models_protection import *  # noqa: E402,F403  # child protection
