"""Casework on an episode: transfers between teams and case notes (visits among them).

Kept apart from `models.py` (the episode itself, assessments) so that each part of the case
record has its own room; `models.py` imports these so Django finds them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Transfer(models.Model):
    """The work moves from one team to another (Assessment and Support to Strengthening and
    Supporting Families after up to three months of Child in Need work), with a handover note.
    A transfer ends the old team's allocation: it counts as a change of worker."""

    episode = models.ForeignKey(
        "socialwork.Episode", on_delete=models.PROTECT, related_name="transfers"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    from_team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="+")
    handover_note = models.TextField()
    transferred_on = models.DateField()
    transferred_at = models.DateTimeField()
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["transferred_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_team=models.F("to_team")), name="transfer_changes_team"
            )
        ]

    def __str__(self) -> str:
        return f"Transfer from {self.from_team} to {self.to_team}"


class CaseNoteKind(models.TextChoices):
    VISIT = "visit", "Visit"
    PHONE_CALL = "phone_call", "Phone call"
    MEETING = "meeting", "Meeting"
    DIRECT_WORK = "direct_work", "Direct work with the child"
    SUPERVISION = "supervision", "Supervision"


class CaseNoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    RECORDED = "recorded", "Recorded"


class CaseNote(models.Model):
    """The everyday record. It saves as the worker types (a draft, with a version number so a
    save from a stale window is refused, never silently overwritten) and is then recorded.
    A case note of kind visit is a statutory visit: it moves the next visit's due date."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_notes")
    episode = models.ForeignKey(
        "socialwork.Episode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_notes",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=CaseNoteKind.choices, blank=True)
    occurred_on = models.DateField(null=True, blank=True)
    present = models.TextField("Who was there", blank=True)
    child_seen = models.BooleanField(null=True, blank=True)
    child_seen_alone = models.BooleanField(null=True, blank=True)
    note = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=CaseNoteStatus.choices, default=CaseNoteStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["episode", "kind", "status", "occurred_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(occurred_on__isnull=False, recorded_at__isnull=False) & ~Q(kind="")),
                name="recorded_case_note_has_kind_and_date",
            ),
            models.CheckConstraint(
                condition=~Q(child_seen=False, child_seen_alone=True),
                name="child_seen_alone_only_if_seen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display() or 'Case note'} for {self.person}"

    @property
    def is_draft(self) -> bool:
        return self.status == CaseNoteStatus.DRAFT


class StepDown(models.Model):
    """The team manager's decision to step the work down to early help: the episode closes and
    one request goes to the Early Help Hub carrying the assessment and plan across, so the
    family does not retell its story."""

    episode = models.OneToOneField(
        "socialwork.Episode", on_delete=models.PROTECT, related_name="step_down"
    )
    early_help_request = models.ForeignKey(
        "earlyhelp.EarlyHelpRequest", on_delete=models.PROTECT, related_name="step_downs"
    )
    stage_change = models.OneToOneField(
        "socialwork.StageChange", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at"]

    def __str__(self) -> str:
        return f"Step-down to early help for {self.episode.person}"
