"""The choices child protection records use, in the seeds' and the DfE's words."""

from django.db import models


class ParticipantAgency(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Children's social care"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other agency"


class ConsentToShare(models.TextChoices):
    GIVEN = "given", "The family consented to information being shared"
    DISPENSED = "dispensed", "Consent was dispensed with"


class StrategyDecision(models.TextChoices):
    SECTION_47 = "section_47", "Start a Section 47 enquiry"
    NO_SECTION_47 = "no_section_47", "No Section 47 enquiry"


class StrategyNextStep(models.TextChoices):
    """Where the work goes when no Section 47 enquiry starts."""

    CHILD_AND_FAMILY_ASSESSMENT = "child_and_family_assessment", "Child and Family Assessment"
    CHILD_IN_NEED = "child_in_need", "Child in Need"
    EARLY_HELP = "early_help", "Early help"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


class Section47Outcome(models.TextChoices):
    NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"
    SUBSTANTIATED_NO_RISK = (
        "substantiated_no_risk",
        "Concerns substantiated, but the child is not judged to be at continuing risk",
    )
    SIGNIFICANT_HARM = (
        "significant_harm",
        "Likely to suffer significant harm: an initial child protection conference is needed",
    )


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"
    TRANSFER_IN = "transfer_in", "Transfer-in child protection conference"


class ConferenceDecision(models.TextChoices):
    CHILD_PROTECTION_PLAN = "cp_plan", "Child Protection plan"
    CHILD_IN_NEED_PLAN = "cin_plan", "Child in Need plan"
    NO_PLAN = "no_plan", "No plan"


class AbuseCategory(models.TextChoices):
    """The DfE's categories of abuse for a Child Protection plan (CIN census codes)."""

    NEGLECT = "NEG", "Neglect"
    PHYSICAL = "PHY", "Physical abuse"
    EMOTIONAL = "EMO", "Emotional abuse"
    SEXUAL = "SAB", "Sexual abuse"
    MULTIPLE = "MUL", "Multiple"


class AttendeeKind(models.TextChoices):
    FAMILY = "family", "Family member"
    CHILD = "child", "The child"
    AGENCY = "agency", "Agency"


class PlanEndReason(models.TextChoices):
    STEP_DOWN_CHILD_IN_NEED = "child_in_need", "Stepped down to a Child in Need plan"
    STEP_DOWN_EARLY_HELP = "early_help", "Stepped down to early help"
    NO_PLAN = "no_plan", "No plan needed: outcomes met"
    CARE = "care", "The child came into care"
    MOVED_AWAY = "moved_away", "The child moved to another authority"
