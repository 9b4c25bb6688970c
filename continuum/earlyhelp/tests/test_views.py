"""Early help's pages, through the client: the Hub agrees a lead or records the family
declining, the assessment saves as it is typed, a review's ratings draw a chart, a step up
reaches the Hub's screening page, a step down shows the social work summary."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from continuum.earlyhelp import actions
from continuum.earlyhelp.models import (
    EarlyHelpAssessment,
    EarlyHelpEpisode,
    EpisodeOutcome,
    GoalRating,
)
from continuum.earlyhelp.tests import factories as f
from continuum.frontdoor.models import Contact
from continuum.organisation.tests.factories import HubWorkerFactory, UserFactory
from continuum.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_the_hub_agrees_a_school_as_lead(client_for):
    request = f.waiting_request()
    lead = f.school_lead()
    client = client_for(f.coordinator())
    hub_page = client.get(reverse("earlyhelp:hub")).content.decode()
    assert escape(request.person.full_name) in hub_page
    url = reverse("earlyhelp:request", args=[request.pk])
    refused = client.post(url, {"decision": "agree", "lead_agency": lead.agency.pk})
    assert refused.status_code == 400
    assert "Say who in the family agreed" in refused.content.decode() or (
        "Say who at" in refused.content.decode()
    )
    response = client.post(
        url,
        {
            "decision": "agree",
            "lead_agency": lead.agency.pk,
            "lead_practitioner": lead.pk,
            "agency_accepted_by": "Ms Shaw",
            "consent_given_by": "Mum",
        },
    )
    episode = EarlyHelpEpisode.objects.get()
    assert response["Location"] == reverse("earlyhelp:episode", args=[episode.pk])
    assert episode.lead_practitioner == lead


def test_the_family_declines_and_the_episode_closes(client_for):
    request = f.waiting_request()
    client = client_for(f.coordinator())
    client.post(
        reverse("earlyhelp:request", args=[request.pk]),
        {"decision": "decline", "detail": "Dad says they are managing"},
    )
    episode = EarlyHelpEpisode.objects.get()
    assert episode.outcome == EpisodeOutcome.FAMILY_DECLINED
    page = client.get(reverse("earlyhelp:episode", args=[episode.pk])).content.decode()
    assert "Dad says they are managing" in page
    assert not Contact.objects.exists()


def test_autosave_saves_and_refuses_a_stale_version(client_for):
    episode = f.open_episode()
    client = client_for(episode.lead_practitioner)
    url = reverse("earlyhelp:assessment-autosave", args=[episode.pk])
    first = client.post(url, {"version": "", "worries": "Late most days"}).json()
    assert first["saved"] and first["version"] == 1
    second = client.post(
        url, {"version": "1", "worries": "Late most days", "goals": "x" * 600}
    ).json()
    assert second["saved"] and second["version"] == 2
    assert [e["field"] for e in second["errors"]] == ["goals"]
    stale = client.post(url, {"version": "1", "worries": "An old tab"})
    assert stale.status_code == 409
    assert EarlyHelpAssessment.objects.get().worries == "Late most days"


def test_a_stale_form_save_shows_both_versions(client_for):
    episode = f.open_episode()
    lead = episode.lead_practitioner
    actions.save_assessment_draft(
        episode, {"worries": "Theirs"}, acting_user=lead, expected_version=None
    )
    actions.save_assessment_draft(
        episode, {"worries": "Theirs, newer"}, acting_user=lead, expected_version=1
    )
    response = client_for(lead).post(
        reverse("earlyhelp:assessment", args=[episode.pk]),
        {"version": "1", "worries": "Mine", "save": "1"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Theirs, newer" in body and "Mine" in body
    assert EarlyHelpAssessment.objects.get().worries == "Theirs, newer"


def test_completing_the_assessment_from_the_page(client_for):
    episode = f.open_episode()
    client = client_for(episode.lead_practitioner)
    url = reverse("earlyhelp:assessment", args=[episode.pk])
    missing = client.post(url, {"version": "", "worries": "Late", "complete": "1"})
    assert missing.status_code == 400
    assert "Record what the child tells us" in missing.content.decode()
    version = EarlyHelpAssessment.objects.get().version
    client.post(url, {**f.ASSESSMENT, "version": str(version), "complete": "1"})
    assert EarlyHelpAssessment.objects.get().status == "completed"
    assert episode.goals.count() == 2


def test_a_review_with_ratings_draws_the_chart(client_for):
    episode = f.planned_episode()
    lead = episode.lead_practitioner
    client = client_for(lead)
    goals = list(episode.goals.all())
    member = episode.members.get()
    today = episode.opened_on
    response = client.post(
        reverse("earlyhelp:review", args=[episode.pk]),
        {
            "held_on_day": today.day,
            "held_on_month": today.month,
            "held_on_year": today.year,
            "attended": [member.pk],
            f"goal-{goals[0].pk}": "4",
            f"goal-{goals[1].pk}": "7",
        },
    )
    assert response.status_code == 302
    assert sorted(GoalRating.objects.values_list("score", flat=True)) == [4, 7]
    page = client.get(reverse("earlyhelp:episode", args=[episode.pk])).content.decode()
    assert 'data-testid="ratings-chart"' in page
    assert "Jay gets to school on time: 4 out of 10" in page


def test_a_bad_rating_is_refused_on_the_page(client_for):
    episode = f.planned_episode()
    goals = list(episode.goals.all())
    today = episode.opened_on
    response = client_for(episode.lead_practitioner).post(
        reverse("earlyhelp:review", args=[episode.pk]),
        {
            "held_on_day": today.day,
            "held_on_month": today.month,
            "held_on_year": today.year,
            f"goal-{goals[0].pk}": "12",
            f"goal-{goals[1].pk}": "3",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Give a rating from 0 to 10" in body and "Say who came" in body


def test_plan_members_and_actions(client_for):
    episode = f.planned_episode()
    client = client_for(episode.lead_practitioner)
    url = reverse("earlyhelp:plan", args=[episode.pk])
    client.post(
        url,
        {"form": "member", "member-name": "Kelly", "member-role": "Mum", "member-is_family": "on"},
    )
    mum = episode.members.get(is_family=True)
    due = episode.opened_on + dt.timedelta(days=14)
    client.post(
        url,
        {
            "form": "action",
            "action-what": "Breakfast club place",
            "action-owner": mum.pk,
            "action-due_on_day": due.day,
            "action-due_on_month": due.month,
            "action-due_on_year": due.year,
        },
    )
    action = episode.actions.get()
    assert (action.owner, action.due_on) == (mum, due)
    client.post(url, {"form": "status", "action": action.pk, "status": "done"})
    action.refresh_from_db()
    assert action.status == "done"


def test_step_up_page_refuses_without_escalation_then_reaches_the_hub(client_for):
    episode = f.planned_episode()
    client = client_for(episode.lead_practitioner)
    url = reverse("earlyhelp:step-up", args=[episode.pk])
    refused = client.post(url, {"escalation": ""})
    assert refused.status_code == 400
    assert "not if it just stays the same" in refused.content.decode()
    assert not Contact.objects.exists()
    client.post(url, {"escalation": "Disclosed being hit at home last night"})
    contact = Contact.objects.get()
    hub_worker = HubWorkerFactory()
    screen = client_for(hub_worker).get(reverse("frontdoor:screen", args=[contact.pk]))
    body = screen.content.decode()
    assert "read the whole Early Help Assessment and plan" in body
    assert reverse("earlyhelp:episode", args=[episode.pk]) in body


def test_a_step_down_shows_the_social_work_summary(client_for):
    request = actions.request_early_help(
        ChildFactory(),
        team=f.early_help_hub(),
        acting_user=UserFactory(),
        summary="Stepped down from social care\nChild and Family Assessment: needs met at level 2",
    )
    lead = f.school_lead()
    episode = actions.agree_lead_agency(
        request,
        lead_agency=lead.agency,
        lead_practitioner=lead,
        agency_accepted_by="Ms Shaw",
        consent_given_by="Mum",
        acting_user=f.coordinator(),
    )
    page = client_for(lead).get(reverse("earlyhelp:episode", args=[episode.pk])).content.decode()
    assert "needs met at level 2" in page


def test_close_with_an_outcome(client_for):
    episode = f.planned_episode()
    client = client_for(episode.lead_practitioner)
    url = reverse("earlyhelp:close", args=[episode.pk])
    assert client.post(url, {}).status_code == 400
    client.post(url, {"outcome": "needs_met", "detail": "Mornings calmer, attendance 97%"})
    episode.refresh_from_db()
    assert episode.outcome == EpisodeOutcome.NEEDS_MET
