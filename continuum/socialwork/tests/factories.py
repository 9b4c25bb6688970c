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


# -- casework-a: episodes by stage, allocations, case notes ---------------------------------------

from continuum.core import clock  # noqa: E402
from continuum.people.models import Allocation  # noqa: E402
from continuum.socialwork.models import Episode, EpisodeStage, StageChange  # noqa: E402
from continuum.socialwork.models_casework import CaseNote, CaseNoteKind, CaseNoteStatus  # noqa: E402


class OpenEpisodeFactory(factory.django.DjangoModelFactory):
    """An episode at assessment, opened by a referral, with the team's allocation waiting for a
    worker (as the Hub's decision leaves it)."""

    class Meta:
        model = Episode
        skip_postgeneration_save = True

    person = factory.SubFactory(ChildFactory)
    stage = EpisodeStage.ASSESSMENT
    team = factory.SubFactory(TeamFactory)
    referral_date = factory.LazyFunction(lambda: clock.today() - dt.timedelta(days=7))
    opened_at = factory.LazyFunction(lambda: clock.now() - dt.timedelta(days=7))

    @factory.post_generation
    def history(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create:
            return
        StageChange.objects.create(
            episode=self,
            from_stage="",
            to_stage=EpisodeStage.ASSESSMENT,
            changed_at=self.opened_at,
            reason="Referral: the Hub decided statutory work is needed.",
        )
        if self.stage != EpisodeStage.ASSESSMENT:
            StageChange.objects.create(
                episode=self,
                from_stage=EpisodeStage.ASSESSMENT,
                to_stage=self.stage,
                changed_at=self.opened_at + dt.timedelta(days=1),
                reason="The assessment recommended it.",
            )
        Allocation.objects.create(
            person=self.person, team=self.team, worker=None, start_date=self.referral_date
        )


class ChildInNeedEpisodeFactory(OpenEpisodeFactory):
    stage = EpisodeStage.CHILD_IN_NEED


class ChildProtectionEpisodeFactory(OpenEpisodeFactory):
    stage = EpisodeStage.CHILD_PROTECTION


def allocate_to(episode: Episode, worker) -> Allocation:
    """The episode's team allocation with a named worker (as the manager's allocation does)."""
    Allocation.objects.filter(
        person=episode.person, team=episode.team, end_date__isnull=True
    ).update(end_date=clock.today())
    return Allocation.objects.create(
        person=episode.person, team=episode.team, worker=worker, start_date=clock.today()
    )


class RecordedVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    episode = factory.SubFactory(ChildInNeedEpisodeFactory)
    person = factory.LazyAttribute(lambda o: o.episode.person)
    author = factory.SubFactory("continuum.organisation.tests.factories.UserFactory")
    kind = CaseNoteKind.VISIT
    occurred_on = factory.LazyFunction(clock.today)
    child_seen = True
    child_seen_alone = True
    note = "Visited at home; the child showed me their room and talked about school."
    status = CaseNoteStatus.RECORDED
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)
    recorded_at = factory.LazyFunction(clock.now)


class DraftCaseNoteFactory(RecordedVisitFactory):
    status = CaseNoteStatus.DRAFT
    recorded_at = None
    note = ""
    child_seen = None
    child_seen_alone = None


# -- casework-b: episodes, assessments by review state, Child in Need plans ----------------------

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


# -- child protection (issue 11) ---------------------------------------------------------------

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


class ProtectionEpisodeFactory(factory.django.DjangoModelFactory):
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

    episode = factory.SubFactory(ProtectionEpisodeFactory)
    person = factory.SelfAttribute("episode.person")
    team = factory.SelfAttribute("episode.team")
    requested_at = factory.LazyFunction(clock.now)
