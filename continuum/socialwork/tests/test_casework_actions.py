"""Casework through its actions: allocation and reallocation, transfer between teams, step-down
to early help, case notes and the visits they make due."""

import datetime as dt
from pathlib import Path

import pytest

from continuum.core import clock
from continuum.core.chronology import source_link
from continuum.core.models import ChronologyEvent, EventKind
from continuum.earlyhelp.models import EarlyHelpRequest
from continuum.governance.models import AuditEntry
from continuum.organisation.tests.factories import (
    PartnerUserFactory,
    TeamFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.people.models import Allocation
from continuum.people.rules import changes_of_worker
from continuum.socialwork import actions, actions_casework, due, rules
from continuum.socialwork.models import (
    Assessment,
    AssessmentOutcome,
    AssessmentStatus,
    Episode,
    StageChange,
)
from continuum.socialwork.models_casework import CaseNote, StepDown, Transfer
from continuum.socialwork.tests.factories import (
    ChildInNeedEpisodeFactory,
    ChildProtectionEpisodeFactory,
    DraftCaseNoteFactory,
    OpenAssessmentFactory,
    OpenEpisodeFactory,
    RecordedVisitFactory,
    allocate_to,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams():
    return {
        "as": TeamFactory(slug="assessment-and-support", name="Assessment and Support"),
        "ssf": TeamFactory(
            slug="strengthening-and-supporting-families",
            name="Strengthening and Supporting Families",
        ),
        "ehh": TeamFactory(slug="early-help-hub", name="Early Help Hub"),
    }


@pytest.fixture
def people(teams):
    return {
        "manager": TeamManagerFactory(team=teams["as"]),
        "worker": UserFactory(team=teams["as"]),
        "colleague": UserFactory(team=teams["as"]),
        "ssf_manager": TeamManagerFactory(team=teams["ssf"]),
        "ssf_worker": UserFactory(team=teams["ssf"]),
    }


# -- Allocation ---------------------------------------------------------------------------------------


def test_the_manager_allocates_and_the_worker_sees_it_at_once(teams, people):
    episode = OpenEpisodeFactory(team=teams["as"])
    assert due.episodes_in_view(people["worker"]) == []
    allocation = actions_casework.allocate_worker(
        episode, people["worker"], acting_user=people["manager"]
    )
    assert allocation.worker == people["worker"] and allocation.is_open
    assert actions_casework.allocated_worker(episode) == people["worker"]
    assert due.episodes_in_view(people["worker"]) == [episode]
    event = ChronologyEvent.objects.get(person=episode.person, kind=EventKind.ALLOCATION)
    assert people["worker"].get_full_name() in event.summary
    assert AuditEntry.objects.filter(person=episode.person, actor=people["manager"]).exists()


def test_reallocation_needs_a_reason_ends_the_old_allocation_and_counts(teams, people):
    episode = OpenEpisodeFactory(team=teams["as"])
    actions_casework.allocate_worker(episode, people["worker"], acting_user=people["manager"])
    with pytest.raises(actions.PathwayError, match="needs a recorded reason"):
        actions_casework.allocate_worker(
            episode, people["colleague"], acting_user=people["manager"], reason="busy"
        )
    actions_casework.allocate_worker(
        episode,
        people["colleague"],
        acting_user=people["manager"],
        reason="Sam is going on long-term leave next week",
    )
    rows = list(Allocation.objects.filter(person=episode.person).order_by("start_date", "pk"))
    assert [a.worker for a in rows] == [None, people["worker"], people["colleague"]]
    assert rows[1].end_date == clock.today() and rows[2].is_open
    assert rows[2].reason == "Sam is going on long-term leave next week"
    assert changes_of_worker([a.worker_id for a in rows]) == 1
    assert due.episodes_in_view(people["worker"]) == []


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("worker", "Only the team manager can allocate work"),
        ("ssf_manager", "Only the Assessment and Support team"),
    ],
)
def test_only_the_teams_manager_allocates(teams, people, who, message):
    episode = OpenEpisodeFactory(team=teams["as"])
    with pytest.raises(actions.PathwayError, match=message):
        actions_casework.allocate_worker(episode, people["worker"], acting_user=people[who])


def test_a_worker_from_another_team_cannot_be_allocated(teams, people):
    episode = OpenEpisodeFactory(team=teams["as"])
    with pytest.raises(actions.PathwayError, match="is not a worker in Assessment and Support"):
        actions_casework.allocate_worker(
            episode, people["ssf_worker"], acting_user=people["manager"]
        )


def test_allocating_the_same_worker_twice_is_refused(teams, people):
    episode = OpenEpisodeFactory(team=teams["as"])
    actions_casework.allocate_worker(episode, people["worker"], acting_user=people["manager"])
    with pytest.raises(actions.PathwayError, match="already allocated"):
        actions_casework.allocate_worker(
            episode, people["worker"], acting_user=people["manager"], reason="a b c d"
        )


@pytest.mark.parametrize(
    ("workers", "changes"),
    [
        ([], 0),
        ([None], 0),
        ([None, 1], 0),  # the team's allocation, then the first worker: no change
        ([None, 1, 2], 1),  # reallocated
        ([None, 1, None, 2], 1),  # transferred: the new team, then its worker: one change
        ([1, 2, 3], 2),
        ([1, 1], 0),
        ([1, None], 1),  # transferred and still waiting for a worker
    ],
)
def test_changes_of_worker(workers, changes):
    assert changes_of_worker(workers) == changes


# -- Transfer ------------------------------------------------------------------------------------------


def test_transfer_to_ssf_moves_the_work_with_a_handover_note(teams, people):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, people["worker"])
    done = actions_casework.transfer_episode(
        episode,
        teams["ssf"],
        handover_note="Mum is engaging well; the child wants to keep seeing the school nurse.",
        acting_user=people["manager"],
    )
    episode.refresh_from_db()
    assert episode.team == teams["ssf"]
    assert Transfer.objects.get() == done and done.from_team == teams["as"]
    open_rows = Allocation.objects.filter(person=episode.person, end_date__isnull=True)
    assert [(a.team, a.worker) for a in open_rows] == [(teams["ssf"], None)]
    rows = Allocation.objects.filter(person=episode.person).order_by("start_date", "pk")
    assert changes_of_worker([a.worker_id for a in rows]) == 1
    event = ChronologyEvent.objects.get(source=f"socialwork.Transfer:{done.pk}")
    assert event.summary == (
        "Transferred from Assessment and Support to Strengthening and Supporting Families"
    )
    assert source_link(event.source)[0] == f"/casework/transfers/{done.pk}/"
    # The new team's manager now allocates; the old worker's caseload no longer has the child.
    assert due.episodes_in_view(people["worker"]) == []
    actions_casework.allocate_worker(
        episode, people["ssf_worker"], acting_user=people["ssf_manager"]
    )
    assert due.episodes_in_view(people["ssf_worker"]) == [episode]


@pytest.mark.parametrize(
    ("note", "message"),
    [("", "Write the handover note"), ("see file", "Write the handover note")],
)
def test_a_transfer_needs_a_handover_note(teams, people, note, message):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    with pytest.raises(actions.PathwayError, match=message):
        actions_casework.transfer_episode(
            episode, teams["ssf"], handover_note=note, acting_user=people["manager"]
        )
    assert not Transfer.objects.exists()


def test_only_the_manager_transfers_and_not_to_the_same_team(teams, people):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    note = "The family know the plan and the next review date is booked."
    with pytest.raises(actions.PathwayError, match="Only the team manager"):
        actions_casework.transfer_episode(
            episode, teams["ssf"], handover_note=note, acting_user=people["worker"]
        )
    with pytest.raises(actions.PathwayError, match="already with"):
        actions_casework.transfer_episode(
            episode, teams["as"], handover_note=note, acting_user=people["manager"]
        )


def test_transfer_due_three_months_after_child_in_need_starts(teams, settings, tmp_path):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    started = clock.localtime(
        StageChange.objects.filter(episode=episode, to_stage="child_in_need").get().changed_at
    ).date()
    found = due.transfers_due([episode])[episode.pk]
    assert found == rules.add_months(started, 3)
    # From configuration: one month instead of three moves the date.
    config = tmp_path / "authority.toml"
    text = Path(settings.CONTINUUM_AUTHORITY_CONFIG).read_text()
    config.write_text(
        text.replace(
            "assessment_and_support_child_in_need_months = 3",
            "assessment_and_support_child_in_need_months = 1",
        )
    )
    settings.CONTINUUM_AUTHORITY_CONFIG = str(config)
    assert due.transfers_due([episode])[episode.pk] == rules.add_months(started, 1)


# -- Step-down and closure -------------------------------------------------------------------------


def signed_off(episode, outcome):
    return Assessment.objects.create(
        person=episode.person,
        episode=episode,
        kind="child_and_family",
        team=episode.team,
        status=AssessmentStatus.COMPLETED,
        outcome=outcome,
        referral_date=episode.referral_date,
        started_on=episode.referral_date,
        due_on=episode.referral_date + dt.timedelta(days=60),
        completed_on=clock.today(),
    )


def test_step_down_after_assessment_closes_rc9_and_carries_the_assessment(teams, people):
    episode = OpenEpisodeFactory(team=teams["as"])
    assessment = signed_off(episode, AssessmentOutcome.EARLY_HELP)
    request = actions_casework.step_down_to_early_help(
        episode,
        reason="The family want support from the school's family worker",
        acting_user=people["manager"],
    )
    episode.refresh_from_db()
    assert not episode.is_open and episode.closure_reason == "RC9"
    assert request.team == teams["ehh"]
    step = StepDown.objects.get()
    assert step.early_help_request == request and step.episode == episode
    carried = actions_casework.carried_records(episode)
    assert carried and carried[0][0].startswith("Child and Family Assessment")
    assert carried[0][1] == f"/teams/assessments/{assessment.pk}/"  # its own page
    event = ChronologyEvent.objects.get(source=f"earlyhelp.EarlyHelpRequest:{request.pk}")
    assert "Child and Family Assessment" in event.summary
    assert "school's family worker" in event.summary
    assert source_link(event.source)[0] == f"/casework/early-help-requests/{request.pk}/"
    assert assessment.pk


def test_step_down_from_child_in_need_ends_the_work_rc7(teams, people):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    actions_casework.step_down_to_early_help(
        episode,
        reason="The plan's outcomes are met and the family want early help",
        acting_user=people["manager"],
    )
    episode.refresh_from_db()
    assert episode.closure_reason == "RC7"
    assert EarlyHelpRequest.objects.filter(person=episode.person).count() == 1


@pytest.mark.parametrize(
    ("make", "who", "reason", "message"),
    [
        (OpenEpisodeFactory, "worker", "The family want early help now", "Only the team manager"),
        (OpenEpisodeFactory, "manager", "ok", "needs a recorded reason"),
        (
            ChildProtectionEpisodeFactory,
            "manager",
            "The family want early help now",
            "steps down to Child in Need first",
        ),
    ],
)
def test_step_down_refusals(teams, people, make, who, reason, message):
    episode = make(team=teams["as"])
    with pytest.raises(actions.PathwayError, match=message):
        actions_casework.step_down_to_early_help(episode, reason=reason, acting_user=people[who])
    assert Episode.objects.get(pk=episode.pk).is_open
    assert not EarlyHelpRequest.objects.exists()


def test_step_down_with_an_open_assessment_is_refused_and_nothing_is_requested(teams, people):
    episode = OpenEpisodeFactory(team=teams["as"])
    OpenAssessmentFactory(person=episode.person, team=teams["as"], episode=episode)
    with pytest.raises(actions.PathwayError, match="assessment is still open"):
        actions_casework.step_down_to_early_help(
            episode, reason="The family want early help now", acting_user=people["manager"]
        )
    assert not EarlyHelpRequest.objects.exists() and not StepDown.objects.exists()


# -- Case notes and visits --------------------------------------------------------------------------


def test_a_visit_is_recorded_with_the_child_seen_alone(teams, people):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, people["worker"])
    note = actions_casework.start_case_note(
        episode.person, acting_user=people["worker"], kind="visit"
    )
    assert note.is_draft and note.episode == episode
    note = actions_casework.save_case_note_draft(
        note,
        {"child_seen": True, "child_seen_alone": True, "note": "Saw her in her room."},
        expected_version=1,
        acting_user=people["worker"],
    )
    assert note.version == 2
    recorded = actions_casework.record_case_note(
        note, expected_version=2, acting_user=people["worker"]
    )
    assert recorded.status == "recorded"
    event = ChronologyEvent.objects.get(source=f"socialwork.CaseNote:{note.pk}")
    assert event.kind == EventKind.VISIT and event.summary == "Visit: child seen alone"
    assert source_link(event.source)[0] == f"/casework/case-notes/{note.pk}/"


def test_a_stale_save_is_refused_and_keeps_the_newer_words(teams, people):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, people["worker"])
    note = DraftCaseNoteFactory(episode=episode, author=people["worker"])
    actions_casework.save_case_note_draft(
        note, {"note": "Newer words"}, expected_version=1, acting_user=people["worker"]
    )
    with pytest.raises(actions_casework.StaleCaseNote):
        actions_casework.save_case_note_draft(
            note, {"note": "Older words"}, expected_version=1, acting_user=people["worker"]
        )
    assert CaseNote.objects.get(pk=note.pk).note == "Newer words"


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({}, ["child_seen", "note"]),
        ({"kind": ""}, ["kind", "note"]),
        ({"child_seen": True, "note": "x"}, ["child_seen_alone"]),
        ({"child_seen": False, "note": "Not at home."}, []),
        ({"occurred_on": dt.date(2099, 1, 1), "child_seen": False, "note": "x"}, ["occurred_on"]),
        ({"kind": "phone_call", "note": "Rang mum."}, []),
    ],
)
def test_what_a_case_note_needs_before_it_is_recorded(teams, people, values, fields):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, people["worker"])
    note = DraftCaseNoteFactory(episode=episode, author=people["worker"])
    note = actions_casework.save_case_note_draft(
        note, values, expected_version=1, acting_user=people["worker"]
    )
    assert [field for field, _ in actions_casework.case_note_problems(note)] == fields


@pytest.mark.parametrize("who", ["colleague_elsewhere", "partner", "other_author"])
def test_only_its_author_with_access_changes_a_draft(teams, people, who):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, people["worker"])
    note = DraftCaseNoteFactory(episode=episode, author=people["worker"])
    user = {
        "colleague_elsewhere": people["ssf_worker"],
        "partner": PartnerUserFactory(),
        "other_author": people["colleague"],
    }[who]
    with pytest.raises(actions.PathwayError):
        actions_casework.save_case_note_draft(
            note, {"note": "Not mine"}, expected_version=1, acting_user=user
        )
    assert CaseNote.objects.get(pk=note.pk).note == ""


def test_someone_outside_the_work_cannot_start_a_case_note(teams, people):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    with pytest.raises(actions.PathwayError, match="cannot record"):
        actions_casework.start_case_note(episode.person, acting_user=people["ssf_worker"])


def test_visits_fall_due_from_the_last_visit_or_the_stage_start(teams, people):
    from continuum.core import calendar

    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    started = clock.localtime(
        StageChange.objects.get(episode=episode, to_stage="child_in_need").changed_at
    ).date()
    assert due.next_visits([episode])[episode.pk] == calendar.add_working_days(started, 20)
    visit = RecordedVisitFactory(episode=episode, occurred_on=clock.today())
    assert due.next_visits([episode])[episode.pk] == calendar.add_working_days(
        visit.occurred_on, 20
    )
    cp = ChildProtectionEpisodeFactory(team=teams["as"])
    cp_started = clock.localtime(
        StageChange.objects.get(episode=cp, to_stage="child_protection").changed_at
    ).date()
    assert due.next_visits([cp])[cp.pk] == calendar.add_working_days(cp_started, 10)
    at_assessment = OpenEpisodeFactory(team=teams["as"])
    assert due.next_visits([at_assessment]) == {}


def test_a_visit_in_the_future_window_is_overdue_when_missed(teams, people, time_machine):
    episode = ChildProtectionEpisodeFactory(team=teams["as"])
    allocate_to(episode, people["worker"])
    time_machine.move_to(clock.now() + dt.timedelta(days=30))
    items = [i for i in due.due_items([episode], people["worker"]) if "visit" in i.what]
    assert len(items) == 1 and items[0].due.is_overdue
    assert items[0].what == "Child Protection visit"
    assert "overdue" in items[0].due.words


def test_allocations_waiting_show_only_to_the_manager(teams, people):
    episode = OpenEpisodeFactory(team=teams["as"])
    manager_items = due.due_items(due.episodes_in_view(people["manager"]), people["manager"])
    assert [i.what for i in manager_items] == ["Allocate a worker"]
    assert manager_items[0].link == "/casework/teams/assessment-and-support/unallocated"
    actions_casework.allocate_worker(episode, people["worker"], acting_user=people["manager"])
    manager_items = due.due_items(due.episodes_in_view(people["manager"]), people["manager"])
    assert manager_items == []


def test_a_due_provider_plugs_in(teams, people):
    episode = OpenEpisodeFactory(team=teams["as"])
    allocate_to(episode, people["worker"])

    def reviews(episodes, user):
        return [due.DueItem(e.person, "Plan review", clock.today(), "/x", e.pk) for e in episodes]

    due.register_due_provider(reviews)
    try:
        assert "Plan review" in [i.what for i in due.due_items([episode], people["worker"])]
    finally:
        due._providers.remove(reviews)


def test_the_hubs_decision_waits_for_allocation_then_is_on_the_workers_list(teams, people):
    """From the front door to the worker's list: the Hub decides on a statutory assessment,
    the episode waits on the manager's list, and once allocated the assessment's due date is on
    the worker's list."""
    from continuum.frontdoor import actions as frontdoor_actions
    from continuum.frontdoor.tests.factories import ContactChildFactory
    from continuum.organisation.tests.factories import HubWorkerFactory
    from continuum.people.tests.factories import ChildFactory

    hub = TeamFactory(slug="request-for-support-hub", name="Request for Support Hub")
    named = ContactChildFactory(person=ChildFactory(), match_status="matched")
    frontdoor_actions.decide(
        named.contact,
        "statutory_assessment",
        "Needs a statutory assessment",
        acting_user=HubWorkerFactory(team=hub),
    )
    episode = Episode.objects.get(person=named.person)
    waiting = due.due_items(due.episodes_in_view(people["manager"]), people["manager"])
    # Soonest first: the allocation has waited since today, the assessment is due in 45 days.
    assert [(i.person, i.what) for i in waiting] == [
        (named.person, "Allocate a worker"),
        (named.person, "Child and Family Assessment (draft)"),
    ]
    actions_casework.allocate_worker(episode, people["worker"], acting_user=people["manager"])
    mine = due.due_items(due.episodes_in_view(people["worker"]), people["worker"])
    assessment = Assessment.objects.get(person=named.person)
    assert [(i.what, i.due_on) for i in mine] == [
        ("Child and Family Assessment (draft)", assessment.due_on)
    ]


@pytest.mark.parametrize(("days", "stage"), [(5, "child_in_need"), (3, "child_protection")])
def test_visit_timescales_come_from_the_configuration_file(teams, settings, tmp_path, days, stage):
    from continuum.core import calendar

    make = ChildInNeedEpisodeFactory if stage == "child_in_need" else ChildProtectionEpisodeFactory
    episode = make(team=teams["as"])
    started = clock.localtime(
        StageChange.objects.get(episode=episode, to_stage=stage).changed_at
    ).date()
    text = Path(settings.CONTINUUM_AUTHORITY_CONFIG).read_text()
    name = f"{stage}_visit"
    default = {"child_in_need": 20, "child_protection": 10}[stage]
    assert f"{name} = {default}" in text
    config = tmp_path / "authority.toml"
    config.write_text(text.replace(f"{name} = {default}", f"{name} = {days}"))
    settings.CONTINUUM_AUTHORITY_CONFIG = str(config)
    assert due.next_visits([episode])[episode.pk] == calendar.add_working_days(started, days)
