"""Family Together Meetings (referral, consultation, the meeting, the family's plan) and
Families Together's rapid response, on the child's record."""

import pytest
from django.urls import reverse

from continuum.earlyhelp import actions
from continuum.earlyhelp.models import FamilyTogetherMeeting, MeetingStatus, RapidResponse
from continuum.earlyhelp.tests import factories as f
from continuum.organisation.tests.factories import TeamFactory, UserFactory
from continuum.people.tests.factories import AllocationFactory, ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    team = TeamFactory(slug="families-together", name="Families Together")
    return UserFactory(team=team, first_name="Fran", last_name="Together")


def test_an_early_help_meeting_from_referral_to_the_familys_plan(client_for, coordinator):
    episode = f.planned_episode()
    lead = episode.lead_practitioner
    client = client_for(lead)
    url = reverse("earlyhelp:ftm-refer", args=[episode.person.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "Mum and Nan to plan who does the school run"})
    meeting = FamilyTogetherMeeting.objects.get()
    assert (meeting.episode, meeting.referred_by) == (episode, lead)
    # The coordinator now reads it (and the early help), as part of the team round the family.
    ftm_url = reverse("earlyhelp:ftm", args=[meeting.pk])
    coordinating = client_for(coordinator)
    today = meeting.referred_on
    date = {"held_on_day": today.day, "held_on_month": today.month, "held_on_year": today.year}
    coordinating.post(ftm_url, {"step": "consultation", **date, "notes": "Nan will come"})
    refused = coordinating.post(ftm_url, {"step": "meeting", **date, "family_plan": ""})
    assert refused.status_code == 400
    assert "Say who from the family network came" in refused.content.decode()
    coordinating.post(
        ftm_url,
        {
            "step": "meeting",
            **date,
            "family_network": "Kelly (Mum)\nJoan (Nan)",
            "professionals": "Dee Lead (school)",
            "family_plan": "Nan does the school run on Mondays and Tuesdays.",
        },
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    episode_page = client.get(reverse("earlyhelp:episode", args=[episode.pk])).content.decode()
    assert "Nan does the school run on Mondays and Tuesdays." in episode_page
    summaries = list(episode.person.chronology.values_list("summary", flat=True))
    assert "Family Together Meeting held: the family made their plan" in summaries


def test_social_care_refer_their_allocated_child(coordinator):
    worker = UserFactory()
    child = ChildFactory()
    with pytest.raises(actions.EarlyHelpError, match="allocated social worker"):
        actions.refer_family_together_meeting(child, reason="Edge of care", acting_user=worker)
    AllocationFactory(person=child, team=worker.team, worker=worker)
    meeting = actions.refer_family_together_meeting(
        child, reason="Edge of care: a plan with the wider family", acting_user=worker
    )
    assert meeting.episode is None
    # Families Together are allocated, so the coordinator opens the record to arrange it.
    assert child.allocations.filter(team=coordinator.team, end_date__isnull=True).exists()


def test_a_stranger_cannot_read_a_meeting(client_for, coordinator):
    episode = f.planned_episode()
    meeting = actions.refer_family_together_meeting(
        episode.person,
        reason="Plan for mornings",
        episode=episode,
        acting_user=episode.lead_practitioner,
    )
    other_school = f.school_lead()
    response = client_for(other_school).get(reverse("earlyhelp:ftm", args=[meeting.pk]))
    assert response.status_code == 403
    assert "Plan for mornings" not in response.content.decode()


def test_rapid_response_on_the_childs_record(client_for, coordinator):
    child = ChildFactory()
    AllocationFactory(person=child, team=coordinator.team, worker=coordinator)
    client = client_for(coordinator)
    url = reverse("earlyhelp:rapid-response", args=[child.pk])
    assert client.post(url, {"crisis": ""}).status_code == 400
    client.post(url, {"crisis": "Dad left; Mum cannot cope tonight", "support": "Visit daily"})
    response = RapidResponse.objects.get()
    assert response.worker == coordinator
    record = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Families Together rapid response to a family in crisis" in record
    assert client_for(UserFactory()).get(url).status_code == 403
