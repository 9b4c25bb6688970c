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


# -- casework-b: episodes, assessments by review state, Child in Need plans ----------------------

from continuum.core import clock  # noqa: E402
from continuum.socialwork.models import (  # noqa: E402
    AssessmentFactorIdentified,
    AssessmentOutcome,
    ChildInNeedPlan,
    Episode,
    EpisodeStage,
    PlanOutcome,
    ReviewState,
)


class EpisodeAtAssessmentFactory(factory.django.DjangoModelFactory):
    """An open episode of need, the child at assessment."""

    class Meta:
        model = Episode

    person = factory.SubFactory(ChildFactory)
    stage = EpisodeStage.ASSESSMENT
    team = factory.SubFactory(TeamFactory)
    referral_date = dt.date(2026, 11, 2)
    opened_at = factory.LazyFunction(clock.now)


class DraftAssessmentFactory(OpenAssessmentFactory):
    """A Child and Family Assessment within an episode, nothing written yet."""

    episode = factory.SubFactory(
        EpisodeAtAssessmentFactory,
        person=factory.SelfAttribute("..person"),
        team=factory.SelfAttribute("..team"),
    )
    due_on = dt.date(2027, 1, 8)
    review_state = ReviewState.DRAFT


class ReadyAssessmentFactory(DraftAssessmentFactory):
    """Written up and ready to submit: recommends a Child in Need plan."""

    class Meta:
        skip_postgeneration_save = True

    worries = "Dad's drinking means the children are often left without tea."
    strengths = "Grandma lives nearby and the children go to her after school."
    child_seen = True
    child_seen_alone = True
    child_words = "I like it at Nan's. I worry when Dad is poorly."
    family_view = "Dad wants help with his drinking."
    analysis = "The children are safe with support in place."
    recommended_outcome = AssessmentOutcome.CHILD_IN_NEED_PLAN
    primary_need = "N4"

    @factory.post_generation
    def factors(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            for code in extracted or ("1B", "7A"):
                AssessmentFactorIdentified.objects.create(assessment=self, code=code)


class SubmittedAssessmentFactory(ReadyAssessmentFactory):
    review_state = ReviewState.SUBMITTED
    submitted_at = factory.LazyFunction(clock.now)


class SignedOffAssessmentFactory(SubmittedAssessmentFactory):
    review_state = ReviewState.SIGNED_OFF
    status = "completed"
    outcome = AssessmentOutcome.CHILD_IN_NEED_PLAN
    completed_on = dt.date(2026, 11, 20)
    authorised_on = dt.date(2026, 11, 23)


class ChildInNeedPlanFactory(factory.django.DjangoModelFactory):
    """An open Child in Need plan (the episode at Child in Need) with two outcomes."""

    class Meta:
        model = ChildInNeedPlan
        skip_postgeneration_save = True

    episode = factory.SubFactory(EpisodeAtAssessmentFactory, stage=EpisodeStage.CHILD_IN_NEED)
    person = factory.SelfAttribute("episode.person")
    start_date = dt.date(2026, 11, 25)
    started_by = factory.SubFactory(
        "continuum.organisation.tests.factories.UserFactory",
        team=factory.SelfAttribute("..episode.team"),
    )

    @factory.post_generation
    def outcomes(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            for words in extracted or ("Dad gets help with drinking", "Tea every night"):
                PlanOutcome.objects.create(plan=self, words=words)
