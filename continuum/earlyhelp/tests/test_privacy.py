"""Item 4 of the issue, in the one access policy: the assessment and plan are the lead
practitioner's, the Team Around the Family's and the Early Help Hub's; social care see that a
family has early help and who leads it, and read the content only once a step up shares it or
after giving a reason (audited); a partner sees only the families it leads or belongs to."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from continuum.earlyhelp import actions
from continuum.earlyhelp.tests import factories as f
from continuum.governance import access
from continuum.governance.models import AuditAction, AuditEntry, BreakGlassAccess
from continuum.governance.rules import AccessFacts, Purpose, decide
from continuum.organisation.tests.factories import HubWorkerFactory, UserFactory
from continuum.people.tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db

SECRET = f.ASSESSMENT["worries"]


@pytest.mark.parametrize(
    ("facts", "allowed", "may_give_reason"),
    [
        (AccessFacts(leads_early_help=True, is_partner=True), True, False),
        (AccessFacts(in_team_around_family=True, is_partner=True), True, False),
        (AccessFacts(in_early_help_hub=True), True, False),
        (AccessFacts(is_partner=True), False, False),
        (AccessFacts(is_partner=True, early_help_shared=True), False, False),
        (AccessFacts(is_allocated_worker=True), False, True),  # social care, not shared
        (AccessFacts(is_allocated_worker=True, early_help_shared=True), True, False),
        (AccessFacts(early_help_shared=True), False, True),  # shared, but not their child
        (AccessFacts(has_early_help_reason=True), True, False),
        (AccessFacts(has_current_reason=True), False, True),  # opening the record is not this
        (AccessFacts(is_restricted=True), False, False),
        (AccessFacts(), False, True),
    ],
)
def test_the_early_help_rule(facts, allowed, may_give_reason):
    decision = decide(Purpose.EARLY_HELP, facts)
    assert (decision.allowed, decision.may_give_reason) == (allowed, may_give_reason)


def test_the_lead_and_the_team_around_the_family_read_the_assessment(client_for):
    episode = f.planned_episode()
    nurse = UserFactory(job_title="School nurse")
    actions.add_member(
        episode, name="", role="School nurse", user=nurse, acting_user=episode.lead_practitioner
    )
    url = reverse("earlyhelp:episode", args=[episode.pk])
    for user in (episode.lead_practitioner, nurse, f.coordinator()):
        response = client_for(user).get(url)
        assert SECRET in response.content.decode(), user
    assert AuditEntry.objects.filter(
        actor=nurse, person=episode.person, basis="Member of the Team Around the Family"
    ).exists()


def test_a_partner_cannot_open_another_agencys_family(client_for):
    ours = f.planned_episode()
    theirs = f.planned_episode()
    client = client_for(ours.lead_practitioner)
    for name in ("episode", "assessment", "plan", "review", "step-up", "close"):
        response = client.get(reverse(f"earlyhelp:{name}", args=[theirs.pk]))
        assert response.status_code == 403, name
        assert escape(theirs.person.full_name) not in response.content.decode()
    mine = client.get(reverse("earlyhelp:mine")).content.decode()
    assert escape(ours.person.full_name) in mine
    assert escape(theirs.person.full_name) not in mine
    assert AuditEntry.objects.filter(
        actor=ours.lead_practitioner, person=theirs.person, action=AuditAction.REFUSED
    ).exists()


def test_social_care_see_who_leads_but_not_the_assessment(client_for):
    episode = f.planned_episode()
    worker = UserFactory()
    AllocationFactory(person=episode.person, team=worker.team, worker=worker)
    client = client_for(worker)
    record = client.get(reverse("people:detail", args=[episode.person.pk])).content.decode()
    assert str(episode.lead_agency) in record  # that there is early help, and who leads it
    assert SECRET not in record
    response = client.get(reverse("earlyhelp:episode", args=[episode.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("earlyhelp:reason", args=[episode.person.pk]))


def test_a_social_worker_gives_a_reason_and_the_look_is_audited(client_for):
    episode = f.planned_episode()
    worker = UserFactory()
    client = client_for(worker)
    url = reverse("earlyhelp:episode", args=[episode.pk])
    reason_url = reverse("earlyhelp:reason", args=[episode.person.pk]) + f"?next={url}"
    assert client.post(reason_url, {"reason": "x"}).status_code == 400
    response = client.post(
        reason_url, {"reason": "Strategy discussion today needs the school's assessment"}
    )
    assert response.status_code == 302
    assert response["Location"] == url
    grant = BreakGlassAccess.objects.get(user=worker, person=episode.person)
    assert grant.purpose == "early_help"
    assert SECRET in client.get(url).content.decode()
    look = AuditEntry.objects.filter(
        actor=worker, person=episode.person, action=AuditAction.VIEW
    ).get()
    assert look.basis == "Reason given"
    assert look.reason == "Strategy discussion today needs the school's assessment"
    # The reason opens the early help, not the rest of the child's record.
    assert not access.can(worker, Purpose.OPEN, episode.person).allowed


def test_after_a_step_up_the_hub_reads_the_whole_assessment(client_for):
    episode = f.planned_episode()
    contact = actions.step_up(
        episode,
        escalation="Bruising seen twice this week; new partner at home",
        acting_user=episode.lead_practitioner,
    )
    hub_worker = HubWorkerFactory()
    from continuum.frontdoor import actions as frontdoor_actions

    frontdoor_actions.start_screening(contact, acting_user=hub_worker)
    response = client_for(hub_worker).get(reverse("earlyhelp:episode", args=[episode.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for text in (SECRET, f.ASSESSMENT["coping"], "Bruising seen twice"):
        assert text in body
    look = AuditEntry.objects.filter(actor=hub_worker, person=episode.person).last()
    assert look.basis.startswith("Shared by a step up")
    # The early help workers stay on the record.
    assert (
        client_for(episode.lead_practitioner)
        .get(reverse("earlyhelp:episode", args=[episode.pk]))
        .status_code
        == 200
    )
