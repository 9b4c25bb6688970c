"""Concurrent submissions each get their own reference. On PostgreSQL, transactions run at
once and (without the series lock in `_receive`) read the same highest reference, so that
under load a submission could collide five times and fail: the load benchmark saw 13 such
500s from the API. SQLite has one writer at a time, so this runs on PostgreSQL only
(`DATABASE_URL=postgres://... pytest continuum/frontdoor/tests/test_concurrent_references.py`).
"""

import threading

import pytest
from django.db import connection, connections

from continuum.frontdoor import actions
from continuum.frontdoor.models import Contact
from continuum.frontdoor.tests.test_actions import details
from continuum.organisation.tests.factories import AgencyFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time"),
]

SUBMITTERS = 8
EACH = 5


def test_concurrent_api_submissions_each_get_a_reference_and_none_fails():
    agency = AgencyFactory()
    start = threading.Barrier(SUBMITTERS)
    failures: list[BaseException] = []

    def submit() -> None:
        try:
            start.wait()
            for _ in range(EACH):
                actions.submit_request_from_api(details(), agency=agency)
        except BaseException as failure:
            failures.append(failure)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(SUBMITTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    references = list(Contact.objects.filter(agency=agency).values_list("reference", flat=True))
    assert len(references) == SUBMITTERS * EACH
    assert len(set(references)) == SUBMITTERS * EACH
