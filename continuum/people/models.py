"""The person index: children and adults, their names, addresses, relationships and households.

Person data is never hard-deleted by the application: querysets refuse to delete, and every
change is kept in history (django-simple-history) with who made it and when.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from continuum.people import rules
from continuum.people.codes import Ethnicity, Sex


class PersonDataDeletionError(Exception):
    """Raised when code tries to delete person data; archive or merge instead."""


class NoDeleteQuerySet(models.QuerySet):
    def delete(self) -> None:
        raise PersonDataDeletionError("Person data is never deleted; archive or merge instead.")


class NoDeleteModel(models.Model):
    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args: object, **kwargs: object) -> None:
        raise PersonDataDeletionError("Person data is never deleted; archive or merge instead.")


class PersonKind(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"


class Person(NoDeleteModel):
    kind = models.CharField(max_length=10, choices=PersonKind.choices, default=PersonKind.CHILD)
    given_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn child: the expected date of birth."
    )
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(
        max_length=100, blank=True, help_text="Gender identity, in the person's own words."
    )
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    nhs_number = models.CharField(max_length=10, blank=True)
    upn = models.CharField("unique pupil number", max_length=13, blank=True)
    is_restricted = models.BooleanField(
        default=False, help_text="A restricted record: only allocated workers may open it."
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["date_of_birth"]),
            # Not unique: legacy systems and imports hold the same child twice, and a second
            # record with a known NHS number is kept and flagged for duplicate review
            # (docs/matching.md, "NHS numbers").
            models.Index(
                fields=["nhs_number"], condition=~Q(nhs_number=""), name="person_nhs_number"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(given_name="") & ~Q(family_name=""), name="person_has_names"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.middle_names, self.family_name) if p)

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    def age_on(self, day: dt.date) -> int | None:
        return rules.age_on(self.date_of_birth, day) if self.date_of_birth else None

    @property
    def nhs_number_display(self) -> str:
        return rules.format_nhs_number(self.nhs_number) if self.nhs_number else ""


class NameKind(models.TextChoices):
    ALIAS = "alias", "Also known as"
    PREVIOUS = "previous", "Previous name"
    PREFERRED = "preferred", "Preferred name"


class PersonName(NoDeleteModel):
    """Another name a person is or was known by."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="other_names")
    kind = models.CharField(max_length=10, choices=NameKind.choices)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    used_until = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


class CurrentAddressQuerySet(NoDeleteQuerySet):
    def current(self) -> "CurrentAddressQuerySet":
        return self.filter(end_date__isnull=True)


class PersonAddress(NoDeleteModel):
    """Where a person lived, from when to when. The open row is the current address."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, db_index=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = CurrentAddressQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_date__isnull=True), name="one_current_address"
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)


class RelationshipKind(models.TextChoices):
    """How `person` relates to `other`: "person is the parent of other"."""

    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    CARER = "carer", "Carer"
    PARTNER = "partner", "Partner"
    OTHER = "other", "Other significant person"


# What `other` is to `person`, read from the other end of the same row.
INVERSE_LABELS = {
    RelationshipKind.PARENT: "Child",
    RelationshipKind.STEP_PARENT: "Step-child",
    RelationshipKind.SIBLING: "Sibling",
    RelationshipKind.HALF_SIBLING: "Half-sibling",
    RelationshipKind.GRANDPARENT: "Grandchild",
    RelationshipKind.CARER: "Cared for",
    RelationshipKind.PARTNER: "Partner",
    RelationshipKind.OTHER: "Other significant person",
}


class Relationship(NoDeleteModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_from")
    other = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_to")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    is_important_to_child = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(person=models.F("other")), name="not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.person} is {self.get_kind_display().lower()} of {self.other}"


class Household(NoDeleteModel):
    """People who live together, however they are related."""

    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.name


class HouseholdMember(NoDeleteModel):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="households")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.person} in {self.household}"


class Allocation(NoDeleteModel):
    """A team, and usually a named worker, working with a person. Drives need-to-know access."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey(
        "organisation.Team", on_delete=models.PROTECT, related_name="allocations"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.TextField(
        blank=True, help_text="Why the worker changed, when this allocation replaced another."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["worker", "end_date"]),
            models.Index(fields=["team", "end_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} with {self.worker or self.team}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


# -- Matching index and duplicate records -------------------------------------------------------
# The matching index is derived data: it is rebuilt from the person index by
# `continuum matching-index` and kept current when a person's details change (see
# continuum/people/matching/index.py). Deleting its rows deletes no person data.


class PersonMatchKey(models.Model):
    """One blocking key of one record: a look-up reads only the records sharing a key with the
    description, so it touches a few hundred rows whatever the size of the index."""

    key = models.BigIntegerField()
    person = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="people_match_key_lookup")]

    def __str__(self) -> str:
        return f"{self.key} -> {self.person_id}"


class PersonMatchRecord(models.Model):
    """A record's details normalised for matching (names, aliases, dates of birth, addresses,
    parents), as compact JSON, so that scoring a candidate needs no further query."""

    person = models.OneToOneField(
        Person,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    kind = models.CharField(max_length=10, choices=PersonKind.choices)
    profile = models.TextField()

    def __str__(self) -> str:
        return f"Matching profile of {self.person_id}"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", "Waiting for review"
    MERGED = "merged", "Merged"
    NOT_DUPLICATE = "not_duplicate", "Not the same person"


class DuplicatePair(models.Model):
    """Two records that `continuum find-duplicates` thinks describe the same person, waiting
    for a manager to look at them side by side. `person` has the lower id."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    probability = models.FloatField()
    reasons = models.TextField(help_text="Why the matcher thinks so, one reason a line.")
    status = models.CharField(
        max_length=20, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )
    found_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-probability", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="one_pair_per_two_people"),
            models.CheckConstraint(condition=Q(person__lt=models.F("other")), name="pair_ordered"),
        ]
        indexes = [models.Index(fields=["status", "probability"])]

    def __str__(self) -> str:
        return f"{self.person_id} and {self.other_id} ({self.probability:.0%})"

    @property
    def reason_list(self) -> list[str]:
        return [r for r in self.reasons.splitlines() if r]


class PersonMerge(models.Model):
    """A manager's decision that `duplicate` is the same person as `survivor`. What was moved
    is listed in MergedRow, so the merge can be undone exactly."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    duplicate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_ended")
    pair = models.ForeignKey(
        DuplicatePair, null=True, blank=True, on_delete=models.PROTECT, related_name="merges"
    )
    reason = models.TextField(blank=True)
    survivor_was_restricted = models.BooleanField(
        default=False,
        help_text="The survivor's restriction before the merge, put back if it is undone.",
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField()
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["duplicate"], condition=Q(undone_at__isnull=True), name="one_live_merge"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duplicate_id} merged into {self.survivor_id}"


class MergedRow(models.Model):
    """One row that a merge repointed from the duplicate to the survivor: which model, which
    row, which field. Undoing the merge points exactly these rows back."""

    merge = models.ForeignKey(PersonMerge, on_delete=models.PROTECT, related_name="rows")
    model = models.CharField(max_length=100, help_text="app_label.ModelName")
    object_id = models.CharField(max_length=64)
    field = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["merge", "model"])]

    def __str__(self) -> str:
        return f"{self.model}:{self.object_id}.{self.field}"


class MatchingApiGrant(models.Model):
    """A partner agency whose systems may ask `POST /api/v1/person-matches` "is this person
    known?". Granted by an administrator (`continuum matching-api-access`), with a reason, and
    revoked rather than deleted, so who could look people up, and when, stays on record."""

    agency = models.ForeignKey(
        "organisation.Agency", on_delete=models.PROTECT, related_name="matching_grants"
    )
    reason = models.TextField()
    granted_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency"], condition=Q(revoked_at__isnull=True), name="one_live_grant"
            ),
        ]

    def __str__(self) -> str:
        return f"Person matching for {self.agency}"
