"""A team's work page: every open assessment, a page at a time, soonest due first."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from continuum.organisation.tests.factories import TeamFactory, UserFactory
from continuum.socialwork.models import AssessmentStatus
from continuum.socialwork.tests.factories import OpenAssessmentFactory
from continuum.socialwork.views import ASSESSMENTS_PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory(slug="assessment-and-support")


@pytest.fixture
def worker(team):
    client = Client()
    client.force_login(UserFactory(team=team))
    return client


def _page(client, team, page=None):
    url = reverse("socialwork:team-queue", args=[team.slug])
    return client.get(url, {"page": page} if page is not None else {})


def test_a_long_list_of_assessments_comes_a_page_at_a_time_soonest_due_first(worker, team):
    made = OpenAssessmentFactory.create_batch(ASSESSMENTS_PAGE_SIZE + 7, team=team)
    OpenAssessmentFactory(team=team, status=AssessmentStatus.COMPLETED)
    OpenAssessmentFactory(team=TeamFactory(slug="fostering"))
    in_order = [a.pk for a in sorted(made, key=lambda a: (a.due_on, a.pk))]

    first, second = _page(worker, team), _page(worker, team, 2)

    assert [a.pk for a in first.context["assessments"]] == in_order[:ASSESSMENTS_PAGE_SIZE]
    assert [a.pk for a in second.context["assessments"]] == in_order[ASSESSMENTS_PAGE_SIZE:]
    assert (
        f"Showing 1 to {ASSESSMENTS_PAGE_SIZE} of {ASSESSMENTS_PAGE_SIZE + 7} open assessments"
        in first.content.decode()
    )
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert f"Showing {ASSESSMENTS_PAGE_SIZE + 1} to" in second.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-3", "999", ""])
def test_a_page_number_that_is_not_a_page_shows_a_page_not_an_error(worker, team, page):
    OpenAssessmentFactory.create_batch(3, team=team)
    response = _page(worker, team, page)
    assert response.status_code == 200
    assert len(response.context["assessments"]) == 3


def test_a_short_list_has_no_page_links(worker, team):
    OpenAssessmentFactory(team=team, due_on=dt.date(2026, 12, 1))
    body = _page(worker, team).content.decode()
    assert "Showing" not in body
    assert "govuk-pagination" not in body


def test_the_team_page_costs_the_same_few_queries_however_long_the_list(
    worker, team, django_assert_max_num_queries
):
    OpenAssessmentFactory.create_batch(ASSESSMENTS_PAGE_SIZE * 2, team=team)
    # 9: the session, the user, the second factor's device, the team, the count, a page of
    # assessments, strategy discussions, early help, the menu's team.
    with django_assert_max_num_queries(9):
        assert _page(worker, team).status_code == 200
