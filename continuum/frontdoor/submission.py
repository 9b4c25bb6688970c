"""What a Request for Support must hold before it can be submitted. Pure: no Django imports.

The web form, the API and any import use the same check, so a request means the same thing
however it arrives. Each problem names the field it belongs to, for the error summary and for
the API's problem document.
"""

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields

from continuum.core.input import date_of_birth_problem, sentence, text_problem
from continuum.people import rules as people_rules

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


@dataclass(frozen=True)
class TypedAnswer:
    """An answer a draft cannot hold as it stands, kept as typed: the form's name for the field,
    the text typed in each of its inputs, and what needs fixing."""

    field: str
    typed: dict[str, str]
    problem: str


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


# -- Limits: what any copy of a request may hold, draft or not, however it arrives ---------
# The API's schema states the same numbers (`frontdoor/api.py` reads them from here), and the
# database columns are at least this long.

MAX_CHILDREN = 20
MAX_FAMILY_MEMBERS = 30
MAX_INDICATORS = 60  # the catalogue has 42 today
MAX_INDICATOR_CODE = 20
LONG_TEXT = 20_000  # about eight pages of typing
UNKNOWN_CODES_NAMED = 5
EXPECTED_BIRTH_MONTHS_AHEAD = 10
EXPECTED_BIRTH_WEEKS_OVERDUE = 6

TEXT_LIMITS = {
    "referrer_name": ("Your name", 200),
    "referrer_role": ("Your role", 200),
    "referrer_phone": ("Your phone number", 40),
    "referrer_email": ("Your email address", 254),
    "family_address_line_1": ("Address line 1", 200),
    "family_address_line_2": ("Address line 2", 200),
    "family_town": ("Town", 100),
    "family_postcode": ("Postcode", 8),
}
LONG_TEXT_LABELS = {
    "worries": "What you are worried about",
    "strengths": "The family's strengths",
    "child_voice": "The child's own words",
    "important_people": "Who is important to the child",
    "consent_dispensed_reason": "Why consent was dispensed with",
}
PERSON_TEXT_LIMITS = {
    "given_name": ("given name", 100),
    "family_name": ("family name", 100),
    "nhs_number": ("NHS number", 10),
    "relationship_to_child": ("relationship to the children", 100),
}


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day of the month, `months` later; the month's last day if it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(day.day, last))


def expected_date_of_birth_problem(value: dt.date | None, *, today: dt.date) -> str:
    """An unborn child is due within the next ten months; a date more than six weeks gone
    means the baby has probably been born, so its date of birth is wanted instead."""
    if value is None:
        return ""
    if value > months_after(today, EXPECTED_BIRTH_MONTHS_AHEAD):
        return f"must be within the next {EXPECTED_BIRTH_MONTHS_AHEAD} months"
    if value < today - dt.timedelta(weeks=EXPECTED_BIRTH_WEEKS_OVERDUE):
        return (
            f"is more than {EXPECTED_BIRTH_WEEKS_OVERDUE} weeks ago: if the baby has been born, "
            "give their date of birth instead"
        )
    return ""


def _person_problems(
    person: NamedPerson, where: str, who: str, *, today: dt.date
) -> list[tuple[str, str]]:
    problems = []
    for name, (label, limit) in PERSON_TEXT_LIMITS.items():
        problem = text_problem(getattr(person, name), max_length=limit)
        if problem:
            problems.append((f"{where}.{name}", sentence(f"{who}'s {label}", problem)))
    if person.nhs_number and not people_rules.is_valid_nhs_number(person.nhs_number):
        problems.append(
            (
                f"{where}.nhs_number",
                f"{who}'s NHS number is not a valid NHS number: check it, or leave it empty",
            )
        )
    problem = date_of_birth_problem(person.date_of_birth, today=today)
    if problem:
        problems.append((f"{where}.date_of_birth", sentence(f"{who}'s date of birth", problem)))
    problem = expected_date_of_birth_problem(person.expected_date_of_birth, today=today)
    if problem:
        problems.append(
            (
                f"{where}.expected_date_of_birth",
                sentence(f"{who}'s expected date of birth", problem),
            )
        )
    return problems


def limit_problems(
    details: RequestDetails,
    *,
    today: dt.date,
    indicator_codes: Collection[str] | None = None,
) -> list[tuple[str, str]]:
    """(field, message) for anything no copy of a request may hold, a draft included: too many
    people or indicators, unknown indicator codes, text too long or holding characters that
    cannot be saved, an invalid postcode or NHS number, dates nobody could mean. The web form,
    drafts and the API all use this, so a request means the same however it arrives."""
    problems: list[tuple[str, str]] = []
    for name, (label, limit) in TEXT_LIMITS.items():
        problem = text_problem(getattr(details, name), max_length=limit)
        if problem:
            problems.append((name, sentence(label, problem)))
    if details.family_postcode and not people_rules.is_valid_postcode(details.family_postcode):
        problems.append(("family_postcode", "Enter a real postcode, like FY1 3LA"))
    for name, label in LONG_TEXT_LABELS.items():
        problem = text_problem(getattr(details, name), max_length=LONG_TEXT, multiline=True)
        if problem:
            problems.append((name, sentence(label, problem)))
    for group, most, noun in (
        ("children", MAX_CHILDREN, "children"),
        ("adults", MAX_FAMILY_MEMBERS, "family members"),
    ):
        people = getattr(details, group)
        if len(people) > most:
            problems.append(
                (group, f"Add at most {most} {noun} to one request (this has {len(people):,})")
            )
            continue  # a list that long is not checked one by one
        who = "Child" if group == "children" else "Family member"
        for index, person in enumerate(people):
            problems += _person_problems(
                person, f"{group}[{index}]", f"{who} {index + 1}", today=today
            )
    codes = list(dict.fromkeys(details.indicators))
    if len(codes) > MAX_INDICATORS:
        problems.append(
            ("indicators", f"Tick at most {MAX_INDICATORS} indicators (this has {len(codes):,})")
        )
    elif indicator_codes is not None:
        unknown = [code for code in codes if code not in indicator_codes]
        if unknown:
            named = ", ".join(repr(code)[1:-1] for code in unknown[:UNKNOWN_CODES_NAMED])
            more = len(unknown) - UNKNOWN_CODES_NAMED
            problems.append(
                (
                    "indicators",
                    f"These are not codes from the Continuum of Need catalogue: {named}"
                    + (f" and {more:,} more" if more > 0 else ""),
                )
            )
    return problems


def problems_before_submission(
    details: RequestDetails,
    *,
    today: dt.date,
    indicator_codes: Collection[str] | None = None,
) -> list[tuple[str, str]]:
    """(field, message) for everything that stops the request being submitted: the limits
    above, then what a complete request must hold."""
    problems = limit_problems(details, today=today, indicator_codes=indicator_codes)
    seen = {name for name, _ in problems}
    if _blank(details.referrer_name):
        problems.append(("referrer_name", "Enter your name"))
    if _blank(details.referrer_role):
        problems.append(("referrer_role", "Enter your role"))
    if not details.children:
        problems.append(("children", "Add at least one child"))
    children = details.children if "children" not in seen else []
    adults = details.adults if "adults" not in seen else []
    for index, child in enumerate(children):
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
        if f"{where}.date_of_birth" in seen:
            continue
        if child.date_of_birth and child.date_of_birth < dt.date(today.year - 19, today.month, 1):
            problems.append(
                (
                    f"{where}.date_of_birth",
                    f"Child {index + 1} must be under 18 for a Request for Support",
                )
            )
    for index, adult in enumerate(adults):
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
