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


def test_a_long_queue_comes_a_page_at_a_time_overdue_first_then_most_urgent():
    green = ReceivedContactFactory.create_batch(HUB_QUEUE_PAGE_SIZE, rag="green", due_at=LATER)
    red = ReceivedContactFactory(rag="red", due_at=LATER)
    amber_late = ReceivedContactFactory(rag="amber", due_at=LATE)
    ReceivedContactFactory(status=ContactStatus.DECIDED)
    hub = _client()

    first, second = _queue(hub), _queue(hub, 2)

    expected = [amber_late.pk, red.pk, *(c.pk for c in green)]
    assert [c.pk for c in first.context["rows"]] == expected[:HUB_QUEUE_PAGE_SIZE]
    assert [c.pk for c in second.context["rows"]] == expected[HUB_QUEUE_PAGE_SIZE:]
    body = first.content.decode()
    assert f"Showing 1 to {HUB_QUEUE_PAGE_SIZE} of {HUB_QUEUE_PAGE_SIZE + 2} contacts" in body
    assert first.context["page"].paginator.count == HUB_QUEUE_PAGE_SIZE + 2
    assert first.context["overdue_count"] == 1
    assert [c.is_overdue for c in first.context["rows"][:2]] == [True, False]


def test_overdue_green_contacts_come_above_amber_ones_not_yet_due_most_overdue_first():
    """The Hub found overdue green contacts below about 70 amber ones not yet due."""
    not_due = ReceivedContactFactory.create_batch(70, rag="amber", due_at=LATER)
    a_day_late = ReceivedContactFactory(rag="green", due_at=NOW - dt.timedelta(days=1))
    three_days_late = ReceivedContactFactory(rag="green", due_at=NOW - dt.timedelta(days=3))
    an_hour_late = ReceivedContactFactory(rag="red", due_at=NOW - dt.timedelta(hours=1))
    red_not_due = ReceivedContactFactory(rag="red", due_at=LATER + dt.timedelta(days=1))

    rows = _queue(_client()).context["rows"]

    assert [c.pk for c in rows[:5]] == [
        three_days_late.pk,
        a_day_late.pk,
        an_hour_late.pk,
        red_not_due.pk,
        not_due[0].pk,
    ]


def _filter(client, **params):
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("frontdoor:queue"), params)


def test_the_queue_filters_to_mine_not_started_overdue_and_a_kind_of_contact():
    me = HubWorkerFactory(team=TeamFactory(slug="request-for-support-hub"))
    colleague = HubWorkerFactory(team=me.team)
    mine = ReceivedContactFactory(status=ContactStatus.SCREENING, screened_by=me)
    mine_late = ReceivedContactFactory(status=ContactStatus.SCREENING, screened_by=me, due_at=LATE)
    theirs = ReceivedContactFactory(status=ContactStatus.SCREENING, screened_by=colleague)
    waiting = ReceivedContactFactory()
    waiting_late = ReceivedContactFactory(due_at=LATE)
    phone = ReceivedContactFactory(kind="phone", reference="PH-2026-000001")
    client = Client()
    client.force_login(me)

    def shown(**params):
        return {c.pk for c in _filter(client, **params).context["rows"]}

    assert shown(show="mine") == {mine.pk, mine_late.pk}
    assert shown(show="not_started") == {waiting.pk, waiting_late.pk, phone.pk}
    assert shown(show="overdue") == {mine_late.pk, waiting_late.pk}
    assert shown(show=["overdue", "not_started"]) == {waiting_late.pk}
    assert shown(kind="phone") == {phone.pk}
    assert shown(show="nonsense", kind="nonsense") == {
        mine.pk,
        mine_late.pk,
        theirs.pk,
        waiting.pk,
        waiting_late.pk,
        phone.pk,
    }
    response = _filter(client, show="mine")
    body = response.content.decode()
    assert "2 of 6 waiting contacts match." in body
    assert 'value="mine" checked' in body


def test_the_queue_s_pages_keep_the_filters():
    ReceivedContactFactory.create_batch(HUB_QUEUE_PAGE_SIZE + 1, kind="phone", due_at=LATE)
    body = _filter(_client(), show="overdue", kind="phone").content.decode()
    assert 'href="?show=overdue&amp;kind=phone&amp;page=2"' in body


def test_nothing_matching_the_filters_says_so():
    ReceivedContactFactory()
    body = _filter(_client(), show="mine").content.decode()
    assert "No waiting contact matches these filters." in body


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
