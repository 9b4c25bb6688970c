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
