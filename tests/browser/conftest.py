"""Browser tests: Playwright's sync API drives Debian's Chromium against pytest-django's live
server. Run them with `make test-browser`; the default test run deselects them.

Never `playwright install`: the browser is the system's Chromium (`apt-get install chromium`).
"""

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, Request, Response, sync_playwright

from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.organisation.models import Team, User
from continuum.organisation.tests.factories import (
    AgencyFactory,
    TeamFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.people.models import Person
from continuum.people.tests.factories import AddressFactory, AllocationFactory, ChildFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
# Sub-resources with a test of their own (test_static.py::test_favicon_link_resolves), so that
# a broken favicon link fails one test rather than every page.
KNOWN_BROKEN_ASSETS = ("favicon.ico",)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's sync API runs an asyncio loop in this thread, so Django would refuse ORM
    calls from test code (factories, assertions) while it runs. Allow them, for the browser
    tests only, and put the setting back afterwards."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            yield p
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium). "
            "Playwright's own browser download cannot work here.",
            pytrace=False,
        )
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@dataclass
class PageProblems:
    """What went wrong beneath a page: failed sub-resources, uncaught script errors."""

    failed: list[str]
    script_errors: list[str]
    blocked: list[str]


@pytest.fixture
def page(browser: Browser, live_server, transactional_db) -> Iterator[Page]:
    """A fresh browser context (no cookies) per test, pointed at the live server. Anything that
    tries to leave this machine is blocked; failed assets and script errors fail the test."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(10_000)
    problems = PageProblems(failed=[], script_errors=[], blocked=[])

    def guard(route, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            problems.blocked.append(request.url)
            route.abort()

    def on_response(response: Response) -> None:
        if (
            response.status >= 400
            and response.request.resource_type != "document"
            and not response.url.endswith(KNOWN_BROKEN_ASSETS)
        ):
            problems.failed.append(f"{response.status} {response.url}")

    def on_request_failed(request: Request) -> None:
        # ERR_ABORTED: the test moved on to the next page while this one still loaded.
        if request.url in problems.blocked or "ERR_ABORTED" in (request.failure or ""):
            return
        if not request.url.endswith(KNOWN_BROKEN_ASSETS):
            problems.failed.append(f"failed {request.url}: {request.failure}")

    context.route("**/*", guard)
    page = context.new_page()
    page.on("response", on_response)
    page.on("pageerror", lambda error: problems.script_errors.append(str(error)))
    page.on("requestfailed", on_request_failed)
    # Anything the Content-Security-Policy blocks (an inline script, a style attribute) is a
    # failure: a browser refuses it silently, so the page would half-work.
    page.on(
        "console",
        lambda message: (
            problems.script_errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not problems.blocked, f"The page tried to reach the network: {problems.blocked}"
    assert not problems.failed, f"Assets failed to load: {problems.failed}"
    assert not problems.script_errors, f"Script errors on the page: {problems.script_errors}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@dataclass
class Authority:
    """A small, synthetic Blackpool: two teams, three staff and one child with a history."""

    assessment: Team
    fostering: Team
    worker: User
    manager: User
    outsider: User
    child: Person
    events_by_kind: dict[str, list[str]]


@pytest.fixture
def authority(transactional_db) -> Authority:
    AgencyFactory()
    assessment = TeamFactory(slug="assessment-and-support", name="Assessment and Support")
    fostering = TeamFactory(slug="fostering", name="Fostering")
    worker = UserFactory(
        username="sam.okafor",
        first_name="Sam",
        last_name="Okafor",
        job_title="Social worker",
        team=assessment,
    )
    manager = TeamManagerFactory(
        username="priya.shah",
        first_name="Priya",
        last_name="Shah",
        job_title="Team manager",
        team=assessment,
    )
    outsider = UserFactory(
        username="jo.lindqvist",
        first_name="Jo",
        last_name="Lindqvist",
        job_title="Supervising social worker",
        team=fostering,
    )
    child = ChildFactory(
        given_name="Ava", family_name="Thistlewood", date_of_birth=dt.date(2015, 2, 4)
    )
    AddressFactory(person=child, line_1="12 Test Street", postcode="FY1 3LA")
    AllocationFactory(person=child, team=assessment, worker=worker, start_date=dt.date(2026, 1, 5))
    history = [
        (EventKind.BIRTH, dt.date(2015, 2, 4), "Born"),
        (EventKind.CONTACT, dt.date(2025, 11, 3), "School raised concerns about attendance"),
        (EventKind.ASSESSMENT, dt.date(2025, 11, 20), "Child and Family Assessment started"),
        (EventKind.VISIT, dt.date(2025, 12, 2), "Home visit: seen alone in her bedroom"),
        (EventKind.MEETING, dt.date(2026, 1, 14), "Strategy discussion held"),
        (EventKind.VISIT, dt.date(2026, 2, 9), "Home visit: seen with her brother"),
    ]
    events_by_kind: dict[str, list[str]] = {}
    for kind, day, summary in history:
        record_event(child, kind=kind, occurred_on=day, summary=summary, recorded_by=worker)
        events_by_kind.setdefault(kind, []).append(summary)
    return Authority(assessment, fostering, worker, manager, outsider, child, events_by_kind)
