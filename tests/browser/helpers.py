"""What the browser tests do again and again: sign in and out, check accessibility, screenshot."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from continuum.account.testing import authenticator, code_for
from continuum.organisation.models import User
from continuum.organisation.tests.factories import PASSWORD

# WCAG 2.2 AA, as axe-core tags it: every A and AA rule from 2.0, 2.1 and 2.2.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def check_accessibility(page: Page, *, what: str = "") -> None:
    """Run axe-core (bundled, offline) on the page as it is now; fail listing every violation."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {what or page.url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{', '.join(t for t in violation['tags'] if t.startswith('wcag'))}]"
            f" {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary}")
    pytest.fail("\n".join(lines), pytrace=False)


def sign_in(page: Page, username: str, full_name: str, *, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page and, for staff (and partners with an app), the code
    step, typing the code the person's authenticator app would show; the pages are checked
    for accessibility on the way. Staff are given an authenticator app first if they have none
    (tests/browser/test_sign_in.py sets one up through the pages)."""
    user = User.objects.get(username=username)
    if not user.is_partner:
        authenticator(user)
    page.goto("/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Continuum")
    check_accessibility(page, what="the sign-in page")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/(sign-in/code\?.*)?$"))
    if "/sign-in/code" in page.url:
        enter_code(page, user)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(full_name)


def enter_code(page: Page, user: User) -> None:
    """The code step: the code from the user's authenticator app (set up now if none)."""
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the 6-digit code from your authenticator app"
    )
    check_accessibility(page, what="the code step")
    page.get_by_label("Code").fill(code_for(authenticator(user)))
    page.get_by_role("button", name="Continue").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Sign out")).click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))


def screenshot(page: Page, directory: Path, name: str, *, full_page: bool = False) -> Path:
    path = directory / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
