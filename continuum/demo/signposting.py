"""The demo Hub's signposting, recorded against the FYI directory.

The demo authority's contacts are generated before the directory is loaded (`make run` seeds
the directory afterwards), so its signposting decisions name where a family was helped to go
only in words ("a parenting programme"). Once the directory is there, this picks the real
services those words lead to, near each family, and records them as the Hub's signposting
page would (`directory.actions.record_signposting`): on the contact, and in each child's
chronology, at the time of the decision.
"""

import datetime as dt
import re

from django.db import transaction

from continuum.core.chronology import record_event
from continuum.core.models import EventKind
from continuum.directory.models import Signposting
from continuum.directory.postcodes import UnknownPostcode
from continuum.directory.search import SearchQuery, search_service_at_locations
from continuum.frontdoor.models import Contact, DecisionOutcome, PersonRole

# What the demo's words for a signpost are looked for as in the directory, first match wins.
SEARCH_FOR = {
    "parenting": "parenting",
    "better start": "better start",
    "school nurse": "nurse",
    "nursing": "nurse",
    "debt": "money",
    "foodbank": "food",
    "housing": "housing",
    "homelessness": "homeless",
    "young carers": "young carers",
    "domestic abuse": "domestic abuse",
    "youth": "youth",
    "drug": "alcohol",
    "perinatal": "wellbeing",
    "mental health": "mental health",
    "talking therapies": "talking",
    "anxiety": "emotional",
    "speech": "baby",
    "mediation": "mediation",
    "inclusion": "special educational",
    "attendance": "school",
    "awaken": "youth",
    "family hub": "family hub",
}
# A request for information from another authority is answered, not signposted.
NOT_SIGNPOSTED = ("information shared",)
FALLBACK = "family hub"


def search_text(signposted_to: str) -> str:
    """The directory search that stands for the demo's words: 'a parenting programme' ->
    'parenting'; anything unrecognised -> the family hubs."""
    words = signposted_to.lower()
    for phrase, text in SEARCH_FOR.items():
        if re.search(rf"\b{re.escape(phrase)}", words):
            return text
    return FALLBACK


@transaction.atomic
def record_demo_signposting(*, limit: int = 150, per_family: int = 2) -> int:
    """Record directory services for the most recent `limit` signposting decisions that have
    none yet. Returns how many contacts were given services. Safe to run again."""
    contacts = (
        Contact.objects.filter(decision__outcome=DecisionOutcome.SIGNPOST, signpostings=None)
        .select_related("decision", "decision__decided_by")
        .order_by("-decision__decided_at")[:limit]
    )
    done = 0
    for contact in contacts:
        decision = contact.decision
        if decision.signposted_to.startswith(NOT_SIGNPOSTED):
            continue
        text = search_text(decision.signposted_to)
        services = _nearest(text, contact.family_postcode, per_family) or _nearest(
            FALLBACK, contact.family_postcode, per_family
        )
        if not services:
            continue
        at = decision.decided_at + dt.timedelta(minutes=10)
        Signposting.objects.bulk_create(
            Signposting(contact=contact, service=s, recorded_by=decision.decided_by, recorded_at=at)
            for s in services
        )
        names = ", ".join(s.name for s in services)
        for named in contact.people.filter(role=PersonRole.CHILD, person__isnull=False):
            record_event(
                named.person,
                kind=EventKind.SIGNPOSTING,
                occurred_on=at.date(),
                summary=f"Signposted to {names} ({contact.reference})",
                recorded_by=decision.decided_by,
                source=contact,
            )
        done += 1
    return done


def _nearest(text: str, postcode: str, count: int) -> list:
    try:
        page = search_service_at_locations(
            SearchQuery(text=text, postcode=postcode), per_page=count
        )
    except UnknownPostcode:
        page = search_service_at_locations(SearchQuery(text=text), per_page=count)
    return list(dict.fromkeys(hit.service for hit in page.items))
