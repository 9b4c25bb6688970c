"""What the returns keep: the previous censuses loaded into Continuum, and the identifiers
their children had in the authority's old system, so a second file links to the same child."""

from django.conf import settings
from django.db import models


class CensusImport(models.Model):
    """One census file loaded by `continuum returns import-cin`."""

    year = models.PositiveSmallIntegerField()
    la_number = models.CharField(max_length=3, blank=True)
    file_name = models.CharField(max_length=255)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    children = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0, help_text="Children new to Continuum.")
    linked = models.PositiveIntegerField(default=0, help_text="Children already known.")
    flagged = models.PositiveIntegerField(default=0, help_text="Pairs sent to duplicate review.")

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"CIN census {self.year} ({self.file_name})"


class ImportedChild(models.Model):
    """The identifier a child had in an imported census (LAchildID), and who they are here."""

    census_import = models.ForeignKey(
        CensusImport, on_delete=models.PROTECT, related_name="imported_children"
    )
    la_child_id = models.CharField(max_length=20, db_index=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["census_import", "la_child_id", "person"], name="one_row_per_child_a_file"
            )
        ]

    def __str__(self) -> str:
        return f"{self.la_child_id}: {self.person_id}"
