"""What families and referrers read is plain English (the seeds: "use plain language"): each
page they use, and each outcome a referrer is told, is checked for reading ease.

Flesch reading ease (textstat) scores a text from 0 (very hard) to 100 (very easy); 60 or more
is "plain English", what most people read easily at about 13 to 15 years old. A page is
scored on its visible words: the headings, labels, hints, messages and buttons a person reads,
not the staff-only header or the footer, which are checked once on their own."""

import re
from html.parser import HTMLParser

import pytest
import textstat
from django.test import Client
from django.urls import reverse

from continuum.directory.tests.factories import service_at
from continuum.frontdoor import rules
from continuum.frontdoor.tests.factories import ReceivedContactFactory
from continuum.organisation.tests.factories import PartnerUserFactory

pytestmark = pytest.mark.django_db

PLAIN_ENGLISH = 60


class _VisibleText(HTMLParser):
    """The words a person reads in a page's main content: no scripts, styles, hidden inputs,
    or text only screen readers hear twice."""

    SKIP = {"script", "style", "template", "select", "header", "footer", "nav"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.in_main = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        if tag in self.SKIP:
            self.depth += 1
        if tag in (
            "p",
            "li",
            "h1",
            "h2",
            "h3",
            "label",
            "legend",
            "div",
            "td",
            "th",
            "dt",
            "dd",
            "button",
            "a",
            "summary",
            "span",
            "strong",
        ):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.in_main and not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    # Each line is a sentence of its own (a label, a hint, a button), as a reader takes it.
    return "\n".join(
        line if line.endswith((".", "?", "!", ":")) else line + "."
        for line in lines
        if re.search(r"[A-Za-z]{2}", line)
    )


def reading_ease(text: str) -> float:
    return textstat.flesch_reading_ease(text)


def _partner() -> Client:
    client = Client()
    client.force_login(PartnerUserFactory())
    return client


def _pages() -> dict[str, tuple[Client, str]]:
    partner = _partner()
    user = partner.session["_auth_user_id"]
    from continuum.organisation.models import User

    agency = User.objects.get(pk=user).agency
    sent = ReceivedContactFactory(agency=agency)
    sal = service_at("FY1 3LA", name="Stay and Play")
    public = Client()
    return {
        "partner home": (partner, reverse("home")),
        "Requests for Support": (partner, reverse("frontdoor:my-requests")),
        "the Request for Support form": (partner, reverse("frontdoor:request-new")),
        "a sent request": (partner, reverse("frontdoor:request-detail", args=[sent.pk])),
        "the public directory search": (public, reverse("services:search")),
        "a service, to the public": (public, reverse("services:service", args=[sal.service.pk])),
        "suggesting a service": (public, reverse("services:suggest")),
    }


PAGES = [
    "partner home",
    "Requests for Support",
    "the Request for Support form",
    "a sent request",
    "the public directory search",
    "a service, to the public",
    "suggesting a service",
]


@pytest.mark.parametrize("page", PAGES)
def test_pages_families_and_referrers_read_are_plain_english(page):
    client, url = _pages()[page]
    response = client.get(url)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert len(text.split()) > 20, text
    score = reading_ease(text)
    assert score >= PLAIN_ENGLISH, f"{page}: reading ease {score:.0f}\n{text}"


def _outcomes() -> list[rules.Route]:
    routes = {}
    for outcome in rules.Outcome:
        for ssf in (False, True):
            for consents in (True, None, False):
                facts = rules.DecisionFacts(
                    outcome=outcome, ssf_open_within_6_months=ssf, family_consents=consents
                )
                try:
                    route = rules.route_decision(facts)
                except ValueError:  # a combination the Hub cannot record
                    continue
                routes[route.referrer_outcome] = route
    return list(routes.values())


OUTCOMES = _outcomes()


@pytest.mark.parametrize("route", OUTCOMES, ids=lambda r: f"{r.next_step.value}")
def test_what_a_referrer_is_told_is_plain_english(route):
    score = reading_ease(route.referrer_outcome)
    assert score >= PLAIN_ENGLISH, f"reading ease {score:.0f}: {route.referrer_outcome}"


def test_the_reading_check_fails_hard_text():
    hard = (
        "Notwithstanding the aforementioned considerations, multi-agency safeguarding "
        "arrangements necessitate comprehensive interdisciplinary information-sharing."
    )
    assert reading_ease(hard) < PLAIN_ENGLISH
    assert reading_ease("We will call you today. Tell us if you are worried.") >= PLAIN_ENGLISH
    page = "<main><h1>Hello</h1><p>We will call you</p><script>var x = 1;</script></main>"
    assert visible_text(page) == "Hello.\nWe will call you."
