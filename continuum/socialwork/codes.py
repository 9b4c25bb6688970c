"""The Department for Education's codes the Children in Need census reads from the episode.

Kept beside the pathway so that every record stores the code the census needs, and the page
shows the words. Codes are never removed (old returns must stay valid); a code withdrawn by the
Department would be marked so here, not deleted.
"""

from django.db import models


class PrimaryNeed(models.TextChoices):
    """The main reason the child is in need (CIN census PrimaryNeedCode)."""

    ABUSE_OR_NEGLECT = "N1", "Abuse or neglect"
    CHILD_DISABILITY = "N2", "Child's disability or illness"
    PARENT_DISABILITY = "N3", "Parent's disability or illness"
    ACUTE_STRESS = "N4", "Family in acute stress"
    FAMILY_DYSFUNCTION = "N5", "Family dysfunction"
    BEHAVIOUR = "N6", "Socially unacceptable behaviour"
    LOW_INCOME = "N7", "Low income"
    ABSENT_PARENTING = "N8", "Absent parenting"
    NOT_IN_NEED = "N9", "Cases other than children in need"
    NOT_STATED = "N0", "Not stated"


class ClosureReason(models.TextChoices):
    """Why an episode of need closed (CIN census ReasonForClosure)."""

    ADOPTED = "RC1", "Adopted"
    DIED = "RC2", "Died"
    CHILD_ARRANGEMENTS_ORDER = "RC3", "Child arrangements order"
    SPECIAL_GUARDIANSHIP_ORDER = "RC4", "Special guardianship order"
    ANOTHER_AUTHORITY = "RC5", "Moved to another local authority's services"
    ADULT_SERVICES = "RC6", "Moved to adult social care"
    SERVICES_CEASED = "RC7", "Support ended: the child is no longer in need"
    NO_FURTHER_ACTION = "RC8", "Closed after assessment: no further action"
    EARLY_HELP = "RC9", "Closed after assessment: stepped down to early help"


class ReferralSource(models.TextChoices):
    """Who made the referral (CIN census ReferralSource)."""

    FAMILY = "1A", "Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance"
    SELF = "1C", "Individual: the child themselves"
    OTHER_INDIVIDUAL = "1D", "Individual: other"
    SCHOOL = "2A", "School"
    EDUCATION_SERVICES = "2B", "Education services"
    GP = "3A", "Health: GP"
    HEALTH_VISITOR = "3B", "Health: health visitor"
    SCHOOL_NURSE = "3C", "Health: school nurse"
    OTHER_PRIMARY_HEALTH = "3D", "Health: other primary health services"
    HOSPITAL = "3E", "Health: A&E and other hospital services"
    OTHER_HEALTH = "3F", "Health: other"
    HOUSING = "4", "Housing"
    LA_SOCIAL_CARE = "5A", "Local authority: social care"
    LA_INTERNAL = "5B", "Local authority: other internal department"
    LA_EXTERNAL = "5C", "Local authority: external, for example another authority"
    OTHER_LA = "5D", "Local authority: other"
    POLICE = "6", "Police"
    OTHER_LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


AGENCY_KIND_REFERRAL_SOURCE = {
    "school": ReferralSource.SCHOOL,
    "early_years": ReferralSource.EDUCATION_SERVICES,
    "health": ReferralSource.OTHER_HEALTH,
    "police": ReferralSource.POLICE,
    "housing": ReferralSource.HOUSING,
    "voluntary": ReferralSource.OTHER,
    "local_authority": ReferralSource.LA_INTERNAL,
}
"""The referral source for a contact from a partner agency, by the agency's kind."""

CONTACT_KIND_REFERRAL_SOURCE = {
    "police_notification": ReferralSource.POLICE,
    "edt_record": ReferralSource.LA_SOCIAL_CARE,
    "request_for_information": ReferralSource.OTHER_LA,
}
"""The referral source for contacts whose kind says who sent them."""


def referral_source_for(contact_kind: str, agency_kind: str | None) -> str:
    """The DfE referral source the census reports for a contact, from who sent it."""
    by_kind = CONTACT_KIND_REFERRAL_SOURCE.get(contact_kind)
    if by_kind is not None:
        return by_kind
    if agency_kind is not None:
        return AGENCY_KIND_REFERRAL_SOURCE.get(agency_kind, ReferralSource.OTHER)
    return ReferralSource.UNKNOWN


class AssessmentFactor(models.TextChoices):
    """The factors identified at the end of an assessment (CIN census AssessmentFactors).

    Letters say whose difficulty it is: A the child, B a parent or carer, C another person
    living in the household. "No factors identified" (21) is recorded alone.
    """

    ALCOHOL_CHILD = "1A", "Alcohol misuse: the child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse: a parent or carer"
    ALCOHOL_OTHER = "1C", "Alcohol misuse: another person in the household"
    DRUGS_CHILD = "2A", "Drug misuse: the child"
    DRUGS_PARENT = "2B", "Drug misuse: a parent or carer"
    DRUGS_OTHER = "2C", "Drug misuse: another person in the household"
    DOMESTIC_ABUSE_CHILD = "3A", "Domestic abuse: the child"
    DOMESTIC_ABUSE_PARENT = "3B", "Domestic abuse: a parent or carer"
    DOMESTIC_ABUSE_OTHER = "3C", "Domestic abuse: another person in the household"
    MENTAL_HEALTH_CHILD = "4A", "Mental health: the child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health: a parent or carer"
    MENTAL_HEALTH_OTHER = "4C", "Mental health: another person in the household"
    LEARNING_DISABILITY_CHILD = "5A", "Learning disability: the child"
    LEARNING_DISABILITY_PARENT = "5B", "Learning disability: a parent or carer"
    LEARNING_DISABILITY_OTHER = "5C", "Learning disability: another person in the household"
    PHYSICAL_DISABILITY_CHILD = "6A", "Physical disability or illness: the child"
    PHYSICAL_DISABILITY_PARENT = "6B", "Physical disability or illness: a parent or carer"
    PHYSICAL_DISABILITY_OTHER = (
        "6C",
        "Physical disability or illness: another person in the household",
    )
    YOUNG_CARER = "7A", "Young carer"
    PRIVATE_FOSTERING_OVERSEAS_RETURNING = (
        "8B",
        "Privately fostered: from overseas, intends to return",
    )
    PRIVATE_FOSTERING_OVERSEAS_STAYING = "8C", "Privately fostered: from overseas, intends to stay"
    PRIVATE_FOSTERING_UK_EDUCATION = "8D", "Privately fostered: UK child in education or training"
    PRIVATE_FOSTERING_UK_OTHER = "8E", "Privately fostered: UK child, other"
    PRIVATE_FOSTERING_OTHER = "8F", "Privately fostered: other"
    UNACCOMPANIED_ASYLUM_SEEKER = "9A", "Unaccompanied asylum-seeking child"
    MISSING = "10A", "Going missing"
    SEXUAL_EXPLOITATION = "11A", "Child sexual exploitation"
    TRAFFICKING = "12A", "Trafficking"
    GANGS = "13A", "Gangs"
    BEHAVIOUR = "14A", "Socially unacceptable behaviour"
    SELF_HARM = "15A", "Self-harm"
    NEGLECT = "16A", "Abuse or neglect: neglect"
    EMOTIONAL_ABUSE = "17A", "Abuse or neglect: emotional abuse"
    PHYSICAL_ABUSE_ADULT = "18B", "Abuse or neglect: physical abuse by an adult"
    PHYSICAL_ABUSE_CHILD = "18C", "Abuse or neglect: physical abuse by another child"
    SEXUAL_ABUSE_ADULT = "19B", "Abuse or neglect: sexual abuse by an adult"
    SEXUAL_ABUSE_CHILD = "19C", "Abuse or neglect: sexual abuse by another child"
    FEMALE_GENITAL_MUTILATION = "20", "Female genital mutilation"
    NO_FACTORS = "21", "No factors identified"
    FAITH_OR_BELIEF = "22A", "Abuse linked to faith or belief"
    CRIMINAL_EXPLOITATION = "23A", "Child criminal exploitation"
    OTHER = "24A", "Other"


NO_FACTORS_IDENTIFIED = AssessmentFactor.NO_FACTORS.value
"""Recorded alone: an assessment that identifies factors does not also say there are none."""
