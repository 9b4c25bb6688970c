"""API tokens: the time a token was last used is kept to the minute, not written per call."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from continuum.organisation.models import ApiToken
from continuum.organisation.tests.factories import PartnerAgencyFactory
from continuum.organisation.tokens import agency_for_token, issue_token

START = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def _updates(queries: CaptureQueriesContext) -> int:
    return sum(1 for q in queries.captured_queries if q["sql"].startswith("UPDATE"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("later", "writes", "last_used"),
    [
        (dt.timedelta(seconds=0), 0, START),
        (dt.timedelta(seconds=59), 0, START),
        (dt.timedelta(seconds=60), 1, START + dt.timedelta(seconds=60)),
        (dt.timedelta(hours=3), 1, START + dt.timedelta(hours=3)),
    ],
)
def test_last_used_is_written_at_most_once_a_minute(later, writes, last_used):
    agency = PartnerAgencyFactory()
    token = issue_token(agency)
    with time_machine.travel(START, tick=False):
        assert agency_for_token(token) == agency  # first use: always written
    with time_machine.travel(START + later, tick=False), CaptureQueriesContext(connection) as q:
        assert agency_for_token(token) == agency
    assert _updates(q) == writes
    assert ApiToken.objects.get(agency=agency).last_used_at == last_used
