"""Audit of every look at a person's record, and the reasons given to look outside one's work."""

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed the record"
    VIEW_AUDIT = "view_audit", "Viewed who has looked at the record"
    VIEW_HISTORY = "view_history", "Viewed the record's history"
    CHANGE = "change", "Changed the record"
    CREATE = "create", "Created the record"
    BREAK_GLASS = "break_glass", "Gave a reason to open the record"
    REFUSED = "refused", "Was refused access"
    MATCHED = "matched", "Was a candidate in a partner's person-match lookup"
    LISTED = "listed", "Was shown in search results or a list"
    RESTRICTED = "restricted", "Marked the record restricted"
    UNRESTRICTED = "unrestricted", "Lifted the record's restriction"


class AuditEntry(models.Model):
    """Who looked at or changed which person's record, when, and why. Append-only.

    The actor is a user, or, for a partner system calling the API with its agency's token,
    the agency (`MATCHED`: the record was among the candidates a person-match lookup
    returned)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    agency = models.ForeignKey(
        "organisation.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The partner agency whose system asked, when no user did.",
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="audit_entries"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    basis = models.CharField(
        max_length=200, help_text="Why the policy let them in: allocated worker, team manager..."
    )
    reason = models.TextField(blank=True, help_text="The reason they gave, where they gave one.")
    path = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "at"]), models.Index(fields=["actor", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actor__isnull=False) | models.Q(agency__isnull=False),
                name="audit_entry_has_an_actor_or_agency",
            )
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        who = self.actor or self.agency
        return f"{who} {self.get_action_display().lower()} {self.person_id} at {self.at}"


class BreakGlassAccess(models.Model):
    """A reason given by someone outside the child's work to open the record, for a while."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="break_glass_accesses"
    )
    reason = models.TextField()
    purpose = models.CharField(
        max_length=20,
        default="open",
        help_text="What the reason opens: the record ('open') or its early help ('early_help').",
    )
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_team = models.ForeignKey(
        "organisation.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Whose manager reviews the reason when the child has no allocated team.",
    )

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "person", "expires_at"])]
        verbose_name_plural = "break-glass accesses"

    def __str__(self) -> str:
        return f"{self.user} opened {self.person_id}: {self.reason[:40]}"


class SearchAudit(models.Model):
    """One search of the person index, or one list of candidates shown to the Hub: who
    looked for what, and how many records they were shown. Each record shown also gets an
    `AuditEntry` (LISTED) on its own audit page."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    purpose = models.CharField(max_length=100, help_text="Person search, Hub candidates...")
    query = models.TextField(help_text="What the user typed, or the details screened.")
    shown = models.PositiveIntegerField(default=0)
    shown_as_cannot_open = models.PositiveIntegerField(default=0)
    path = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "at"])]

    def __str__(self) -> str:
        return f"{self.actor} searched for {self.query[:40]!r} at {self.at}"
