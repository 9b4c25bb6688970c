"""The Hub queue at scale: a page at a time, exact counts, a fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from continuum.frontdoor.models import ContactDecision, ContactStatus
from continuum.frontdoor.tests.factories import ContactChildFactory, ReceivedContactFactory
from continuum.frontdoor.views import HUB_QUEUE_PAGE_SIZE, OVERDUE_LISTED
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    TeamFactory,
    TeamManagerFactory,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
LATE = dt.datetime(2026, 11, 20, 17, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 11, 30, 17, tzinfo=dt.UTC)


def _client(factory=HubWorkerFactory) -> Client:
    client = Client()
    client.force_login(factory(team=TeamFactory(slug="request-for-support-hub")))
    return client


def _queue(client, page=None):
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("frontdoor:queue"), {"page": page} if page else {})


def test_a_long_queue_comes_a_page_at_a_time_most_urgent_first():
    green = ReceivedContactFactory.create_batch(HUB_QUEUE_PAGE_SIZE, rag="green", due_at=LATER)
    red = ReceivedContactFactory(rag="red", due_at=LATER)
    amber_late = ReceivedContactFactory(rag="amber", due_at=LATE)
    ReceivedContactFactory(status=ContactStatus.DECIDED)
    hub = _client()

    first, second = _queue(hub), _queue(hub, 2)

    expected = [red.pk, amber_late.pk, *(c.pk for c in green)]
    assert [c.pk for c in first.context["rows"]] == expected[:HUB_QUEUE_PAGE_SIZE]
    assert [c.pk for c in second.context["rows"]] == expected[HUB_QUEUE_PAGE_SIZE:]
    body = first.content.decode()
    assert f"Showing 1 to {HUB_QUEUE_PAGE_SIZE} of {HUB_QUEUE_PAGE_SIZE + 2} contacts" in body
    assert first.context["page"].paginator.count == HUB_QUEUE_PAGE_SIZE + 2
    assert first.context["overdue_count"] == 1
    assert [c.is_overdue for c in first.context["rows"][:2]] == [False, True]


@pytest.mark.parametrize("page", ["abc", "0", "99", ""])
def test_a_page_number_that_is_not_a_page_shows_a_page_not_an_error(page):
    ReceivedContactFactory.create_batch(2)
    response = _queue(_client(), page)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2


def test_a_manager_sees_how_many_are_overdue_even_beyond_the_list():
    ReceivedContactFactory.create_batch(OVERDUE_LISTED + 2, due_at=LATE)
    response = _queue(_client(TeamManagerFactory))
    body = response.content.decode()
    assert len(response.context["overdue"]) == OVERDUE_LISTED
    assert f"{OVERDUE_LISTED + 2} overdue</h2>" in body
    assert f"the first {OVERDUE_LISTED} of {OVERDUE_LISTED + 2} overdue" in body


def test_decided_today_counts_decisions_made_today_in_london():
    # 23:30 UTC on 22 November is still the 22nd in London (GMT); 00:30 UTC on the 23rd is
    # the 23rd, as is 11:00.
    for moment in (
        dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 23, 0, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 23, 11, 0, tzinfo=dt.UTC),
    ):
        contact = ReceivedContactFactory(status=ContactStatus.DECIDED)
        ContactDecision.objects.create(
            contact=contact,
            outcome="signpost",
            next_step="signpost",
            reason="r",
            explanation="e",
            outcome_for_referrer="o",
            decided_at=moment,
            decided_by=HubWorkerFactory(),
            was_on_time=True,
        )
    assert _queue(_client()).context["decided_today"] == 2


def test_the_queue_costs_the_same_few_queries_however_long_it_is(django_assert_max_num_queries):
    for _ in range(HUB_QUEUE_PAGE_SIZE * 2):
        ContactChildFactory(contact=ReceivedContactFactory(due_at=LATE))
    hub = _client(TeamManagerFactory)
    with django_assert_max_num_queries(10):
        assert _queue(hub).status_code == 200
