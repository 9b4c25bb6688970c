"""`POST /api/v1/person-matches`: is this person known? For partner systems whose agency has
been granted it (MatchingApiGrant, `continuum matching-api-access`). The answer gives record
numbers, match probabilities and which fields agreed, never a record's details: a partner
learns that a child is known and quotes the record number to the Hub, and the Hub decides what
to share. Restricted records are never returned (`governance.access.partner_may_know`),
and no reason speaks of where a person lives or lived.
"""

import datetime as dt
import re
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from continuum.core import clock
from continuum.core.input import control_character_problem, date_of_birth_problem, sentence
from continuum.core.problems import problem
from continuum.governance.access import audit_match_lookup, partner_may_know
from continuum.people import rules
from continuum.people.matching import MatchQuery, find_candidates
from continuum.people.matching.rules import reasons_for_partners
from continuum.people.models import MatchingApiGrant

router = Router(tags=["Person matching"])


EXAMPLE = {
    "given_name": "Kayley",
    "family_name": "Sample",
    "date_of_birth": "2017-05-14",
    "postcode": "FY1 3LA",
    "carer_names": ["Jordan Sample"],
}


class PersonMatchIn(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE]})

    given_name: str = Field("", max_length=100)
    family_name: str = Field("", max_length=100)
    date_of_birth: dt.date | None = Field(None, description="ISO date, from 1900 to today")
    sex: Literal["M", "F", "U", ""] = ""
    postcode: str = Field("", max_length=10)
    address_line: str = Field("", max_length=200)
    nhs_number: str = Field("", max_length=12, description="10 digits with a valid check digit")
    carer_names: list[Annotated[str, Field(max_length=200)]] = Field(
        [], max_length=6, description="Parents' or carers' names"
    )
    limit: int = Field(5, ge=1, le=20)


class CandidateOut(Schema):
    person_id: int
    probability: float
    percent: int
    is_match: bool
    reasons: list[str]


class PersonMatchesOut(Schema):
    known: bool
    candidates: list[CandidateOut]


def _problems(payload: PersonMatchIn) -> list[dict[str, str]]:
    errors = []
    texts = [
        (name, getattr(payload, name)) for name in ("given_name", "family_name", "address_line")
    ]
    texts += [("postcode", payload.postcode), ("nhs_number", payload.nhs_number)]
    texts += [(f"carer_names[{n}]", name) for n, name in enumerate(payload.carer_names)]
    for field, value in texts:
        # Lengths are the schema's; here, characters that cannot be searched for or stored.
        problem = control_character_problem(value)
        if problem:
            errors.append({"field": field, "message": sentence("", problem)})
    if payload.nhs_number and not rules.is_valid_nhs_number(payload.nhs_number):
        errors.append(
            {"field": "nhs_number", "message": "Not a valid NHS number (10 digits, check digit)"}
        )
    problem = date_of_birth_problem(payload.date_of_birth, today=clock.today())
    if problem:
        errors.append({"field": "date_of_birth", "message": sentence("", problem)})
    if payload.postcode and not rules.is_valid_postcode(payload.postcode):
        errors.append({"field": "postcode", "message": "Not a UK postcode"})
    named = any(re.search(r"[A-Za-z]", v) for v in (payload.given_name, payload.family_name))
    if not (named or payload.date_of_birth or payload.nhs_number or payload.postcode):
        errors.append(
            {
                "field": "given_name",
                "message": "Give at least a name, a date of birth, an NHS number or a postcode",
            }
        )
    return errors


@router.post(
    "",
    response={200: PersonMatchesOut},
    summary="Is this person known?",
    openapi_extra={"requestBody": {"content": {"application/json": {"example": EXAMPLE}}}},
)
def person_matches(request: HttpRequest, payload: PersonMatchIn) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    if not MatchingApiGrant.objects.filter(agency=agency, revoked_at__isnull=True).exists():
        return problem(
            request,
            403,
            "Not permitted",
            "Your agency has not been granted person matching; ask the Hub.",
        )
    errors = _problems(payload)
    if errors:
        return problem(request, 400, "Invalid request", "Some fields are wrong.", errors)
    candidates = find_candidates(
        MatchQuery(
            given_name=payload.given_name,
            family_name=payload.family_name,
            date_of_birth=payload.date_of_birth,
            sex=payload.sex,
            postcode=payload.postcode,
            address_line=payload.address_line,
            nhs_number=rules.normalise_nhs_number(payload.nhs_number),
            carer_names=tuple(payload.carer_names),
        ),
        # Ask for more so that leaving out restricted records still fills the answer.
        limit=min(payload.limit * 2, 40),
    )
    candidates = [c for c in candidates if partner_may_know(agency, c.person)][: payload.limit]
    audit_match_lookup(agency, [c.person for c in candidates], path=request.path)
    body = PersonMatchesOut(
        known=any(c.is_match for c in candidates),
        candidates=[
            CandidateOut(
                person_id=c.person.pk,
                probability=c.score,
                percent=c.percent,
                is_match=c.is_match,
                reasons=reasons_for_partners(c.reasons),
            )
            for c in candidates
        ],
    )
    return JsonResponse(body.model_dump(mode="json"))
