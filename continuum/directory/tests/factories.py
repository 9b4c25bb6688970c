"""Factories for the directory: one per kind of record, and a few per state (a family hub, a
service that runs on Saturdays, a pending or rejected suggestion)."""

import datetime as dt

import factory

from continuum.core import clock
from continuum.directory import rules
from continuum.directory.models import (
    Address,
    Location,
    Organization,
    Phone,
    RecordSource,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceStatus,
    ServiceSuggestion,
    SuggestionStatus,
    Taxonomy,
    TaxonomyTerm,
)
from continuum.directory.oruk import FAMILY_HUB_TERM_ID
from continuum.directory.search import refresh_search_entries

# Real centroids from the ONS postcode directory (OSGB36 metres), so tests need not load it.
POSTCODES = {
    "FY1 3LA": (331292, 436427),
    "FY1 3JQ": (331394, 436510),
    "FY1 5HP": (331486, 435027),
    "FY3 7RW": (333184, 437435),
    "FY1 1AP": (330548, 436189),
    "FY1 4HU": (330697, 436048),
    "FY1 1LY": (330695, 436333),
    "FY4 1QD": (330955, 432145),
    "FY2 0HH": (331779, 439639),
    "FY8 1AA": (334000, 428500),
}


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taxonomy

    name = "FYI activity types"
    description = "Activity types"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm

    taxonomy = factory.SubFactory(TaxonomyFactory)
    name = factory.Sequence(lambda n: f"Activity {n}")
    description = factory.LazyAttribute(lambda o: f"About {o.name}")
    code = factory.Sequence(lambda n: f"activity-{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Test Community Group {n}")
    description = "A local group."


class LocationFactory(factory.django.DjangoModelFactory):
    """A place at one of the test postcodes, with its address and centroid."""

    class Meta:
        model = Location
        skip_postgeneration_save = True

    class Params:
        at = "FY1 3LA"

    name = factory.Sequence(lambda n: f"Test Community Centre {n}")
    postcode = factory.LazyAttribute(lambda o: o.at)
    easting = factory.LazyAttribute(lambda o: POSTCODES[o.at][0])
    northing = factory.LazyAttribute(lambda o: POSTCODES[o.at][1])

    @factory.post_generation
    def address(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            Address.objects.create(
                location=self,
                address_1=self.name,
                city="Blackpool",
                state_province="Lancashire",
                postal_code=self.postcode,
            )


class FamilyHubFactory(LocationFactory):
    name = factory.Sequence(lambda n: f"Test Family Hub {n}")
    is_family_hub = True


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Test Service {n}")
    description = "Help for families."
    status = ServiceStatus.ACTIVE
    last_modified = factory.LazyFunction(clock.now)
    source = RecordSource.ENTERED

    @factory.post_generation
    def search(self, create: bool, extracted: object, **kwargs: object) -> None:
        self.search_text = rules.build_search_text(
            self.name, self.description, self.organization.name
        )
        if create:
            self.save(update_fields=["search_text"])


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation
        skip_postgeneration_save = True

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)

    @factory.post_generation
    def search_entry(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            refresh_search_entries([self.service_id])


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule
        skip_postgeneration_save = True

    service_at_location = factory.SubFactory(ServiceAtLocationFactory)
    freq = "WEEKLY"
    byday = "SA"
    opens_at = dt.time(10, 0)
    closes_at = dt.time(12, 0)
    day_mask = factory.LazyAttribute(lambda o: rules.day_mask(o.byday))

    @factory.post_generation
    def search_entry(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            owner = self.service_id or self.service_at_location.service_id
            refresh_search_entries([owner])


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    service = factory.SubFactory(ServiceFactory)
    number = factory.Sequence(lambda n: f"01632 960{n % 1000:03d}")


class ServiceAttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAttribute

    service = factory.SubFactory(ServiceFactory)
    taxonomy_term = factory.SubFactory(TermFactory)


def family_hub_term() -> TaxonomyTerm:
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name="Continuum location types", defaults={"description": "Location types"}
    )
    term, _ = TaxonomyTerm.objects.get_or_create(
        id=FAMILY_HUB_TERM_ID,
        defaults={"name": "Family hub", "description": "A family hub", "taxonomy": taxonomy},
    )
    return term


def service_at(
    postcode: str,
    *,
    name: str,
    byday: str = "SA",
    opens: dt.time = dt.time(10),
    closes: dt.time = dt.time(12),
    minimum_age: float | None = None,
    maximum_age: float | None = None,
    location: Location | None = None,
    terms: tuple[TaxonomyTerm, ...] = (),
    description: str = "Help for families.",
) -> ServiceAtLocation:
    """A service held once a week at a place near a test postcode: the shape most search
    tests need, in one call."""
    service = ServiceFactory(
        name=name, minimum_age=minimum_age, maximum_age=maximum_age, description=description
    )
    sal = ServiceAtLocationFactory(
        service=service, location=location or LocationFactory(at=postcode)
    )
    ScheduleFactory(service_at_location=sal, byday=byday, opens_at=opens, closes_at=closes)
    for term in terms:
        ServiceAttributeFactory(service=service, taxonomy_term=term)
    service.search_text = rules.build_search_text(
        service.name, service.description, service.organization.name, *(t.name for t in terms)
    )
    service.save(update_fields=["search_text"])
    refresh_search_entries([service.pk])
    return sal


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A pending suggestion from a member of the public."""

    class Meta:
        model = ServiceSuggestion

    name = "Bloomfield Bumps and Babies"
    description = "A weekly group for parents-to-be and babies under one."
    organisation_name = "Bloomfield Families Together"
    address_1 = "Bloomfield Community Centre"
    town = "Blackpool"
    postcode = "FY1 4HU"
    when = "Saturdays 10am to midday"
    minimum_age = 0
    maximum_age = 1
    phone = "07700 900123"
    suggested_by_name = "A parent"
    suggested_at = factory.LazyFunction(clock.now)


class RejectedSuggestionFactory(SuggestionFactory):
    status = SuggestionStatus.REJECTED
    rejection_reason = "Already in the directory"
    moderated_at = factory.LazyFunction(clock.now)


def empty_directory() -> None:
    """Remove every directory record, children before the parents they protect."""
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.filter(parent_organization__isnull=False).delete()
    Organization.objects.all().delete()
    TaxonomyTerm.objects.filter(parent__isnull=False).delete()
    TaxonomyTerm.objects.all().delete()
    Taxonomy.objects.all().delete()
