"""Early help: the Early Help Hub agrees which agency leads an Early Help Assessment."""

from django.db import models


class EarlyHelpRequestStatus(models.TextChoices):
    AWAITING_LEAD = "awaiting_lead", "Waiting for a lead agency to be agreed"
    LEAD_AGREED = "lead_agreed", "Lead agency agreed"


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

    class Meta:
        ordering = ["requested_on"]

    def __str__(self) -> str:
        return f"Early help request for {self.person}"
