"""A data officer looks at how the service is doing, narrows it to a team and downloads a
table: the figures, the charts and the CSV, in a real browser, accessible."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from continuum.organisation.models import Role
from continuum.organisation.tests.factories import TeamFactory, UserFactory
from continuum.people.tests.factories import AllocationFactory, ChildFactory
from continuum.socialwork.models import Episode
from tests.browser.helpers import check_accessibility, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_a_data_officer_reads_filters_and_downloads_the_figures(
    page: Page, transactional_db, screenshots
) -> None:
    team = TeamFactory(slug="assessment-and-support", name="Assessment and Support")
    TeamFactory(slug="complex-needs", name="Complex Needs")
    worker = UserFactory(team=team, first_name="Sam", last_name="Okafor")
    for day in (dt.date(2026, 5, 4), dt.date(2026, 6, 1), dt.date(2026, 7, 6)):
        child = ChildFactory()
        Episode.objects.create(
            person=child,
            stage="assessment",
            team=team,
            referral_date=day,
            opened_at=dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC),
        )
        AllocationFactory(person=child, team=team, worker=worker, start_date=day)
    UserFactory(username="dana.ellis", first_name="Dana", last_name="Ellis", role=Role.DATA_OFFICER)
    sign_in(page, "dana.ellis", "Dana Ellis")
    page.get_by_role("link", name="Performance").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Performance")
    page.get_by_label("From", exact=True).fill("2026-04-01")
    page.get_by_label("To", exact=True).fill("2026-11-30")
    page.get_by_label("Team", exact=True).select_option(label="Assessment and Support")
    page.get_by_role("button", name="Show figures").click()
    headline = page.get_by_test_id("table-headline")
    expect(
        headline.get_by_role("row", name="Referrals (episodes of need opened) 3")
    ).to_be_visible()
    caseloads = page.get_by_test_id("table-caseloads")
    expect(caseloads.get_by_role("row", name="Sam Okafor Assessment and Support 3")).to_be_visible()
    expect(caseloads.get_by_role("img")).to_be_visible()  # the chart
    check_accessibility(page, what="the performance dashboard")
    screenshot(page, screenshots, "performance-dashboard", full_page=True)
    with page.expect_download() as download:
        caseloads.get_by_role("link", name="as CSV").click()
    path = download.value.path()
    assert download.value.suggested_filename.startswith("caseloads-assessment-and-support-")
    assert "Sam Okafor,Assessment and Support,3" in Path(path).read_text(encoding="utf-8")
