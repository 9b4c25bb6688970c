"""Due and overdue early help for the "My work" lists: reviews and actions past their dates."""

import datetime as dt

import pytest
import time_machine

from continuum.earlyhelp import actions, due
from continuum.earlyhelp.tests import factories as f

pytestmark = pytest.mark.django_db


def test_reviews_and_actions_due_for_the_lead_the_hub_and_the_agency():
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)):
        episode = f.planned_episode()
        other = f.planned_episode()
        actions.add_action(
            episode,
            what="Breakfast club place",
            owner=episode.members.get(),
            due_on=dt.date(2026, 11, 9),
            acting_user=episode.lead_practitioner,
        )
    lead = episode.lead_practitioner
    rows = due.due_for_lead_practitioner(lead)
    assert [(r.person, r.what, r.due_on) for r in rows] == [
        (episode.person, "Plan action: Breakfast club place", dt.date(2026, 11, 9)),
        (episode.person, "Team Around the Family review", dt.date(2026, 12, 14)),
    ]
    assert rows[0].url.endswith(f"/early-help/{episode.pk}/plan/")
    assert {r.person for r in due.due_for_early_help_hub()} == {episode.person, other.person}
    assert {r.person for r in due.due_for_agency(lead.agency_id)} == {episode.person}
    assert due.due_for_lead_practitioner(lead, until=dt.date(2026, 11, 30))[0].due_on == dt.date(
        2026, 11, 9
    )
    assert len(due.due_for_lead_practitioner(lead, until=dt.date(2026, 11, 30))) == 1


def test_done_actions_and_closed_episodes_are_not_due():
    episode = f.planned_episode()
    action = actions.add_action(
        episode,
        what="Health visitor check",
        owner=episode.members.get(),
        due_on=episode.opened_on,
        acting_user=episode.lead_practitioner,
    )
    actions.set_action_status(action, "done", acting_user=episode.lead_practitioner)
    assert [r.what for r in due.due_for_lead_practitioner(episode.lead_practitioner)] == [
        "Team Around the Family review"
    ]
    actions.close_episode(episode, outcome="needs_met", acting_user=episode.lead_practitioner)
    assert due.due_for_lead_practitioner(episode.lead_practitioner) == []


def test_a_member_of_staff_who_leads_early_help_sees_it_on_my_work(client_for):
    from django.urls import reverse

    from continuum.organisation.models import Role
    from continuum.organisation.tests.factories import PartnerAgencyFactory, UserFactory

    family_hub = PartnerAgencyFactory(kind="voluntary", name="Grange Park Family Hub")
    worker = UserFactory(role=Role.PRACTITIONER, agency=family_hub, team=None)
    episode = f.planned_episode(lead=worker)
    page = client_for(worker).get(reverse("casework:my-work")).content.decode()
    assert "Team Around the Family review" in page
    assert f"/early-help/{episode.pk}/" in page
