"""Factories for a team's work: one per state of an assessment."""

import datetime as dt

import factory

from continuum.organisation.tests.factories import TeamFactory
from continuum.people.tests.factories import ChildFactory
from continuum.socialwork.models import Assessment, AssessmentKind, AssessmentStatus


class OpenAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    person = factory.SubFactory(ChildFactory)
    kind = AssessmentKind.CHILD_AND_FAMILY
    status = AssessmentStatus.OPEN
    team = factory.SubFactory(TeamFactory)
    referral_date = dt.date(2026, 11, 2)
    started_on = dt.date(2026, 11, 2)
    due_on = factory.Sequence(lambda n: dt.date(2026, 11, 2) + dt.timedelta(days=n % 60))


# -- child protection (issue 11) ---------------------------------------------------------------

from continuum.core import clock  # noqa: E402
from continuum.organisation.models import Role  # noqa: E402
from continuum.organisation.tests.factories import UserFactory  # noqa: E402
from continuum.people.tests.factories import AllocationFactory  # noqa: E402
from continuum.socialwork.models import Episode, StrategyDiscussion  # noqa: E402


class ChairsTeamFactory(TeamFactory):
    slug = "child-protection-chairs"
    name = "Child Protection Chairs"

    class Meta:
        django_get_or_create = ("slug",)


class ChairFactory(UserFactory):
    """A Child Protection Chair, in the chairs' team."""

    role = Role.CHAIR_IRO
    team = factory.SubFactory(ChairsTeamFactory)


class OpenEpisodeFactory(factory.django.DjangoModelFactory):
    """An open episode at assessment, with the child allocated to the team."""

    class Meta:
        model = Episode
        skip_postgeneration_save = True

    person = factory.SubFactory(ChildFactory)
    stage = "assessment"
    team = factory.SubFactory(TeamFactory)
    referral_date = factory.LazyFunction(clock.today)
    opened_at = factory.LazyFunction(clock.now)

    @factory.post_generation
    def allocated_to(self, create, worker, **kwargs):
        if create:
            AllocationFactory(person=self.person, team=self.team, worker=worker)


class RequestedStrategyDiscussionFactory(factory.django.DjangoModelFactory):
    """Significant harm suspected: a strategy discussion to hold."""

    class Meta:
        model = StrategyDiscussion

    episode = factory.SubFactory(OpenEpisodeFactory)
    person = factory.SelfAttribute("episode.person")
    team = factory.SelfAttribute("episode.team")
    requested_at = factory.LazyFunction(clock.now)
