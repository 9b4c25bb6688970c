"""The authority's configuration file is what the rules use: change it, and the dates move."""

import datetime as dt

import pytest

from continuum.frontdoor import actions as frontdoor_actions
from continuum.frontdoor.tests.factories import ContactChildFactory
from continuum.organisation import config
from continuum.organisation.tests.factories import HubWorkerFactory, TeamFactory
from continuum.people.tests.factories import AllocationFactory, ChildFactory
from continuum.socialwork.models import Assessment, Episode

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_config(settings, tmp_path):
    """Write a copy of the authority's file with some text replaced, and use it."""

    def edit(old: str, new: str):
        text = settings.CONTINUUM_AUTHORITY_CONFIG.read_text()
        assert old in text, f"{old!r} is not in the configuration file"
        path = tmp_path / "authority.toml"
        path.write_text(text.replace(old, new))
        settings.CONTINUUM_AUTHORITY_CONFIG = path

    return edit


@pytest.fixture
def teams():
    return {
        slug: TeamFactory(slug=slug)
        for slug in (
            "request-for-support-hub",
            "assessment-and-support",
            "strengthening-and-supporting-families",
        )
    }


def _decide(teams, outcome, child=None):
    named = ContactChildFactory(person=child or ChildFactory(), match_status="matched")
    hub = HubWorkerFactory(team=teams["request-for-support-hub"])
    frontdoor_actions.decide(named.contact, outcome, "Reason for the decision", acting_user=hub)
    return named


def test_blackpool_file_declares_what_the_rules_read():
    assert config.timescale("child_and_family_assessment") == 45
    assert config.timescale("child_in_need_visit") == 20
    assert config.routing("ssf_leads_section_47") is True


def test_changing_the_assessment_timescale_in_the_file_moves_the_due_date(teams, edited_config):
    first = _decide(teams, "statutory_assessment")
    due_45 = Assessment.objects.get(person=first.person).due_on
    edited_config("child_and_family_assessment = 45", "child_and_family_assessment = 40")
    second = _decide(teams, "statutory_assessment")
    due_40 = Assessment.objects.get(person=second.person).due_on
    referral = Episode.objects.get(person=second.person).referral_date
    assert Episode.objects.get(person=first.person).referral_date == referral
    assert due_40 < due_45 and (due_45 - due_40).days >= 5  # 5 working days sooner


def test_the_file_routes_significant_harm_back_to_ssf_and_can_turn_it_off(teams, edited_config):
    def recently_with_ssf():
        return AllocationFactory(
            team=teams["strengthening-and-supporting-families"], end_date=dt.date(2026, 9, 1)
        ).person

    on = _decide(teams, "significant_harm", recently_with_ssf())
    assert (
        Episode.objects.get(person=on.person).team == teams["strengthening-and-supporting-families"]
    )
    edited_config("ssf_leads_section_47 = true", "ssf_leads_section_47 = false")
    off = _decide(teams, "significant_harm", recently_with_ssf())
    assert Episode.objects.get(person=off.person).team == teams["assessment-and-support"]


def test_the_hubs_opening_hours_come_from_the_file(edited_config):
    thursday_4pm = dt.datetime(2026, 11, 26, 16, 0, tzinfo=dt.UTC)
    assert frontdoor_actions.hub_decision_due(thursday_4pm, "red").hour == 17
    edited_config('thursday = ["09:00", "17:00"]', 'thursday = ["09:00", "18:30"]')
    due = frontdoor_actions.hub_decision_due(thursday_4pm, "red")
    assert (due.hour, due.minute) == (18, 30)


def test_a_bad_timescale_is_refused_with_its_name(edited_config):
    edited_config("child_in_need_visit = 20", 'child_in_need_visit = "often"')
    with pytest.raises(ValueError, match="child_in_need_visit"):
        config.timescale("child_in_need_visit")
