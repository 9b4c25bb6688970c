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
