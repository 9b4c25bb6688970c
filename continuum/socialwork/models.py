"""Statutory social work started by the Hub: strategy discussions and assessments.

Plans, conferences and reviews build on these in later work.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class AssessmentKind(models.TextChoices):
    CHILD_AND_FAMILY = "child_and_family", "Child and Family Assessment"
    SECTION_47 = "section_47", "Section 47 enquiry"
    SPECIALIST = "specialist", "Specialist assessment"


class AssessmentStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETED = "completed", "Completed"


class Assessment(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="assessments"
    )
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

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(status="open"),
                name="one_open_assessment_of_a_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person}"


class StrategyDiscussion(models.Model):
    """Held when significant harm is suspected; it decides whether a Section 47 enquiry starts."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="strategy_discussions"
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

    class Meta:
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return f"Strategy discussion for {self.person}"
