"""Find details that identify a child or family in Advice Line notes.

The Advice Line lets a professional ask a Hub social worker for advice without naming the
family, so a consultation must not be saved with anything that identifies them. This
module finds such details so the form can refuse the note and show the words to remove.

It is built on Microsoft Presidio's analyzer: Presidio's own UK recognisers (postcode, NHS
number with its check digit, National Insurance number), its phone recogniser (Google's
libphonenumber) and email recogniser, and recognisers written here for what Presidio does
not cover in English notes: dates of birth in the ways people write them, street
addresses, school names and people's names. No spaCy model is loaded (Presidio's ``no_op``
NLP engine): names are found from word lists and the way a note is written. In a spot check
the small spaCy model tagged "Mum", "Dad", "Nan" and "Grace" (the word) as people, "Squires
Gate" and "Lacey-Mae" as organisations, missed "Kacper", and took 20-30 ms a note on its
own. Nothing here touches the network.

What counts, in short: people's names (not "Mum", "Dad", "Nan" or roles); any full date
(it could be a date of birth) and any date after "dob", "born" or "birthday"; a house or
flat number with a street, or a street named as where someone lives; full postcodes; phone
numbers other than the authority's published service numbers; email addresses; NHS and
National Insurance numbers; named schools, academies and nurseries.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts, NoOpNlpEngine
from presidio_analyzer.predefined_recognizers import (
    EmailRecognizer,
    NhsRecognizer,
    PhoneRecognizer,
    UkNinoRecognizer,
    UkPostcodeRecognizer,
)

DATA = Path(__file__).resolve().parent / "data"

KINDS = (
    "name",
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
    "nhs_number",
    "ni_number",
    "school",
)

EXPLANATIONS = {
    "name": "This looks like a person's name. Describe them instead, for example "
    "'the child' or 'Mum's partner'.",
    "date_of_birth": "This is a full date or a date of birth, which can identify someone. "
    "Give an age instead.",
    "address": "This looks like a street address. Say the area of town instead.",
    "postcode": "A full postcode points to a handful of homes. Leave it out or give the area.",
    "phone": "This looks like a phone number.",
    "email": "This is an email address.",
    "nhs_number": "This looks like an NHS number.",
    "ni_number": "This looks like a National Insurance number.",
    "school": "This names a school or nursery, which narrows down who the child is. "
    "Say 'a primary school' instead.",
}

# When two findings overlap, the more specific kind wins.
PRIORITY = {
    "email": 0,
    "nhs_number": 1,
    "ni_number": 2,
    "phone": 3,
    "postcode": 4,
    "date_of_birth": 5,
    "school": 6,
    "address": 7,
    "name": 8,
}

# Presidio entity types (Presidio's and ours) and the kind each one reports.
ENTITY_KINDS = {
    "PERSON": "name",
    "DATE_OF_BIRTH": "date_of_birth",
    "UK_STREET_ADDRESS": "address",
    "UK_POSTCODE": "postcode",
    "PHONE_NUMBER": "phone",
    "EMAIL_ADDRESS": "email",
    "UK_NHS": "nhs_number",
    "UK_NINO": "ni_number",
    "UK_SCHOOL": "school",
}


@dataclass(frozen=True)
class Finding:
    """One identifying detail: where it is, what it is, and why it was flagged."""

    start: int
    end: int
    text: str
    kind: str
    explanation: str


# ---------------------------------------------------------------------------------------
# Word lists


def _read_list(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class Lexicon:
    first_names: frozenset[str]
    surnames: frozenset[str]
    name_words: frozenset[str]
    english: frozenset[str]
    not_names: tuple[str, ...]
    service_numbers: frozenset[str]

    @classmethod
    def load(cls) -> Lexicon:
        return cls(
            first_names=frozenset(_read_list("first_names.txt")),
            surnames=frozenset(_read_list("surnames.txt")),
            name_words=frozenset(_read_list("name_words.txt")),
            english=frozenset(_read_list("english_words.txt")),
            not_names=tuple(_read_list("not_names.txt")),
            service_numbers=frozenset(
                re.sub(r"\D", "", n) for n in _read_list("service_numbers.txt")
            ),
        )

    def is_english(self, word: str) -> bool:
        """Whether ``word`` (any case) is an everyday English word or a form of one."""
        w = word.lower().replace("’", "'")
        if w in self.english:
            return True
        if w.endswith("'s"):
            w = w[:-2]
            if w in self.english:
                return True
        if "'" in w:
            return w.endswith("n't") or w.split("'")[0] in self.english
        if "-" in w:
            return all(part and self.is_english(part) for part in w.split("-"))
        stems = []
        for suffix, replacements in _SUFFIXES:
            if w.endswith(suffix) and len(w) > len(suffix) + 2:
                base = w[: -len(suffix)]
                stems += [base + r for r in replacements]
                if len(base) > 2 and base[-1] == base[-2]:
                    stems.append(base[:-1])
        return any(s in self.english for s in stems)


_SUFFIXES = (
    ("ies", ("y",)),
    ("ied", ("y",)),
    ("es", ("", "e")),
    ("s", ("",)),
    ("ed", ("", "e")),
    ("ing", ("", "e")),
    ("ly", ("",)),
    ("er", ("", "e")),
    ("ers", ("", "e")),
    ("est", ("", "e")),
    ("ness", ("",)),
    ("ment", ("",)),
    ("ful", ("",)),
)


# ---------------------------------------------------------------------------------------
# Recognisers written for Advice Line notes


def _result(entity: str, start: int, end: int, score: float, why: str) -> RecognizerResult:
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        recognition_metadata={"explanation": why},
    )


class _LocalRecognizer(EntityRecognizer):
    """A recogniser that needs nothing from an NLP engine."""

    ENTITY = ""

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], supported_language="en")

    def load(self) -> None:
        """Nothing to load: patterns are compiled at import."""


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR4 = r"(?:19|20)\d{2}"
_YEAR = rf"(?:{_YEAR4}|'?\d{{2}})"

_FULL_DATE = re.compile(
    rf"""
    \b(?:
        (?:0?[1-9]|[12]\d|3[01])\s?([/.\-])\s?(?:0?[1-9]|1[0-2])\s?\1\s?(?:{_YEAR4}|\d{{2}})(?![\d/.\-]\d)
      | {_YEAR4}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])
      | {_DAY}(?:\s+of)?[\s\-]+{_MONTH}[\s,\-]+{_YEAR}
      | {_MONTH}\s+{_DAY},?\s+{_YEAR}
    )(?![\w/])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_PARTIAL_DATE = re.compile(
    rf"""
    \b(?:
        {_DAY}(?:\s+of)?\s+{_MONTH}(?:\s+{_YEAR})?
      | {_MONTH}\s+{_DAY}
      | {_MONTH}\s+{_YEAR4}
      | (?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2])(?:[/.]\d{{2,4}})?
    )\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DOB_CUE = re.compile(
    r"\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born(?:\s+on|\s+in)?|birthday(?:\s+is)?"
    r"|b\.)\s*[:\-]?\s*(?:was\s+|is\s+|on\s+|the\s+)*$",
    re.IGNORECASE,
)


class DateOfBirthRecognizer(_LocalRecognizer):
    """Full dates in any common format, and any date written after "dob" or "born"."""

    ENTITY = "DATE_OF_BIRTH"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        taken: list[tuple[int, int]] = []
        for m in _FULL_DATE.finditer(text):
            results.append(
                _result(self.ENTITY, m.start(), m.end(), 0.85, "a full date could be a birth date")
            )
            taken.append(m.span())
        for m in _PARTIAL_DATE.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            before = text[max(0, m.start() - 30) : m.start()]
            if _DOB_CUE.search(before):
                results.append(_result(self.ENTITY, m.start(), m.end(), 0.85, "written as a dob"))
        return results


_STREET_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Av|Drive|Dr|Close|Cl|Lane|Ln|Grove|Gr|Gro|Crescent|Cres"
    r"|Cresc|Terrace|Terr|Ter|Way|Place|Pl|Court|Ct|Gardens|Gdns|Mews|Walk|Wlk|Square|Sq"
    r"|Parade|Pde|Promenade|Prom|Row|Rise|View|Fold|Croft|Brow|Chase|Vale|Boulevard|Approach"
    r"|Yard|Wharf|Quay|Meadows?|Hill|Green|Park|Gate|Bank|End|Heights|Mount|Dene|Side"
)
# Types that are also everyday place words: only an address with a house number.
_LOOSE_TYPES = {"Hill", "Green", "Park", "Gate", "Bank", "End", "Heights", "Mount", "Side"}
_STREET_WORD = r"(?:St\.?\s+)?[A-Z][a-zA-Z'’]+(?:-[A-Za-z][a-z'’]+)*"
_NUMBERED_STREET = re.compile(
    rf"""
    (?:\b(?:Flat|Apartment|Apt|Unit|Room)\s+\d{{1,3}}[A-Za-z]?,?\s+)?
    \b\d{{1,4}}[A-Za-z]?(?:\s?[-/]\s?\d{{1,4}}[A-Za-z]?)?,?\s+
    (?:{_STREET_WORD}\s+){{1,3}}
    (?P<type>{_STREET_TYPES})\b\.?
    """,
    re.VERBOSE,
)
_LOWER_NUMBERED_STREET = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[a-z][a-z'’]+\s+){1,2}"
    r"(?:street|st|road|rd|avenue|ave|drive|lane|ln|crescent|cres|terrace|terr|grove|gardens"
    r"|gdns|mews|parade)\b",
)
_CUED_STREET = re.compile(
    rf"""
    \b(?:lives?|living|lived|moved|moving|move|stays?|staying|stayed|resides?|residing
        |address(?:\s+is)?|house|home|flat|property|'s|’s)
    (?:\s+[\w'’]+){{0,3}}?
    \s+(?:on|in|at|to|off)\s+(?:the\s+)?
    (?P<street>(?:{_STREET_WORD}\s+){{1,3}}(?P<type>{_STREET_TYPES})\b\.?)
    """,
    re.VERBOSE,
)
_FACILITY_AFTER = re.compile(
    r"\s+(?:bus\s+station|station|surgery|library|police\s+station|medical\s+centre|health"
    r"\s+centre|clinic|shops?|family\s+hub|children's\s+centre|fire\s+station|leisure\s+centre"
    r"|stadium|car\s+park|job\s*centre|mosque|church)\b",
    re.IGNORECASE,
)


class StreetAddressRecognizer(_LocalRecognizer):
    """House or flat number with a street ("3 Caunce St"), or a street named as a home."""

    ENTITY = "UK_STREET_ADDRESS"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for m in _NUMBERED_STREET.finditer(text):
            end = m.end()
            if text[end - 1 : end] == "." and m.group("type")[-1] != ".":
                end -= 1
            if m.group("type") == "St" and re.match(r"\s+[A-Z][a-z]", text[m.end() :]):
                continue  # "3 St Annes ..." is a saint's name, not the street type
            results.append(_result(self.ENTITY, m.start(), end, 0.85, "a numbered street"))
        for m in _LOWER_NUMBERED_STREET.finditer(text):
            results.append(_result(self.ENTITY, m.start(), m.end(), 0.7, "a numbered street"))
        for m in _CUED_STREET.finditer(text):
            if m.group("type") in _LOOSE_TYPES or _FACILITY_AFTER.match(text[m.end() :]):
                continue
            start, end = m.span("street")
            results.append(_result(self.ENTITY, start, end, 0.7, "a street named as a home"))
        return results


_SCHOOL_TYPE = (
    r"(?:(?:C\.?\s?of\s?E\.?|CofE|CE|Church\s+of\s+England|Catholic|Roman\s+Catholic|RC|R\.C\."
    r"|Methodist|Community|Leadership|Free|Endowed|Primary|Infant\s+and\s+Nursery"
    r"|Junior\s+and\s+Infant|Day|Voluntary\s+Aided|VA|VC)\s+)*"
    r"(?:Primary(?:\s+(?:School|Academy))?|Academy|High(?:\s+School)?|School|Infants?"
    r"(?:\s+School)?|Juniors?(?:\s+School)?|Nursery(?:\s+School)?|(?:Sixth\s+Form\s+)?College"
    r"|Sixth\s+Form|Pre-?[Ss]chool|Endowed|Grammar(?:\s+School)?|Montessori)"
)
_SCHOOL_NAME_WORD = r"(?:St\.?|Saint|Our|[A-Z][a-zA-Z'’]+(?:-[A-Z][a-z'’]+)*)"
_SCHOOL = re.compile(
    rf"""
    \b(?P<name>{_SCHOOL_NAME_WORD}(?:\s+(?:of\s+the|of|the|and|&)?\s*{_SCHOOL_NAME_WORD}){{0,4}})
    \s+(?P<type>{_SCHOOL_TYPE})\b
    """,
    re.VERBOSE,
)
_SAINT_SCHOOL = re.compile(
    r"\b(?:attends?|attending|goes\s+to|went\s+to|pupils?\s+at|started\s+at|moved\s+to"
    r"|at|from|school\s+is)\s+(?P<school>St\.?\s+[A-Z][a-z]+(?:'s|’s|s')(?!\s+[A-Z]))",
)
_LOWER_SCHOOL = re.compile(
    r"\b(?P<name>[a-z][a-z'’]+)\s+(?:primary|academy|high\s+school|infants|juniors|nursery)\b"
)
_GENERIC_SCHOOL_WORDS = {
    "the", "a", "an", "his", "her", "their", "this", "that", "these", "local", "same",
    "previous", "current", "new", "old", "mainstream", "special", "secondary", "primary",
    "high", "junior", "infant", "nursery", "village", "catholic", "church", "faith",
    "independent", "private", "state", "alternative", "boarding", "day", "residential",
    "another", "other", "different", "feeder", "which", "what", "each", "every", "any", "no",
    "at", "to", "from", "in", "year", "reception", "sixth", "free", "community",
    "and", "after", "before", "breakfast", "forest", "summer", "sunday", "home",
    "virtual", "hospital", "dsl", "all", "both", "some", "one", "two", "three",
}  # fmt: skip


class SchoolRecognizer(_LocalRecognizer):
    """Named schools, academies, colleges and nurseries ("Revoe Primary")."""

    ENTITY = "UK_SCHOOL"

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self.lexicon = lexicon

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for m in _SCHOOL.finditer(text):
            words = m.group("name").split()
            # Drop generic leading words: "the", "his", "a local", "Year 6 at".
            while words and (
                words[0].lower().strip("'’") in _GENERIC_SCHOOL_WORDS
                or (
                    len(words) > 1
                    and _is_sentence_start(text, m.start("name") + m.group("name").index(words[0]))
                    and re.fullmatch(r"[A-Z][a-z]+(?:s|ed|ing)", words[0])
                    and self.lexicon.is_english(words[0])
                    and words[0] not in self.lexicon.first_names
                )
            ):
                words = words[1:]  # "Attends St Wilfrid's ..." starts at "St"
            if not words or all(w.lower() in _GENERIC_SCHOOL_WORDS for w in words):
                continue
            if words[0] in {"of", "the", "and", "&"}:
                continue
            start = m.start("name") + m.group("name").index(words[0])
            if self._sentence_start_common(text, start, words, m.group("type")):
                continue
            if re.match(r"\s+(?:Trust|Partnership|Federation)\b", text[m.end() :]):
                continue  # an academy trust is an organisation, not a school
            results.append(_result(self.ENTITY, start, m.end(), 0.85, "a named school"))
        for m in _SAINT_SCHOOL.finditer(text):
            start, end = m.span("school")
            results.append(_result(self.ENTITY, start, end, 0.6, "a saint's-name school"))
        for m in _LOWER_SCHOOL.finditer(text):
            name = m.group("name")
            if name in _GENERIC_SCHOOL_WORDS or self.lexicon.is_english(name):
                continue
            results.append(_result(self.ENTITY, m.start(), m.end(), 0.6, "a named school"))
        return results

    def _sentence_start_common(self, text: str, start: int, words: list[str], kind: str) -> bool:
        """'Nursery staff ...', 'Breakfast Club ...': a capitalised common word, no name."""
        if len(words) != 1 or not _is_sentence_start(text, start):
            return False
        return self.lexicon.is_english(words[0]) and words[0] not in self.lexicon.first_names


def _is_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘([")
    return not before or before[-1] in ".!?:;\n•*-–—"


# Names ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*")
_HONORIFIC = {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Master", "Mister", "Mrs.", "Mr.", "Ms."}
_KIN_CUES = {
    "son", "daughter", "child", "baby", "brother", "sister", "sibling", "siblings", "twin",
    "mum", "mother", "dad", "father", "stepdad", "stepmum", "step-dad", "step-mum", "nan",
    "nana", "nanna", "grandad", "grandma", "grandmother", "grandfather", "gran", "granny",
    "aunt", "auntie", "aunty", "uncle", "cousin", "nephew", "niece", "partner", "boyfriend",
    "girlfriend", "husband", "wife", "ex", "pupil", "student", "boy", "girl", "toddler",
    "named", "called", "aka", "friend", "carer", "neighbour", "stepson", "stepdaughter",
    "dsl", "teacher", "lad", "youngest", "eldest", "middle",
}  # fmt: skip
_AFTER_POSSESSIVE = {
    "mum", "mother", "dad", "father", "nan", "nana", "grandad", "grandma", "brother",
    "sister", "sibling", "siblings", "school", "teacher", "class", "behaviour", "attendance",
    "stepdad", "stepmum", "partner", "boyfriend", "girlfriend", "friend", "friends",
    "family", "house", "home", "bedroom", "carer", "aunt", "auntie", "uncle", "cousin",
    "baby", "son", "daughter", "children", "kids", "weight", "health", "needs", "birthday",
}  # fmt: skip
_PERSON_VERBS = {
    "said", "says", "told", "tells", "disclosed", "discloses", "reported", "reports", "is",
    "was", "has", "had", "lives", "lived", "attends", "attended", "goes", "went", "wants",
    "stays", "stayed", "missed", "misses", "cries", "cried", "hit", "hits", "ran", "runs",
    "came", "comes", "seems", "appears", "looks", "refuses", "refused", "and", "aged",
}  # fmt: skip
_FAMILY_AFTER = {"family", "household", "children", "kids", "boys", "girls", "twins", "siblings"}
_PLACE_HEADS = re.compile(
    rf"\s+(?:{_STREET_TYPES}|Park|Gate|Hospital|Centre|Center|Pier|Beach|Library|Surgery"
    r"|Practice|Station|Church|Chapel|Mosque|Hall|House|Ward|Estate|Tower|College|University"
    r"|Academy|Nursery|Primary|Infants?|Juniors?|High|School|Hub|Project|Service|Services"
    r"|Team|Trust|Foundation|Club|FC|Hotel|Lake|Zoo|Prison|Mere|Woods|Bay|Sands|Pool"
    r"|Court|Council|Shopping|Care|Aid|Group|Unit|Clinic|Ltd|Limited)\b"
)
_LOCATIVE = {
    "in", "from", "at", "near", "around", "towards", "into", "outside", "via", "opposite",
    "behind", "past", "of",
}  # fmt: skip
_STREET_HEAD = re.compile(_STREET_TYPES)
_SERVICE_HEADS = re.compile(
    r"\s+(?:team|service|services|project|programme|program|staff|group|club|centre|center"
    r"|charity|scheme|course|app|worker|workers|volunteers?|site|park|lake|prison|zoo|ward"
    r"|estate|trip|market|road|street|station|surgery|hospital|school|academy|nursery"
    r"|college|shop|store|caravan|camp|cafe|café|pub|hotel|beach|pier)\b"
)
_NOT_BEFORE_DOB = {"the", "his", "her", "their", "a", "an", "and", "is", "was", "given", "name"}
_BEFORE_DOB = re.compile(
    r"\s*,?\s*(?:\(?\s*(?:b\.|dob\b|d\.o\.b\.?|born\b|date\s+of\s+birth\b)|\((?:aged?\s+)?\d{1,2}\)"
    r"|,\s*aged?\s+\d)",
    re.IGNORECASE,
)
# A capitalised word after these is a language, a medicine or a thing, not a person.
_NOT_PERSON_BEFORE = {
    "speaks", "speak", "speaking", "spoken", "language", "languages", "interpreter",
    "translate", "translates", "uses", "using", "prescribed", "medication", "tablets", "dose",
    "taking", "via", "app", "website", "platform", "brand",
}  # fmt: skip
# "referred to X", "involved with X", "supported by X": X is a service or place.
_SERVICE_VERBS = {
    "go", "goes", "going", "went", "gone", "moved", "move", "moving", "referred", "refer",
    "referral", "referrals", "sent", "send", "travel", "travelled", "trip", "trips",
    "drove", "drive", "return", "returned", "returns", "back", "came", "come", "visit",
    "visits", "visited", "holiday", "holidays", "involved", "involvement", "engaging",
    "engaged", "engage", "working", "works", "worked", "known", "registered", "open",
    "supported", "support", "signposted", "signpost", "funded", "run", "provided", "offered",
    "help", "helped", "advice", "letter", "call", "calls", "email", "emails", "message",
    "bus", "train", "walk", "walked", "ran", "taken", "took", "lifts", "lift", "placed",
}  # fmt: skip
# Very common words that are also in the name lists; never the start of a lower-case name.
_COMMON_LOWER = {"baby", "young", "will", "may", "mark", "bill", "rich", "sunny", "early", "love"}
_MONTH_NAMES = {"May", "June", "April", "August", "March", "July"}


@dataclass
class _Tok:
    start: int
    end: int
    text: str
    initial: bool


class PersonNameRecognizer(_LocalRecognizer):
    """People's names, from name lists and the way notes are written.

    Signals: a title ("Mrs Khan"), a family or role word before a capitalised word ("mum
    Leanne", "called Zayn"), a possessive before a family word ("Kacper's mum"), "the Smith
    family", a known given name, and a capitalised word that is neither an English word nor
    a known place or service ("Oliwia"). Names that are also everyday words ("May", "Hope",
    "Will", "Young") need one of the stronger signals.
    """

    ENTITY = "PERSON"

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self.lex = lexicon
        phrases = sorted(lexicon.not_names, key=len, reverse=True)
        self._not_names = re.compile(
            r"(?<![\w'’])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])"
        )
        self._single_not_names = {p for p in lexicon.not_names if " " not in p}

    # token helpers
    def _tokens(self, text: str) -> list[_Tok]:
        return [
            _Tok(m.start(), m.end(), m.group(), _is_sentence_start(text, m.start()))
            for m in _TOKEN.finditer(text)
        ]

    @staticmethod
    def _is_cap(word: str) -> bool:
        return word[0].isupper() and not (word.isupper() and len(word) > 1)

    def _is_caps_name(self, word: str) -> bool:
        return (
            word.isupper()
            and len(word) > 2
            and (word.title() in self.lex.first_names or word.title() in self.lex.surnames)
        )

    def _base(self, word: str) -> str:
        return re.sub(r"['’]s$", "", word)

    def _known_first(self, word: str) -> bool:
        w = self._base(word)
        if w in self.lex.first_names:
            return True
        parts = w.split("-")
        return len(parts) > 1 and all(
            p in self.lex.first_names
            or p
            in {
                "Mae",
                "May",
                "Jay",
                "Lee",
                "Leigh",
                "Rose",
                "Rae",
                "Jo",
                "Louise",
                "Ann",
                "Anne",
                "Marie",
            }
            for p in parts
        )

    def _oov(self, word: str) -> bool:
        w = self._base(word)
        if len(w) < 3 or w in self._single_not_names:
            return False
        return not self.lex.is_english(w)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        protected = [m.span() for m in self._not_names.finditer(text)]

        def in_protected(tok: _Tok) -> bool:
            end = tok.end - 2 if re.search(r"['’]s$", tok.text) else tok.end
            return any(s <= tok.start and end <= e for s, e in protected)

        toks = self._tokens(text)
        flags: list[str | None] = [None] * len(toks)  # why each token is part of a name

        def prev_word(i: int) -> str:
            if i == 0:
                return ""
            gap = text[toks[i - 1].end : toks[i].start]
            if gap.strip(" ,") and gap.strip() not in {",", ""}:
                return ""
            return toks[i - 1].text

        def next_tok(i: int) -> _Tok | None:
            if i + 1 >= len(toks):
                return None
            gap = text[toks[i].end : toks[i + 1].start]
            return toks[i + 1] if gap in {" ", ", "} or gap.strip() == "" else None

        for i, tok in enumerate(toks):
            w = tok.text
            base = self._base(w)
            cap = self._is_cap(w) or self._is_caps_name(w)
            prev = prev_word(i)
            prev_l = prev.lower().rstrip(".")
            nxt = next_tok(i)
            after = text[tok.end : tok.end + 40]

            if w.isupper() and len(w) > 1 and not self._is_caps_name(w):
                if not in_protected(tok) and (
                    self._caps_pair(text, toks, i)
                    or (prev_l in _KIN_CUES and self._caps_unknown(w))
                ):
                    flags[i] = "a name in capitals"
                continue  # otherwise an acronym: DSL, CAMHS
            if not cap:
                # lower-case given name that is not an English word: "tyler", "leanne"
                if (
                    w.islower()
                    and len(w) >= 4
                    and w.title() in self.lex.first_names
                    and not self.lex.is_english(w)
                    and w.title() not in self._single_not_names
                ):
                    flags[i] = "lower-case given name"
                elif (
                    w.islower()
                    and w.title() in self.lex.first_names
                    and nxt
                    and nxt.text.islower()
                    and nxt.text.title() in self.lex.surnames
                    and w.title() not in self.lex.name_words
                    and nxt.text.title() not in self.lex.name_words
                    and not (
                        self.lex.is_english(w)
                        and self.lex.is_english(nxt.text)
                        and w in _COMMON_LOWER
                    )
                ):
                    flags[i] = "lower-case given name and surname"
                    flags[i + 1] = "lower-case surname"
                continue
            if base in _HONORIFIC or base.rstrip(".") in _HONORIFIC:
                continue
            place_head = bool(_PLACE_HEADS.match(text[tok.end :]))
            if prev.rstrip(".") in _HONORIFIC or prev in _HONORIFIC:
                flags[i] = "after a title"
                flags[i - 1] = "title"
                continue
            if in_protected(tok):
                # "Christian Pearson", "Victoria Jones": a listed word used as a given name
                if base in self._single_not_names and self._known_first(w) and prev_l in _KIN_CUES:
                    flags[i] = "after a family or role word"  # "Brother Victoria"
                elif (
                    base in self._single_not_names
                    and self._known_first(w)
                    and base not in _MONTH_NAMES
                    and prev_l not in _LOCATIVE
                    and nxt
                    and text[tok.end : nxt.start] == " "
                    and (
                        (self._surnameish(nxt.text) and not self.lex.is_english(nxt.text))
                        or self._person_follow(after)
                    )
                ):
                    flags[i] = "a given name"
                continue
            if place_head and prev_l not in _KIN_CUES:
                continue  # "Talbot Road", "Revoe Primary", "Stanley Park"
            if prev and self._is_cap(prev) and _STREET_HEAD.fullmatch(base):
                continue  # the "Street" of "Abingdon Street"
            if _SERVICE_HEADS.match(text[tok.end :]):
                continue  # "the Sealife centre", "Solace team"
            known = self._known_first(w)
            ambiguous = base in self.lex.name_words or base.title() in self.lex.name_words
            english = self.lex.is_english(base)
            surname = base in self.lex.surnames or base.title() in self.lex.surnames
            # strong contextual signals
            if prev_l in _KIN_CUES and (known or surname or not english or ambiguous):
                flags[i] = "after a family or role word"
                continue
            if re.match(
                r"['’]s\s+(\w+)", text[tok.end - 2 if w.endswith(("'s", "’s")) else tok.end :]
            ):
                m = re.match(
                    r"['’]s\s+(\w+)", text[tok.end - 2 if w.endswith(("'s", "’s")) else tok.end :]
                )
                if (
                    m
                    and m.group(1).lower() in _AFTER_POSSESSIVE
                    and (known or surname or not english or ambiguous or not tok.initial)
                ):
                    flags[i] = "before a family word"
                    continue
            if prev_l == "the" and nxt and nxt.text.lower() in _FAMILY_AFTER:
                flags[i] = "the ... family"
                continue
            if prev_l in _LOCATIVE and not (nxt and self._surnameish(nxt.text)):
                continue  # "from Morecambe", "at Heysham", "in Staining"
            if prev_l == "the":
                continue  # "the Zone", "the Ark": people are not "the"
            if self._non_person_context(text, toks, i) and not (known and not ambiguous):
                continue  # "speaks Tigrinya", "takes Sertraline", "referred to Streetwise"
            if not known and not surname and self._english_compound(base):
                continue  # "Nightstop", "Boathouse": made of English words
            if known and not ambiguous:
                flags[i] = "a given name"
                continue
            if ambiguous and not known:
                continue  # surname-words alone: "Young", "Street", "Hill"
            if ambiguous:
                if base in _MONTH_NAMES and not (nxt and self._surnameish(nxt.text)):
                    continue
                if not tok.initial and not english:
                    flags[i] = "a given name"
                    continue
                if not tok.initial and base not in _MONTH_NAMES:
                    flags[i] = "a capitalised given name"
                    continue
                if nxt and (
                    self._surnameish(nxt.text)
                    or nxt.text in _PERSON_VERBS
                    and self._person_follow(after)
                ):
                    flags[i] = "a given name with a surname or verb"
                    continue
                continue
            if not english and len(base) >= 3 and base not in self._single_not_names:
                if (
                    tok.initial
                    and not (nxt and (nxt.text in _PERSON_VERBS or self._surnameish(nxt.text)))
                    and not re.match(r"\s*[,(]", after)
                ):
                    continue
                flags[i] = "an unfamiliar capitalised word"
                continue
            if surname and not english and not tok.initial:
                flags[i] = "a family name"

        # capitalised words written just before a date of birth or an age: "Falan Thakur b."
        for m in _BEFORE_DOB.finditer(text):
            run = [k for k, t in enumerate(toks) if t.end <= m.start() and t.end > m.start() - 40]
            run = run[-3:]
            while run and text[toks[run[-1]].end : m.start()].strip(" ,"):
                run = run[:-1]
            picked: list[int] = []
            for k in reversed(run):
                t = toks[k]
                gap_ok = not picked or text[t.end : toks[picked[-1]].start] == " "
                if (
                    not gap_ok
                    or not (self._is_cap(t.text) or self._is_caps_name(t.text))
                    or in_protected(t)
                ):
                    break
                if t.text.lower() in _KIN_CUES or t.text.lower() in _NOT_BEFORE_DOB:
                    break
                picked.append(k)
            for k in picked:
                flags[k] = flags[k] or "written with a date of birth or age"

        # extend names to following surnames: "Tyler Smith", "Grace Young", "Kacper Nowak"
        for i in range(len(toks) - 1):
            if flags[i] and flags[i] != "title" and not flags[i + 1]:
                nxt = next_tok(i)
                if (
                    nxt is toks[i + 1]
                    and text[toks[i].end : nxt.start] == " "
                    and self._surnameish(nxt.text)
                    and not in_protected(nxt)
                ):
                    flags[i + 1] = "a family name"

        results = []
        i = 0
        while i < len(toks):
            if not flags[i]:
                i += 1
                continue
            j = i
            while (
                j + 1 < len(toks) and flags[j + 1] and text[toks[j].end : toks[j + 1].start] == " "
            ):
                j += 1
            end = toks[j].end
            if re.search(r"['’]s$", toks[j].text):
                end -= 2
            why = next((f for f in flags[i : j + 1] if f != "title"), "a name")
            results.append(_result(self.ENTITY, toks[i].start, end, 0.8, why))
            i = j + 1
        return results

    def _caps_unknown(self, word: str) -> bool:
        return (
            len(word) >= 3
            and word.isalpha()
            and word not in self._single_not_names
            and not self.lex.is_english(word)
        )

    def _caps_pair(self, text: str, toks: list[_Tok], i: int) -> bool:
        """Two unknown words in capitals side by side: "GUNBIR GLEDHILL"."""
        for j in (i - 1, i + 1):
            if 0 <= j < len(toks):
                a, b = sorted((i, j))
                if text[toks[a].end : toks[b].start] != " ":
                    continue
                if all(toks[k].text.isupper() and self._caps_unknown(toks[k].text) for k in (a, b)):
                    return True
        return False

    def _english_compound(self, word: str) -> bool:
        w = word.lower()
        return any(
            self.lex.is_english(w[:k]) and self.lex.is_english(w[k:]) for k in range(4, len(w) - 3)
        )

    def _non_person_context(self, text: str, toks: list[_Tok], i: int) -> bool:
        words = [t.text.lower() for t in toks[max(0, i - 2) : i]]
        if not words or text[toks[i - 1].end : toks[i].start].strip():
            return False
        prev = words[-1]
        if prev in _NOT_PERSON_BEFORE:
            return True
        if len(words) == 2 and prev in {"to", "with", "by", "from", "for", "into"}:
            return words[0] in _SERVICE_VERBS
        return False

    def _surnameish(self, word: str) -> bool:
        base = self._base(word)
        if not base or not (self._is_cap(base) or self._is_caps_name(base)):
            return False
        if base in self._single_not_names or base.isupper() and not self._is_caps_name(base):
            return False
        if base in self.lex.surnames or base.title() in self.lex.surnames:
            return True
        return not self.lex.is_english(base) and len(base) >= 2

    @staticmethod
    def _person_follow(after: str) -> bool:
        return bool(
            re.match(
                r"\s+(?:said|says|told|disclosed|is\s+\d|is\s+aged|was\s+seen|has\s+been|lives|attends|aged)",
                after,
            )
        )


class ServicePhoneRecognizer(PhoneRecognizer):
    """UK phone numbers (libphonenumber), except the authority's published service lines."""

    def __init__(self, service_numbers: Iterable[str]) -> None:
        super().__init__(supported_regions=("GB",), leniency=0)
        self.service_numbers = frozenset(service_numbers)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts)
        keep = []
        for r in results:
            digits = re.sub(r"\D", "", text[r.start : r.end])
            if digits.startswith("44"):
                digits = "0" + digits[2:].lstrip("0")
            if digits in self.service_numbers or len(digits) < 10:
                continue
            keep.append(r)
        return keep


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email recogniser, checking the domain against the bundled suffix list.

    Presidio's own check calls ``tldextract.extract``, which downloads the public suffix list
    on first use; this one uses the snapshot shipped inside ``tldextract``.
    """

    def __init__(self) -> None:
        import tldextract

        super().__init__()
        self._extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    def validate_result(self, pattern_text: str) -> bool:
        return self._extract(pattern_text).fqdn != ""


_NINO_ANY = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)


class LooseNinoRecognizer(_LocalRecognizer):
    """National Insurance numbers with any two-letter prefix.

    Presidio's recogniser skips prefixes that are never issued, but a mistyped number still
    identifies someone, and test numbers use exactly those prefixes.
    """

    ENTITY = "UK_NINO"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [
            _result(self.ENTITY, m.start(), m.end(), 0.6, "shaped like an NI number")
            for m in _NINO_ANY.finditer(text)
        ]


_NHS_CUE = re.compile(r"\bnhs\b[^\d\n]{0,20}$", re.IGNORECASE)
_TEN_DIGITS = re.compile(r"\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b")


class NhsContextRecognizer(_LocalRecognizer):
    """A ten-digit number written after "NHS", even if its check digit is wrong."""

    ENTITY = "UK_NHS"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [
            _result(self.ENTITY, m.start(), m.end(), 0.7, "a number given as an NHS number")
            for m in _TEN_DIGITS.finditer(text)
            if _NHS_CUE.search(text[max(0, m.start() - 30) : m.start()])
        ]


# ---------------------------------------------------------------------------------------
# The engine


class IdentifyingDetailDetector:
    """Presidio analyzer configured for Advice Line notes. Build once; reuse."""

    def __init__(self) -> None:
        lexicon = Lexicon.load()
        registry = RecognizerRegistry(supported_languages=["en"])
        for recognizer in (
            UkPostcodeRecognizer(),
            NhsRecognizer(),
            NhsContextRecognizer(),
            UkNinoRecognizer(),
            LooseNinoRecognizer(),
            ServicePhoneRecognizer(lexicon.service_numbers),
            OfflineEmailRecognizer(),
            DateOfBirthRecognizer(),
            StreetAddressRecognizer(),
            SchoolRecognizer(lexicon),
            PersonNameRecognizer(lexicon),
        ):
            registry.add_recognizer(recognizer)
        nlp_engine = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}])
        self.analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=nlp_engine, supported_languages=["en"]
        )

    def find(self, text: str) -> list[Finding]:
        if not text or not text.strip():
            return []
        results = self.analyzer.analyze(text=text, language="en", score_threshold=0.0)
        raw: list[tuple[int, int, str]] = []
        for r in results:
            kind = ENTITY_KINDS.get(r.entity_type)
            if kind is None:
                continue
            start, end = r.start, r.end
            snippet = text[start:end]
            if kind == "postcode" and re.search(r"\d(?:am|pm)$", snippet):
                continue  # "CE2 4pm"
            stripped = snippet.rstrip(" ,.;:")
            end = start + len(stripped)
            raw.append((start, end, kind))
        return _resolve(text, raw)


def _resolve(text: str, raw: Sequence[tuple[int, int, str]]) -> list[Finding]:
    """Merge overlapping findings of one kind; across kinds the more specific one wins."""
    merged: dict[str, list[list[int]]] = {}
    for start, end, kind in sorted(raw):
        spans = merged.setdefault(kind, [])
        if spans and start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    chosen: list[tuple[int, int, str]] = []
    for kind in sorted(merged, key=PRIORITY.__getitem__):
        for start, end in merged[kind]:
            if any(s < end and start < e for s, e, _ in chosen):
                continue
            chosen.append((start, end, kind))
    chosen.sort()
    return [Finding(s, e, text[s:e], k, EXPLANATIONS[k]) for s, e, k in chosen]


@functools.cache
def get_detector() -> IdentifyingDetailDetector:
    """The process-wide detector (loading takes a moment; analysing is fast)."""
    return IdentifyingDetailDetector()


def find_identifying_details(text: str) -> list[Finding]:
    """Everything in ``text`` that could identify a child or family, in order."""
    return get_detector().find(text)


def highlight(text: str, findings: Iterable[Finding]) -> SafeString:
    """``text`` as HTML with each finding in ``<mark>``; everything else escaped."""
    parts: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        parts.append(escape(text[pos : f.start]))
        parts.append(
            f'<mark class="identifying" data-kind="{escape(f.kind)}" '
            f'title="{escape(f.explanation)}">{escape(text[f.start : f.end])}</mark>'
        )
        pos = f.end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above
