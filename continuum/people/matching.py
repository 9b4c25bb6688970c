"""Is this person already known? Candidates from the person index, ranked, with reasons.

Used by Hub screening and the API. Blocking keeps a look-up to a few rows: the same NHS
number, the same date of birth (or with day and month swapped), or a similar family name with
the same initial. Scoring weighs agreement field by field and explains itself.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from rapidfuzz.distance import JaroWinkler

from continuum.people import rules
from continuum.people.models import Person

NICKNAMES = {
    "liam": "william",
    "bill": "william",
    "will": "william",
    "billy": "william",
    "alfie": "alfred",
    "alf": "alfred",
    "kayley": "kayleigh",
    "kaylee": "kayleigh",
    "jack": "john",
    "johnny": "john",
    "harry": "henry",
    "alex": "alexander",
    "sam": "samuel",
    "tom": "thomas",
    "tommy": "thomas",
    "ellie": "eleanor",
    "katie": "katherine",
    "kate": "katherine",
    "charlie": "charles",
    "freddie": "frederick",
    "maddie": "madison",
    "mia": "maria",
    "jim": "james",
    "jimmy": "james",
    "danny": "daniel",
    "dan": "daniel",
    "mike": "michael",
    "bob": "robert",
    "rob": "robert",
    "bobby": "robert",
}


def _canonical(name: str) -> str:
    lowered = (name or "").strip().lower()
    return NICKNAMES.get(lowered, lowered)


@dataclass(frozen=True)
class MatchQuery:
    given_name: str = ""
    family_name: str = ""
    date_of_birth: dt.date | None = None
    sex: str = ""
    postcode: str = ""
    nhs_number: str = ""


@dataclass
class Candidate:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _name_similarity(a: str, b: str) -> float:
    a, b = _canonical(a), _canonical(b)
    if not a or not b:
        return 0.0
    return JaroWinkler.similarity(a, b)


def _family_similarity(query: str, person: Person) -> float:
    query_parts = set(query.lower().replace("-", " ").split())
    person_parts = set(person.family_name.lower().replace("-", " ").split())
    if query_parts & person_parts:
        return 1.0 if query_parts == person_parts else 0.92
    return _name_similarity(query, person.family_name)


def find_candidates(query: MatchQuery, *, limit: int = 5) -> list[Candidate]:
    """Ranked candidates for a description of a person. Best first; at most `limit`."""
    blocks = Q(pk__in=[])
    nhs = rules.normalise_nhs_number(query.nhs_number)
    if nhs:
        blocks |= Q(nhs_number=nhs)
    if query.date_of_birth:
        dob = query.date_of_birth
        dates = {dob}
        if dob.day <= 12 and dob.day != dob.month:
            dates.add(dt.date(dob.year, dob.day, dob.month))
        blocks |= Q(date_of_birth__in=dates) | Q(expected_date_of_birth__in=dates)
    family = (query.family_name or "").strip()
    given = (query.given_name or "").strip()
    if family and given:
        blocks |= Q(family_name__istartswith=family[:3], given_name__istartswith=given[:1])
    elif family:
        blocks |= Q(family_name__iexact=family)
    people = Person.objects.filter(blocks, merged_into__isnull=True).prefetch_related("addresses")[
        :500
    ]
    candidates = [c for c in (_score(query, p) for p in people) if c.score >= 0.35]
    candidates.sort(key=lambda c: (-c.score, c.person.pk))
    return candidates[:limit]


def _score(query: MatchQuery, person: Person) -> Candidate:
    reasons: list[str] = []
    score = 0.0
    weight = 0.0
    nhs = rules.normalise_nhs_number(query.nhs_number)
    if nhs and person.nhs_number:
        weight += 3
        if nhs == person.nhs_number:
            score += 3
            reasons.append("NHS number agrees")
        else:
            reasons.append("NHS number differs")
            score -= 2
    if query.given_name:
        weight += 2
        similarity = _name_similarity(query.given_name, person.given_name)
        score += 2 * similarity
        if similarity == 1:
            same = query.given_name.strip().lower() == person.given_name.lower()
            reasons.append(
                "Given name agrees"
                if same
                else f"Given name agrees ({query.given_name} is a form of {person.given_name})"
            )
        elif similarity >= 0.85:
            reasons.append(f"Given name similar ({person.given_name})")
        else:
            reasons.append(f"Given name differs ({person.given_name})")
    if query.family_name:
        weight += 2
        similarity = _family_similarity(query.family_name, person)
        score += 2 * similarity
        reasons.append(
            "Family name agrees"
            if similarity == 1
            else f"Family name similar ({person.family_name})"
            if similarity >= 0.85
            else f"Family name differs ({person.family_name})"
        )
    if query.date_of_birth:
        weight += 3
        born = person.date_of_birth or person.expected_date_of_birth
        if born == query.date_of_birth:
            score += 3
            reasons.append("Date of birth agrees")
        elif born and (born.year, born.month, born.day) == (
            query.date_of_birth.year,
            query.date_of_birth.day,
            query.date_of_birth.month,
        ):
            score += 2
            reasons.append("Date of birth agrees with day and month swapped")
        elif born and abs((born - query.date_of_birth).days) <= 31:
            score += 1
            reasons.append(f"Date of birth close ({born:%-d %b %Y})")
        elif born:
            reasons.append(f"Date of birth differs ({born:%-d %b %Y})")
    if query.sex and query.sex != "U" and person.sex != "U":
        weight += 0.5
        if query.sex == person.sex:
            score += 0.5
        else:
            reasons.append("Sex differs")
    postcode = rules.normalise_postcode(query.postcode)
    if postcode:
        postcodes = [a.postcode for a in person.addresses.all()]
        if postcodes:
            weight += 1
            current = [a.postcode for a in person.addresses.all() if a.end_date is None]
            if postcode in current:
                score += 1
                reasons.append("Lives at the same postcode")
            elif postcode in postcodes:
                score += 0.7
                reasons.append("Lived at the same postcode before")
    probability = max(0.0, score / weight) if weight else 0.0
    return Candidate(person=person, score=round(probability, 3), reasons=reasons)
