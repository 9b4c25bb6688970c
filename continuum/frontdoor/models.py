"""The front door: Advice Line consultations, contacts (Requests for Support, phone calls,
police notifications, out-of-hours records, requests for information), Hub screening, checks
with other agencies, and the Hub's decision.

Every state a contact passes through is a status with a time, so timeliness and the returns
are computed from history rather than reconstructed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from continuum.people.codes import Sex


class AdviceOutcome(models.TextChoices):
    SUBMIT_REQUEST = "submit_request", "Advised to submit a Request for Support"
    SIGNPOSTED = "signposted", "Signposted to other services"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    REPORT_NOW = "report_now", "Advised to report now by phone"


class AdviceLineConsultation(models.Model):
    """A professional's anonymous consultation. Holds nothing that identifies a family."""

    caller_agency_kind = models.CharField(max_length=20)
    caller_role = models.CharField(max_length=200)
    question = models.TextField()
    advice = models.TextField()
    outcome = models.CharField(max_length=20, choices=AdviceOutcome.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Advice Line consultation {self.pk} ({self.get_outcome_display()})"


class ContactKind(models.TextChoices):
    REQUEST_FOR_SUPPORT = "request_for_support", "Request for Support"
    PHONE = "phone", "Phone contact"
    POLICE_NOTIFICATION = "police_notification", "Police notification"
    EDT_RECORD = "edt_record", "Emergency Duty Team record"
    REQUEST_FOR_INFORMATION = (
        "request_for_information",
        "Request for information from another authority",
    )


class ContactStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    DISCARDED = "discarded", "Draft discarded"
    RECEIVED = "received", "Waiting for screening"
    SCREENING = "screening", "Being screened"
    DECIDED = "decided", "Decided"


# A referrer's draft, kept or discarded, was never sent: the Hub cannot see or change it.
NOT_SENT = (ContactStatus.DRAFT, ContactStatus.DISCARDED)


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class LevelOfNeed(models.IntegerChoices):
    UNIVERSAL_PLUS = 2, "Level 2 Universal Plus"
    INTENSIVE = 3, "Level 3 Intensive"
    SAFEGUARDING = 4, "Level 4 Safeguarding"


class Consent(models.TextChoices):
    GIVEN = "given", "The family has consented"
    DISPENSED = "dispensed", "Consent dispensed with"
    NOT_YET = "not_yet", "Not yet known"


class Contact(models.Model):
    """One worry arriving at the front door, however it came."""

    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    kind = models.CharField(max_length=30, choices=ContactKind.choices)
    status = models.CharField(
        max_length=20, choices=ContactStatus.choices, default=ContactStatus.DRAFT
    )
    rag = models.CharField(max_length=10, choices=Rag.choices, default=Rag.AMBER)
    received_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)

    # Who is asking.
    agency = models.ForeignKey(
        "organisation.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_email = models.EmailField(blank=True)

    # What they are worried about, in the seeds' words.
    claimed_level = models.IntegerField(choices=LevelOfNeed.choices, null=True, blank=True)
    worries = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    child_voice = models.TextField("the child's own words", blank=True)
    important_people = models.TextField("who is important to the child", blank=True)
    family_address_line_1 = models.CharField(max_length=200, blank=True)
    family_address_line_2 = models.CharField(max_length=200, blank=True)
    family_town = models.CharField(max_length=100, blank=True)
    family_postcode = models.CharField(max_length=8, blank=True)
    consent = models.CharField(max_length=20, choices=Consent.choices, default=Consent.NOT_YET)
    consent_dispensed_reason = models.TextField(blank=True)
    safeguarding_lead_consulted = models.BooleanField(null=True, blank=True)
    immediate_danger = models.BooleanField(default=False)

    # Screening.
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    screening_started_at = models.DateTimeField(null=True, blank=True)
    # A draft its author discarded: kept, with its history, but no longer listed as a draft.
    discarded_at = models.DateTimeField(null=True, blank=True)

    # Drafts are saved as the referrer types; `version` refuses a stale save from another tab.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["agency", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "discarded"])
                | Q(received_at__isnull=False, reference__isnull=False),
                name="submitted_contact_has_reference_and_time",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "discarded"])
                | ~Q(consent="dispensed")
                | ~Q(consent_dispensed_reason=""),
                name="dispensed_consent_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"Draft {self.pk}"

    @property
    def children(self) -> models.QuerySet["ContactPerson"]:
        return self.people.filter(role=PersonRole.CHILD)


class ScreeningTakeover(models.Model):
    """A Hub worker took over screening a contact another worker had started (someone is off
    sick, the contact is overdue). Kept so the contact's history shows who held it when."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="takeovers")
    previous_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["taken_at", "id"]

    def __str__(self) -> str:
        return f"{self.taken_by} took over {self.contact} from {self.previous_worker}"


class HeldAnswer(models.Model):
    """An answer in a draft that cannot be saved as it stands (31/2/2019 as a date of birth,
    an NHS number that fails its check), kept exactly as the referrer typed it with what needs
    fixing, so that nothing typed is lost. `field` is the form's name for it
    ("child-0-date_of_birth", the first child saved); `typed` maps each of its inputs' names to
    the text typed there (a date has three). Replaced on every save of the draft."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="held_answers")
    field = models.CharField(max_length=100)
    typed = models.JSONField(default=dict)
    problem = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "field"], name="one_held_answer_per_field")
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.problem}"


class PersonRole(models.TextChoices):
    CHILD = "child", "Child"
    PARENT_CARER = "parent_carer", "Parent or carer"
    OTHER_ADULT = "other_adult", "Other adult"


class MatchStatus(models.TextChoices):
    UNCHECKED = "unchecked", "Not yet checked against the index"
    MATCHED = "matched", "Matched to an existing record"
    NEW = "new", "New record created"


class ContactPerson(models.Model):
    """Someone named in a contact, as the referrer described them, and who they turned out to be."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="people")
    role = models.CharField(max_length=20, choices=PersonRole.choices, default=PersonRole.CHILD)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    nhs_number = models.CharField(max_length=10, blank=True)
    relationship_to_child = models.CharField(max_length=100, blank=True)
    lives_with_child = models.BooleanField(null=True, blank=True)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_mentions",
    )
    match_status = models.CharField(
        max_length=20, choices=MatchStatus.choices, default=MatchStatus.UNCHECKED
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "id"]

    def __str__(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p) or "Unnamed"


class ScreeningCandidate(models.Model):
    """A record screening offered the Hub as a possible match for someone named in a contact.
    The Hub may only match a named person to a record offered here (or to one it creates),
    never to any record number it types."""

    named = models.ForeignKey(ContactPerson, on_delete=models.PROTECT, related_name="offered")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    percent = models.PositiveSmallIntegerField()
    offered_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    offered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["named", "person"], name="offered_once_per_person")
        ]

    def __str__(self) -> str:
        return f"Record {self.person_id} offered for {self.named}"


class IndicatorTick(models.Model):
    """A Continuum of Need indicator the referrer ticked."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "code"], name="one_tick_per_indicator")
        ]

    def __str__(self) -> str:
        return self.code


class CheckAgency(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    SCHOOL = "school", "School"
    OTHER = "other", "Other"


class AgencyCheck(models.Model):
    """A multi-agency check: what the Hub asked of police, health, school or others, and heard."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="checks")
    agency = models.CharField(max_length=20, choices=CheckAgency.choices)
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return f"{self.get_agency_display()} check for {self.contact}"


class DecisionOutcome(models.TextChoices):
    """What the Hub decided the family needs (the routing rule turns this into a next step)."""

    SIGNIFICANT_HARM = (
        "significant_harm",
        "Significant harm suspected: strategy discussion and Section 47 enquiry",
    )
    STATUTORY_ASSESSMENT = (
        "statutory_assessment",
        "Needs support at statutory level: Child and Family Assessment",
    )
    SPECIALIST_ASSESSMENT = "specialist_assessment", "Needs a specialist assessment"
    EARLY_HELP = "early_help", "Family struggling, no significant harm: Early Help"
    SIGNPOST = "signpost", "No assessment needed: help to access services directly"
    FAMILY_DECLINED = (
        "family_declined",
        "Family does not want support and there is no significant harm",
    )


class ContactDecision(models.Model):
    """The Hub's decision on a contact, with its reason and the named person who made it."""

    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=30, choices=DecisionOutcome.choices)
    next_step = models.CharField(max_length=40)
    team = models.ForeignKey("organisation.Team", null=True, blank=True, on_delete=models.PROTECT)
    reason = models.TextField()
    explanation = models.TextField(help_text="The routing rule's explanation, for the record.")
    signposted_to = models.TextField(blank=True)
    outcome_for_referrer = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Indexed: the Hub queue counts the decisions made today on every showing.
    decided_at = models.DateTimeField(db_index=True)
    was_on_time = models.BooleanField()

    def __str__(self) -> str:
        return f"{self.contact}: {self.get_outcome_display()}"
