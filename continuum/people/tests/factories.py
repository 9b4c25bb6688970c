"""Factories for the person index: children, adults, addresses, families, allocations."""

import datetime as dt

import factory

from continuum.core import clock
from continuum.organisation.tests.factories import TeamFactory
from continuum.people.codes import Ethnicity, Sex
from continuum.people.models import (
    Allocation,
    Person,
    PersonAddress,
    PersonKind,
    Relationship,
    RelationshipKind,
)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = PersonKind.CHILD
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker(
        "date_between", start_date=dt.date(2009, 1, 1), end_date=dt.date(2024, 12, 31)
    )
    sex = Sex.FEMALE
    ethnicity = Ethnicity.WBRI


class UnbornChildFactory(ChildFactory):
    date_of_birth = None
    expected_date_of_birth = factory.LazyFunction(lambda: clock.today() + dt.timedelta(days=90))
    given_name = "Unborn"
    sex = Sex.UNKNOWN


class AdultFactory(ChildFactory):
    kind = PersonKind.ADULT
    date_of_birth = factory.Faker(
        "date_between", start_date=dt.date(1970, 1, 1), end_date=dt.date(2000, 12, 31)
    )


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonAddress

    person = factory.SubFactory(ChildFactory)
    line_1 = factory.Sequence(lambda n: f"{n + 1} Test Street")
    town = "Blackpool"
    postcode = "FY1 3LA"
    start_date = dt.date(2020, 1, 1)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    person = factory.SubFactory(AdultFactory)
    other = factory.SubFactory(ChildFactory)
    kind = RelationshipKind.PARENT


class AllocationFactory(factory.django.DjangoModelFactory):
    """An open allocation of a child to a worker in a team."""

    class Meta:
        model = Allocation

    person = factory.SubFactory(ChildFactory)
    team = factory.SubFactory(TeamFactory)
    worker = None
    start_date = dt.date(2026, 1, 5)
