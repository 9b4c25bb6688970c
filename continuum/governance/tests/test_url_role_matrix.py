"""Every URL pattern x every role, checked against the access policy.

The table `EXPECTED` names, for each URL pattern in the project, the status each role gets
for a GET and for a POST. The world holds one restricted child, Tyler Quayle, allocated to
`worker` in Assessment and Support and managed by `manager`: no response to anyone else may
carry his name or NHS number, whatever the URL. A URL pattern missing from the table fails the
suite, so a new page cannot arrive without being checked.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from continuum.core import clock
from continuum.directory.tests.factories import SuggestionFactory, service_at
from continuum.earlyhelp.models import EarlyHelpRequest
from continuum.frontdoor.models import AgencyCheck, ContactStatus
from continuum.frontdoor.tests.factories import (
    ContactChildFactory,
    DraftRequestFactory,
    ReceivedContactFactory,
)
from continuum.governance import access
from continuum.governance.models import AuditAction, AuditEntry
from continuum.organisation.models import ApiToken, Role
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    PartnerAgencyFactory,
    PartnerUserFactory,
    TeamFactory,
    TeamManagerFactory,
    UserFactory,
)
from continuum.organisation.tokens import issue_token
from continuum.people.models import DuplicatePair, PersonMerge
from continuum.people.tests.factories import AddressFactory, AllocationFactory, ChildFactory
from continuum.socialwork.models import (
    Assessment,
    CaseNote,
    ChildInNeedPlan,
    Episode,
    PlanAction,
    PlanOutcome,
    PlanReview,
    Transfer,
)

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "worker",  # Tyler's allocated social worker
    "colleague",  # a social worker in Tyler's team, not allocated
    "manager",  # the manager of Tyler's team
    "other_manager",  # a team manager elsewhere
    "hub",  # a Hub worker
    "partner",  # a school's designated safeguarding lead
    "chair",  # a Child Protection Chair / IRO
    "data",  # a performance and data officer
    "admin",  # an administrator
)
MAY_OPEN_TYLER = {"worker", "manager"}
SECRETS = ("Tyler Quayle", "4857773457", "485 777 3457")


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = namespace + (f"{p.namespace}:" if p.namespace else "")
            yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            yield namespace + (p.name or ""), prefix + str(p.pattern)


def all_url_names() -> list[str]:
    return sorted({name for name, _ in walk(get_resolver().url_patterns)})


@pytest.fixture
def world():
    assessment = TeamFactory(slug="assessment-and-support", name="Assessment and Support")
    fostering = TeamFactory(slug="fostering", name="Fostering")
    hub_team = TeamFactory(slug="request-for-support-hub", name="Request for Support Hub")
    school = PartnerAgencyFactory(slug="demo-primary-school", name="Demo Primary School")
    users = {
        "worker": UserFactory(team=assessment),
        "colleague": UserFactory(team=assessment),
        "manager": TeamManagerFactory(team=assessment),
        "other_manager": TeamManagerFactory(team=fostering),
        "hub": HubWorkerFactory(team=hub_team),
        "partner": PartnerUserFactory(agency=school),
        "chair": UserFactory(role=Role.CHAIR_IRO, team=None),
        "data": UserFactory(role=Role.DATA_OFFICER, team=None),
        "admin": UserFactory(role=Role.ADMINISTRATOR, team=None),
    }
    tyler = ChildFactory(
        given_name="Tyler",
        family_name="Quayle",
        date_of_birth=dt.date(2015, 2, 4),
        nhs_number="4857773457",
        is_restricted=True,
    )
    AddressFactory(person=tyler, postcode="FY4 4QP")
    AllocationFactory(person=tyler, team=assessment, worker=users["worker"])
    copy = ChildFactory(given_name="Tyla", family_name="Quayle", date_of_birth=dt.date(2015, 2, 4))
    pair = DuplicatePair.objects.create(
        person=tyler, other=copy, probability=0.95, reasons="Names agree", found_at=clock.now()
    )
    one, two = ChildFactory(), ChildFactory()
    merge = PersonMerge.objects.create(
        survivor=one, duplicate=two, merged_by=users["admin"], merged_at=clock.now()
    )
    tyler_assessment = Assessment.objects.create(
        person=tyler,
        kind="child_and_family",
        team=assessment,
        referral_date=dt.date(2026, 11, 2),
        started_on=dt.date(2026, 11, 2),
        due_on=dt.date(2027, 1, 6),
    )
    # casework-b: Tyler's episode, his assessment in it, and a Child in Need plan.
    tyler_episode = Episode.objects.create(
        person=tyler,
        stage="child_in_need",
        team=assessment,
        referral_date=dt.date(2026, 11, 2),
        opened_at=clock.now(),
    )
    Assessment.objects.filter(pk=tyler_assessment.pk).update(episode=tyler_episode)
    tyler_plan = ChildInNeedPlan.objects.create(
        episode=tyler_episode,
        person=tyler,
        start_date=dt.date(2026, 11, 20),
        started_by=users["worker"],
    )
    tyler_outcome = PlanOutcome.objects.create(plan=tyler_plan, words="Tea every night")
    tyler_action = PlanAction.objects.create(
        plan=tyler_plan, what="Food bank referral", owner="Mum", due_on=dt.date(2026, 12, 1)
    )
    tyler_review = PlanReview.objects.create(
        plan=tyler_plan,
        held_on=dt.date(2026, 11, 21),
        attendance="Mum",
        family_view="Going well",
        child_view="Happy",
        recorded_by=users["worker"],
        recorded_at=clock.now(),
    )
    allocated = AllocationFactory(team=assessment).person
    grant = access.give_reason(
        users["other_manager"], allocated, "The fostering team is checking a placement request"
    )
    named = ContactChildFactory(contact=ReceivedContactFactory(agency=school))
    contact = named.contact
    check = AgencyCheck.objects.create(
        contact=contact, agency="police", requested_by=users["hub"], requested_at=clock.now()
    )
    draft = DraftRequestFactory(agency=school)
    submitted = ReceivedContactFactory(agency=school, status=ContactStatus.RECEIVED)
    sal = service_at("FY1 3LA", name="Stay and Play")
    issue_token(school)
    token = ApiToken.objects.get(agency=school)
    suggestion = SuggestionFactory()
    kwargs = {
        "people": {"pk": tyler.pk},
        "people:duplicate-review": {"pk": pair.pk},
        "people:duplicate-merge": {"pk": pair.pk},
        "people:duplicate-dismiss": {"pk": pair.pk},
        "people:merge-undo": {"pk": merge.pk},
        "governance:mark-reviewed": {"pk": grant.pk},
        "frontdoor": {"pk": contact.pk},
        "frontdoor:confirm-match": {"pk": contact.pk, "named_pk": named.pk},
        "frontdoor:create-person": {"pk": contact.pk, "named_pk": named.pk},
        "frontdoor:record-check": {"pk": contact.pk, "check_pk": check.pk},
        "frontdoor:request-detail": {"pk": submitted.pk},
        "frontdoor:request-edit": {"pk": draft.pk},
        "frontdoor:request-autosave": {"pk": draft.pk},
        "frontdoor:request-discard": {"pk": draft.pk},
        "socialwork:team-queue": {"slug": assessment.slug},
        "socialwork:assessment": {"pk": tyler_assessment.pk},
        "socialwork:assessment-edit": {"pk": tyler_assessment.pk},
        "socialwork:assessment-autosave": {"pk": tyler_assessment.pk},
        "socialwork:assessment-decision": {"pk": tyler_assessment.pk},
        "socialwork:cin-plan-start": {"pk": tyler_episode.pk},
        "socialwork:cin-plan": {"pk": tyler_plan.pk},
        "socialwork:cin-plan-action-add": {"pk": tyler_plan.pk},
        "socialwork:cin-plan-action": {"pk": tyler_plan.pk, "action_pk": tyler_action.pk},
        "socialwork:cin-plan-outcome": {"pk": tyler_plan.pk, "outcome_pk": tyler_outcome.pk},
        "socialwork:cin-plan-review": {"pk": tyler_plan.pk},
        "socialwork:cin-plan-end": {"pk": tyler_plan.pk},
        "socialwork:cin-review": {"pk": tyler_review.pk},
        "services:service": {"pk": sal.service.pk},
        "services:location": {"pk": sal.location.pk},
        "directory:service": {"pk": sal.service.pk},
        "directory:location": {"pk": sal.location.pk},
        "directory:review-suggestion": {"pk": suggestion.pk},
        "directory:signpost": {"contact_pk": contact.pk},
        "organisation:revoke-api-token": {"pk": token.pk},
        "api-v1:read": {"reference": submitted.reference or "RFS-2026-999999"},
        "api-v1:get_service": {"service_id": sal.service.pk},
        "api-v1:get_service_at_location": {"sal_id": sal.pk},
        "api-v1:get_taxonomy": {"taxonomy_id": sal.service.pk},
        "api-v1:get_taxonomy_term": {"term_id": sal.service.pk},
    }
    # casework-a: Tyler's episode of need (casework-b's), a recorded visit, a transfer and an
    # early help request.
    episode = tyler_episode
    visit = CaseNote.objects.create(
        person=tyler,
        episode=episode,
        author=users["worker"],
        kind="visit",
        occurred_on=dt.date(2026, 11, 3),
        child_seen=True,
        child_seen_alone=True,
        note="Seen at home.",
        status="recorded",
        created_at=clock.now(),
        updated_at=clock.now(),
        recorded_at=clock.now(),
    )
    moved = Transfer.objects.create(
        episode=episode,
        person=tyler,
        from_team=fostering,
        to_team=assessment,
        handover_note="A note for the new team about the family.",
        transferred_on=dt.date(2026, 11, 3),
        transferred_at=clock.now(),
        transferred_by=users["other_manager"],
    )
    early_help = EarlyHelpRequest.objects.create(
        person=tyler, team=hub_team, requested_on=dt.date(2026, 11, 3)
    )
    kwargs.update(
        {
            "casework": {"pk": episode.pk},
            "casework:move": {"pk": episode.pk, "to_stage": "closed"},
            "casework:unallocated": {"slug": assessment.slug},
            "casework:transfer-detail": {"pk": moved.pk},
            "casework:early-help-request": {"pk": early_help.pk},
            "casework:case-note-new": {"person_pk": tyler.pk},
            "casework:case-note": {"pk": visit.pk},
            "casework:case-note-autosave": {"pk": visit.pk},
        }
    )
    # Early help (issue 12): a family led by another school than the partner's, a request
    # waiting for the Early Help Hub.
    from continuum.earlyhelp.tests import factories as early_help

    led = early_help.planned_episode()
    kwargs["earlyhelp"] = {"pk": led.pk}
    kwargs["earlyhelp:request"] = {"pk": early_help.waiting_request().pk}
    kwargs["earlyhelp:reason"] = {"pk": led.person.pk}
    kwargs["earlyhelp:ftm-refer"] = {"pk": led.person.pk}
    kwargs["earlyhelp:rapid-response"] = {"pk": led.person.pk}
    TeamFactory(slug="families-together", name="Families Together")
    kwargs["earlyhelp:ftm"] = {
        "pk": early_help.actions.refer_family_together_meeting(
            led.person, reason="A plan for mornings", episode=led, acting_user=led.lead_practitioner
        ).pk
    }
    kwargs.update(child_protection_records(tyler, assessment, users["worker"]))  # issue 11
    return {"users": users, "tyler": tyler, "kwargs": kwargs}


def url_for(world, name: str) -> str:
    kwargs = world["kwargs"]
    try:
        return reverse(name)
    except NoReverseMatch:
        return reverse(name, kwargs=kwargs.get(name, kwargs.get(name.split(":")[0], {})))


def client_as(role: str, world, client_for) -> Client:
    return Client() if role == "anonymous" else client_for(world["users"][role])


# What each role gets, GET then POST (an empty form). Columns follow ROLES:
#   anonymous worker colleague manager other_manager hub partner chair data admin
# 302 for anonymous is the sign-in page; 405 a method the page does not take; a 302 for a
# signed-in role is the page's own redirect (a reason asked for, a form sent back).
EXPECTED = """
account:code                      get  302 302 302 302 302 302 302 302 302 302
account:code                      post 302 302 302 302 302 302 302 302 302 302
account:home                      get  302 200 200 200 200 200 200 200 200 200
account:home                      post 302 200 200 200 200 200 200 200 200 200
account:locked-sign-ins           get  302 403 403 403 403 403 403 403 403 200
account:locked-sign-ins           post 302 403 403 403 403 403 403 403 403 200
account:password                  get  302 200 200 200 200 200 200 200 200 200
account:password                  post 302 200 200 200 200 200 200 200 200 200
account:set-up                    get  302 200 200 200 200 200 200 200 200 200
account:set-up                    post 302 200 200 200 200 200 200 200 200 200
account:unlock                    get  302 405 405 405 405 405 405 405 405 405
account:unlock                    post 302 403 403 403 403 403 403 403 403 302
api-v1:about                      get  200 200 200 200 200 200 200 200 200 200
api-v1:about                      post 405 405 405 405 405 405 405 405 405 405
api-v1:api-root                   get  404 404 404 404 404 404 404 404 404 404
api-v1:api-root                   post 404 404 404 404 404 404 404 404 404 404
api-v1:get_service                get  200 200 200 200 200 200 200 200 200 200
api-v1:get_service                post 405 405 405 405 405 405 405 405 405 405
api-v1:get_service_at_location    get  200 200 200 200 200 200 200 200 200 200
api-v1:get_service_at_location    post 405 405 405 405 405 405 405 405 405 405
api-v1:get_taxonomy               get  404 404 404 404 404 404 404 404 404 404
api-v1:get_taxonomy               post 405 405 405 405 405 405 405 405 405 405
api-v1:get_taxonomy_term          get  404 404 404 404 404 404 404 404 404 404
api-v1:get_taxonomy_term          post 405 405 405 405 405 405 405 405 405 405
api-v1:list_service_at_locations  get  200 200 200 200 200 200 200 200 200 200
api-v1:list_service_at_locations  post 405 405 405 405 405 405 405 405 405 405
api-v1:list_services              get  200 200 200 200 200 200 200 200 200 200
api-v1:list_services              post 405 405 405 405 405 405 405 405 405 405
api-v1:list_taxonomies            get  200 200 200 200 200 200 200 200 200 200
api-v1:list_taxonomies            post 405 405 405 405 405 405 405 405 405 405
api-v1:list_taxonomy_terms        get  200 200 200 200 200 200 200 200 200 200
api-v1:list_taxonomy_terms        post 405 405 405 405 405 405 405 405 405 405
api-v1:openapi-json               get  200 200 200 200 200 200 200 200 200 200
api-v1:openapi-json               post 200 200 200 200 200 200 200 200 200 200
api-v1:openapi-view               get  200 200 200 200 200 200 200 200 200 200
api-v1:openapi-view               post 200 200 200 200 200 200 200 200 200 200
api-v1:person_matches             get  405 405 405 405 405 405 405 405 405 405
api-v1:person_matches             post 401 401 401 401 401 401 401 401 401 401
api-v1:read                       get  401 401 401 401 401 401 401 401 401 401
api-v1:read                       post 405 405 405 405 405 405 405 405 405 405
api-v1:submit                     get  405 405 405 405 405 405 405 405 405 405
api-v1:submit                     post 401 401 401 401 401 401 401 401 401 401
directory:location                get  302 200 200 200 200 200 200 200 200 200
directory:location                post 302 200 200 200 200 200 200 200 200 200
directory:review-suggestion       get  302 403 403 403 403 403 403 403 403 200
directory:review-suggestion       post 302 403 403 403 403 403 403 403 403 400
directory:search                  get  302 200 200 200 200 200 200 200 200 200
directory:search                  post 302 200 200 200 200 200 200 200 200 200
directory:service                 get  302 200 200 200 200 200 200 200 200 200
directory:service                 post 302 200 200 200 200 200 200 200 200 200
directory:signpost                get  302 403 403 403 403 200 403 403 403 403
directory:signpost                post 302 403 403 403 403 200 403 403 403 403
directory:suggest                 get  302 200 200 200 200 200 200 200 200 200
directory:suggest                 post 302 200 200 200 200 200 200 200 200 200
directory:suggest-thanks          get  302 200 200 200 200 200 200 200 200 200
directory:suggest-thanks          post 302 200 200 200 200 200 200 200 200 200
directory:suggestions             get  302 403 403 403 403 403 403 403 403 200
directory:suggestions             post 302 403 403 403 403 403 403 403 403 200
frontdoor:advice-line             get  302 403 403 403 403 200 403 403 403 403
frontdoor:advice-line             post 302 403 403 403 403 400 403 403 403 403
frontdoor:change-rag              get  302 405 405 405 405 405 405 405 405 405
frontdoor:change-rag              post 302 403 403 403 403 302 403 403 403 403
frontdoor:confirm-match           get  302 405 405 405 405 405 405 405 405 405
frontdoor:confirm-match           post 302 403 403 403 403 302 403 403 403 403
frontdoor:contact-new             get  302 403 403 403 403 200 403 403 403 403
frontdoor:contact-new             post 302 403 403 403 403 400 403 403 403 403
frontdoor:create-person           get  302 405 405 405 405 405 405 405 405 405
frontdoor:create-person           post 302 403 403 403 403 302 403 403 403 403
frontdoor:decide                  get  302 405 405 405 405 405 405 405 405 405
frontdoor:decide                  post 302 403 403 403 403 400 403 403 403 403
frontdoor:my-requests             get  302 403 403 403 403 403 200 403 403 403
frontdoor:my-requests             post 302 403 403 403 403 403 200 403 403 403
frontdoor:queue                   get  302 403 403 403 403 200 403 403 403 403
frontdoor:queue                   post 302 403 403 403 403 200 403 403 403 403
frontdoor:family-links            get  302 405 405 405 405 405 405 405 405 405
frontdoor:family-links            post 302 403 403 403 403 302 403 403 403 403
frontdoor:record-check            get  302 405 405 405 405 405 405 405 405 405
frontdoor:record-check            post 302 403 403 403 403 302 403 403 403 403
frontdoor:request-autosave        get  302 405 405 405 405 405 405 405 405 405
frontdoor:request-autosave        post 302 403 403 403 403 403 400 403 403 403
frontdoor:request-check           get  302 405 405 405 405 405 405 405 405 405
frontdoor:request-check           post 302 403 403 403 403 302 403 403 403 403
frontdoor:request-detail          get  302 403 403 403 403 403 200 403 403 403
frontdoor:request-detail          post 302 403 403 403 403 403 200 403 403 403
frontdoor:request-edit            get  302 403 403 403 403 403 200 403 403 403
frontdoor:request-edit            post 302 403 403 403 403 403 400 403 403 403
frontdoor:request-new             get  302 403 403 403 403 403 200 403 403 403
frontdoor:request-new             post 302 403 403 403 403 403 400 403 403 403
frontdoor:request-new-autosave    get  302 405 405 405 405 405 405 405 405 405
frontdoor:request-new-autosave    post 302 403 403 403 403 403 400 403 403 403
frontdoor:request-discard         get  302 403 403 403 403 403 403 403 403 403
frontdoor:request-discard         post 302 403 403 403 403 403 403 403 403 403
frontdoor:start-screening         get  302 405 405 405 405 405 405 405 405 405
frontdoor:start-screening         post 302 403 403 403 403 302 403 403 403 403
frontdoor:take-over               get  302 405 405 405 405 405 405 405 405 405
frontdoor:take-over               post 302 403 403 403 403 302 403 403 403 403
frontdoor:screen                  get  302 403 403 403 403 200 403 403 403 403
frontdoor:screen                  post 302 403 403 403 403 200 403 403 403 403
governance:mark-reviewed          get  302 405 405 405 405 405 405 405 405 405
governance:mark-reviewed          post 302 403 403 302 403 403 403 403 403 403
governance:restricted             get  302 403 403 403 403 403 403 403 403 200
governance:restricted             post 302 403 403 403 403 403 403 403 403 200
governance:reasons                get  302 403 403 200 200 403 403 403 403 403
governance:reasons                post 302 403 403 200 200 403 403 403 403 403
home                              get  302 200 200 200 200 200 200 200 200 200
home                              post 302 200 200 200 200 200 200 200 200 200
organisation:api-tokens           get  302 403 403 403 403 403 403 403 403 200
organisation:api-tokens           post 302 403 403 403 403 403 403 403 403 200
organisation:revoke-api-token     get  302 405 405 405 405 405 405 405 405 405
organisation:revoke-api-token     post 302 403 403 403 403 403 403 403 403 302
people:audit                      get  302 200 403 200 403 403 403 403 403 403
people:audit                      post 302 200 403 200 403 403 403 403 403 403
people:detail                     get  302 200 403 200 403 403 403 403 403 403
people:detail                     post 302 200 403 200 403 403 403 403 403 403
people:duplicate-dismiss          get  302 405 405 405 405 405 405 405 405 405
people:duplicate-dismiss          post 302 403 403 403 403 403 403 403 403 403
people:duplicate-merge            get  302 405 405 405 405 405 405 405 405 405
people:duplicate-merge            post 302 403 403 403 403 403 403 403 403 403
people:duplicate-review           get  302 403 403 403 403 403 403 403 403 403
people:duplicate-review           post 302 403 403 403 403 403 403 403 403 403
people:duplicates                 get  302 403 403 200 200 403 403 403 403 200
people:duplicates                 post 302 403 403 200 200 403 403 403 403 200
people:history                    get  302 200 403 200 403 403 403 403 403 403
people:history                    post 302 200 403 200 403 403 403 403 403 403
people:merge-undo                 get  302 405 405 405 405 405 405 405 405 405
people:merge-undo                 post 302 403 403 403 403 403 403 403 403 403
people:new                        get  302 200 200 200 200 200 403 200 200 200
people:new                        post 302 200 200 200 200 200 403 200 200 200
people:reason                     get  302 302 403 302 403 403 403 403 403 403
people:reason                     post 302 302 403 302 403 403 403 403 403 403
people:relationships              get  302 200 403 200 403 403 403 403 403 403
people:relationships              post 302 302 403 302 403 403 403 403 403 403
people:restriction                get  302 403 403 200 403 403 403 403 403 200
people:restriction                post 302 403 403 400 403 403 403 403 403 400
people:search                     get  302 200 200 200 200 200 403 200 200 200
people:search                     post 302 200 200 200 200 200 403 200 200 200
services:location                 get  200 200 200 200 200 200 200 200 200 200
services:location                 post 200 200 200 200 200 200 200 200 200 200
services:search                   get  200 200 200 200 200 200 200 200 200 200
services:search                   post 200 200 200 200 200 200 200 200 200 200
services:service                  get  200 200 200 200 200 200 200 200 200 200
services:service                  post 200 200 200 200 200 200 200 200 200 200
services:suggest                  get  200 200 200 200 200 200 200 200 200 200
services:suggest                  post 200 200 200 200 200 200 200 200 200 200
services:suggest-thanks           get  200 200 200 200 200 200 200 200 200 200
services:suggest-thanks           post 200 200 200 200 200 200 200 200 200 200
sign-in                           get  200 302 302 302 302 302 302 302 302 302
sign-in                           post 200 302 302 302 302 302 302 302 302 302
sign-out                          get  302 405 405 405 405 405 405 405 405 405
sign-out                          post 302 302 302 302 302 302 302 302 302 302
socialwork:team-queue             get  302 200 200 200 403 403 403 403 403 200
socialwork:team-queue             post 302 200 200 200 403 403 403 403 403 200
returns:performance               get  302 403 403 200 200 403 403 403 200 200
returns:performance               post 302 403 403 200 200 403 403 403 200 200
# casework-a: allocation, the episode and its moves, transfers, case notes, step-down, My work
casework:allocate                 get  302 405 405 405 405 405 405 405 405 405
casework:allocate                 post 302 403 403 400 403 403 403 403 403 403
casework:case-note                get  302 200 403 200 403 403 403 403 403 403
casework:case-note                post 302 200 403 200 403 403 403 403 403 403
casework:case-note-autosave       get  302 405 405 405 405 405 405 405 405 405
casework:case-note-autosave       post 302 409 403 403 403 403 403 403 403 403
casework:case-note-new            get  302 405 405 405 405 405 405 405 405 405
casework:case-note-new            post 302 302 403 302 403 403 403 403 403 403
casework:early-help-request       get  302 200 403 200 403 403 403 403 403 403
casework:early-help-request       post 302 200 403 200 403 403 403 403 403 403
casework:episode                  get  302 200 403 200 403 403 403 403 403 403
casework:episode                  post 302 200 403 200 403 403 403 403 403 403
casework:move                     get  302 405 405 405 405 405 405 405 405 405
casework:move                     post 302 400 403 400 403 403 403 403 403 403
casework:my-work                  get  302 200 200 200 200 200 403 200 200 200
casework:my-work                  post 302 200 200 200 200 200 403 200 200 200
casework:step-down                get  302 405 405 405 405 405 405 405 405 405
casework:step-down                post 302 403 403 400 403 403 403 403 403 403
casework:transfer                 get  302 405 405 405 405 405 405 405 405 405
casework:transfer                 post 302 403 403 400 403 403 403 403 403 403
casework:transfer-detail          get  302 200 403 200 403 403 403 403 403 403
casework:transfer-detail          post 302 200 403 200 403 403 403 403 403 403
casework:unallocated              get  302 403 403 200 403 403 403 403 403 200
casework:unallocated              post 302 403 403 200 403 403 403 403 403 200
# casework-b: the Child and Family Assessment and the Child in Need plan
socialwork:assessment             get  302 200 403 200 403 403 403 403 403 403
socialwork:assessment             post 302 405 405 405 405 405 405 405 405 405
socialwork:assessment-edit        get  302 200 403 200 403 403 403 403 403 403
socialwork:assessment-edit        post 302 400 403 400 403 403 403 403 403 403
socialwork:assessment-autosave    get  302 405 405 405 405 405 405 405 405 405
socialwork:assessment-autosave    post 302 400 403 400 403 403 403 403 403 403
socialwork:assessment-decision    get  302 405 405 405 405 405 405 405 405 405
socialwork:assessment-decision    post 302 403 403 400 403 403 403 403 403 403
socialwork:cin-plan-start         get  302 200 403 200 403 403 403 403 403 403
socialwork:cin-plan-start         post 302 400 403 400 403 403 403 403 403 403
socialwork:cin-plan               get  302 200 403 200 403 403 403 403 403 403
socialwork:cin-plan               post 302 405 405 405 405 405 405 405 405 405
socialwork:cin-plan-action-add    get  302 405 405 405 405 405 405 405 405 405
socialwork:cin-plan-action-add    post 302 400 403 400 403 403 403 403 403 403
socialwork:cin-plan-action        get  302 405 405 405 405 405 405 405 405 405
socialwork:cin-plan-action        post 302 302 403 302 403 403 403 403 403 403
socialwork:cin-plan-outcome       get  302 405 405 405 405 405 405 405 405 405
socialwork:cin-plan-outcome       post 302 302 403 302 403 403 403 403 403 403
socialwork:cin-plan-review        get  302 200 403 200 403 403 403 403 403 403
socialwork:cin-plan-review        post 302 400 403 400 403 403 403 403 403 403
socialwork:cin-plan-end           get  302 200 403 200 403 403 403 403 403 403
socialwork:cin-plan-end           post 302 400 403 400 403 403 403 403 403 403
socialwork:cin-review             get  302 302 403 302 403 403 403 403 403 403
socialwork:cin-review             post 302 405 405 405 405 405 405 405 405 405
earlyhelp:assessment              get  302 302 302 302 302 302 403 302 302 302
earlyhelp:assessment              post 302 302 302 302 302 302 403 302 302 302
earlyhelp:assessment-autosave     get  302 405 405 405 405 405 405 405 405 405
earlyhelp:assessment-autosave     post 302 403 403 403 403 403 403 403 403 403
earlyhelp:close                   get  302 302 302 302 302 302 403 302 302 302
earlyhelp:close                   post 302 302 302 302 302 302 403 302 302 302
earlyhelp:episode                 get  302 302 302 302 302 302 403 302 302 302
earlyhelp:episode                 post 302 302 302 302 302 302 403 302 302 302
earlyhelp:hub                     get  302 403 403 403 403 403 403 403 403 403
earlyhelp:hub                     post 302 403 403 403 403 403 403 403 403 403
earlyhelp:mine                    get  302 200 200 200 200 200 200 200 200 200
earlyhelp:mine                    post 302 200 200 200 200 200 200 200 200 200
earlyhelp:plan                    get  302 302 302 302 302 302 403 302 302 302
earlyhelp:plan                    post 302 302 302 302 302 302 403 302 302 302
earlyhelp:reason                  get  302 200 200 200 200 200 403 200 200 200
earlyhelp:reason                  post 302 400 400 400 400 400 403 400 400 400
earlyhelp:request                 get  302 403 403 403 403 403 403 403 403 403
earlyhelp:request                 post 302 403 403 403 403 403 403 403 403 403
earlyhelp:review                  get  302 302 302 302 302 302 403 302 302 302
earlyhelp:review                  post 302 302 302 302 302 302 403 302 302 302
earlyhelp:step-up                 get  302 302 302 302 302 302 403 302 302 302
earlyhelp:step-up                 post 302 302 302 302 302 302 403 302 302 302
earlyhelp:families-together       get  302 403 403 403 403 403 403 403 403 403
earlyhelp:families-together       post 302 403 403 403 403 403 403 403 403 403
earlyhelp:ftm                     get  302 302 302 302 302 302 403 302 302 302
earlyhelp:ftm                     post 302 302 302 302 302 302 403 302 302 302
earlyhelp:ftm-refer               get  302 302 302 302 302 302 403 302 302 302
earlyhelp:ftm-refer               post 302 302 302 302 302 302 403 302 302 302
earlyhelp:rapid-response          get  302 403 403 403 403 403 403 403 403 403
earlyhelp:rapid-response          post 302 403 403 403 403 403 403 403 403 403
protection:attendee               get  302 405 405 405 405 405 405 405 405 405
protection:attendee               post 302 400 403 400 403 403 403 403 403 403
protection:book                   get  302 200 403 200 403 403 403 403 403 403
protection:book                   post 302 400 403 400 403 403 403 403 403 403
protection:chair                  get  302 403 403 403 403 403 403 200 403 403
protection:chair                  post 302 403 403 403 403 403 403 200 403 403
protection:chair-review           get  302 405 405 405 405 405 405 405 405 405
protection:chair-review           post 302 400 403 400 403 403 403 403 403 403
protection:child                  get  302 200 403 200 403 403 403 403 403 403
protection:child                  post 302 200 403 200 403 403 403 403 403 403
protection:conference             get  302 200 403 200 403 403 403 403 403 403
protection:conference             post 302 400 403 400 403 403 403 403 403 403
protection:core-group             get  302 405 405 405 405 405 405 405 405 405
protection:core-group             post 302 400 403 400 403 403 403 403 403 403
protection:issue                  get  302 405 405 405 405 405 405 405 405 405
protection:issue                  post 302 400 403 400 403 403 403 403 403 403
protection:issue-response         get  302 405 405 405 405 405 405 405 405 405
protection:issue-response         post 302 400 403 400 403 403 403 403 403 403
protection:plan                   get  302 200 403 200 403 403 403 403 403 403
protection:plan                   post 302 200 403 200 403 403 403 403 403 403
protection:plan-action            get  302 405 405 405 405 405 405 405 405 405
protection:plan-action            post 302 400 403 400 403 403 403 403 403 403
protection:plan-outcome           get  302 405 405 405 405 405 405 405 405 405
protection:plan-outcome           post 302 400 403 400 403 403 403 403 403 403
protection:section47              get  302 200 403 200 403 403 403 403 403 403
protection:section47              post 302 400 403 400 403 403 403 403 403 403
protection:strategy               get  302 200 403 200 403 403 403 403 403 403
protection:strategy               post 302 400 403 400 403 403 403 403 403 403
"""


def expected_table() -> dict[tuple[str, str], list[int]]:
    table = {}
    for line in EXPECTED.strip().splitlines():
        if line.startswith("#"):
            continue  # a comment naming the part the rows below belong to
        name, method, *statuses = line.split()
        assert len(statuses) == len(ROLES), line
        table[(name, method)] = [int(s) for s in statuses]
    return table


def test_every_url_pattern_is_in_the_table():
    """A new page must join the table: say who may use it, and the test checks it."""
    names = {name for name, _ in expected_table()}
    missing = sorted(set(all_url_names()) - names)
    assert not missing, f"URL patterns with no row in EXPECTED: {missing}"
    gone = sorted(names - set(all_url_names()))
    assert not gone, f"Rows in EXPECTED for URL patterns that no longer exist: {gone}"


PERSON_PAGES = (
    "people:detail",
    "people:audit",
    "people:history",
    # child protection (issue 11): every page about one child is audited like the record
    "protection:child",
    "protection:strategy",
    "protection:section47",
    "protection:book",
    "protection:conference",
    "protection:plan",
)


@pytest.mark.parametrize("name", all_url_names())
def test_each_role_gets_what_the_policy_allows_and_no_more(name, world, client_for):
    table = expected_table()
    tyler = world["tyler"]
    url = url_for(world, name)
    problems = []
    for method in ("get", "post"):
        for role, wanted in zip(ROLES, table[(name, method)], strict=True):
            response = getattr(client_as(role, world, client_for), method)(url)
            if response.status_code != wanted:
                problems.append(f"{method.upper()} as {role}: {response.status_code}, not {wanted}")
            body = response.content.decode(errors="replace")
            if role not in MAY_OPEN_TYLER:
                leaked = [s for s in SECRETS if s in body]
                if leaked:
                    problems.append(f"{method.upper()} as {role} shows {leaked}")
            if name in PERSON_PAGES and role != "anonymous":
                user = world["users"][role]
                seen = AuditEntry.objects.filter(actor=user, person=tyler)
                wanted_action = AuditAction.REFUSED if wanted == 403 else None
                if not seen.exists():
                    problems.append(f"{method.upper()} as {role} was not audited")
                elif wanted_action and seen.first().action != wanted_action:
                    problems.append(f"{method.upper()} as {role} audited as {seen.first().action}")
                seen.delete()
    assert not problems, f"{name} ({url}):\n" + "\n".join(problems)


# -- child protection (issue 11) ---------------------------------------------------------------


def child_protection_records(tyler, team, worker) -> dict[str, dict]:
    """Tyler on a Child Protection plan, chaired by a chair who is not among the roles (so the
    `chair` role is a chair with no part in his plan), with an issue raised on it."""
    from continuum.socialwork.models import (
        ChildProtectionPlan,
        Conference,
        Episode,
        IssueResolution,
        Section47Enquiry,
        StrategyDiscussion,
    )
    from continuum.socialwork.tests.factories import ChairFactory

    day = dt.date(2026, 11, 2)
    his_chair = ChairFactory()
    # His open episode (the casework parts' world made one), else a new one.
    episode = Episode.objects.filter(person=tyler, closed_on__isnull=True).first()
    if episode is None:
        episode = Episode.objects.create(
            person=tyler,
            stage="child_protection",
            team=team,
            referral_date=day,
            opened_at=clock.now(),
        )
    discussion = StrategyDiscussion.objects.create(
        person=tyler,
        episode=episode,
        team=team,
        requested_at=clock.now(),
        held_on=day,
        consent="given",
        decision="section_47",
        decision_reason="Bruising seen at school",
    )
    enquiry = Section47Enquiry.objects.create(
        person=tyler,
        episode=episode,
        strategy_discussion=discussion,
        team=team,
        started_on=day,
        conference_due_on=dt.date(2026, 11, 23),
        outcome="significant_harm",
        completed_on=day,
    )
    conference = Conference.objects.create(
        person=tyler,
        episode=episode,
        kind="initial",
        section_47=enquiry,
        chair=his_chair,
        booked_by=worker,
        booked_at=clock.now(),
        due_on=dt.date(2026, 11, 23),
        date=dt.date(2026, 11, 20),
        held_on=dt.date(2026, 11, 20),
        decision="cp_plan",
        category="NEG",
    )
    plan = ChildProtectionPlan.objects.create(
        person=tyler,
        episode=episode,
        started_on=dt.date(2026, 11, 20),
        initial_conference=conference,
        chair=his_chair,
        initial_category="NEG",
        latest_category="NEG",
    )
    issue = IssueResolution.objects.create(
        plan=plan, raised_on=day, raised_by=his_chair, concern="Not progressing"
    )
    on_plan = {"pk": plan.pk}
    return {
        "protection:child": {"pk": tyler.pk},
        "protection:strategy": {"pk": discussion.pk},
        "protection:section47": {"pk": enquiry.pk},
        "protection:book": {"pk": episode.pk},
        "protection:conference": {"pk": conference.pk},
        "protection:attendee": {"pk": conference.pk},
        "protection:plan": on_plan,
        "protection:plan-outcome": on_plan,
        "protection:plan-action": on_plan,
        "protection:core-group": on_plan,
        "protection:chair-review": on_plan,
        "protection:issue": on_plan,
        "protection:issue-response": {"pk": issue.pk},
    }
