"""Early help in each state, built through the actions: a request waiting for a lead agency,
an open episode led by a school, one with a completed assessment (and so a plan), one
declined."""

import datetime as dt

from continuum.earlyhelp import actions
from continuum.earlyhelp.models import EarlyHelpEpisode, EarlyHelpRequest
from continuum.organisation.models import AgencyKind, Role, User
from continuum.organisation.tests.factories import (
    PartnerAgencyFactory,
    PartnerUserFactory,
    TeamFactory,
    UserFactory,
)
from continuum.people.tests.factories import ChildFactory


def early_help_hub():
    return TeamFactory(slug="early-help-hub", name="Early Help Hub")


def coordinator() -> User:
    """An Early Help Hub coordinator (the same one each time in a test)."""
    hub = early_help_hub()
    return UserFactory(
        username="eh-coordinator",
        team=hub,
        first_name="Casey",
        last_name="Coordinator",
        job_title="Early Help Hub coordinator",
    )


def school_lead(agency=None) -> User:
    """A school's designated safeguarding lead, a partner agency user."""
    agency = agency or PartnerAgencyFactory(kind=AgencyKind.SCHOOL)
    return PartnerUserFactory(agency=agency, role=Role.PARTNER, job_title="Safeguarding lead")


def waiting_request(person=None) -> EarlyHelpRequest:
    person = person or ChildFactory()
    return actions.request_early_help(
        person,
        team=early_help_hub(),
        acting_user=coordinator(),
        summary="Early help requested: the Early Help Hub agrees which agency leads",
    )


def open_episode(person=None, lead: User | None = None) -> EarlyHelpEpisode:
    request = waiting_request(person)
    lead = lead or school_lead()
    return actions.agree_lead_agency(
        request,
        lead_agency=lead.agency,
        lead_practitioner=lead,
        agency_accepted_by=str(lead),
        consent_given_by="Mum",
        acting_user=coordinator(),
    )


ASSESSMENT = {
    "worries": "Jay is often late and hungry; Mum is struggling since the baby arrived.",
    "strengths": "Mum is warm and asks for help; Nan lives nearby.",
    "child_voice": "I like school dinners and football with my friends.",
    "family_view": "We want mornings to be calmer.",
    "important_people": "Mum, Nan, his teacher Mrs Shaw",
    "basics": "Money is tight; food bank used twice.",
    "belonging": "Close to Nan.",
    "learning": "Attendance 86%.",
    "coping": "Gets upset at bedtime.",
    "core_self": "Proud of his football.",
    "goals": "Jay gets to school on time\nMornings are calmer at home",
}


def planned_episode(person=None, lead: User | None = None) -> EarlyHelpEpisode:
    """Early help with its assessment completed: the plan and its goals exist."""
    episode = open_episode(person, lead)
    actions.save_assessment_draft(
        episode, ASSESSMENT, acting_user=episode.lead_practitioner, expected_version=None
    )
    actions.complete_assessment(episode, acting_user=episode.lead_practitioner)
    return episode


def declined_episode(person=None) -> EarlyHelpEpisode:
    return actions.record_family_declined(
        waiting_request(person), acting_user=coordinator(), detail="Mum said they are managing"
    )


def review(episode: EarlyHelpEpisode, held_on: dt.date, scores: list[int]):
    goals = list(episode.goals.all())
    return actions.record_review(
        episode,
        held_on=held_on,
        attended=list(episode.members.all()),
        ratings={g.pk: s for g, s in zip(goals, scores, strict=True)},
        acting_user=episode.lead_practitioner,
    )
