"""Child protection through its actions: strategy discussion held, Section 47, conferences,
the plan with its core groups and reviews, the chair's oversight, and who may do each."""

import datetime as dt

import pytest
import time_machine

from continuum.core.chronology import source_link
from continuum.core.models import ChronologyEvent, EventKind
from continuum.organisation.tests.factories import TeamFactory, TeamManagerFactory, UserFactory
from continuum.people.models import Allocation
from continuum.socialwork import actions, due_protection, protection
from continuum.socialwork.actions import PathwayError
from continuum.socialwork.models import (
    ChildProtectionPlan,
    Conference,
    Episode,
    Section47Enquiry,
    StageChange,
)
from continuum.socialwork.tests.factories import (
    ChairFactory,
    RequestedStrategyDiscussionFactory,
)

pytestmark = pytest.mark.django_db

POLICE_AND_HEALTH = [
    ("DC Jo Fielding", "police", "Lancashire Constabulary"),
    ("Amy Shah", "health", "Blackpool Teaching Hospitals"),
]


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC), tick=False)


@pytest.fixture
def team():
    return TeamFactory(slug="assessment-and-support", name="Assessment and Support")


@pytest.fixture
def worker(team):
    return UserFactory(team=team, first_name="Sam", last_name="Worker")


@pytest.fixture
def manager(team):
    return TeamManagerFactory(team=team)


@pytest.fixture
def chair():
    return ChairFactory(first_name="Cara", last_name="Chair")


@pytest.fixture
def discussion(worker):
    with at(dt.date(2026, 12, 1)):
        return RequestedStrategyDiscussionFactory(
            episode__team=worker.team, episode__allocated_to=worker
        )


def hold(discussion, worker, *, decision="section_47", participants=POLICE_AND_HEALTH, **extra):
    fields = {
        "held_on": dt.date(2026, 12, 1),
        "participants": participants,
        "information_shared": "Police hold two callouts this month; health saw bruising",
        "consent": "dispensed",
        "consent_note": "Asking would put the child at greater risk of harm",
        "decision": decision,
        "decision_reason": "Bruising with no account given, and the police callouts",
        **extra,
    }
    return protection.hold_strategy_discussion(discussion, acting_user=worker, **fields)


def findings(enquiry, worker, outcome="significant_harm"):
    return protection.record_section_47(
        enquiry,
        worries="Bruising to the arm and no food in the house",
        strengths="Grandmother visits daily and the school knows him well",
        child_seen=True,
        child_seen_alone=True,
        child_seen_on=dt.date(2026, 12, 2),
        child_words="I am hungry when mum is asleep",
        outcome=outcome,
        acting_user=worker,
    )


def to_initial_conference(discussion, worker, chair):
    with at(dt.date(2026, 12, 1)):
        hold(discussion, worker)
    enquiry = Section47Enquiry.objects.get(strategy_discussion=discussion)
    with at(dt.date(2026, 12, 3)):
        findings(enquiry, worker)
        return protection.book_conference(
            discussion.episode,
            kind="initial",
            date=enquiry.conference_due_on,
            chair=chair,
            acting_user=worker,
        )


def decide_plan(conference, chair, day=dt.date(2026, 12, 22), **extra):
    fields = {
        "held_on": day,
        "family_views": "Mum says she wants help with the house and money",
        "child_views": "He said he wants dinner every day",
        "threshold_met": True,
        "decision": "cp_plan",
        "category": "NEG",
        "decision_reason": "Neglect is likely to cause significant harm without a plan",
        **extra,
    }
    with at(day):
        return protection.record_conference(conference, acting_user=chair, **fields)


def test_a_held_strategy_discussion_starts_the_section_47_with_its_conference_target(
    discussion, worker
):
    with at(dt.date(2026, 12, 1)):
        hold(discussion, worker)
    discussion.refresh_from_db()
    assert discussion.held_on == dt.date(2026, 12, 1)
    assert [p.agency_kind for p in discussion.participants.all()] == ["police", "health"]
    enquiry = Section47Enquiry.objects.get(strategy_discussion=discussion)
    # 15 working days from the strategy discussion
    assert enquiry.conference_due_on == dt.date(2026, 12, 22)
    summaries = list(
        ChronologyEvent.objects.filter(person=discussion.person).values_list("summary", flat=True)
    )
    assert "Strategy discussion held with health, police: start a section 47 enquiry" in summaries


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"participants": POLICE_AND_HEALTH[:1]}, "add who took part from health"),
        ({"participants": []}, "from police and health"),
        ({"consent": ""}, "consented"),
        ({"consent_note": ""}, "why consent to share was dispensed"),
        ({"information_shared": "none"}, "what information was shared"),
        ({"decision": "no_section_47"}, "next step"),
        ({"decision_reason": "bruises"}, "Say why"),
        ({"held_on": dt.date(2026, 12, 2)}, "future"),
    ],
)
def test_a_strategy_discussion_needs_police_health_consent_and_a_reasoned_decision(
    discussion, worker, change, words
):
    with at(dt.date(2026, 12, 1)), pytest.raises(PathwayError, match=words):
        hold(discussion, worker, **change)
    assert not Section47Enquiry.objects.exists()


def test_no_section_47_with_a_child_and_family_assessment_as_the_next_step(discussion, worker):
    with at(dt.date(2026, 12, 1)):
        hold(discussion, worker, decision="no_section_47", next_step="child_and_family_assessment")
    assert not Section47Enquiry.objects.exists()
    assert discussion.episode.assessments.get().kind == "child_and_family"


def test_only_the_team_holds_the_strategy_discussion(discussion, chair):
    outsider = UserFactory()
    for user in (outsider, chair):
        with at(dt.date(2026, 12, 1)), pytest.raises(PathwayError, match="Only the"):
            hold(discussion, user)


def test_a_section_47_needs_its_findings_and_the_childs_words_to_complete(discussion, worker):
    with at(dt.date(2026, 12, 1)):
        hold(discussion, worker)
    enquiry = Section47Enquiry.objects.get()
    with at(dt.date(2026, 12, 3)):
        with pytest.raises(PathwayError, match="worried about"):
            protection.record_section_47(
                enquiry,
                worries="",
                strengths="",
                child_seen=None,
                child_seen_alone=None,
                child_seen_on=None,
                child_words="",
                outcome="not_substantiated",
                acting_user=worker,
            )
        findings(enquiry, worker, outcome="")
        enquiry.refresh_from_db()
        assert enquiry.is_open and enquiry.child_seen_alone
        findings(enquiry, worker)
    enquiry.refresh_from_db()
    assert (enquiry.outcome, enquiry.completed_on) == ("significant_harm", dt.date(2026, 12, 3))


def test_a_conference_is_refused_before_a_section_47_outcome_of_significant_harm(
    discussion, worker, chair
):
    with at(dt.date(2026, 12, 1)):
        hold(discussion, worker)
    enquiry = Section47Enquiry.objects.get()
    with at(dt.date(2026, 12, 3)):
        book = {"kind": "initial", "date": dt.date(2026, 12, 18), "chair": chair}
        with pytest.raises(PathwayError, match="needs a Section 47 enquiry"):
            protection.book_conference(discussion.episode, acting_user=worker, **book)
        findings(enquiry, worker, outcome="substantiated_no_risk")
        with pytest.raises(PathwayError, match="needs a Section 47 enquiry"):
            protection.book_conference(discussion.episode, acting_user=worker, **book)
        with pytest.raises(PathwayError, match="Child Protection Chair"):
            protection.book_conference(
                discussion.episode,
                kind="transfer_in",
                date=dt.date(2026, 12, 18),
                chair=worker,
                transfer_note="Moved from Lancashire on a plan since May",
                acting_user=worker,
            )
        conference = protection.book_conference(
            discussion.episode,
            kind="transfer_in",
            date=dt.date(2026, 12, 18),
            chair=chair,
            transfer_note="Moved from Lancashire on a plan since May",
            acting_user=worker,
        )
    assert conference.due_on == dt.date(2026, 12, 24)


def test_the_journey_from_conference_to_step_down(discussion, worker, manager, chair):
    conference = to_initial_conference(discussion, worker, chair)
    episode = discussion.episode
    assert conference.due_on == dt.date(2026, 12, 22)
    # The chair is allocated to the child, so may open the record.
    assert Allocation.objects.filter(person=episode.person, worker=chair).exists()
    with pytest.raises(PathwayError, match="Only the chair"):
        decide_plan(conference, worker)
    with pytest.raises(PathwayError, match="threshold is met"):
        decide_plan(conference, chair, threshold_met=False)
    with pytest.raises(PathwayError, match="category"):
        decide_plan(conference, chair, category="")
    decide_plan(conference, chair)
    plan = ChildProtectionPlan.objects.get(person=episode.person)
    assert (plan.initial_category, plan.previous_plans, plan.chair) == ("NEG", 0, chair)
    episode.refresh_from_db()
    assert episode.stage == "child_protection"
    change = StageChange.objects.filter(episode=episode).last()
    assert (change.to_stage, change.changed_by) == ("child_protection", chair)
    # Due: the first core group within 10 working days, the first review within 3 months.
    assert protection.core_group_due(plan) == dt.date(2027, 1, 8)
    assert protection.review_due(plan) == dt.date(2027, 3, 22)
    assert protection.visit_due(plan) == dt.date(2027, 1, 8)

    with at(dt.date(2027, 1, 6)):
        protection.add_plan_outcome(
            plan, words="We want the house warm and food in", acting_user=worker
        )
        protection.add_plan_action(
            plan,
            action="Take mum to the food bank",
            owner="Family support worker",
            due_on=dt.date(2027, 1, 15),
            acting_user=worker,
        )
        protection.record_core_group(
            plan,
            held_on=dt.date(2027, 1, 6),
            attendance="Mum, school nurse, social worker, health visitor",
            progress="Food bank visit booked; heating fixed",
            acting_user=worker,
        )
    assert protection.core_group_due(plan) == dt.date(2027, 2, 17)

    with at(dt.date(2027, 2, 5)):
        with pytest.raises(PathwayError, match="Only the chair"):
            protection.record_chair_review(
                plan, progress="Going well so far", on_track=True, acting_user=worker
            )
        protection.record_chair_review(
            plan,
            progress="Core groups are held and actions done",
            on_track=False,
            acting_user=chair,
        )
        issue = protection.raise_issue(
            plan, concern="School attendance has not improved at all", acting_user=chair
        )
        with pytest.raises(PathwayError, match="team manager"):
            protection.respond_to_issue(issue, response="We will act now", acting_user=worker)
        protection.respond_to_issue(
            issue, response="A new attendance plan with school by Friday", acting_user=manager
        )
    assert (
        ChronologyEvent.objects.filter(person=episode.person, kind=EventKind.CHAIR_REVIEW).count()
        == 3
    )

    with at(dt.date(2027, 3, 10)):
        review = protection.book_conference(
            episode, kind="review", date=dt.date(2027, 3, 18), chair=chair, acting_user=worker
        )
    assert (review.plan, review.due_on) == (plan, dt.date(2027, 3, 22))
    with at(dt.date(2027, 3, 18)):
        protection.record_conference(
            review,
            held_on=dt.date(2027, 3, 18),
            family_views="Things are better at home now",
            child_views="He said dinner is every day now",
            threshold_met=False,
            decision="cin_plan",
            decision_reason="The plan's outcomes are met; support continues as Child in Need",
            acting_user=chair,
        )
    plan.refresh_from_db()
    episode.refresh_from_db()
    assert (plan.ended_on, plan.end_reason) == (dt.date(2027, 3, 18), "child_in_need")
    assert episode.stage == "child_in_need"
    assert not actions.facts_for(episode).open_child_protection_plan
    # Every step is in the chronology, linked to its record.
    events = ChronologyEvent.objects.filter(person=episode.person).exclude(source="")
    linked = {source_link(e.source)[1] for e in events if source_link(e.source)}
    assert {
        "Open the strategy discussion",
        "Open the Section 47 enquiry",
        "Open the conference",
        "Open the Child Protection plan",
        "Open the core group",
        "Open the review",
        "Open the issue",
    } <= linked


def test_a_second_plan_is_counted_and_flagged(discussion, worker, chair):
    conference = to_initial_conference(discussion, worker, chair)
    decide_plan(conference, chair)
    plan = ChildProtectionPlan.objects.get()
    with at(dt.date(2027, 1, 4)):
        review = protection.book_conference(
            discussion.episode,
            kind="review",
            date=dt.date(2027, 1, 5),
            chair=chair,
            acting_user=worker,
        )
    with at(dt.date(2027, 1, 5)):
        protection.record_conference(
            review,
            held_on=dt.date(2027, 1, 5),
            family_views="We are managing well now",
            child_views="He is happy at home",
            threshold_met=False,
            decision="no_plan",
            end_reason="early_help",
            decision_reason="Early help is enough to keep things going",
            acting_user=chair,
        )
        protection.book_conference(
            discussion.episode,
            kind="transfer_in",
            date=dt.date(2027, 1, 6),
            chair=chair,
            transfer_note="Returned from Lancashire on their plan",
            acting_user=worker,
        )
    plan.refresh_from_db()
    assert plan.end_reason == "early_help"
    again = Conference.objects.get(kind="transfer_in")
    decide_plan(again, chair, day=dt.date(2027, 1, 6), category="MUL")
    second = ChildProtectionPlan.objects.get(ended_on__isnull=True)
    assert second.previous_plans == 1
    assert protection.flags_for(second) == ("Child Protection plan number 2",)


def test_the_pathway_sees_the_open_plan_and_the_conference_decision(discussion, worker, chair):
    episode = discussion.episode
    assert not actions.facts_for(episode).conference_decided_plan
    decide_plan(to_initial_conference(discussion, worker, chair), chair)
    facts = actions.facts_for(Episode.objects.get(pk=episode.pk))
    assert facts.open_child_protection_plan and facts.conference_decided_plan
    with pytest.raises(PathwayError, match="still open"):
        actions.change_stage(
            episode, "child_in_need", reason="Outcomes met, stepping down", acting_user=worker
        )


def test_due_items_until_the_initial_conference_is_held(discussion, worker, chair):
    episode = discussion.episode
    with at(dt.date(2026, 12, 1)):
        due = due_protection.due_items([episode], worker)
    assert [(d.what, d.due_on) for d in due] == [
        ("Strategy discussion to hold", dt.date(2026, 12, 2))
    ]
    conference = to_initial_conference(discussion, worker, chair)
    with at(dt.date(2026, 12, 3)):
        due = due_protection.due_items([episode], worker)
        chairs = due_protection.for_chair(chair)
    assert [(d.what, d.due_on) for d in due] == [
        ("Initial child protection conference (booked for 22 December)", dt.date(2026, 12, 22))
    ]
    assert [d.link for d in chairs] == [f"/protection/conference/{conference.pk}/"]
    decide_plan(conference, chair)
    with at(dt.date(2027, 1, 11)):
        due = due_protection.due_items([Episode.objects.get(pk=episode.pk)], worker)
        chairs = due_protection.for_chair(chair)
        shown = [(d.what, d.due_on, d.due.words) for d in due]
    assert shown == [
        ("Child protection visit", dt.date(2027, 1, 8), "3 days overdue"),
        ("Core group", dt.date(2027, 1, 8), "3 days overdue"),
        ("Review child protection conference to book", dt.date(2027, 3, 22), "due in 70 days"),
    ]
    assert [(d.what, d.due_on) for d in chairs] == [
        ("Chair's review of progress", dt.date(2027, 2, 5)),
        ("Review child protection conference to book", dt.date(2027, 3, 22)),
    ]


def test_visits_count_from_the_latest_visit_a_casework_source_gives(discussion, worker, chair):
    decide_plan(to_initial_conference(discussion, worker, chair), chair)
    plan = ChildProtectionPlan.objects.get()
    protection.register_visit_source(lambda person: dt.date(2027, 1, 4))
    try:
        assert protection.visit_due(plan) == dt.date(2027, 1, 18)
    finally:
        protection._visit_sources.clear()


def test_the_core_group_interval_comes_from_the_authoritys_file(
    discussion, worker, chair, settings, tmp_path
):
    decide_plan(to_initial_conference(discussion, worker, chair), chair)
    plan = ChildProtectionPlan.objects.get()
    with at(dt.date(2027, 1, 6)):
        protection.record_core_group(
            plan,
            held_on=dt.date(2027, 1, 6),
            attendance="Mum, school nurse, social worker",
            progress="Food bank visits started",
            acting_user=worker,
        )
    assert protection.core_group_due(plan) == dt.date(2027, 2, 17)  # 30 working days
    text = settings.CONTINUUM_AUTHORITY_CONFIG.read_text()
    edited = tmp_path / "authority.toml"
    edited.write_text(text.replace("core_group_interval = 30", "core_group_interval = 20"))
    settings.CONTINUUM_AUTHORITY_CONFIG = edited
    assert protection.core_group_due(plan) == dt.date(2027, 2, 3)  # 20 working days


def test_due_items_for_a_caseload_take_the_same_queries_for_one_plan_or_three(worker, chair):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    episodes = []
    for _ in range(3):
        with at(dt.date(2026, 12, 1)):
            discussion = RequestedStrategyDiscussionFactory(
                episode__team=worker.team, episode__allocated_to=worker
            )
        decide_plan(to_initial_conference(discussion, worker, chair), chair)
        episodes.append(Episode.objects.get(pk=discussion.episode_id))
    counts = []
    for some in (episodes[:1], episodes):
        with CaptureQueriesContext(connection) as queries:
            found = due_protection.due_items(some, worker)
        counts.append(len(queries))
        assert len(found) == 3 * len(some)
    assert counts[0] == counts[1]
