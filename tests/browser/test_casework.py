"""A piece of casework through the pages: the team manager allocates a child from the team's
unallocated work, the worker finds the child on "My work" and records a visit (the child seen
alone) that saves as they type, the chronology links to the visit, and the manager closes the
episode with the Department for Education's reason after one refusal. Every page passes axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from continuum.core.models import ChronologyEvent
from continuum.organisation.tests.factories import (
    AgencyFactory,
    TeamFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.people.tests.factories import ChildFactory
from continuum.socialwork.models import Episode
from continuum.socialwork.models_casework import CaseNote
from continuum.socialwork.tests.factories import ChildInNeedEpisodeFactory
from tests.browser.helpers import check_accessibility, sign_in, sign_out

pytestmark = pytest.mark.browser


@pytest.fixture
def casework(transactional_db):
    AgencyFactory()
    team = TeamFactory(slug="assessment-and-support", name="Assessment and Support")
    TeamFactory(slug="early-help-hub", name="Early Help Hub")
    manager = TeamManagerFactory(
        username="priya.shah", first_name="Priya", last_name="Shah", team=team
    )
    worker = UserFactory(username="sam.okafor", first_name="Sam", last_name="Okafor", team=team)
    child = ChildFactory(given_name="Ava", family_name="Thistlewood")
    episode = ChildInNeedEpisodeFactory(person=child, team=team)
    return {"manager": manager, "worker": worker, "child": child, "episode": episode}


def test_allocate_record_a_visit_seen_alone_and_close(page: Page, casework) -> None:
    episode = casework["episode"]

    # The manager allocates from the team's unallocated work.
    sign_in(page, "priya.shah", "Priya Shah")
    page.get_by_role("link", name="My work").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    expect(page.get_by_test_id("due")).to_contain_text("Allocate a worker")
    check_accessibility(page, what="the manager's My work")
    page.get_by_role("link", name="Work to allocate in Assessment and Support").click()
    expect(page.get_by_test_id("unallocated")).to_contain_text("Ava Thistlewood")
    check_accessibility(page, what="the work to allocate")
    page.get_by_label("Worker for Ava Thistlewood").select_option(label="Sam Okafor")
    page.get_by_role("button", name="Allocate Ava Thistlewood").click()
    expect(page.get_by_text("Ava Thistlewood is allocated to Sam Okafor")).to_be_visible()
    expect(page.get_by_test_id("nothing-to-allocate")).to_be_visible()
    sign_out(page)

    # The worker sees the child on their caseload at once, and records a visit.
    sign_in(page, "sam.okafor", "Sam Okafor")
    page.get_by_role("link", name="My work").click()
    caseload = page.get_by_test_id("caseload")
    expect(caseload).to_contain_text("Ava Thistlewood")
    expect(caseload).to_contain_text("Child in Need")
    expect(page.get_by_test_id("due")).to_contain_text("Child in Need visit")
    check_accessibility(page, what="the worker's My work")
    caseload.get_by_role("link", name="Ava Thistlewood").click()
    expect(page.get_by_test_id("stage")).to_have_text("Child in Need")
    expect(page.get_by_test_id("worker")).to_have_text("Sam Okafor")
    check_accessibility(page, what="the episode page")
    page.get_by_role("button", name="Record a visit").click()
    expect(page.get_by_role("heading", level=2, name="Record a visit")).to_be_visible()
    check_accessibility(page, what="the visit form")
    page.get_by_label("Who was there").fill("Ava, her mum")
    page.locator("#id_child_seen_0").check()
    page.locator("#id_child_seen_alone_0").check()
    page.get_by_label("The note").fill(
        "Ava showed me her room and said things feel calmer at home since her dad moved out."
    )
    expect(page.get_by_test_id("autosave-status")).to_contain_text("Draft saved at")
    note = CaseNote.objects.get()
    assert note.is_draft and note.child_seen_alone is True
    assert note.note.startswith("Ava showed me her room")
    page.get_by_role("button", name="Record the visit").click()
    expect(page.get_by_text("Visit recorded")).to_be_visible()
    expect(page.get_by_test_id("case-notes")).to_contain_text("Seen alone")

    # The chronology links the visit to its record; the banner shows level, worker, next date.
    page.get_by_role("link", name="The chronology").click()
    banner = page.get_by_test_id("casework-banner")
    expect(banner).to_contain_text("Child in Need")
    expect(banner).to_contain_text("Sam Okafor")
    expect(page.get_by_test_id("banner-due")).to_contain_text("Child in Need visit")
    check_accessibility(page, what="the child's record with the banner")
    event = ChronologyEvent.objects.get(source=f"socialwork.CaseNote:{note.pk}")
    row = page.locator(f"#event-{event.pk}")
    expect(row).to_contain_text("Visit: child seen alone")
    row.get_by_role("link", name="Open the case note").click()
    expect(page.get_by_test_id("child-seen")).to_have_text("Yes, and seen alone")
    check_accessibility(page, what="the recorded visit")
    sign_out(page)

    # The manager closes the episode: a refusal first, shown beside the field, then the close.
    sign_in(page, "priya.shah", "Priya Shah")
    page.goto(f"/casework/episodes/{episode.pk}/")
    close = page.get_by_test_id("move-closed")
    close.get_by_label("Why").fill("Support has ended well and Ava is settled at home")
    close.get_by_role("button", name="Step down or close").click()
    expect(page.get_by_test_id("move-error")).to_contain_text(
        "Choose the reason the episode closes"
    )
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, what="the episode page with a refused move")
    close = page.get_by_test_id("move-closed")
    close.get_by_label("Reason for closing").select_option("RC7")
    close.get_by_label("Why").fill("Support has ended well and Ava is settled at home")
    close.get_by_role("button", name="Step down or close").click()
    expect(page.get_by_text("Ava Thistlewood is now at Closed")).to_be_visible()
    expect(page.get_by_test_id("closed")).to_contain_text("Support ended")
    check_accessibility(page, what="the closed episode")
    assert Episode.objects.get(pk=episode.pk).closure_reason == "RC7"
    assert re.search("Closed", page.get_by_test_id("stage").inner_text())
