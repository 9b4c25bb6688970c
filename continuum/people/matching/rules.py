"""The matcher's rules as pure functions: normalising names, dates and places; blocking keys;
comparing a description of a person with a record field by field; and Fellegi-Sunter scoring.

No Django here, so every rule is tested from tables of cases and can be read by a practitioner.

Fellegi-Sunter in one paragraph: each field is compared at a few levels (agrees exactly, is a
nickname, is similar, differs). For each level the model knows `m`, how often the level is
seen when the two really are the same person, and `u`, how often it is seen by chance between
different people. The evidence of a pair is the sum over fields of log2(m / u) (the match
weight); added to the prior odds that a description names any one record, it gives a match
probability. The m and u values are trained on the data (see `parameters.json` and
`bench/matching/train.py`, which uses Splink), not guessed.

Two rules sit on top of the model because the model assumes fields are independent and
family members break that assumption (they share a family name, an address and parents):
- twins: the same date of birth and family name with clearly different given names is a
  brother or sister, never the same child;
- family members: clearly different given names *and* dates of birth is another member of the
  household, however much else agrees.
"""

import datetime as dt
import functools
import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import jellyfish
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from continuum.people.matching.names import name_forms

# -- Normalising ----------------------------------------------------------------------------

_NOT_LETTERS = re.compile(r"[^a-z\s-]")
_SPLIT = re.compile(r"[\s-]+")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "master", "mx"})


def fold(value: str) -> str:
    """Lower case, accents removed, apostrophes and dots dropped: "O'Brien-Zoë" -> "obrien-zoe"."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NOT_LETTERS.sub("", ascii_only.replace("'", "").replace("’", "").replace(".", ""))


def name_tokens(value: str) -> list[str]:
    """The words of a name, folded: "Smith-Jones" -> ["smith", "jones"]; titles dropped."""
    return list(_name_tokens(value or ""))


@functools.lru_cache(maxsize=200_000)
def _name_tokens(value: str) -> tuple[str, ...]:
    # Names repeat (a million records hold a few tens of thousands of names): cached.
    return tuple(t for t in _SPLIT.split(fold(value)) if t and t not in _TITLES)


def family_key(value: str) -> str:
    """A family name with its spacing and hyphens removed, so that "Smith-Jones",
    "Smith Jones" and "SMITH JONES" compare as exactly the same name."""
    return "".join(name_tokens(value))


@functools.lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """Metaphone: "Kayleigh" and "Kayley" -> "KL"; "Smyth" and "Smith" -> "SM0"."""
    return jellyfish.metaphone(token) if token else ""


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) >= 5 else compact


def postcode_sector(postcode: str) -> str:
    """'FY1 3LA' -> 'FY1 3': the neighbourhood a family moving nearby usually stays in."""
    return postcode[:-2] if len(postcode) >= 6 else ""


_HOUSE_NUMBER = re.compile(r"^(flat\s+\w+\s*,?\s*)?\d+[a-z]?\s*,?\s*")
_ABBREVIATIONS = {
    "rd": "road",
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "cl": "close",
    "dr": "drive",
    "ln": "lane",
    "ct": "court",
    "cres": "crescent",
    "gdns": "gardens",
    "pl": "place",
    "sq": "square",
    "tce": "terrace",
}


def normalise_address_line(value: str) -> str:
    """'12a  Example Rd.' -> '12a example road'."""
    words = re.sub(r"[^a-z0-9\s]", " ", (value or "").lower()).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def street_of(line: str) -> str:
    """The street without the house or flat number: '12a example road' -> 'example road'."""
    return _HOUSE_NUMBER.sub("", line).strip()


def swapped(day: dt.date) -> dt.date | None:
    """The date with day and month swapped (4 March <-> 3 April), where that is a real date
    and a different one."""
    if day.day > 12 or day.day == day.month:
        return None
    return dt.date(day.year, day.day, day.month)


# -- What the matcher compares --------------------------------------------------------------


@dataclass(frozen=True)
class Carer:
    """A parent's or carer's name, as the matcher compares it."""

    given: str
    family: str

    @classmethod
    def parse(cls, name: str) -> "Carer | None":
        tokens = name_tokens(name)
        if not tokens:
            return None
        if len(tokens) == 1:
            return cls(given=tokens[0], family="")
        return cls(given=tokens[0], family="".join(tokens[1:]))

    @classmethod
    def from_names(cls, given: str, family: str) -> "Carer | None":
        """`parse(f"{given} {family}")` from the two names, normalising each one on its own:
        the words of a name never run across the space between them. Carers' whole names
        are nearly all different, so caching only works name by name."""
        tokens = _name_tokens(given or "") + _name_tokens(family or "")
        if not tokens:
            return None
        if len(tokens) == 1:
            return cls(given=tokens[0], family="")
        return cls(given=tokens[0], family="".join(tokens[1:]))


@dataclass
class Profile:
    """Everything the matcher knows about one record, normalised once when the index is built.

    Lists hold every value a record has had: its names and aliases and previous names, its
    dates of birth (and those of records merged into it), every address it has lived at.
    `given_tf` and `family_tf` are how common its given and family names are in the index, so
    that agreeing on "Smith" counts for less than agreeing on "Featherstonehaugh".
    """

    person_id: int
    kind: str = ""
    givens: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    dates_of_birth: list[dt.date] = field(default_factory=list)
    sex: str = ""
    postcodes: list[str] = field(default_factory=list)
    current_postcode: str = ""
    address_lines: list[str] = field(default_factory=list)
    nhs_numbers: list[str] = field(default_factory=list)
    carers: list[Carer] = field(default_factory=list)
    given_tf: float = 0.0
    family_tf: float = 0.0

    @property
    def family_tokens(self) -> set[str]:
        return {t for f in self.families for t in _family_parts(f)}

    def to_json(self) -> list:
        """A compact list for the index's profile column (read back by `from_json`)."""
        return [
            self.kind,
            self.givens,
            self.families,
            [d.isoformat() for d in self.dates_of_birth],
            self.sex,
            self.postcodes,
            self.current_postcode,
            self.address_lines,
            self.nhs_numbers,
            [[c.given, c.family] for c in self.carers],
            round(self.given_tf, 8),
            round(self.family_tf, 8),
        ]

    @classmethod
    def from_json(cls, person_id: int, data: list) -> "Profile":
        return cls(
            person_id=person_id,
            kind=data[0],
            givens=data[1],
            families=data[2],
            dates_of_birth=[dt.date.fromisoformat(d) for d in data[3]],
            sex=data[4],
            postcodes=data[5],
            current_postcode=data[6],
            address_lines=data[7],
            nhs_numbers=data[8],
            carers=[Carer(g, f) for g, f in data[9]],
            given_tf=data[10],
            family_tf=data[11],
        )


def _family_parts(family: str) -> list[str]:
    """Family keys are stored hyphen-free; parts are kept with a '|' between them."""
    return [p for p in family.split("|") if p]


def first_family_part(family: str) -> str:
    """The first word of a stored family name ("smith|jones" -> "smith")."""
    return _family_parts(family)[0] if family else ""


def family_entry(value: str) -> str:
    """How a family name is stored in a profile: its words joined with '|' ("smith|jones"),
    so that both the whole name and each part of a double-barrelled name can be compared."""
    return "|".join(name_tokens(value))


@dataclass
class Description:
    """What someone asking the matcher knows: any subset of these fields, normalised."""

    given: str = ""
    middle: list[str] = field(default_factory=list)
    family: str = ""  # stored like Profile.families: "smith|jones"
    date_of_birth: dt.date | None = None
    sex: str = ""
    postcode: str = ""
    address_line: str = ""
    nhs_number: str = ""
    carers: list[Carer] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        *,
        given_name: str = "",
        family_name: str = "",
        date_of_birth: dt.date | None = None,
        sex: str = "",
        postcode: str = "",
        address_line: str = "",
        nhs_number: str = "",
        carer_names: Iterable[str] = (),
    ) -> "Description":
        givens = name_tokens(given_name)
        return cls(
            given=givens[0] if givens else "",
            middle=givens[1:],
            family=family_entry(family_name),
            date_of_birth=date_of_birth,
            sex=sex if sex in ("M", "F") else "",
            postcode=normalise_postcode(postcode),
            address_line=normalise_address_line(address_line),
            nhs_number=re.sub(r"[\s-]", "", nhs_number or ""),
            carers=[c for c in (Carer.parse(n) for n in carer_names) if c],
        )

    @property
    def is_empty(self) -> bool:
        return not (
            self.given
            or self.family
            or self.date_of_birth
            or self.postcode
            or self.nhs_number
            or self.address_line
        )


# -- Blocking -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=100_000)
def _given_codes(given: str) -> frozenset[str]:
    # Cached: building the index for a million records meets each name thousands of times.
    return frozenset({phonetic(form) for form in name_forms(given)} - {""})


@functools.lru_cache(maxsize=100_000)
def _family_codes(family: str) -> frozenset[str]:
    parts = _family_parts(family)
    codes = {phonetic(p) for p in parts}
    if len(parts) > 1:
        codes.add(phonetic("".join(parts)))
    return frozenset(codes - {""})


def profile_keys(profile: Profile) -> set[str]:
    """The blocking keys of a record: a look-up reads only records sharing a key with it.

    Each key survives a different kind of error in a description, so that any one error (and
    most pairs of errors) still leaves a shared key: the date of birth (typos in both names);
    sound of given and family name (wrong date); sound of family name and year of birth (a
    misspelt given name or a nickname the dataset lacks); sound of given name and month of
    birth (a changed family name); postcode and initial (a wrong date and a changed name).
    """
    return {key for make, args in _key_groups(profile) for key in make(*args)}


def profile_key_hashes(profile: Profile) -> set[int]:
    """`key_hash` of each of `profile_keys`, the same set, computed group by group with each
    group's hashes cached: records share most groups (a date of birth, a family name and a
    year, a given name and a month), so a build of a million records formats and hashes each
    distinct key a few times instead of every time it is met."""
    hashes: set[int] = set()
    kind = profile.kind
    for make, args in _key_groups(profile):
        if make is _nhs_keys:  # unique to the record: caching would only evict the rest
            hashes.update(_key_hash(kind, key) for key in make(*args))
        else:
            hashes.update(_hashed_group(kind, make, args))
    return hashes


def _nhs_keys(nhs_number: str) -> tuple[str, ...]:
    return (f"n:{nhs_number}",)


def _birth_keys(born: dt.date) -> tuple[str, ...]:
    return (f"d:{born:%Y%m%d}",)


def _family_year_keys(family_codes: frozenset[str], year: int) -> tuple[str, ...]:
    return tuple(f"fy:{c}:{year}" for c in family_codes)


def _given_month_keys(given_codes: frozenset[str], year: int, month: int) -> tuple[str, ...]:
    month_of_birth = dt.date(year, month, 1)  # formatted as `description_keys` formats it
    return tuple(f"gm:{c}:{month_of_birth:%Y%m}" for c in given_codes)


def _name_keys(given_codes: frozenset[str], family_codes: frozenset[str]) -> tuple[str, ...]:
    return tuple(f"gf:{g}:{f}" for g in given_codes for f in family_codes)


def _postcode_keys(postcode: str, initials: frozenset[str]) -> tuple[str, ...]:
    return tuple(f"pg:{postcode}:{i}" for i in initials)


KeyGroup = tuple[Callable[..., tuple[str, ...]], tuple]


def _key_groups(profile: Profile) -> list[KeyGroup]:
    """The record's keys as groups (a function making the keys, and its arguments), the one
    definition of the keys that `profile_keys` and `profile_key_hashes` share."""
    given_codes = _given_codes(profile.givens[0]) if profile.givens else frozenset()
    family_codes = _all_family_codes(tuple(profile.families))
    groups: list[KeyGroup] = [(_nhs_keys, (n,)) for n in profile.nhs_numbers]
    for born in profile.dates_of_birth:
        groups.append((_birth_keys, (born,)))
        groups.append((_family_year_keys, (family_codes, born.year)))
        groups.append((_given_month_keys, (given_codes, born.year, born.month)))
    groups.append((_name_keys, (given_codes, family_codes)))
    initials = _initials(given_codes)
    groups.extend((_postcode_keys, (p, initials)) for p in profile.postcodes)
    return groups


@functools.lru_cache(maxsize=100_000)
def _all_family_codes(families: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(_family_codes(f) for f in families))


@functools.lru_cache(maxsize=10_000)
def _initials(codes: frozenset[str]) -> frozenset[str]:
    return frozenset(c[0] for c in codes)


@functools.lru_cache(maxsize=500_000)
def _hashed_group(kind: str, make: Callable[..., tuple[str, ...]], args: tuple) -> tuple[int, ...]:
    return tuple(_key_hash(kind, key) for key in make(*args))


def description_keys(description: Description) -> set[str]:
    """The keys to look up for a description: the same families of keys as `profile_keys`,
    with the date of birth also tried with day and month swapped."""
    keys = {f"n:{description.nhs_number}"} if description.nhs_number else set()
    given_codes = _given_codes(description.given) if description.given else frozenset()
    family_codes = _family_codes(description.family) if description.family else frozenset()
    born = description.date_of_birth
    dates = [d for d in (born, swapped(born) if born else None) if d]
    for day in dates:
        keys.add(f"d:{day:%Y%m%d}")
        keys.update(f"fy:{c}:{day.year}" for c in family_codes)
        keys.update(f"gm:{c}:{day:%Y%m}" for c in given_codes)
    keys.update(f"gf:{g}:{f}" for g in given_codes for f in family_codes)
    if description.given and description.family:
        # Given and family name the wrong way round.
        swapped_given = _given_codes(_family_parts(description.family)[0])
        swapped_family = _family_codes(description.given)
        keys.update(f"gf:{g}:{f}" for g in swapped_given for f in swapped_family)
    if description.postcode:
        keys.update(f"pg:{description.postcode}:{c[0]}" for c in given_codes)
    return keys


def _key_hash(kind: str, key: str) -> int:
    digest = hashlib.blake2b(f"{kind}|{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@functools.lru_cache(maxsize=1_000_000)
def key_hash(kind: str, key: str) -> int:
    """A signed 64-bit number for a key, so the index stores and compares integers. The
    record's kind (child or adult) is part of the key, so a look-up can ask for one kind."""
    return _key_hash(kind, key)


# -- Comparing ------------------------------------------------------------------------------
# Each comparison returns a level: -1 when either side is missing (no evidence either way),
# 0 for "differs", higher for closer agreement. The levels are the ones Splink trains.

NULL = -1


def _jw(a: str, b: str) -> float:
    return JaroWinkler.similarity(a, b)


def _typo(a: str, b: str) -> bool:
    """One slip of the keyboard: a letter wrong, missing, extra or two swapped."""
    return DamerauLevenshtein.distance(a, b, score_cutoff=1) <= 1


_PET_ENDINGS = ("ie", "y", "s", "o", "")


@functools.lru_cache(maxsize=200_000)
def _shortened(a: str, b: str) -> bool:
    """One name is a short or pet form of the other that the name lists may not hold: the
    first three or four letters of the longer one (at least two letters longer), alone or
    with -ie, -y, -s or -o ("Isa", "Isab", "Isabie" for Isabella; "Alex" for Alexandra)."""
    short, full = (a, b) if len(a) < len(b) else (b, a)
    for ending in _PET_ENDINGS:
        if ending and not short.endswith(ending):
            continue
        stem = short[: len(short) - len(ending)] if ending else short
        if 3 <= len(stem) <= 4 and len(full) >= len(stem) + 2 and full.startswith(stem):
            return True
    return False


def compare_given(given: str, middle: Sequence[str], profile: Profile) -> tuple[int, str]:
    """4 exact, 3 a form of the same name (or a middle name), 2 similar, 1 sounds alike, 0
    differs. Returns the level and the recorded name that agreed best."""
    if not given or not profile.givens:
        return NULL, ""
    best, best_name = 0, ""
    forms = name_forms(given)
    code = phonetic(given)
    for i, name in enumerate(profile.givens):
        if name == given:
            level = 4 if i == 0 else 3
        elif forms & name_forms(name) or (i > 0 and name in middle) or _shortened(given, name):
            level = 3
        elif _typo(name, given) or _jw(name, given) >= 0.92:
            level = 2
        elif code == phonetic(name) or _jw(name, given) >= 0.8:
            level = 1
        else:
            level = 0
        if level > best:
            best, best_name = level, name
            if level == 4:
                break
    if best < 3 and middle and profile.givens[0] in middle:
        best, best_name = 3, profile.givens[0]
    return best, best_name


def compare_family(family: str, profile: Profile) -> tuple[int, str]:
    """4 exact (any recorded or previous family name), 3 shares a part of a double-barrelled
    name, 2 similar, 1 sounds alike, 0 differs."""
    if not family or not profile.families:
        return NULL, ""
    whole = family.replace("|", "")
    parts = set(_family_parts(family))
    best, best_name = 0, ""
    for entry in profile.families:
        entry_whole = entry.replace("|", "")
        if entry_whole == whole:
            return 4, entry
        entry_parts = set(_family_parts(entry))
        if parts & entry_parts:
            level = 3
        elif _typo(entry_whole, whole) or _jw(entry_whole, whole) >= 0.92:
            level = 2
        elif phonetic(entry_whole) == phonetic(whole) or _jw(entry_whole, whole) >= 0.8:
            level = 1
        else:
            level = 0
        if level > best:
            best, best_name = level, entry
    if best < 1:
        # Recorded under a parent's or carer's family name (a mother's, a new partner's):
        # counted as a name that sounds alike, some evidence but far from agreement.
        for carer in profile.carers:
            if carer.family and carer.family.replace("|", "") == whole:
                return 1, carer.family
    return best, best_name


def compare_date_of_birth(born: dt.date | None, profile: Profile) -> tuple[int, dt.date | None]:
    """4 exact, 3 day and month swapped, 2 one slip (a digit wrong or two swapped), 1 two of
    day, month and year agree, 0 differs."""
    if born is None or not profile.dates_of_birth:
        return NULL, None
    best, best_date = 0, profile.dates_of_birth[0]
    text = f"{born:%Y%m%d}"
    for recorded in profile.dates_of_birth:
        if recorded == born:
            return 4, recorded
        if swapped(born) == recorded:
            level = 3
        elif _typo(f"{recorded:%Y%m%d}", text):
            level = 2
        elif (
            (recorded.year == born.year)
            + (recorded.month == born.month)
            + (recorded.day == born.day)
        ) >= 2:
            level = 1
        else:
            level = 0
        if level > best:
            best, best_date = level, recorded
    return best, best_date


def compare_sex(sex: str, profile: Profile) -> int:
    if sex not in ("M", "F") or profile.sex not in ("M", "F"):
        return NULL
    return 1 if sex == profile.sex else 0


def compare_postcode(postcode: str, profile: Profile) -> int:
    """3 lives there now, 2 lived there before, 1 the same postcode sector, 0 elsewhere."""
    if not postcode or not profile.postcodes:
        return NULL
    if postcode == profile.current_postcode:
        return 3
    if postcode in profile.postcodes:
        return 2
    sector = postcode_sector(postcode)
    if sector and any(postcode_sector(p) == sector for p in profile.postcodes):
        return 1
    return 0


def compare_address(line: str, profile: Profile) -> int:
    """2 the same address line (now or before), 1 the same street, 0 differs."""
    if not line or not profile.address_lines:
        return NULL
    if line in profile.address_lines:
        return 2
    street = street_of(line)
    if street and any(street_of(a) == street for a in profile.address_lines):
        return 1
    return 0


def compare_nhs_number(nhs_number: str, profile: Profile) -> int:
    if not nhs_number or not profile.nhs_numbers:
        return NULL
    return 1 if nhs_number in profile.nhs_numbers else 0


def compare_carers(carers: Sequence[Carer], profile: Profile) -> tuple[int, str]:
    """2 a parent or carer's whole name agrees (nicknames and slips allowed), 1 a given name
    or a family name agrees, 0 neither."""
    if not carers or not profile.carers:
        return NULL, ""
    best, best_name = 0, ""
    for ours in carers:
        for theirs in profile.carers:
            given_ok = bool(
                ours.given
                and theirs.given
                and (
                    ours.given == theirs.given
                    or name_forms(ours.given) & name_forms(theirs.given)
                    or _typo(ours.given, theirs.given)
                )
            )
            family_ok = bool(
                ours.family
                and theirs.family
                and (ours.family == theirs.family or _typo(ours.family, theirs.family))
            )
            level = (
                2
                if given_ok and (family_ok or not ours.family)
                else 1
                if given_ok or family_ok
                else 0
            )
            if level > best:
                best, best_name = level, f"{theirs.given} {theirs.family}".strip()
    return best, best_name


# -- Scoring --------------------------------------------------------------------------------

COMPARISONS = ("given", "family", "dob", "sex", "postcode", "address", "nhs", "carers")


@dataclass(frozen=True)
class Parameters:
    """Trained m and u probabilities for each level of each comparison, and the expected
    number of true matches one description has in the index (for the prior)."""

    m: dict[str, tuple[float, ...]]
    u: dict[str, tuple[float, ...]]
    matches_per_description: float = 0.7
    threshold: float = 0.5

    @classmethod
    def from_dict(cls, data: dict) -> "Parameters":
        return cls(
            m={k: tuple(v["m"]) for k, v in data["comparisons"].items()},
            u={k: tuple(v["u"]) for k, v in data["comparisons"].items()},
            matches_per_description=data.get("matches_per_description", 0.7),
            threshold=data.get("threshold", 0.5),
        )

    def __post_init__(self) -> None:
        tables = {
            name: tuple(
                math.log2(max(m, 1e-9) / max(u, 1e-9))
                for m, u in zip(self.m[name], self.u[name], strict=True)
            )
            for name in self.m
        }
        object.__setattr__(self, "_weights", tables)
        # The most each comparison can add (NULL, a field missing on either side, adds 0).
        object.__setattr__(
            self, "_most", {name: max(0.0, *weights) for name, weights in tables.items()}
        )

    def most_from_the_rest(self, profile: "Profile") -> float:
        """An upper bound on what the comparisons `score` makes after nhs, given name and
        date of birth (family name, sex, postcode, address, carers) can add for this record:
        each at its best level, the family name with the record's own term frequency."""
        most = self._most  # type: ignore[attr-defined]
        family = most["family"]
        if profile.family_tf > 0:
            family = max(
                family, self.weight("family", len(self.u["family"]) - 1, profile.family_tf)
            )
        return family + most["sex"] + most["postcode"] + most["address"] + most["carers"]

    def most(self, comparison: str) -> float:
        """The most one comparison can add (0 if it never agrees better than by chance)."""
        return self._most[comparison]  # type: ignore[attr-defined]

    def weight(self, comparison: str, level: int, tf: float = 0.0) -> float:
        """log2(m/u) for a level; for exact agreement on a name, u is the name's frequency
        where known (term-frequency adjustment, as Splink does)."""
        if level == NULL:
            return 0.0
        if tf > 0 and level == len(self.u[comparison]) - 1:
            return math.log2(max(self.m[comparison][level], 1e-9) / max(tf, 1e-7))
        return self._weights[comparison][level]  # type: ignore[attr-defined]


@dataclass
class Levels:
    """The level each comparison reached for one description and one record."""

    given: int = NULL
    family: int = NULL
    dob: int = NULL
    sex: int = NULL
    postcode: int = NULL
    address: int = NULL
    nhs: int = NULL
    carers: int = NULL


def is_twin_pattern(levels: Levels) -> bool:
    """The same birth date (exactly, swapped or but for one digit) and a clearly different
    given name: a twin or other child born the same day, never the same child. The family
    name does not matter: twins can be recorded under different family names. Only an
    agreeing NHS number overrides this."""
    return levels.nhs != 1 and levels.dob >= 2 and levels.given in (0, 1)


def is_other_family_member(levels: Levels) -> bool:
    """Another person in the same family or household (brother, sister, parent), however
    much the family name, address and parents agree, because those are what a family shares
    (and the model, which counts each agreement as independent evidence, would otherwise add
    them up to near certainty):
    - a clearly different given name and a different date of birth;
    - a date of birth that differs outright (not a slip or a swap), whatever the names:
      siblings called Harrison and Harry, a brother and sister both called Freya by
      different fathers, a father and son with the same name at the same address. A date of
      birth wrong in two of day, month and year is far less likely than another person;
    - a given name that differs outright and no date of birth to go on.
    Such a record is still shown to the Hub, with the reason, but is never the decision.
    Only an agreeing NHS number overrides."""
    if levels.nhs == 1:
        return False
    return (
        (levels.given in (0, 1) and levels.dob in (0, 1))
        or levels.dob == 0
        or (levels.given == 0 and levels.dob == NULL)
    )


def probability(weight: float, prior: float) -> float:
    """Posterior probability from a total match weight and the prior that a description
    names any one record."""
    log_odds = weight + math.log2(prior / (1 - prior))
    if log_odds > 60:
        return 1.0
    return 1.0 / (1.0 + 2.0 ** (-log_odds))


# Below this many records (a new installation, a test) the prior is taken as if the index
# held this many, so that a tiny index does not make the model over-eager.
MIN_INDEX_FOR_PRIOR = 10_000


def prior_for(parameters: Parameters, index_size: int) -> float:
    """The prior that a description names one particular record: the expected number of
    true matches per description, spread over the records in the index."""
    return parameters.matches_per_description / max(index_size, MIN_INDEX_FOR_PRIOR)


@dataclass(frozen=True)
class Agreed:
    """The recorded values that agreed best, for the reasons."""

    given: str = ""
    family: str = ""
    born: dt.date | None = None
    carer: str = ""
    names_swapped: bool = False  # the description's given and family name swapped agree


@dataclass
class Scored:
    person_id: int
    probability: float
    weight: float
    levels: Levels
    ruled_out: str = ""
    agreed: Agreed = field(default_factory=Agreed)


# A likely twin or family member is shown to the Hub (it is useful to know a brother is
# known), but never above this probability, so it is never the decision.
RULED_OUT_CEILING = 0.01


def score(
    description: Description,
    profile: Profile,
    parameters: Parameters,
    prior: float,
    *,
    must_beat: float = 0.0,
) -> Scored | None:
    """Compare a description with one record: levels, match weight, probability. The reasons
    are worded only for the candidates shown (`explain`), which keeps a look-up fast.

    With `must_beat`, a record that cannot reach that probability however well the rest
    agrees (after the NHS number, given name and date of birth are compared) is not scored
    further: None. Exact: the bound takes every later comparison at its best level, and a
    twin or other family member (decided by those three) stays at or below the ceiling."""
    levels = Levels()
    w = parameters.weight
    levels.nhs = compare_nhs_number(description.nhs_number, profile)
    levels.given, given_name = compare_given(description.given, description.middle, profile)
    family_asked, names_swapped = description.family, False
    if levels.given in (0, 1) and description.family and description.given:
        # Given and family name the wrong way round: both must agree that way, at least as
        # closely as one slip of the keyboard.
        level, name = compare_given(_family_parts(description.family)[0], (), profile)
        if level >= 2 and compare_family(description.given, profile)[0] >= 2:
            levels.given, given_name = level, name
            family_asked, names_swapped = description.given, True
    levels.dob, born = compare_date_of_birth(description.date_of_birth, profile)
    given_tf = profile.given_tf if given_name and given_name == profile.givens[0] else 0.0
    if must_beat > RULED_OUT_CEILING and (
        is_twin_pattern(levels) or is_other_family_member(levels)
    ):
        return None  # ruled out (these three levels decide it): never above the ceiling
    if must_beat > 0:
        bound = (
            w("nhs", levels.nhs)
            + w("given", levels.given, given_tf)
            + w("dob", levels.dob)
            + parameters.most_from_the_rest(profile)
        )
        if probability(bound + 1e-9, prior) < must_beat:
            return None
    levels.family, family_name = compare_family(family_asked, profile)
    levels.sex = compare_sex(description.sex, profile)
    levels.postcode = compare_postcode(description.postcode, profile)
    levels.address = compare_address(description.address_line, profile)
    family_tf = profile.family_tf if family_name and family_name == profile.families[0] else 0.0
    weight = (
        w("nhs", levels.nhs)
        + w("given", levels.given, given_tf)
        + w("family", levels.family, family_tf)
        + w("dob", levels.dob)
        + w("sex", levels.sex)
        + w("postcode", levels.postcode)
        + w("address", levels.address)
    )
    if must_beat > 0 and probability(weight + parameters.most("carers") + 1e-9, prior) < must_beat:
        return None  # the carers, compared last (the dearest), cannot lift it high enough
    levels.carers, carer = compare_carers(description.carers, profile)
    weight += w("carers", levels.carers)
    chance = probability(weight, prior)
    ruled_out = ""
    if is_twin_pattern(levels):
        ruled_out = (
            "Born on the same day but a different given name: probably a twin or another "
            "child of the family, not the same person"
        )
    elif is_other_family_member(levels):
        ruled_out = (
            "A different date of birth or given name: probably another member of the family, "
            "not the same person"
        )
    if ruled_out:
        chance = min(chance, RULED_OUT_CEILING)
    return Scored(
        person_id=profile.person_id,
        probability=chance,
        weight=weight,
        levels=levels,
        ruled_out=ruled_out,
        agreed=Agreed(given_name, family_name, born, carer, names_swapped),
    )


def explain(description: Description, profile: Profile, scored: Scored) -> list[str]:
    """Which fields agreed and how closely, in words a Hub worker reads at a glance."""
    levels, agreed = scored.levels, scored.agreed
    reasons: list[str] = []
    if levels.nhs == 1:
        reasons.append("NHS number agrees")
    elif levels.nhs == 0:
        reasons.append("NHS number differs")
    if agreed.names_swapped:
        reasons.append("Given and family name agree the other way round")
    asked = _family_parts(description.family)[0] if agreed.names_swapped else description.given
    reasons += _given_reason(levels.given, asked, agreed.given, profile)
    reasons += _family_reason(levels.family, agreed.family, profile)
    reasons += _dob_reason(levels.dob, agreed.born)
    if levels.sex == 0:
        reasons.append("Sex differs")
    reasons += {
        3: ["Lives at the same postcode"],
        2: ["Lived at the same postcode before"],
        1: ["Lives or lived nearby (same postcode sector)"],
        0: ["Postcode differs"],
    }.get(levels.postcode, [])
    reasons += {2: ["Address agrees"], 1: ["Same street"]}.get(levels.address, [])
    reasons += {
        2: [f"Parent or carer's name agrees ({_title(agreed.carer)})"],
        1: [f"Parent or carer's name partly agrees ({_title(agreed.carer)})"],
        0: ["Parents' or carers' names differ"],
    }.get(levels.carers, [])
    if scored.ruled_out:
        reasons.append(scored.ruled_out)
    return reasons


ADDRESS_WORDS = ("postcode", "address", "street", "nearby")


def reasons_for_partners(reasons: list[str]) -> list[str]:
    """The reasons a partner system may be told: which fields agreed, never what the record
    holds. Parenthesised details (a recorded name, a date of birth) are dropped, and so is
    every reason about where the person lives or lived, which a caller trying postcodes
    could otherwise use to find a child."""
    told = []
    for reason in reasons:
        if any(word in reason.lower() for word in ADDRESS_WORDS):
            continue
        plain = re.sub(r"\s*\([^)]*\)", "", reason).strip()
        if plain and plain not in told:
            told.append(plain)
    return told


def _title(name: str) -> str:
    return " ".join(p.capitalize() for p in name.replace("|", "-").split())


def _given_reason(level: int, asked: str, recorded: str, profile: Profile) -> list[str]:
    primary = profile.givens[0] if profile.givens else ""
    if level == 4:
        return ["Given name agrees"]
    if level == 3:
        if recorded != primary:
            return [f"Given name agrees with another name recorded ({_title(recorded)})"]
        return [f"Given name is a form of the same name ({_title(asked)} and {_title(recorded)})"]
    if level == 2:
        return [f"Given name similar ({_title(recorded)})"]
    if level == 1:
        return [f"Given name sounds alike ({_title(recorded)})"]
    if level == 0:
        return [f"Given name differs ({_title(primary)})"]
    return []


def _family_reason(level: int, recorded: str, profile: Profile) -> list[str]:
    primary = profile.families[0] if profile.families else ""
    if level == 4:
        if recorded != primary:
            return [f"Family name agrees with a previous or other name ({_title(recorded)})"]
        return ["Family name agrees"]
    if level == 3:
        return [f"Family name shares a part ({_title(recorded)})"]
    if level == 2:
        return [f"Family name similar ({_title(recorded)})"]
    if level == 1:
        return [f"Family name sounds alike ({_title(recorded)})"]
    if level == 0:
        return [f"Family name differs ({_title(primary)})"]
    return []


def _dob_reason(level: int, recorded: dt.date | None) -> list[str]:
    if level == 4:
        return ["Date of birth agrees"]
    shown = f"{recorded.day} {recorded:%b %Y}" if recorded else ""
    return {
        3: [f"Date of birth agrees with day and month swapped ({shown})"],
        2: [f"Date of birth differs by one digit ({shown})"],
        1: [f"Date of birth partly agrees ({shown})"],
        0: [f"Date of birth differs ({shown})"] if recorded else [],
    }.get(level, [])
