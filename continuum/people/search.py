"""The search box: a name, a date of birth, a postcode or an NHS number, in any mix.

Issue-level matching (typos, nicknames, probability) lives in the matching service; this is the
straightforward index look-up every page needs.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from continuum.people import rules
from continuum.people.models import Person, PersonAddress, PersonName

DATE_RE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
POSTCODE_IN_TEXT_RE = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][A-Z]{2})\b", re.I)
NHS_IN_TEXT_RE = re.compile(r"\b(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})\b")


@dataclass
class ParsedQuery:
    names: list[str] = field(default_factory=list)
    date_of_birth: dt.date | None = None
    postcode: str = ""
    nhs_number: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.names or self.date_of_birth or self.postcode or self.nhs_number)


def parse_query(text: str) -> ParsedQuery:
    """Split free text into the parts the index can look up."""
    parsed = ParsedQuery()
    rest = f" {text or ''} "
    if match := NHS_IN_TEXT_RE.search(rest):
        digits = "".join(match.groups())
        if rules.is_valid_nhs_number(digits):
            parsed.nhs_number = digits
        else:
            parsed.problems.append(f"{match.group(0).strip()} is not a valid NHS number")
        rest = rest.replace(match.group(0), " ")
    if match := DATE_RE.search(rest):
        d, m, y, iy, im, iday = match.groups()
        try:
            parsed.date_of_birth = (
                dt.date(int(y), int(m), int(d)) if y else dt.date(int(iy), int(im), int(iday))
            )
        except ValueError:
            parsed.problems.append(f"{match.group(0)} is not a real date")
        rest = rest.replace(match.group(0), " ")
    if match := POSTCODE_IN_TEXT_RE.search(rest):
        candidate = rules.normalise_postcode(match.group(0))
        if rules.is_valid_postcode(candidate):
            parsed.postcode = candidate
            rest = rest.replace(match.group(0), " ")
    parsed.names = [
        t
        for t in re.split(r"[\s,]+", rest)
        if t and t[0].isalpha() and t.replace("-", "").replace("'", "").isalpha()
    ]
    return parsed


def search_people(parsed: ParsedQuery, *, limit: int = 50) -> QuerySet[Person]:
    """People matching every part given. Names match the start of any given or family name,
    including aliases and previous names."""
    people = Person.objects.filter(merged_into__isnull=True)
    if parsed.nhs_number:
        people = people.filter(nhs_number=parsed.nhs_number)
    if parsed.date_of_birth:
        people = people.filter(
            Q(date_of_birth=parsed.date_of_birth) | Q(expected_date_of_birth=parsed.date_of_birth)
        )
    if parsed.postcode:
        people = people.filter(
            Exists(PersonAddress.objects.filter(person=OuterRef("pk"), postcode=parsed.postcode))
        )
    for token in parsed.names:
        alias = PersonName.objects.filter(person=OuterRef("pk")).filter(
            Q(given_name__istartswith=token) | Q(family_name__istartswith=token)
        )
        people = people.filter(
            Q(given_name__istartswith=token)
            | Q(family_name__istartswith=token)
            | Q(middle_names__istartswith=token)
            | Exists(alias)
        )
    return people.order_by("family_name", "given_name", "date_of_birth")[:limit]
