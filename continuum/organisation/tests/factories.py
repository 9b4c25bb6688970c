"""Factories for teams, agencies and users: one per role."""

import factory

from continuum.organisation.models import Agency, AgencyKind, Role, Team, User

PASSWORD = "correct-horse-battery"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("slug",)

    slug = "blackpool-council"
    name = "Blackpool Council Children's Services"
    kind = AgencyKind.LOCAL_AUTHORITY


class PartnerAgencyFactory(AgencyFactory):
    slug = factory.Sequence(lambda n: f"school-{n}")
    name = factory.Sequence(lambda n: f"Test Primary School {n}")
    kind = AgencyKind.SCHOOL


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Team {n}")
    agency = factory.SubFactory(AgencyFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"worker{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    role = Role.PRACTITIONER
    team = factory.SubFactory(TeamFactory)
    agency = factory.LazyAttribute(lambda o: o.team.agency if o.team else None)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class TeamManagerFactory(UserFactory):
    role = Role.TEAM_MANAGER


class HubWorkerFactory(UserFactory):
    role = Role.HUB_WORKER


class PartnerUserFactory(UserFactory):
    role = Role.PARTNER
    team = None
    agency = factory.SubFactory(PartnerAgencyFactory)


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR
    team = None
    agency = factory.SubFactory(AgencyFactory)
