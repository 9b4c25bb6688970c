"""Early help: the Early Help Hub agrees which agency leads, and that agency works with the
family on an Early Help Assessment and a Team Around the Family plan the family owns.

"Early help is everyone's responsibility and typically best provided or co-ordinated by the
organisations already working with the child and their family." Nothing here is social care's
until the lead practitioner steps the family up (governance.access decides who reads it)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class EarlyHelpRequestStatus(models.TextChoices):
    AWAITING_LEAD = "awaiting_lead", "Waiting for a lead agency to be agreed"
    LEAD_AGREED = "lead_agreed", "Lead agency agreed"
    FAMILY_DECLINED = "family_declined", "The family declined early help"


class RequestSource(models.TextChoices):
    HUB_DECISION = "hub_decision", "Request for Support Hub decision"
    STEP_DOWN = "step_down", "Step down from social care"
    PARTNER = "partner", "Partner agency"


class EarlyHelpRequest(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="early_help_requests"
    )
    team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        "frontdoor.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="early_help_requests",
    )
    status = models.CharField(
        max_length=20,
        choices=EarlyHelpRequestStatus.choices,
        default=EarlyHelpRequestStatus.AWAITING_LEAD,
    )
    lead_agency = models.ForeignKey(
        "organisation.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField()
    source = models.CharField(
        max_length=20, choices=RequestSource.choices, default=RequestSource.HUB_DECISION
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(
        blank=True,
        help_text="What the request says: a partner's worry, or on a step down the social "
        "work assessment and plan it carries.",
    )

    class Meta:
        ordering = ["requested_on"]

    def __str__(self) -> str:
        return f"Early help request for {self.person}"


class EpisodeOutcome(models.TextChoices):
    NEEDS_MET = "needs_met", "Needs met"
    FAMILY_DECLINED = "family_declined", "The family declined"
    MOVED_AWAY = "moved_away", "Moved away"
    STEPPED_UP = "stepped_up", "Stepped up to social care"


class EarlyHelpEpisode(models.Model):
    """A child's time with early help: which agency leads, who the lead practitioner is, the
    agency's acceptance and the family's consent, and how it ended."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="early_help_episodes"
    )
    request = models.OneToOneField(
        EarlyHelpRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="episode"
    )
    lead_agency = models.ForeignKey(
        "organisation.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency_accepted_on = models.DateField(null=True, blank=True)
    agency_accepted_by = models.CharField(
        max_length=200, blank=True, help_text="Who at the agency agreed to lead."
    )
    family_consented_on = models.DateField(null=True, blank=True)
    consent_given_by = models.CharField(max_length=200, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=EpisodeOutcome.choices, blank=True)
    outcome_detail = models.TextField(blank=True)
    # Step up: the escalation the lead practitioner recorded, and the contact it became.
    escalation = models.TextField(blank=True)
    shared_with_social_care_on = models.DateField(null=True, blank=True)
    step_up_contact = models.ForeignKey(
        "frontdoor.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="early_help_step_ups",
    )

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(closed_on__isnull=True),
                name="one_open_early_help_episode_per_child",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True, outcome="")
                | (Q(closed_on__isnull=False) & ~Q(outcome="")),
                name="closed_early_help_episode_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(outcome="family_declined")
                | Q(lead_agency__isnull=False, agency_accepted_on__isnull=False),
                name="early_help_lead_agency_accepted",
            ),
            models.CheckConstraint(
                condition=Q(outcome="family_declined") | Q(family_consented_on__isnull=False),
                name="early_help_has_family_consent",
            ),
            models.CheckConstraint(
                condition=Q(shared_with_social_care_on__isnull=True) | ~Q(escalation=""),
                name="early_help_step_up_has_escalation",
            ),
        ]

    def __str__(self) -> str:
        return f"Early help for {self.person}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"


# The assessment's sections, in order: (field, heading, hint). Resilient Therapy's five
# areas come after the worries and strengths, as the seeds' framework sets them out.
ASSESSMENT_SECTIONS: list[tuple[str, str, str]] = [
    (
        "worries",
        "What are we worried about?",
        "What is happening, and what it means for the child.",
    ),
    (
        "strengths",
        "Strengths and assets",
        "What is going well, and what the family and the people round them bring.",
    ),
    ("child_voice", "What the child tells us", "In the child's own words where you can."),
    ("family_view", "What the family think", "The family's view, in their words."),
    ("important_people", "Who is important to the child", ""),
    ("basics", "Basics", "Resilient Therapy: a good enough home, money, food, being safe, health."),
    ("belonging", "Belonging", "Resilient Therapy: good relationships, places and people."),
    ("learning", "Learning", "Resilient Therapy: school, nursery, talents and interests."),
    ("coping", "Coping", "Resilient Therapy: problem solving, calming down, having a laugh."),
    ("core_self", "Core self", "Resilient Therapy: hope, responsibility, knowing themselves."),
    (
        "goals",
        "Goals in the family's own words",
        "One goal a line. Each becomes a goal the family rates at every review.",
    ),
]
ASSESSMENT_FIELDS = [name for name, _, _ in ASSESSMENT_SECTIONS]


class EarlyHelpAssessment(models.Model):
    """Co-produced and proportionate: written with the family, saved as it is typed."""

    episode = models.OneToOneField(
        EarlyHelpEpisode, on_delete=models.PROTECT, related_name="assessment"
    )
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    worries = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    child_voice = models.TextField(blank=True)
    family_view = models.TextField(blank=True)
    important_people = models.TextField(blank=True)
    basics = models.TextField(blank=True)
    belonging = models.TextField(blank=True)
    learning = models.TextField(blank=True)
    coping = models.TextField(blank=True)
    core_self = models.TextField(blank=True)
    goals = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(completed_on__isnull=False),
                name="completed_early_help_assessment_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"Early Help Assessment for {self.episode.person}"


class Goal(models.Model):
    """A goal in the family's own words, rated from 0 to 10 at each review."""

    episode = models.ForeignKey(EarlyHelpEpisode, on_delete=models.PROTECT, related_name="goals")
    wording = models.CharField(max_length=500)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "position"], name="goal_position_unique")
        ]

    def __str__(self) -> str:
        return self.wording


class TeamAroundFamilyMember(models.Model):
    """Someone in the Team Around the Family: a practitioner from an agency, or the family."""

    episode = models.ForeignKey(EarlyHelpEpisode, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    agency = models.ForeignKey(
        "organisation.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=200, help_text="Mum, class teacher, health visitor...")
    is_family = models.BooleanField(default=False)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-is_family", "joined_on", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"


class PlanAction(models.Model):
    """One action in the Team Around the Family plan: what, who, by when."""

    episode = models.ForeignKey(EarlyHelpEpisode, on_delete=models.PROTECT, related_name="actions")
    what = models.TextField()
    owner = models.ForeignKey(TeamAroundFamilyMember, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    added_on = models.DateField()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def is_finished(self) -> bool:
        return self.status in (ActionStatus.DONE, ActionStatus.NOT_DONE)


class PlanReview(models.Model):
    """A Team Around the Family review meeting: who came, what changed, the family's ratings."""

    episode = models.ForeignKey(EarlyHelpEpisode, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    attended = models.ManyToManyField(TeamAroundFamilyMember, related_name="+", blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Review on {self.held_on:%d %b %Y}"


class GoalRating(models.Model):
    """How far the family feel they have come with one goal, 0 (not started) to 10 (there)."""

    review = models.ForeignKey(PlanReview, on_delete=models.PROTECT, related_name="ratings")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="ratings")
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="one_rating_per_goal"),
            models.CheckConstraint(condition=Q(score__lte=10), name="rating_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.score} out of 10"


# -- Families Together -----------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    REFERRED = "referred", "Referred: consultation to arrange"
    CONSULTED = "consulted", "Consultation held: meeting to hold"
    HELD = "held", "Meeting held: the family's plan agreed"


class FamilyTogetherMeeting(models.Model):
    """Blackpool's family group conference, at any level of need: "a family led decision making
    process". Referred by the allocated social worker or the early help lead practitioner, who
    attends a consultation with the Families Together coordinator; then the meeting, with the
    family network first, and the family's own plan in their words."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="family_together_meetings"
    )
    episode = models.ForeignKey(
        EarlyHelpEpisode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="family_together_meetings",
        help_text="The early help it is part of; empty when social care referred.",
    )
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.REFERRED
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_on = models.DateField()
    reason = models.TextField(help_text="What the family need to make a plan about.")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consultation_on = models.DateField(null=True, blank=True)
    consultation_notes = models.TextField(blank=True)
    held_on = models.DateField(null=True, blank=True)
    family_network_attended = models.TextField(
        blank=True, help_text="The family network who came, one a line: first, always."
    )
    professionals_attended = models.TextField(blank=True)
    family_plan = models.TextField(blank=True, help_text="The family's plan, in their words.")

    class Meta:
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="consulted") | Q(consultation_on__isnull=False),
                name="consulted_meeting_has_consultation_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | (Q(held_on__isnull=False) & ~Q(family_plan="")),
                name="held_meeting_has_date_and_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"Family Together Meeting for {self.person}"


class RapidResponse(models.Model):
    """Families Together's rapid response to a family in crisis, on the child's record."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="rapid_responses"
    )
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    crisis = models.TextField(help_text="What brought the family to crisis.")
    support = models.TextField(blank=True, help_text="What Families Together are doing.")
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"Rapid response for {self.person}"
