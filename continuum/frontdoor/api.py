"""Requests for Support over the API: `POST /api/v1/requests-for-support` and
`GET /api/v1/requests-for-support/{reference}`."""

import datetime as dt
import hashlib
import json
from typing import Annotated, Literal

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from continuum.core.models import IdempotencyRecord
from continuum.core.problems import problem
from continuum.frontdoor import actions, submission
from continuum.frontdoor.models import Contact, ContactKind
from continuum.frontdoor.submission import LONG_TEXT, PERSON_TEXT_LIMITS, TEXT_LIMITS
from continuum.people import rules as people_rules

router = Router(tags=["Requests for Support"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


# Limits come from `submission` (one place for the form, drafts and the API); the schema states
# them, and `submission.limit_problems` also refuses control characters and impossible dates.
def _most(name: str) -> int:
    return (TEXT_LIMITS.get(name) or PERSON_TEXT_LIMITS[name])[1]


class Referrer(Strict):
    name: str = Field(..., max_length=_most("referrer_name"), description="Your name")
    role: str = Field(
        ...,
        max_length=_most("referrer_role"),
        description="Your role, e.g. Designated Safeguarding Lead",
    )
    phone: str = Field("", max_length=_most("referrer_phone"))
    email: str = Field("", max_length=_most("referrer_email"))


class ChildIn(Strict):
    given_name: str = Field("", max_length=_most("given_name"))
    family_name: str = Field(..., max_length=_most("family_name"))
    date_of_birth: dt.date | None = Field(
        None, description="ISO date, from 1900 to today; omit for an unborn child"
    )
    expected_date_of_birth: dt.date | None = Field(
        None,
        description=(
            f"For an unborn child: within the next {submission.EXPECTED_BIRTH_MONTHS_AHEAD} "
            f"months, or up to {submission.EXPECTED_BIRTH_WEEKS_OVERDUE} weeks ago"
        ),
    )
    sex: Literal["M", "F", "U"] = "U"
    nhs_number: str = Field("", max_length=12, description="10 digits; spaces are ignored")


class FamilyMemberIn(Strict):
    given_name: str = Field("", max_length=_most("given_name"))
    family_name: str = Field("", max_length=_most("family_name"))
    date_of_birth: dt.date | None = Field(None, description="ISO date, from 1900 to today")
    relationship_to_child: str = Field(
        "",
        max_length=_most("relationship_to_child"),
        description="e.g. mother, stepfather, grandmother",
    )
    lives_with_child: bool | None = None


class AddressIn(Strict):
    line_1: str = Field(..., max_length=_most("family_address_line_1"))
    line_2: str = Field("", max_length=_most("family_address_line_2"))
    town: str = Field("", max_length=_most("family_town"))
    postcode: str = Field(..., max_length=10, description="A UK postcode, e.g. FY1 3LA")


class ConsentIn(Strict):
    status: Literal["given", "dispensed"]
    dispensed_reason: str = Field(
        "", max_length=LONG_TEXT, description="Required when consent was dispensed with"
    )


IndicatorCode = Annotated[str, Field(max_length=submission.MAX_INDICATOR_CODE)]


EXAMPLE = {
    "referrer": {
        "name": "Alex Example",
        "role": "Designated Safeguarding Lead",
        "phone": "01253 000000",
        "email": "dsl@demo-primary.example",
    },
    "children": [
        {"given_name": "Riley", "family_name": "Sample", "date_of_birth": "2017-05-14", "sex": "M"},
        {
            "given_name": "Maisie",
            "family_name": "Sample",
            "date_of_birth": "2019-09-02",
            "sex": "F",
        },
    ],
    "family_members": [
        {
            "given_name": "Jordan",
            "family_name": "Sample",
            "relationship_to_child": "mother",
            "lives_with_child": True,
        }
    ],
    "address": {"line_1": "12 Example Road", "town": "Blackpool", "postcode": "FY1 3LA"},
    "level_of_need": 3,
    "indicators": [],
    "worries": "Riley has come to school hungry most days this term and says there is often no food at home.",
    "strengths": "Mum brings both children to school every day and has asked the school for help.",
    "child_voice": "Riley said: 'Sometimes we only have cereal for tea.'",
    "important_people": "Nan, who lives nearby and picks the children up on Fridays.",
    "consent": {"status": "given"},
    "safeguarding_lead_consulted": True,
    "immediate_danger": False,
}


class RequestForSupportIn(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE]})

    referrer: Referrer
    children: Annotated[list[ChildIn], Field(min_length=1, max_length=submission.MAX_CHILDREN)]
    family_members: Annotated[
        list[FamilyMemberIn], Field(max_length=submission.MAX_FAMILY_MEMBERS)
    ] = []
    address: AddressIn | None = None
    level_of_need: Literal[2, 3, 4] = Field(
        ...,
        description="2 Universal Plus, 3 Intensive, 4 Safeguarding: the level you believe applies",
    )
    indicators: list[IndicatorCode] = Field(
        [],
        max_length=submission.MAX_INDICATORS,
        description="Codes from the Continuum of Need indicator catalogue",
    )
    worries: str = Field(..., min_length=1, max_length=LONG_TEXT)
    strengths: str = Field(..., min_length=1, max_length=LONG_TEXT)
    child_voice: str = Field(
        ..., min_length=1, max_length=LONG_TEXT, description="The child's own words"
    )
    important_people: str = Field("", max_length=LONG_TEXT)
    consent: ConsentIn
    safeguarding_lead_consulted: bool
    immediate_danger: bool = Field(
        False,
        description="If a child is in immediate danger, call 999 and the Hub on 01253 477299 first",
    )


class Outcome(Schema):
    decided_at: dt.datetime
    summary: str


class RequestForSupportOut(Schema):
    reference: str
    status: str
    status_label: str
    received_at: dt.datetime
    children: int
    outcome: Outcome | None


def _details(payload: RequestForSupportIn) -> submission.RequestDetails:
    address = payload.address
    return submission.RequestDetails(
        referrer_name=payload.referrer.name,
        referrer_role=payload.referrer.role,
        referrer_phone=payload.referrer.phone,
        referrer_email=payload.referrer.email,
        children=[
            submission.NamedPerson(
                **{**c.model_dump(), "nhs_number": people_rules.normalise_nhs_number(c.nhs_number)}
            )
            for c in payload.children
        ],
        adults=[submission.NamedPerson(**m.model_dump()) for m in payload.family_members],
        family_address_line_1=address.line_1 if address else "",
        family_address_line_2=address.line_2 if address else "",
        family_town=address.town if address else "",
        family_postcode=people_rules.normalise_postcode(address.postcode) if address else "",
        claimed_level=payload.level_of_need,
        indicators=payload.indicators,
        worries=payload.worries,
        strengths=payload.strengths,
        child_voice=payload.child_voice,
        important_people=payload.important_people,
        consent=payload.consent.status,
        consent_dispensed_reason=payload.consent.dispensed_reason,
        safeguarding_lead_consulted=payload.safeguarding_lead_consulted,
        immediate_danger=payload.immediate_danger,
    )


def _out(contact: Contact) -> dict:
    decision = getattr(contact, "decision", None)
    return RequestForSupportOut(
        reference=contact.reference,
        status=contact.status,
        status_label=contact.get_status_display(),
        received_at=contact.received_at,
        children=contact.children.count(),
        outcome=Outcome(decided_at=decision.decided_at, summary=decision.outcome_for_referrer)
        if decision
        else None,
    ).model_dump(mode="json")


API_PROBLEM_FIELDS = {
    "referrer_name": "referrer.name",
    "referrer_role": "referrer.role",
    "referrer_phone": "referrer.phone",
    "referrer_email": "referrer.email",
    "family_address_line_1": "address.line_1",
    "family_address_line_2": "address.line_2",
    "family_town": "address.town",
    "family_postcode": "address.postcode",
    "claimed_level": "level_of_need",
    "consent_dispensed_reason": "consent.dispensed_reason",
    "consent": "consent.status",
    "adults": "family_members",
}


def _api_field(name: str) -> str:
    for internal, external in API_PROBLEM_FIELDS.items():
        if name == internal or name.startswith(f"{internal}["):
            return name.replace(internal, external, 1)
    return name


@router.post(
    "",
    response={201: RequestForSupportOut},
    summary="Submit a Request for Support",
    openapi_extra={
        "requestBody": {"content": {"application/json": {"example": EXAMPLE}}},
        "parameters": [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "maxLength": 255},
                "description": "A unique value per submission; a retry with the same key returns the first answer.",
            }
        ],
    },
)
def submit(request: HttpRequest, payload: RequestForSupportIn) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 255:
        return problem(
            request,
            400,
            "Invalid request",
            errors=[{"field": "Idempotency-Key", "message": "At most 255 characters"}],
        )
    body_hash = hashlib.sha256(
        json.dumps(payload.model_dump(mode="json"), sort_keys=True).encode()
    ).hexdigest()
    scope = f"agency:{agency.slug}"
    if key:
        stored = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if stored:
            return _replay(request, stored, body_hash)
    try:
        with transaction.atomic():
            contact = actions.submit_request_from_api(_details(payload), agency=agency)
            body = _out(contact)
            if key:
                IdempotencyRecord.objects.create(
                    scope=scope,
                    key=key,
                    request_hash=body_hash,
                    status_code=201,
                    response_body=body,
                )
    except actions.SubmissionProblems as problems:
        return problem(
            request,
            400,
            "Invalid request",
            "The request cannot be submitted as it stands.",
            [{"field": _api_field(f), "message": m} for f, m in problems.problems],
        )
    except IntegrityError:
        stored = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if key and stored:
            return _replay(request, stored, body_hash)
        raise
    response = JsonResponse(body, status=201)
    response["Location"] = f"/api/v1/requests-for-support/{contact.reference}"
    return response


def _replay(request: HttpRequest, stored: IdempotencyRecord, body_hash: str) -> HttpResponse:
    if stored.request_hash != body_hash:
        return problem(
            request,
            422,
            "Idempotency key reused",
            "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
        )
    response = JsonResponse(stored.response_body, status=stored.status_code)
    response["Idempotent-Replayed"] = "true"
    response["Location"] = f"/api/v1/requests-for-support/{stored.response_body['reference']}"
    return response


@router.get(
    "/{reference}", response={200: RequestForSupportOut}, summary="Read back a Request for Support"
)
def read(request: HttpRequest, reference: str) -> HttpResponse:
    contact = (
        Contact.objects.filter(
            reference=reference,
            agency=request.agency,
            kind=ContactKind.REQUEST_FOR_SUPPORT,  # type: ignore[attr-defined]
        )
        .select_related("decision")
        .first()
    )
    if contact is None:
        return problem(
            request, 404, "Not found", f"Your agency has no Request for Support {reference}."
        )
    return JsonResponse(_out(contact))
