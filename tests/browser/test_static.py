"""The GOV.UK Frontend stylesheet, fonts and script really reach the browser."""

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from tests.browser.helpers import check_accessibility

pytestmark = pytest.mark.browser

GOVUK_GREEN = "rgb(15, 122, 82)"  # $govuk-button-background-colour in GOV.UK Frontend 6


def test_govuk_styles_fonts_and_script_load(page: Page) -> None:
    with page.expect_response(lambda r: r.url.endswith("/static/continuum.css")) as stylesheet:
        page.goto("/sign-in")
    assert stylesheet.value.status == 200
    assert stylesheet.value.header_value("content-type").startswith("text/css")

    button = page.get_by_role("button", name="Sign in")
    # Computed styles only GOV.UK Frontend's CSS gives: without it the button is grey and the
    # heading is in the browser's default serif.
    expect(button).to_have_css("background-color", GOVUK_GREEN)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_css("font-weight", "700")
    assert "GDS Transport" in heading.evaluate("e => getComputedStyle(e).fontFamily")

    page.evaluate("document.fonts.ready")
    fonts = page.evaluate("[...document.fonts].map(f => [f.family, f.status])")
    assert ["GDS Transport", "loaded"] in fonts, fonts

    # GOV.UK Frontend's JavaScript (an ES module) ran and initialised the button component.
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )
    expect(button).to_have_attribute("data-govuk-button-init", "")
    check_accessibility(page, what="the sign-in page")


def test_whitenoise_serves_the_stylesheet_without_the_test_server() -> None:
    """The live server serves /static/ itself; production relies on WhiteNoise's middleware
    (WHITENOISE_USE_FINDERS), so ask the plain WSGI stack too."""
    response = Client().get("/static/continuum.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert b".govuk-button" in b"".join(response.streaming_content)


def test_favicon_link_resolves(page: Page) -> None:
    """Pages ignore a missing favicon (conftest.KNOWN_BROKEN_ASSETS); this test does not.
    GOV.UK Frontend 6 ships it as govuk/assets/images/favicon.ico (no rebrand/ folder)."""
    page.goto("/sign-in")
    href = page.locator("link[rel=icon]").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200, f"{href}: {response.status}"
    assert response.headers["content-type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
