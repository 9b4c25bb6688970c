"""The chronology: every significant event in a person's life that the service knows about.

Every feature writes its events here through `record_event`, so a child's page shows one
story in date order, whichever team recorded each part of it.
"""

from django.conf import settings
from django.db import models


class EventKind(models.TextChoices):
    """Kinds of chronology event. Later features add theirs here, so the filter lists them."""

    RECORD_CREATED = "record_created", "Record created"
    BIRTH = "birth", "Birth"
    ADDRESS = "address", "Change of address"
    FAMILY = "family", "Family and relationships"
    ALLOCATION = "allocation", "Allocation"
    CONTACT = "contact", "Contact or request for support"
    SIGNPOSTING = "signposting", "Signposted to services"
    ASSESSMENT = "assessment", "Assessment"
    PLAN = "plan", "Plan"
    MEETING = "meeting", "Meeting or conference"
    CHAIR_REVIEW = "chair_review", "Chair's review of progress"
    VISIT = "visit", "Visit"
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    MISSING = "missing", "Missing episode"
    CARE = "care", "Care"
    CLOSURE = "closure", "Case closed"
    OTHER = "other", "Other"


class ChronologyEvent(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="chronology")
    occurred_on = models.DateField()
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    is_significant = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Where the event came from: "people.PersonAddress:41". Plain text keeps every app free
    # to point here without a generic foreign key.
    source = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["person", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on}: {self.summary}"


class IdempotencyRecord(models.Model):
    """The stored answer to a submission made with an `Idempotency-Key`, so that a client's
    retry gets the same answer instead of making a second request."""

    scope = models.CharField(
        max_length=100, help_text="Who sent it, e.g. agency:demo-primary-school"
    )
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="one_answer_per_key")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
