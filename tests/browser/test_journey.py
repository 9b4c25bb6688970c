"""Issue 2's acceptance journey, in a real browser: a social worker finds a child on their
caseload and reads the chronology; a worker from another team must give a reason to open the
record; the child's audit and the team manager's list of reasons show who looked and why."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from continuum.core.models import EventKind
from continuum.governance.models import AuditAction, AuditEntry, BreakGlassAccess
from tests.browser.conftest import Authority
from tests.browser.helpers import check_accessibility, screenshot, sign_in, sign_out

pytestmark = pytest.mark.browser

REASON = "Fostering assessment of the family as kinship carers for a sibling"


def test_caseload_chronology_reason_and_audit(
    page: Page, authority: Authority, screenshots: Path
) -> None:
    child, worker, outsider, manager = (
        authority.child,
        authority.worker,
        authority.outsider,
        authority.manager,
    )
    detail_url = f"/people/{child.pk}/"
    all_events = sum(len(v) for v in authority.events_by_kind.values())

    # 1. The allocated social worker signs in and sees the child on their caseload.
    sign_in(page, worker.username, "Sam Okafor")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assessment and Support")
    caseload = page.get_by_test_id("caseload")
    expect(caseload.get_by_role("link", name="Ava Thistlewood")).to_be_visible()
    expect(caseload).to_contain_text("4 Feb 2015")
    check_accessibility(page, what="the social worker's caseload")
    screenshot(page, screenshots, "caseload")

    # 2. They open the record: details, the timeline SVG and the whole chronology.
    caseload.get_by_role("link", name="Ava Thistlewood").click()
    expect(page).to_have_url(re.compile(rf"{detail_url}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ava Thistlewood")
    expect(page.get_by_test_id("workers")).to_contain_text("Sam Okafor")
    chronology = page.get_by_test_id("chronology")
    expect(chronology.locator("tbody tr")).to_have_count(all_events)
    for summaries in authority.events_by_kind.values():
        for summary in summaries:
            expect(chronology).to_contain_text(summary)
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_be_visible()
    # The drawing covers the recent work (the last three years); the 2015 birth stays in the
    # table only, so the work is not squashed into a sliver at the right.
    recent = [
        summary
        for kind, summaries in authority.events_by_kind.items()
        if kind != EventKind.BIRTH
        for summary in summaries
    ]
    points = timeline.locator("circle > title")
    expect(points).to_have_count(len(recent))
    for summary in recent:
        expect(timeline).to_contain_text(summary)
    expect(timeline).not_to_contain_text("Born")
    assert timeline.bounding_box()["width"] > 600  # drawn across the page, not collapsed
    check_accessibility(page, what="the child's record")
    screenshot(page, screenshots, "child-record", full_page=True)

    # 3. They filter the chronology to visits only.
    visits = authority.events_by_kind[EventKind.VISIT]
    page.get_by_label("Visit", exact=True).check()
    page.get_by_role("button", name="Filter the chronology").click()
    expect(page).to_have_url(re.compile(r"\?kind=visit#chronology$"))
    expect(chronology.locator("tbody tr")).to_have_count(len(visits))
    for summary in visits:
        expect(chronology).to_contain_text(summary)
    expect(chronology).not_to_contain_text("Strategy discussion held")
    expect(chronology.locator("tbody tr td:nth-child(3)")).to_have_text(["Visit"] * len(visits))
    expect(points).to_have_count(len(visits))
    expect(page.get_by_label("Visit", exact=True)).to_be_checked()
    check_accessibility(page, what="the child's record, filtered to visits")
    page.get_by_role("link", name="Show everything").click()
    expect(chronology.locator("tbody tr")).to_have_count(all_events)
    sign_out(page)

    # 4. A worker from another team searches for the child...
    sign_in(page, outsider.username, "Jo Lindqvist")
    page.goto("/people/?q=Ava+Thistlewood")
    results = page.get_by_test_id("search-results")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("FY1 3LA")
    check_accessibility(page, what="search results")
    results.get_by_role("link", name="Ava Thistlewood").click()

    # ...is asked for a reason before the record opens...
    expect(page).to_have_url(re.compile(rf"/people/{child.pk}/reason\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You are not working with this person"
    )
    # The page names nobody: it can be reached with any record number.
    expect(page.locator("main")).not_to_contain_text("Thistlewood")
    assert not AuditEntry.objects.filter(actor=outsider, action=AuditAction.VIEW).exists()
    check_accessibility(page, what="the reason page")
    # A reason that says nothing is refused beside the field.
    page.get_by_label("Why do you need to open this record?").fill("need")
    page.get_by_role("button", name="Open the record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("in a sentence")
    expect(page.locator("#id_reason-error")).to_contain_text("in a sentence")
    check_accessibility(page, what="the reason page with an error")
    assert not BreakGlassAccess.objects.filter(user=outsider).exists()

    # ...gives one, and sees the record.
    page.get_by_label("Why do you need to open this record?").fill(REASON)
    page.get_by_role("button", name="Open the record").click()
    expect(page).to_have_url(re.compile(rf"{detail_url}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ava Thistlewood")
    expect(page.get_by_test_id("chronology").locator("tbody tr")).to_have_count(all_events)
    check_accessibility(page, what="the child's record, opened with a reason")
    sign_out(page)

    # 5. The team manager of the child's team sees the reason waiting for review...
    sign_in(page, manager.username, "Priya Shah")
    page.get_by_role("link", name=re.compile(r"1 reason given")).click()
    expect(page).to_have_url(re.compile(r"/governance/reasons$"))
    waiting = page.get_by_test_id("reasons-waiting")
    expect(waiting.locator("tbody tr")).to_have_count(1)
    expect(waiting).to_contain_text("Jo Lindqvist")
    expect(waiting).to_contain_text("Fostering")
    expect(waiting).to_contain_text(REASON)
    check_accessibility(page, what="the team manager's reasons")

    # 6. ...and the child's audit shows both workers' views and the reason.
    waiting.get_by_role("link", name="Ava Thistlewood").click()
    expect(page).to_have_url(re.compile(rf"/people/{child.pk}/audit$"))
    audit = page.get_by_test_id("audit")
    sam_views = audit.locator("tbody tr", has_text="Sam Okafor").filter(
        has_text="Viewed the record"
    )
    expect(sam_views.first).to_contain_text("Allocated worker")
    jo = audit.locator("tbody tr", has_text="Jo Lindqvist")
    expect(jo.filter(has_text="Gave a reason to open the record")).to_contain_text(REASON)
    expect(jo.filter(has_text="Viewed the record")).to_contain_text(f"Reason given: {REASON}")
    expect(audit.locator("tbody tr").first).to_contain_text("Priya Shah")  # newest first
    check_accessibility(page, what="the child's audit")
    sign_out(page)

    # The audit trail in the database says the same.
    actions = set(AuditEntry.objects.filter(person=child).values_list("actor__username", "action"))
    assert {
        (worker.username, AuditAction.VIEW),
        (outsider.username, AuditAction.BREAK_GLASS),
        (outsider.username, AuditAction.VIEW),
        (manager.username, AuditAction.VIEW_AUDIT),
    } <= actions
