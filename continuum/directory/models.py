"""The services directory, in Open Referral UK's shape (the UK profile of HSDS 3.0).

Each model is one ORUK object and keeps ORUK's field names, so the API and the import and
export are translations of names we already use rather than a mapping to remember. Every
object keeps its ORUK `id` (a UUID) as its primary key: an imported directory keeps its ids,
and exporting it again gives the same document.

A few columns are Continuum's own and never appear in ORUK JSON: where a record came from
(`source`), the OSGB36 easting and northing of a location's postcode (for distance search),
a weekday bit mask on schedules (for day search) and a lower-case search text on services.
They are derived from ORUK fields, so an import recomputes them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class RecordSource(models.TextChoices):
    """Where a directory record came from: seed data is the authority's own list and is kept
    apart from generated demo records and from imports."""

    SEED = "seed", "Seed data (named in the authority's own documents)"
    GENERATED = "generated", "Generated for the demo"
    IMPORTED = "imported", "Imported from Open Referral UK JSON"
    SUGGESTED = "suggested", "Suggested, then accepted by an administrator"
    ENTERED = "entered", "Entered by an administrator"


class Taxonomy(models.Model):
    """A vocabulary of terms, such as the FYI directory's activity types."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=255)
    description = models.TextField()
    uri = models.CharField(max_length=500, blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """One term: an activity type families search by ("Parenting support")."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    taxonomy = models.ForeignKey(
        Taxonomy, null=True, blank=True, on_delete=models.PROTECT, related_name="terms"
    )
    # ORUK's free-text name of the taxonomy, for terms from a vocabulary not listed here.
    taxonomy_name = models.CharField(max_length=255, blank=True)
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=255)
    description = models.TextField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    term_uri = models.CharField(max_length=500, blank=True)
    term = models.CharField(max_length=255, blank=True)
    language = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """Who provides services: the council, a charity, a health trust, a peer group."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=255)
    alternate_name = models.CharField(max_length=255, blank=True)
    description = models.TextField()
    email = models.CharField(max_length=254, blank=True)
    website = models.CharField(max_length=500, blank=True)
    logo = models.CharField(max_length=500, blank=True)
    uri = models.CharField(max_length=500, blank=True)
    parent_organization = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    source = models.CharField(
        max_length=20, choices=RecordSource.choices, default=RecordSource.ENTERED
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class Service(models.Model):
    """A service families can use. Only active services are found by search."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=255)
    alternate_name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    email = models.CharField(max_length=254, blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    fees = models.TextField(blank=True)
    fees_description = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    eligibility_description = models.TextField(blank=True)
    application_process = models.TextField(blank=True)
    minimum_age = models.FloatField(null=True, blank=True)
    maximum_age = models.FloatField(null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.CharField(max_length=254, blank=True)
    alert = models.TextField(blank=True)
    last_modified = models.DateTimeField(null=True, blank=True)

    # Continuum's own columns (see the module docstring).
    source = models.CharField(
        max_length=20, choices=RecordSource.choices, default=RecordSource.ENTERED
    )
    search_text = models.TextField(blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ServiceContact(models.Model):
    """ORUK's `contact`: a named person or role to ask about a service."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=255, blank=True)
    department = models.CharField(max_length=255, blank=True)
    email = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name or self.title or "Contact"


class Phone(models.Model):
    """A phone number for a service or one of its contacts."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    contact = models.ForeignKey(
        ServiceContact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(max_length=50)
    extension = models.PositiveIntegerField(null=True, blank=True)
    type = models.CharField(max_length=30, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["number", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(contact__isnull=False),
                name="phone_belongs_to_service_or_contact",
            )
        ]

    def __str__(self) -> str:
        return self.number


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "A place to visit"
    POSTAL = "postal", "A postal address"
    VIRTUAL = "virtual", "Online or by phone"


class Location(models.Model):
    """Where services happen: a family hub, a school hall, a clinic, or online."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(max_length=255, blank=True)
    alternate_name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    transportation = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=50, blank=True)

    # Continuum's own: the postcode's centroid (ONS postcode directory, OSGB36 metres), so
    # that distance search is arithmetic on two indexed integer columns.
    postcode = models.CharField(max_length=8, blank=True)
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)
    is_family_hub = models.BooleanField(default=False)
    source = models.CharField(
        max_length=20, choices=RecordSource.choices, default=RecordSource.ENTERED
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["easting", "northing"]),
            models.Index(fields=["northing"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(easting__isnull=True, northing__isnull=True)
                | Q(easting__isnull=False, northing__isnull=False),
                name="location_has_both_easting_and_northing_or_neither",
            )
        ]

    def __str__(self) -> str:
        return self.name or self.postcode or "Location"


class Address(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=255, blank=True)
    address_1 = models.CharField(max_length=255)
    address_2 = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100)
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2, default="GB")
    address_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )

    class Meta:
        ordering = ["address_type", "id"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return ", ".join(p for p in (self.address_1, self.city, self.postal_code) if p)


class Accessibility(models.Model):
    """What a location offers for disabled people: step-free access, hearing loops."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "accessibility"

    def __str__(self) -> str:
        return self.description[:60]


class ServiceAtLocation(models.Model):
    """A service as delivered at one place. Distance search returns these."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="service_at_locations"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="one_service_at_location_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class SearchEntry(models.Model):
    """Continuum's own read model for search: one narrow row per session of a service at a
    location (each of its schedules; one row with no schedule when it has none), holding
    only what search filters and orders by. Each process holds the whole table in memory as
    columns (`search_index.Snapshot`), so a search needs no joins, subqueries or scans.
    `is_first` marks one row per service at a location, for searches that ask nothing
    about timetables.

    Derived from the ORUK records and rebuilt by `search.refresh_search_entries` wherever
    they change (imports, accepted suggestions); never edited by hand."""

    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    # The service's id as a number (`search_index.service_key`): the word index answers with
    # thousands of services for a common word, and numbers compare faster than UUIDs.
    service_key = models.BigIntegerField()
    is_first = models.BooleanField()
    is_active = models.BooleanField()
    easting = models.IntegerField(null=True)
    northing = models.IntegerField(null=True)
    minimum_age = models.FloatField(null=True)
    maximum_age = models.FloatField(null=True)
    # The session: its weekdays (Schedule.day_mask), times and the dates it is valid between.
    day_mask = models.PositiveSmallIntegerField(default=0)
    opens_at = models.TimeField(null=True)
    closes_at = models.TimeField(null=True)
    valid_from = models.DateField(null=True)
    valid_to = models.DateField(null=True)

    def __str__(self) -> str:
        return f"Search entry for {self.service_at_location_id}"


class SearchWord(models.Model):
    """Continuum's own word index: each distinct word of a service's search text, so that
    free-text search is an index range ("parent" finds "parenting") rather than a scan of
    every description. Rebuilt with the search entries."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    service_key = models.BigIntegerField()
    word = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["word", "service_key"], name="directory_search_word")]

    def __str__(self) -> str:
        return self.word


class SearchIndexVersion(models.Model):
    """One row: a random token that changes whenever any search entries are rebuilt, so
    each process knows when its in-memory search index (`search_index.Snapshot`) is out of
    date. A token rather than a counter, so that a rolled-back change can never be mistaken
    for a later one."""

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token


class ScheduleFrequency(models.TextChoices):
    WEEKLY = "WEEKLY", "Weekly"
    MONTHLY = "MONTHLY", "Monthly"


class Schedule(models.Model):
    """A regular timetable (iCalendar-style): which days, from when to when, between which
    dates. A family hub's weekly timetable is the schedules of the services held there."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedules",
        db_index=False,  # indexed where not NULL: see Meta
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=10, choices=ScheduleFrequency.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=100, blank=True)
    bymonthday = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.CharField(max_length=500, blank=True)
    attending_type = models.CharField(max_length=255, blank=True)
    notes = models.TextField(blank=True)

    # Continuum's own: one bit per weekday in `byday` (Monday = 1, Sunday = 64).
    day_mask = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["day_mask", "opens_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(service_at_location__isnull=False),
                name="schedule_belongs_to_service_or_service_at_location",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="schedule_valid_dates_in_order",
            ),
        ]
        indexes = [
            # Most schedules belong to a service at a place, so `service` is mostly NULL. A
            # plain index makes SQLite's planner count the NULLs as one huge group and scan
            # the table instead; an index of the non-NULL ones is used for every lookup.
            models.Index(
                fields=["service"],
                condition=Q(service__isnull=False),
                name="directory_schedule_of_service",
            )
        ]

    def __str__(self) -> str:
        return self.description or f"{self.byday} {self.opens_at}-{self.closes_at}"


class ServiceArea(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=255, blank=True)
    service_area = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=50, blank=True)
    uri = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name or self.code


class Funding(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="funding")
    source = models.TextField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.source[:60]


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.TextField(blank=True)
    currency = models.CharField(max_length=3, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.option or str(self.amount)


class ServiceAttribute(models.Model):
    """ORUK's `attribute` on a service: links it to a taxonomy term (its activity types)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.PROTECT, related_name="service_attributes"
    )
    link_type = models.CharField(max_length=50, blank=True)
    value = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "taxonomy_term"], name="one_attribute_per_service_term"
            )
        ]
        indexes = [models.Index(fields=["taxonomy_term", "service"])]

    def __str__(self) -> str:
        return f"{self.service}: {self.taxonomy_term}"


class LocationAttribute(models.Model):
    """ORUK's `attribute` on a location (for example "Family hub")."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.PROTECT, related_name="location_attributes"
    )
    link_type = models.CharField(max_length=50, blank=True)
    value = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "taxonomy_term"], name="one_attribute_per_location_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location}: {self.taxonomy_term}"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    ACCEPTED = "accepted", "Added to the directory"
    REJECTED = "rejected", "Not added"


class ServiceSuggestion(models.Model):
    """A service someone knows about that the directory is missing. Anyone may suggest one
    (families without signing in); an administrator accepts it, edits it first, or rejects
    it with a reason. History keeps every edit and who made it."""

    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    name = models.CharField("name of the service", max_length=255)
    description = models.TextField("what it offers")
    organisation_name = models.CharField("who runs it", max_length=255, blank=True)
    activity = models.ForeignKey(
        TaxonomyTerm, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address_1 = models.CharField("building and street", max_length=255, blank=True)
    town = models.CharField("town", max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    when = models.TextField("when it runs", blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    email = models.CharField(max_length=254, blank=True)
    website = models.CharField(max_length=500, blank=True)
    suggested_by_name = models.CharField("your name", max_length=200, blank=True)
    suggested_by_email = models.CharField("your email address", max_length=254, blank=True)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    suggested_at = models.DateTimeField()
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="suggestions"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-suggested_at", "-id"]
        indexes = [models.Index(fields=["status", "suggested_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="rejected_suggestion_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(service__isnull=False),
                name="accepted_suggestion_has_service",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(moderated_at__isnull=False),
                name="moderated_suggestion_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Signposting(models.Model):
    """A service the Hub helped a family reach instead of an assessment, on one contact."""

    contact = models.ForeignKey(
        "frontdoor.Contact", on_delete=models.PROTECT, related_name="signpostings"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="signpostings")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "service"], name="one_signposting_per_contact_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact} signposted to {self.service}"
