"""Issue 14, item 3 in a real browser: the Hub queue puts overdue work first, filters it, and
lets a Hub worker take over a contact a colleague started."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from continuum.core import clock
from continuum.frontdoor.models import Contact, ContactStatus, ScreeningTakeover
from continuum.frontdoor.tests.factories import ContactChildFactory, ReceivedContactFactory
from continuum.organisation.tests.factories import AgencyFactory, HubWorkerFactory, TeamFactory
from tests.browser.helpers import check_accessibility, sign_in

pytestmark = pytest.mark.browser


def test_overdue_first_filters_and_taking_over(page: Page, transactional_db) -> None:
    AgencyFactory()
    hub = TeamFactory(slug="request-for-support-hub", name="Request for Support Hub")
    HubWorkerFactory(username="hana", first_name="Hana", last_name="Hub", team=hub)
    sam = HubWorkerFactory(username="sam", first_name="Sam", last_name="Away", team=hub)
    now = clock.now()
    for _ in range(3):
        ContactChildFactory(
            contact=ReceivedContactFactory(rag="amber", due_at=now + dt.timedelta(days=1))
        )
    late = ContactChildFactory(
        given_name="Lenny",
        contact=ReceivedContactFactory(
            rag="green",
            due_at=now - dt.timedelta(days=2),
            status=ContactStatus.SCREENING,
            screened_by=sam,
            screening_started_at=now - dt.timedelta(days=3),
        ),
    ).contact

    sign_in(page, "hana", "Hana Hub")
    page.get_by_role("link", name="Hub queue").click()
    rows = page.get_by_test_id("hub-queue").locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text(late.reference)
    expect(rows.first).to_contain_text("Overdue")
    check_accessibility(page, what="the Hub queue with its filters")

    page.get_by_label("Overdue").check()
    page.get_by_role("button", name="Show contacts").click()
    expect(rows).to_have_count(1)
    expect(page.get_by_test_id("queue-filtered")).to_contain_text("1 of 4 waiting contacts match")

    rows.first.get_by_role("link", name=late.reference).click()
    expect(page.get_by_test_id("screening-status")).to_contain_text("Screened by Sam Away")
    take_over = page.get_by_test_id("take-over")
    take_over.get_by_label("Why are you taking it over?").fill("Sam is on leave this week")
    take_over.get_by_role("button", name="Take over screening").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"You have taken over {late.reference} from Sam Away"
    )
    expect(page.get_by_test_id("screening-status")).to_contain_text("Screened by Hana Hub")
    expect(page.get_by_test_id("takeovers")).to_contain_text("Sam is on leave this week")
    check_accessibility(page, what="the screening page after a take-over")
    assert Contact.objects.get(pk=late.pk).screened_by.username == "hana"
    assert ScreeningTakeover.objects.get().previous_worker == sam

    page.get_by_role("link", name="Hub queue").click()
    page.get_by_label("Screened by me").check()
    page.get_by_role("button", name="Show contacts").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Hana Hub")
