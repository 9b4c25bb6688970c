"""The casework pages: work to allocate, the episode and its moves, case notes that save as
you type, transfers, step-down, My work and the banner on the child's record."""

import datetime as dt
import re

import pytest

from continuum.core import clock
from continuum.governance.models import AuditEntry
from continuum.organisation.tests.factories import TeamFactory, TeamManagerFactory, UserFactory
from continuum.people.models import Allocation
from continuum.socialwork.models import Assessment, AssessmentOutcome, AssessmentStatus
from continuum.socialwork.models_casework import CaseNote, StepDown, Transfer
from continuum.socialwork.tests.factories import (
    ChildInNeedEpisodeFactory,
    DraftCaseNoteFactory,
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
def staff(teams):
    return {
        "manager": TeamManagerFactory(team=teams["as"], first_name="Morgan", last_name="Lee"),
        "worker": UserFactory(team=teams["as"], first_name="Sam", last_name="Shaw"),
        "outsider": UserFactory(team=teams["ssf"]),
    }


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_manager_allocates_from_the_list_and_the_worker_sees_it(teams, staff, client_for):
    episode = OpenEpisodeFactory(team=teams["as"])
    manager = client_for(staff["manager"])
    page = manager.get("/casework/teams/assessment-and-support/unallocated")
    assert page.status_code == 200 and episode.person.full_name in text(page)
    response = manager.post(
        f"/casework/episodes/{episode.pk}/allocate",
        {"worker": staff["worker"].pk, "from": "unallocated"},
    )
    assert response.status_code == 302
    after = text(manager.get("/casework/teams/assessment-and-support/unallocated"))
    assert 'data-testid="nothing-to-allocate"' in after
    work = client_for(staff["worker"]).get("/casework/my-work")
    assert episode.person.full_name in text(work)
    assert "Sam Shaw" in text(work)  # the caseload names the worker


def test_allocating_without_a_worker_says_so_beside_the_field(teams, staff, client_for):
    episode = OpenEpisodeFactory(team=teams["as"])
    response = client_for(staff["manager"]).post(
        f"/casework/episodes/{episode.pk}/allocate", {"from": "unallocated"}
    )
    assert response.status_code == 400
    assert f'id="worker-{episode.pk}-error"' in text(response)
    assert "Choose the worker to allocate" in text(response)


def test_only_the_teams_manager_sees_its_unallocated_work(teams, staff, client_for):
    for who in ("worker", "outsider"):
        response = client_for(staff[who]).get("/casework/teams/assessment-and-support/unallocated")
        assert response.status_code == 403


def test_reallocating_on_the_episode_page_needs_a_reason(teams, staff, client_for):
    episode = OpenEpisodeFactory(team=teams["as"])
    allocate_to(episode, staff["worker"])
    other = UserFactory(team=teams["as"], first_name="Alex", last_name="Bell")
    manager = client_for(staff["manager"])
    refused = manager.post(f"/casework/episodes/{episode.pk}/allocate", {"worker": other.pk})
    assert refused.status_code == 400
    assert 'id="allocate-error"' in text(refused) and "needs a recorded reason" in text(refused)
    done = manager.post(
        f"/casework/episodes/{episode.pk}/allocate",
        {"worker": other.pk, "reason": "Sam's caseload is over the limit this month"},
    )
    assert done.status_code == 302
    page = text(client_for(staff["manager"]).get(f"/people/{episode.person.pk}/"))
    assert "Changes of worker: 1" in page
    assert "caseload is over the limit" in page  # the reason is in the chronology


def test_the_episode_page_shows_level_history_and_the_moves_allowed_now(teams, staff, client_for):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, staff["worker"])
    worker_page = text(client_for(staff["worker"]).get(f"/casework/episodes/{episode.pk}/"))
    assert 'data-testid="stage">Child in Need<' in worker_page
    assert "Assessment to Child in Need" in worker_page  # the history: who, when, why
    assert "The assessment recommended it." in worker_page
    assert 'data-testid="move-assessment"' in worker_page
    # A Child Protection plan starts only from a conference's decision (child protection).
    assert 'data-testid="move-child_protection"' not in worker_page
    # Closing and step-down are the manager's decisions: not offered to the worker.
    assert 'data-testid="move-closed"' not in worker_page
    assert 'data-testid="step-down"' not in worker_page
    manager_page = text(client_for(staff["manager"]).get(f"/casework/episodes/{episode.pk}/"))
    assert 'data-testid="move-closed"' in manager_page
    assert 'data-testid="step-down"' in manager_page
    assert AuditEntry.objects.filter(person=episode.person, actor=staff["worker"]).exists()


def test_a_refused_move_shows_the_pathway_message_beside_the_field(teams, staff, client_for):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, staff["worker"])
    response = client_for(staff["worker"]).post(
        f"/casework/episodes/{episode.pk}/move/assessment", {"reason": "worried"}
    )
    assert response.status_code == 400
    page = text(response)
    assert 'id="move-assessment-error"' in page
    assert "a change of level needs a recorded reason" in page
    assert ">worried</textarea>" in page  # what was typed is kept


def test_a_move_goes_through_with_its_reason(teams, staff, client_for):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, staff["worker"])
    response = client_for(staff["worker"]).post(
        f"/casework/episodes/{episode.pk}/move/assessment",
        {"reason": "Dad has left and mum asked for a new assessment"},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.stage == "assessment"


def test_the_manager_closes_with_the_dfe_reason(teams, staff, client_for):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    manager = client_for(staff["manager"])
    refused = manager.post(
        f"/casework/episodes/{episode.pk}/move/closed", {"reason": "Support has ended well"}
    )
    assert refused.status_code == 400 and "Choose the reason the episode closes" in text(refused)
    done = manager.post(
        f"/casework/episodes/{episode.pk}/move/closed",
        {"reason": "Support has ended well", "closure_reason": "RC7"},
    )
    assert done.status_code == 302
    page = text(manager.get(f"/casework/episodes/{episode.pk}/"))
    assert "Support ended: the child is no longer in need" in page


def test_step_down_from_the_page_carries_the_assessment_across(teams, staff, client_for):
    episode = OpenEpisodeFactory(team=teams["as"])
    assessment = Assessment.objects.create(
        person=episode.person,
        episode=episode,
        kind="child_and_family",
        team=episode.team,
        status=AssessmentStatus.COMPLETED,
        outcome=AssessmentOutcome.EARLY_HELP,
        referral_date=episode.referral_date,
        started_on=episode.referral_date,
        due_on=episode.referral_date + dt.timedelta(days=60),
        completed_on=clock.today(),
    )
    manager = client_for(staff["manager"])
    response = manager.post(
        f"/casework/episodes/{episode.pk}/step-down",
        {"reason": "The family want help from the school's family worker"},
    )
    assert response.status_code == 302
    step = StepDown.objects.get()
    page = text(manager.get(f"/casework/early-help-requests/{step.early_help_request_id}/"))
    assert "Child and Family Assessment" in page
    assessment = episode.assessments.get()
    assert f'href="/teams/assessments/{assessment.pk}/"' in page
    assert "school&#x27;s family worker" in page
    chronology = text(manager.get(f"/people/{episode.person.pk}/"))
    assert f"/casework/early-help-requests/{step.early_help_request_id}/" in chronology
    assert assessment.pk


def test_a_step_down_refused_says_why_beside_the_field(teams, staff, client_for):
    episode = OpenEpisodeFactory(team=teams["as"])
    response = client_for(staff["manager"]).post(
        f"/casework/episodes/{episode.pk}/step-down", {"reason": "no"}
    )
    assert response.status_code == 400
    assert 'id="step-down-error"' in text(response)


def test_transfer_from_the_page(teams, staff, client_for):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, staff["worker"])
    response = client_for(staff["manager"]).post(
        f"/casework/episodes/{episode.pk}/transfer",
        {
            "team": teams["ssf"].pk,
            "handover_note": "Dad is now living at home and supports the plan fully.",
        },
    )
    assert response.status_code == 302
    done = Transfer.objects.get()
    assert response["Location"] == f"/casework/transfers/{done.pk}/"
    ssf_manager = TeamManagerFactory(team=teams["ssf"])
    page = text(client_for(ssf_manager).get(response["Location"]))
    assert "Dad is now living at home" in page
    waiting = text(
        client_for(ssf_manager).get(
            "/casework/teams/strengthening-and-supporting-families/unallocated"
        )
    )
    assert episode.person.full_name in waiting


def test_a_case_note_saves_as_you_type_and_a_bad_field_does_not_stop_the_rest(
    teams, staff, client_for
):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, staff["worker"])
    worker = client_for(staff["worker"])
    response = worker.post(
        f"/casework/people/{episode.person.pk}/case-notes/new", {"kind": "visit"}
    )
    note = CaseNote.objects.get()
    assert response["Location"] == f"/casework/case-notes/{note.pk}/"
    saved = worker.post(
        f"/casework/case-notes/{note.pk}/autosave",
        {
            "version": "1",
            "occurred_on_day": "31",
            "occurred_on_month": "2",
            "occurred_on_year": "2026",  # no 31 February
            "note": "She showed me her drawings and talked about her friends.",
            "child_seen": "yes",
        },
    )
    body = saved.json()
    assert saved.status_code == 200 and body["saved"] and body["version"] == 2
    assert [e["field"] for e in body["errors"]] == ["occurred_on"]
    note.refresh_from_db()
    assert note.note.startswith("She showed me her drawings") and note.child_seen is True
    assert note.occurred_on == clock.today()  # the bad date did not replace the good one
    stale = worker.post(
        f"/casework/case-notes/{note.pk}/autosave", {"version": "1", "note": "older"}
    )
    assert stale.status_code == 409 and stale.json()["conflict"]
    assert CaseNote.objects.get(pk=note.pk).note.startswith("She showed me")


def test_a_stale_full_save_shows_both_versions_until_combined(teams, staff, client_for):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, staff["worker"])
    note = DraftCaseNoteFactory(episode=episode, author=staff["worker"], note="From window one")
    note.version = 3
    note.save(update_fields=["version"])
    worker = client_for(staff["worker"])
    response = worker.post(
        f"/casework/case-notes/{note.pk}/", {"version": "2", "note": "From window two"}
    )
    assert response.status_code == 409
    page = text(response)
    assert "From window one" in page and "From window two" in page
    assert 'data-testid="other-version"' in page
    assert CaseNote.objects.get(pk=note.pk).note == "From window one"
    combined = worker.post(
        f"/casework/case-notes/{note.pk}/",
        {"version": "2", "theirs_version": "3", "combined": "yes", "note": "Both windows"},
    )
    assert combined.status_code == 302
    assert CaseNote.objects.get(pk=note.pk).note == "Both windows"


def test_recording_a_visit_with_the_child_seen_alone(teams, staff, client_for):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, staff["worker"])
    note = DraftCaseNoteFactory(episode=episode, author=staff["worker"])
    worker = client_for(staff["worker"])
    incomplete = worker.post(
        f"/casework/case-notes/{note.pk}/",
        {"version": "1", "action": "record", "kind": "visit", "child_seen": "yes"},
    )
    assert incomplete.status_code == 400
    assert "Say whether the child was seen alone" in text(incomplete)
    assert "Write the note" in text(incomplete)
    today = clock.today()
    done = worker.post(
        f"/casework/case-notes/{note.pk}/",
        {
            "version": "2",
            "action": "record",
            "kind": "visit",
            "occurred_on_day": str(today.day),
            "occurred_on_month": str(today.month),
            "occurred_on_year": str(today.year),
            "present": "Mum, the child",
            "child_seen": "yes",
            "child_seen_alone": "yes",
            "note": "Saw her alone in her room; she says things are better at home.",
        },
    )
    assert done.status_code == 302 and done["Location"] == f"/casework/episodes/{episode.pk}/"
    record = text(worker.get(f"/people/{episode.person.pk}/"))
    assert "Visit: child seen alone" in record
    assert f'href="/casework/case-notes/{note.pk}/">Open the case note' in record
    shown = text(worker.get(f"/casework/case-notes/{note.pk}/"))
    assert "Yes, and seen alone" in shown


def test_someone_elses_draft_is_not_theirs_to_open(teams, staff, client_for):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, staff["worker"])
    note = DraftCaseNoteFactory(episode=episode, author=staff["worker"])
    assert client_for(staff["manager"]).get(f"/casework/case-notes/{note.pk}/").status_code == 403
    assert client_for(staff["outsider"]).get(f"/casework/case-notes/{note.pk}/").status_code in (
        302,
        403,
    )


def test_my_work_lists_what_is_due_and_the_banner_shows_it(teams, staff, client_for, time_machine):
    episode = ChildInNeedEpisodeFactory(team=teams["as"])
    allocate_to(episode, staff["worker"])
    time_machine.move_to(clock.now() + dt.timedelta(days=40))
    worker = client_for(staff["worker"])
    work = text(worker.get("/casework/my-work"))
    assert "Child in Need visit" in work and "overdue" in work
    assert "Transfer to Strengthening and Supporting Families" in work
    record = text(worker.get(f"/people/{episode.person.pk}/"))
    assert 'data-testid="casework-banner"' in record
    assert 'data-testid="banner-level"' in record and "Child in Need" in record
    assert "Sam Shaw" in record
    assert re.search(r'data-testid="banner-due">.*Child in Need visit.*overdue', record)
    assert ">My work<" in record  # in the menu


def test_a_manager_sees_allocations_waiting_on_my_work(teams, staff, client_for):
    episode = OpenEpisodeFactory(team=teams["as"])
    work = text(client_for(staff["manager"]).get("/casework/my-work"))
    assert "Allocate a worker" in work and episode.person.full_name in work
    assert "Waiting for a worker" in work


def test_a_child_with_no_open_episode_has_no_banner(teams, staff, client_for):
    allocation = Allocation.objects.create(
        person=OpenEpisodeFactory(team=teams["ssf"]).person,
        team=teams["as"],
        worker=staff["worker"],
        start_date=clock.today(),
    )
    from continuum.socialwork.models import Episode

    Episode.objects.filter(person=allocation.person).update(
        closed_on=clock.today(), stage="closed", closure_reason="RC8"
    )
    record = text(client_for(staff["worker"]).get(f"/people/{allocation.person.pk}/"))
    assert 'data-testid="casework-banner"' not in record


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_my_work_costs_the_same_queries_for_a_bigger_team(teams, staff, client_for):
    """The due list's providers query in bulk: a team's caseload of 3 or of 12 children takes
    the same number of queries."""

    def add(n):
        for i in range(n):
            episode = (ChildInNeedEpisodeFactory if i % 2 else OpenEpisodeFactory)(team=teams["as"])
            if i % 3:
                allocate_to(episode, staff["worker"])
                RecordedVisitFactory(episode=episode, author=staff["worker"])

    manager = client_for(staff["manager"])
    add(3)
    few = _queries(manager, "/casework/my-work")
    add(9)
    many = _queries(manager, "/casework/my-work")
    assert many == few
