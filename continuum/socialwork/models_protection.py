"""Child protection: Section 47 enquiries, child protection conferences, Child Protection plans
with their core groups, the chair's reviews of progress and the issue-resolution step.

Every record belongs to the child's episode of need; the strategy discussion that starts it all
is `socialwork.models.StrategyDiscussion`. A Section 47 enquiry is its own record here rather
than an `Assessment` of kind "section_47": its timescale (the conference within 15 working days
of the strategy discussion) and its outcome are its own, and it is not signed off like an
assessment. Changed only by `socialwork.protection` (the actions).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from continuum.socialwork.codes_protection import (
    AbuseCategory,
    AttendeeKind,
    ConferenceDecision,
    ConferenceKind,
    ParticipantAgency,
    PlanEndReason,
    Section47Outcome,
)

__all__ = [
    "StrategyParticipant",
    "Section47Enquiry",
    "Conference",
    "ConferenceAttendee",
    "ChildProtectionPlan",
    "ProtectionPlanOutcome",
    "ProtectionPlanAction",
    "CoreGroup",
    "ChairReview",
    "IssueResolution",
]

_USER = settings.AUTH_USER_MODEL


class StrategyParticipant(models.Model):
    """Who took part in a strategy discussion, with their agency."""

    discussion = models.ForeignKey(
        "socialwork.StrategyDiscussion", on_delete=models.PROTECT, related_name="participants"
    )
    name = models.CharField(max_length=200)
    agency_kind = models.CharField(max_length=20, choices=ParticipantAgency.choices)
    agency = models.CharField(max_length=200, blank=True, help_text="For example, the force.")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency or self.get_agency_kind_display()})"


class Section47Enquiry(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="section_47_enquiries"
    )
    episode = models.ForeignKey(
        "socialwork.Episode", on_delete=models.PROTECT, related_name="section_47_enquiries"
    )
    strategy_discussion = models.OneToOneField(
        "socialwork.StrategyDiscussion", on_delete=models.PROTECT, related_name="section_47"
    )
    team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    conference_due_on = models.DateField(
        help_text="The initial conference's target: 15 working days from the strategy discussion."
    )
    worries = models.TextField("What we are worried about", blank=True)
    strengths = models.TextField("What is working well", blank=True)
    child_seen = models.BooleanField(null=True, blank=True)
    child_seen_alone = models.BooleanField(null=True, blank=True)
    child_seen_on = models.DateField(null=True, blank=True)
    child_words = models.TextField("The child's words", blank=True)
    outcome = models.CharField(max_length=30, choices=Section47Outcome.choices, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = "Section 47 enquiry"
        verbose_name_plural = "Section 47 enquiries"
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="", completed_on__isnull=True)
                | (~Q(outcome="") & Q(completed_on__isnull=False)),
                name="completed_section_47_has_outcome",
            )
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry for {self.person}"

    @property
    def is_open(self) -> bool:
        return self.completed_on is None


class ChildProtectionPlan(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="child_protection_plans"
    )
    episode = models.ForeignKey(
        "socialwork.Episode", on_delete=models.PROTECT, related_name="child_protection_plans"
    )
    started_on = models.DateField()
    initial_conference = models.OneToOneField(
        "socialwork.Conference", on_delete=models.PROTECT, related_name="plan_started"
    )
    chair = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    initial_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    latest_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    previous_plans = models.PositiveSmallIntegerField(
        default=0, help_text="Child Protection plans the child had before this one, anywhere."
    )
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=PlanEndReason.choices, blank=True)
    end_conference = models.OneToOneField(
        "socialwork.Conference",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_ended",
    )

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="one_open_child_protection_plan_per_child",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="ended_child_protection_plan_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Child Protection plan for {self.person} from {self.started_on:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class Conference(models.Model):
    """A child protection conference, chaired by a Child Protection Chair."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="child_protection_conferences"
    )
    episode = models.ForeignKey(
        "socialwork.Episode", on_delete=models.PROTECT, related_name="conferences"
    )
    kind = models.CharField(max_length=20, choices=ConferenceKind.choices)
    section_47 = models.ForeignKey(
        Section47Enquiry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    plan = models.ForeignKey(
        ChildProtectionPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_conferences",
        help_text="The plan a review conference reviews.",
    )
    transfer_note = models.TextField(
        blank=True, help_text="For a transfer-in: the authority whose plan the child moved on."
    )
    chair = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    booked_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField()
    due_on = models.DateField(help_text="The date it must be held by.")
    date = models.DateField(help_text="The date it is booked for.")
    held_on = models.DateField(null=True, blank=True)
    family_views = models.TextField("The family's views", blank=True)
    child_views = models.TextField("The child's views, in their words", blank=True)
    threshold_met = models.BooleanField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=ConferenceDecision.choices, blank=True)
    category = models.CharField(max_length=3, choices=AbuseCategory.choices, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__isnull=True, decision="")
                | (Q(held_on__isnull=False) & ~Q(decision="")),
                name="held_conference_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(decision="cp_plan") | ~Q(category=""),
                name="conference_plan_has_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person}"

    @property
    def is_held(self) -> bool:
        return self.held_on is not None


class ConferenceAttendee(models.Model):
    """Invited to a conference: the family, the child, each agency; who came; their report."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="attendees")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AttendeeKind.choices)
    agency = models.CharField(max_length=200, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    report = models.TextField(blank=True, help_text="The agency's report to the conference.")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ProtectionPlanOutcome(models.Model):
    """What the plan is to achieve, in the family's own words."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.PROTECT, related_name="outcomes")
    words = models.TextField()
    added_on = models.DateField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.words[:60]


class ProtectionPlanAction(models.Model):
    """Who will do what, by when; its progress is reported at core groups."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.PROTECT, related_name="actions")
    action = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    progress = models.TextField(blank=True)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.action[:60]} ({self.owner})"


class CoreGroup(models.Model):
    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="core_groups"
    )
    held_on = models.DateField()
    attendance = models.TextField(help_text="Who came, and from which agency.")
    progress = models.TextField(help_text="The actions' progress, and what happens next.")
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Core group on {self.held_on:%-d %B %Y}"


class ChairReview(models.Model):
    """The chair's review of progress between conferences, to prevent drift and delay."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="chair_reviews"
    )
    reviewed_on = models.DateField()
    progress = models.TextField()
    on_track = models.BooleanField()
    chair = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["reviewed_on", "pk"]

    def __str__(self) -> str:
        return f"Chair's review on {self.reviewed_on:%-d %B %Y}"


class IssueResolution(models.Model):
    """The chair raises that a plan is not progressing; the team manager responds."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="issue_resolutions"
    )
    raised_on = models.DateField()
    raised_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    concern = models.TextField()
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["raised_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True, response="")
                | (Q(responded_on__isnull=False) & ~Q(response="")),
                name="issue_response_has_date_and_words",
            )
        ]

    def __str__(self) -> str:
        return f"Issue raised on {self.raised_on:%-d %B %Y}"
