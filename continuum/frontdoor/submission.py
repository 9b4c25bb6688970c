"""What a Request for Support must hold before it can be submitted. Pure: no Django imports.

The web form, the API and any import use the same check, so a request means the same thing
however it arrives. Each problem names the field it belongs to, for the error summary and for
the API's problem document.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

LEVELS = (2, 3, 4)
CONSENT_CHOICES = ("given", "dispensed")


@dataclass
class NamedPerson:
    given_name: str = ""
    family_name: str = ""
    date_of_birth: dt.date | None = None
    expected_date_of_birth: dt.date | None = None
    sex: str = "U"
    nhs_number: str = ""
    relationship_to_child: str = ""
    lives_with_child: bool | None = None


@dataclass
class RequestDetails:
    """A Request for Support as the referrer gives it."""

    referrer_name: str = ""
    referrer_role: str = ""
    referrer_phone: str = ""
    referrer_email: str = ""
    children: list[NamedPerson] = field(default_factory=list)
    adults: list[NamedPerson] = field(default_factory=list)
    family_address_line_1: str = ""
    family_address_line_2: str = ""
    family_town: str = ""
    family_postcode: str = ""
    claimed_level: int | None = None
    indicators: list[str] = field(default_factory=list)
    worries: str = ""
    strengths: str = ""
    child_voice: str = ""
    important_people: str = ""
    consent: str = "not_yet"
    consent_dispensed_reason: str = ""
    safeguarding_lead_consulted: bool | None = None
    immediate_danger: bool = False


def _blank(value: str) -> bool:
    return not " ".join((value or "").split())


def problems_before_submission(details: RequestDetails, *, today: dt.date) -> list[tuple[str, str]]:
    """(field, message) for everything that stops the request being submitted."""
    problems: list[tuple[str, str]] = []
    if _blank(details.referrer_name):
        problems.append(("referrer_name", "Enter your name"))
    if _blank(details.referrer_role):
        problems.append(("referrer_role", "Enter your role"))
    if not details.children:
        problems.append(("children", "Add at least one child"))
    for index, child in enumerate(details.children):
        where = f"children[{index}]"
        if _blank(child.given_name) and not child.expected_date_of_birth:
            problems.append((f"{where}.given_name", f"Enter child {index + 1}'s given name"))
        if _blank(child.family_name):
            problems.append((f"{where}.family_name", f"Enter child {index + 1}'s family name"))
        if not child.date_of_birth and not child.expected_date_of_birth:
            problems.append(
                (
                    f"{where}.date_of_birth",
                    f"Enter child {index + 1}'s date of birth, or the expected date for an unborn child",
                )
            )
        if child.date_of_birth and child.date_of_birth > today:
            problems.append(
                (
                    f"{where}.date_of_birth",
                    f"Child {index + 1}'s date of birth must be today or in the past",
                )
            )
        if child.date_of_birth and child.date_of_birth < dt.date(today.year - 19, today.month, 1):
            problems.append(
                (
                    f"{where}.date_of_birth",
                    f"Child {index + 1} must be under 18 for a Request for Support",
                )
            )
    for index, adult in enumerate(details.adults):
        if _blank(adult.given_name) and _blank(adult.family_name):
            problems.append(
                (f"adults[{index}].given_name", f"Enter family member {index + 1}'s name")
            )
    if details.claimed_level not in LEVELS:
        problems.append(("claimed_level", "Choose the level of need you believe applies"))
    if _blank(details.worries):
        problems.append(("worries", "Describe what you are worried about"))
    if _blank(details.strengths):
        problems.append(("strengths", "Describe the family's strengths: what is going well"))
    if _blank(details.child_voice):
        problems.append(
            (
                "child_voice",
                "Give the child's own words, or say why they cannot be given (for example, a baby)",
            )
        )
    if details.consent not in CONSENT_CHOICES:
        problems.append(
            ("consent", "Say whether the family consented, or why consent was dispensed with")
        )
    if details.consent == "dispensed" and _blank(details.consent_dispensed_reason):
        problems.append(("consent_dispensed_reason", "Give the reason consent was dispensed with"))
    if details.safeguarding_lead_consulted is None:
        problems.append(
            ("safeguarding_lead_consulted", "Say whether you consulted your safeguarding lead")
        )
    return problems


def initial_rag(claimed_level: int | None, immediate_danger: bool) -> str:
    """The urgency a request starts with, which the Hub may change: immediate danger and
    Level 4 are red, Level 3 amber, Level 2 green."""
    if immediate_danger or claimed_level == 4:
        return "red"
    if claimed_level == 3:
        return "amber"
    return "green"


# -- Drafts: which version a save is based on, and what differs from the stored one ----------


def parse_version(value: object) -> int | None:
    """The draft version a page says its answers are based on: a whole number from 1, or None
    when it is missing or not a number (such a save is refused, never treated as "any")."""
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    number = int(text)
    return number if number >= 1 else None


@dataclass(frozen=True)
class Difference:
    """One answer that differs between the referrer's copy and the saved one. `field` is named
    as in `problems_before_submission` ("worries", "children[0].given_name"), or "children" /
    "adults" for people only the saved copy has; `theirs` is the saved answer, for reading."""

    field: str
    theirs: str


NOT_ANSWERED = "Not answered"
LEVEL_LABELS = {2: "Level 2 Universal Plus", 3: "Level 3 Intensive", 4: "Level 4 Safeguarding"}
CONSENT_LABELS = {
    "given": "The family has consented to this request",
    "dispensed": "Consent has been dispensed with",
}
SEX_LABELS = {"M": "Male", "F": "Female", "U": "Not known"}
CHILD_ANSWERS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "nhs_number",
)
ADULT_ANSWERS = ("given_name", "family_name", "relationship_to_child", "lives_with_child")


def _shown(name: str, value: object) -> str:
    """An answer as the referrer would read it."""
    if name == "claimed_level":
        return LEVEL_LABELS.get(value, NOT_ANSWERED)  # type: ignore[arg-type]
    if name == "consent":
        return CONSENT_LABELS.get(str(value), NOT_ANSWERED)
    if name == "sex":
        return SEX_LABELS.get(str(value), NOT_ANSWERED)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    if value is None or (isinstance(value, str) and not value.strip()):
        return "No" if name == "immediate_danger" else NOT_ANSWERED
    return str(value)


def _person_summary(person: NamedPerson) -> str:
    parts = [" ".join(p for p in (person.given_name, person.family_name) if p.strip()) or "No name"]
    if person.date_of_birth:
        parts.append(f"born {_shown('date_of_birth', person.date_of_birth)}")
    elif person.expected_date_of_birth:
        parts.append(f"expected {_shown('date_of_birth', person.expected_date_of_birth)}")
    if person.relationship_to_child:
        parts.append(person.relationship_to_child)
    return ", ".join(parts)


def differences(
    mine: RequestDetails,
    theirs: RequestDetails,
    *,
    indicator_names: Mapping[str, str] | None = None,
) -> list[Difference]:
    """Every answer in which the saved copy (`theirs`) differs from the referrer's (`mine`),
    so the page can show the saved answer beside theirs and let them combine the two."""
    found: list[Difference] = []
    for f in fields(RequestDetails):
        name = f.name
        if name in ("children", "adults", "indicators"):
            continue
        if getattr(mine, name) != getattr(theirs, name):
            found.append(Difference(name, _shown(name, getattr(theirs, name))))
    for group, answers, noun in (
        ("children", CHILD_ANSWERS, "child"),
        ("adults", ADULT_ANSWERS, "family member"),
    ):
        my_people, their_people = getattr(mine, group), getattr(theirs, group)
        for index, person in enumerate(my_people):
            where = f"{group}[{index}]"
            if index >= len(their_people):
                found.append(
                    Difference(
                        f"{where}.given_name", f"The other version has no {noun} {index + 1}"
                    )
                )
                continue
            other = their_people[index]
            for name in answers:
                if getattr(person, name) != getattr(other, name):
                    found.append(Difference(f"{where}.{name}", _shown(name, getattr(other, name))))
        for index in range(len(my_people), len(their_people)):
            found.append(
                Difference(
                    group,
                    f"{noun.capitalize()} {index + 1}: {_person_summary(their_people[index])}",
                )
            )
    if set(mine.indicators) != set(theirs.indicators):
        names = indicator_names or {}
        ticked = [names.get(code, code) for code in dict.fromkeys(theirs.indicators)]
        found.append(Difference("indicators", "; ".join(ticked) or "None ticked"))
    return found
