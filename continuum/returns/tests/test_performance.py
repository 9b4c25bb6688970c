"""The performance dashboard: the figures from the records, filters, charts and CSV."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from continuum.frontdoor.tests.factories import ReceivedContactFactory
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import TeamFactory, UserFactory
from continuum.people.tests.factories import AllocationFactory, ChildFactory
from continuum.returns import rules
from continuum.socialwork.models import Episode
from continuum.socialwork.tests.factories import OpenAssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("met", "of", "words"),
    [
        (0, 0, "None in this period"),
        (1, 3, "1 of 3 (33%)"),
        (1, 2, "1 of 2 (50%)"),
        (2, 3, "2 of 3 (67%)"),
        (1234, 1234, "1,234 of 1,234 (100%)"),
    ],
)
def test_a_share_reads_as_the_department_publishes_it(met, of, words):
    assert rules.Share(met, of).words == words


@pytest.mark.parametrize(
    ("day", "year"),
    [(dt.date(2026, 4, 1), 2026), (dt.date(2026, 3, 31), 2025), (dt.date(2026, 12, 2), 2026)],
)
def test_the_census_year_holding_a_day(day, year):
    assert rules.collection_year_of(day) == (dt.date(year, 4, 1), dt.date(year + 1, 3, 31))


def test_bands_put_the_many_in_the_last_band_and_bars_never_vanish():
    assert rules.bands([0, 0, 1, 2, 5, 9], top=3) == [
        ("0", 2),
        ("1", 1),
        ("2", 1),
        ("3 or more", 2),
    ]
    assert rules.bar_widths([0, 1, 200]) == [0, 1, 100]


def _episode(person, team, referral, **extra):
    return Episode.objects.create(
        person=person,
        stage=extra.pop("stage", "assessment"),
        team=team,
        referral_date=referral,
        opened_at=dt.datetime.combine(referral, dt.time(10), tzinfo=dt.UTC),
        **extra,
    )


@pytest.fixture
def world():
    a_and_s = TeamFactory(slug="assessment-and-support", name="Assessment and Support")
    other = TeamFactory(slug="complex-needs", name="Complex Needs")
    again = ChildFactory()
    _episode(
        again,
        a_and_s,
        dt.date(2025, 12, 1),
        stage="closed",
        closed_on=dt.date(2026, 1, 5),
        closure_reason="RC8",
    )
    _episode(again, a_and_s, dt.date(2026, 5, 4))  # a re-referral within 12 months
    _episode(ChildFactory(), a_and_s, dt.date(2026, 6, 1))
    _episode(ChildFactory(), other, dt.date(2026, 6, 2))
    OpenAssessmentFactory(
        team=a_and_s,
        status="completed",
        due_on=dt.date(2026, 7, 1),
        completed_on=dt.date(2026, 6, 30),
    )
    OpenAssessmentFactory(
        team=a_and_s,
        status="completed",
        due_on=dt.date(2026, 7, 1),
        completed_on=dt.date(2026, 7, 2),
    )
    ReceivedContactFactory(received_at=dt.datetime(2026, 6, 3, 10, tzinfo=dt.UTC))
    worker = UserFactory(team=a_and_s, first_name="Sam", last_name="Caseload")
    for _ in range(3):
        AllocationFactory(team=a_and_s, worker=worker)
    return {"a_and_s": a_and_s, "other": other}


def _page(client_for, **query):
    return client_for(UserFactory(role=Role.DATA_OFFICER)).get(
        reverse("returns:performance"), query
    )


def test_the_figures_come_from_the_records_and_the_team_filter_narrows_them(world, client_for):
    page = _page(client_for, start="2026-04-01", end="2026-11-30").content.decode()
    assert 'Referrals (episodes of need opened)</td><td class="govuk-table__cell">3<' in page
    assert "1 of 3 (33%)" in page  # one re-referral of three referrals
    assert "1 of 2 (50%)" in page  # one of two assessments in time
    assert "Sam Caseload" in page
    narrowed = _page(client_for, start="2026-04-01", end="2026-11-30", team="complex-needs")
    text = narrowed.content.decode()
    assert 'Referrals (episodes of need opened)</td><td class="govuk-table__cell">1<' in text
    assert "Sam Caseload" not in text


def test_every_table_downloads_as_csv(world, client_for):
    response = _page(client_for, start="2026-04-01", end="2026-11-30", download="caseloads")
    assert response["Content-Type"].startswith("text/csv")
    assert "caseloads-all-teams-20260401-20261130.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Worker", "Team", "Children"]
    assert ["Sam Caseload", "Assessment and Support", "3"] in rows


def test_charts_draw_the_tables(world, client_for):
    page = _page(client_for, start="2026-04-01", end="2026-11-30").content.decode()
    assert page.count('class="app-bar-chart"') == 4
    assert 'width="100" height="7"' in page  # the largest bar of a chart is full length


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"start": "2026-13-01"}, "Enter a real date"),
        ({"start": "2026-06-01", "end": "2026-05-01"}, "on or after its start"),
        ({"team": "no-such-team"}, "Choose a team from the list"),
        ({"download": "nothing"}, "no such table"),
    ],
)
def test_bad_filters_say_what_is_wrong_beside_the_field(world, client_for, query, words):
    response = _page(client_for, **query)
    assert response.status_code == 400
    assert words in response.content.decode()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.HUB_WORKER, Role.CHAIR_IRO])
def test_only_managers_and_data_officers_see_performance(client_for, role):
    response = client_for(UserFactory(role=role)).get(reverse("returns:performance"))
    assert response.status_code == 403


def test_the_data_officer_has_performance_in_the_menu(client_for):
    page = client_for(UserFactory(role=Role.DATA_OFFICER)).get(reverse("home")).content.decode()
    assert reverse("returns:performance") in page


def test_child_protection_figures_come_from_its_records(client_for):
    from continuum.socialwork.tests import test_protection_actions as journey
    from continuum.socialwork.tests.factories import ChairFactory

    team = TeamFactory(slug="assessment-and-support")
    worker = UserFactory(team=team)
    chair = ChairFactory()
    with journey.at(dt.date(2026, 12, 1)):
        discussion = journey.RequestedStrategyDiscussionFactory(
            episode__team=team, episode__allocated_to=worker
        )
    conference = journey.to_initial_conference(discussion, worker, chair)
    journey.decide_plan(conference, chair, day=conference.date)
    page = _page(client_for, start="2026-04-01", end="2027-01-31").content.decode()
    assert "within 15 working days of the strategy discussion</td>" in page
    assert "1 of 1 (100%)" in page
    assert '<td class="govuk-table__cell">Neglect</td><td class="govuk-table__cell">1</td>' in page
