"""Under the Content-Security-Policy (no inline script), the pages' own scripts still run: the
API's documentation (Swagger UI, served from here) and the Request for Support autosave. The
page fixture fails any test whose page the policy blocked something on, or that reached for
another host."""

import pytest
from playwright.sync_api import Page, expect

from continuum.organisation.models import Role
from continuum.organisation.tests.factories import PartnerAgencyFactory, UserFactory
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


def test_the_api_documentation_works_from_local_assets(page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="Continuum API")).to_be_visible()
    expect(page.get_by_text("/api/v1/requests-for-support").first).to_be_visible()
    assert any(url.endswith("/static/ninja/swagger-ui-bundle.js") for url in requested)


def test_the_request_form_saves_a_draft_as_the_referrer_types(page: Page, transactional_db) -> None:
    school = PartnerAgencyFactory(slug="demo-primary-school", name="Demo Primary School")
    UserFactory(
        username="dsl",
        first_name="Dee",
        last_name="Lead",
        role=Role.PARTNER,
        team=None,
        agency=school,
    )
    sign_in(page, "dsl", "Dee Lead")
    page.get_by_role("link", name="Requests for Support").first.click()
    page.get_by_role("button", name="Start a new Request for Support").click()
    with page.expect_response(lambda r: r.url.endswith("/autosave")) as saved:
        page.get_by_label("Your name").fill("Dee Lead")
    assert saved.value.status == 200
    expect(page.locator("#autosave-status")).not_to_be_empty()
