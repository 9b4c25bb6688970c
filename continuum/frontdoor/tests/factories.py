"""Factories for the front door: one per state of a contact."""

import datetime as dt

import factory

from continuum.frontdoor.models import (
    Consent,
    Contact,
    ContactKind,
    ContactPerson,
    ContactStatus,
    PersonRole,
)
from continuum.organisation.tests.factories import PartnerAgencyFactory


class DraftRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    kind = ContactKind.REQUEST_FOR_SUPPORT
    status = ContactStatus.DRAFT
    agency = factory.SubFactory(PartnerAgencyFactory)
    referrer_name = "Alex Example"
    referrer_role = "Designated Safeguarding Lead"
    claimed_level = 3
    worries = "Comes to school hungry."
    strengths = "Mum asks for help."
    child_voice = "'There is no food at home.'"
    consent = Consent.GIVEN
    safeguarding_lead_consulted = True


class ReceivedContactFactory(DraftRequestFactory):
    """A submitted contact waiting in the Hub queue."""

    status = ContactStatus.RECEIVED
    reference = factory.Sequence(lambda n: f"RFS-2026-{n + 1:06d}")
    received_at = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
    due_at = dt.datetime(2026, 11, 24, 17, 0, tzinfo=dt.UTC)
    rag = "amber"


class ContactChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    contact = factory.SubFactory(ReceivedContactFactory)
    role = PersonRole.CHILD
    given_name = "Riley"
    family_name = "Sample"
    date_of_birth = dt.date(2017, 5, 14)
    sex = "M"
