"""A deterministic synthetic person index and queries for benchmarking person matching.

    python bench/matching/generate.py --people 100000 --queries 5000 --seed 1 --out DIR \
        [--errors standard|varied|heldout|rates.json]

writes DIR/index.csv, DIR/queries.csv (the `continuum match-file` formats), DIR/truth.csv
(query_id, person_id or empty, category, changes) and DIR/train_queries.csv plus
DIR/train_truth.csv (a second, independent set of queries for training the model).

The population is built as families: one or two carers, one to five children sharing an
address and usually a family name (sometimes double-barrelled, sometimes a half-sibling's
other name), twins in about 1 family in 40, a long tail of family names under a Zipf-like head
(Smith, Jones...), popular given names much more common than rare ones. Some children are
held out of the index, so that queries for them test the thing that matters most: a child who
is not known, whose twin or brother or sister is. About 30% of queries are absent people.
Queries for known people are corrupted copies: typos, nicknames, changed or double-barrelled
family names, day and month swapped, a digit wrong in the date, house moves, missing fields.
`--errors` sets how often each happens (`Errors`): `standard` is what the model was trained
on (and writes exactly what this generator wrote before the option existed); `varied` adds
kinds of error the standard set never makes (given and family name swapped, a parent's
family name, a hyphen dropped, short forms the nickname lists lack, a year out) at other
rates, for development; `heldout` has different rates again and is for measuring only.
Everything is synthetic.
"""

import argparse
import csv
import datetime as dt
import json
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

from faker.providers.person.en_GB import Provider

BOYS = [
    "Oliver",
    "Jack",
    "Harry",
    "George",
    "Noah",
    "Charlie",
    "Jacob",
    "Alfie",
    "Freddie",
    "Oscar",
    "Leo",
    "Logan",
    "Archie",
    "Theo",
    "Thomas",
    "James",
    "Joshua",
    "Henry",
    "William",
    "Max",
    "Lucas",
    "Ethan",
    "Arthur",
    "Mason",
    "Isaac",
    "Harrison",
    "Teddy",
    "Finley",
    "Daniel",
    "Riley",
    "Edward",
    "Joseph",
    "Alexander",
    "Adam",
    "Reggie",
    "Samuel",
    "Jaxon",
    "Sebastian",
    "Elijah",
    "Harley",
    "Toby",
    "Arlo",
    "Dylan",
    "Jude",
    "Benjamin",
    "Rory",
    "Tommy",
    "Jake",
    "Louie",
    "Carter",
    "Jenson",
    "Hugo",
    "Bobby",
    "Frankie",
    "Ollie",
    "Zachary",
    "David",
    "Albie",
    "Lewis",
    "Luca",
    "Ronnie",
    "Jayden",
    "Kai",
    "Liam",
    "Tyler",
    "Kian",
    "Callum",
    "Connor",
    "Kyle",
    "Bradley",
    "Ryan",
    "Jordan",
    "Ellis",
    "Mohammed",
    "Muhammad",
    "Ibrahim",
]
GIRLS = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Willow",
    "Freya",
    "Florence",
    "Emily",
    "Ella",
    "Poppy",
    "Evie",
    "Elsie",
    "Charlotte",
    "Evelyn",
    "Sienna",
    "Sofia",
    "Daisy",
    "Phoebe",
    "Sophie",
    "Alice",
    "Harper",
    "Matilda",
    "Ruby",
    "Emilia",
    "Maya",
    "Millie",
    "Isabelle",
    "Eva",
    "Luna",
    "Jessica",
    "Maisie",
    "Elizabeth",
    "Esme",
    "Lola",
    "Erin",
    "Layla",
    "Holly",
    "Imogen",
    "Scarlett",
    "Eleanor",
    "Thea",
    "Katie",
    "Chloe",
    "Megan",
    "Kayleigh",
    "Leah",
    "Courtney",
    "Jade",
    "Shannon",
    "Paige",
    "Demi",
    "Rebecca",
    "Lauren",
    "Abigail",
    "Bethany",
    "Hannah",
    "Niamh",
    "Aisha",
    "Zara",
    "Maddison",
]
# Forms a referrer might use instead of the recorded name (and the other way round).
NICKNAMES = {
    "William": ["Liam", "Will", "Billy"],
    "Alfred": ["Alfie", "Alf"],
    "Kayleigh": ["Kayley", "Kaylee"],
    "Oliver": ["Ollie", "Olly"],
    "Charles": ["Charlie"],
    "Henry": ["Harry"],
    "Alexander": ["Alex"],
    "Samuel": ["Sam", "Sammy"],
    "Thomas": ["Tom", "Tommy"],
    "Eleanor": ["Ellie", "Nell"],
    "Katherine": ["Katie", "Kate"],
    "Elizabeth": ["Libby", "Lizzie", "Beth"],
    "Amelia": ["Millie"],
    "Evelyn": ["Evie"],
    "Joshua": ["Josh"],
    "Daniel": ["Dan", "Danny"],
    "James": ["Jamie", "Jim"],
    "Frederick": ["Freddie", "Fred"],
    "Edward": ["Teddy", "Eddie", "Ed"],
    "Isabella": ["Izzy", "Bella"],
    "Charlotte": ["Lottie", "Charlie"],
    "Margaret": ["Maisie", "Maggie"],
    "Rebecca": ["Becky", "Becca"],
    "Jessica": ["Jess", "Jessie"],
    "Benjamin": ["Ben", "Benji"],
    "Joseph": ["Joe", "Joey"],
    "Matthew": ["Matt"],
    "Michael": ["Mike", "Mikey"],
    "Christopher": ["Chris"],
    "Nicholas": ["Nick"],
    "Jacob": ["Jake"],
    "Zachary": ["Zach"],
    "Abigail": ["Abbie", "Abby"],
    "Sophia": ["Sophie"],
    "Jack": ["Jackie"],
    "Archibald": ["Archie"],
    "Theodore": ["Theo"],
}
NICKNAME_OF = {n: full for full, forms in NICKNAMES.items() for n in forms}
EXTRA_BOYS = [
    "Alfred",
    "Frederick",
    "Theodore",
    "Archibald",
    "Nicholas",
    "Matthew",
    "Michael",
    "Christopher",
    "Charles",
]
EXTRA_GIRLS = ["Katherine", "Margaret", "Rebecca", "Abigail"]

PREFIXES = [
    "Ash",
    "Black",
    "Brad",
    "Brook",
    "Castle",
    "Clay",
    "Cold",
    "Cross",
    "Dun",
    "East",
    "Fair",
    "Fen",
    "Green",
    "Hall",
    "Hart",
    "Heath",
    "High",
    "Holm",
    "Kings",
    "Lang",
    "Lee",
    "Long",
    "Marsh",
    "Mid",
    "Mill",
    "Moor",
    "North",
    "Oak",
    "Pen",
    "Red",
    "Ridge",
    "Rod",
    "Rush",
    "Sand",
    "Shaw",
    "Stan",
    "Stock",
    "Stone",
    "Sut",
    "Thorn",
    "Under",
    "Wake",
    "Wal",
    "War",
    "West",
    "Whit",
    "Wood",
    "Wor",
]
SUFFIXES = [
    "by",
    "croft",
    "den",
    "field",
    "ford",
    "gate",
    "ham",
    "hurst",
    "ington",
    "ley",
    "low",
    "more",
    "ridge",
    "shaw",
    "stead",
    "ton",
    "wood",
    "worth",
    "well",
    "wick",
    "bury",
    "cliffe",
    "dale",
    "thwaite",
]
STREETS = [
    "Road",
    "Street",
    "Avenue",
    "Close",
    "Drive",
    "Lane",
    "Grove",
    "Crescent",
    "Place",
    "Way",
    "Gardens",
    "Terrace",
]
STREET_NAMES = [
    "Church",
    "Station",
    "Park",
    "Victoria",
    "Albert",
    "Queens",
    "Kings",
    "Mill",
    "School",
    "Bank",
    "Chapel",
    "Grange",
    "Manor",
    "Beech",
    "Elm",
    "Oak",
    "Ash",
    "Lytham",
    "Preston",
    "Talbot",
    "Dickson",
    "Caunce",
    "Central",
    "Waterloo",
    "Hornby",
    "Palatine",
    "Cocker",
    "Layton",
    "Newton",
    "Marton",
    "Bispham",
    "Devonshire",
    "Warbreck",
    "Whitegate",
    "Highfield",
    "Squires",
    "Common",
    "Cherry",
    "Holly",
    "Laburnum",
    "Rigby",
    "Egerton",
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass
class Record:
    person_id: str
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    sex: str
    postcode: str
    address_line: str
    nhs_number: str
    carer_names: list[str] = field(default_factory=list)
    family: int = 0
    twin_of: str = ""


def nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        digits[0] = rng.choice([4, 6, 7])
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


class Population:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        surnames = list(Provider.last_names.items())
        tail = [p + s for p in PREFIXES for s in SUFFIXES]
        rng.shuffle(tail)
        head = sorted(surnames, key=lambda kv: -kv[1])
        # A Zipf-like head (Smith, Jones...) and a long tail of rarer names.
        self.surnames = [n for n, _ in head] + tail
        self.surname_weights = [1.0 / (i + 8) ** 0.9 for i in range(len(self.surnames))]
        self.boys = BOYS + EXTRA_BOYS + list(Provider.first_names_male)
        self.girls = GIRLS + EXTRA_GIRLS + list(Provider.first_names_female)
        self.boy_weights = [1.0 / (i + 3) for i in range(len(self.boys))]
        self.girl_weights = [1.0 / (i + 3) for i in range(len(self.girls))]
        self.adults_m = list(Provider.first_names_male)
        self.adults_f = list(Provider.first_names_female)
        self.used_nhs: set[str] = set()
        self.next_id = 1

    def surname(self) -> str:
        return self.rng.choices(self.surnames, self.surname_weights)[0]

    def given(self, sex: str) -> str:
        if sex == "M":
            return self.rng.choices(self.boys, self.boy_weights)[0]
        return self.rng.choices(self.girls, self.girl_weights)[0]

    def address(self) -> tuple[str, str]:
        rng = self.rng
        district = rng.choice(
            ["FY1", "FY2", "FY3", "FY4", "FY5", "FY6", "FY7", "FY8", "PR4", "LA1"]
        )
        postcode = f"{district} {rng.randrange(1, 10)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
        line = f"{rng.randrange(1, 200)} {rng.choice(STREET_NAMES)} {rng.choice(STREETS)}"
        return postcode, line

    def new_nhs(self) -> str:
        while True:
            n = nhs_number(self.rng)
            if n not in self.used_nhs:
                self.used_nhs.add(n)
                return n

    def family(self, number: int, today: dt.date) -> list[Record]:
        rng = self.rng
        family_name = self.surname()
        mother = (
            f"{rng.choice(self.adults_f)} {family_name if rng.random() < 0.7 else self.surname()}"
        )
        carers = [mother]
        if rng.random() < 0.55:
            carers.append(f"{rng.choice(self.adults_m)} {family_name}")
        postcode, line = self.address()
        size = rng.choices([1, 2, 3, 4, 5], [30, 35, 20, 10, 5])[0]
        first_born = today - dt.timedelta(days=rng.randrange(0, 18 * 365))
        children: list[Record] = []
        born = first_born
        names_used: set[str] = set()
        double = rng.random() < 0.06
        other_name = self.surname()
        for i in range(size):
            if i:
                born = born - dt.timedelta(days=rng.randrange(300, 2000))
                if born < today - dt.timedelta(days=25 * 365):
                    break
            twins = rng.random() < 0.025
            surname = family_name
            if double:
                surname = f"{family_name}-{other_name}"
            elif i and rng.random() < 0.1:
                surname = other_name  # a half-sibling with their father's name
            for _ in range(2 if twins else 1):
                sex = rng.choice("MF")
                given = self.given(sex)
                while given in names_used:
                    given = self.given(sex)
                names_used.add(given)
                children.append(
                    Record(
                        person_id="",
                        given_name=given,
                        family_name=surname,
                        date_of_birth=born,
                        sex=sex,
                        postcode=postcode,
                        address_line=line,
                        nhs_number=self.new_nhs() if rng.random() < 0.8 else "",
                        carer_names=list(carers),
                        family=number,
                    )
                )
            if twins:
                children[-1].twin_of = "pair"
                children[-2].twin_of = "pair"
        return children


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    kind = rng.choice(["swap", "drop", "double", "replace"])
    if kind == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    vowels = "aeiouy"
    replacement = rng.choice(vowels if word[i].lower() in vowels else "bcdfghklmnprstvwz")
    return word[:i] + replacement + word[i + 1 :]


@dataclass(frozen=True)
class Errors:
    """How often a referrer gets each thing wrong or does not know it. `standard` is what the
    model's parameters were trained on; the other presets vary the rates and add kinds of
    error the standard set never makes (`--errors`, or a JSON file of rates)."""

    nickname: float = 0.12  # a form of the name in the nickname lists
    unlisted_nickname: float = 0.0  # a shortened form the lists do not hold ("Isa", "Bellie")
    given_typo: float = 0.15
    names_swapped: float = 0.0  # given and family name the wrong way round
    family_typo: float = 0.10
    double_barrelled: float = 0.05  # a part dropped or another name added
    hyphen_dropped: float = 0.0  # "Taylor Brown", or the second part only
    family_changed: float = 0.04  # another family name altogether
    parent_family: float = 0.0  # recorded under a parent's or carer's family name
    dob_swapped: float = 0.05
    dob_digit: float = 0.05  # a wrong digit in the day, month or last digit of the year
    dob_year: float = 0.0  # a year out by one, or a wrong digit anywhere in the year
    moved: float = 0.15
    no_dob: float = 0.05
    no_postcode: float = 0.15
    no_address: float = 0.3
    no_sex: float = 0.2
    no_nhs: float = 0.7
    no_carers: float = 0.5
    no_given: float = 0.03


PRESETS = {
    "standard": Errors(),
    # For development: the kinds of error unseen data showed, at rates picked by hand.
    "varied": Errors(
        nickname=0.10,
        unlisted_nickname=0.05,
        given_typo=0.10,
        names_swapped=0.04,
        family_typo=0.08,
        double_barrelled=0.03,
        hyphen_dropped=0.5,
        family_changed=0.04,
        parent_family=0.05,
        dob_swapped=0.04,
        dob_digit=0.06,
        dob_year=0.04,
        moved=0.25,
        no_dob=0.08,
        no_postcode=0.2,
        no_carers=0.6,
    ),
    # Held out: different rates again, never looked at while changing the matcher.
    "heldout": Errors(
        nickname=0.08,
        unlisted_nickname=0.07,
        given_typo=0.12,
        names_swapped=0.03,
        family_typo=0.12,
        double_barrelled=0.04,
        hyphen_dropped=0.6,
        family_changed=0.06,
        parent_family=0.04,
        dob_swapped=0.03,
        dob_digit=0.07,
        dob_year=0.05,
        moved=0.30,
        no_dob=0.10,
        no_postcode=0.25,
        no_address=0.4,
        no_sex=0.3,
        no_nhs=0.8,
        no_carers=0.55,
        no_given=0.02,
    ),
}


def unlisted_nickname(rng: random.Random, given: str) -> str:
    """A shortened or pet form of the kind families make up: the first syllable or so, with
    or without -ie, -y, -s or -o."""
    stem = given[: rng.choice([3, 4])] if len(given) > 4 else given[:3]
    return stem + rng.choice(["", "ie", "y", "s", "o"]) if len(given) > 3 else given


def corrupt(
    rng: random.Random, record: Record, population: Population, errors: Errors = PRESETS["standard"]
) -> tuple[Record, list[str]]:
    """A referrer's description of a known person: what they got wrong or did not know."""
    e = errors
    q = replace(record, carer_names=list(record.carer_names))
    changes: list[str] = []
    r = rng.random
    if r() < e.nickname and (record.given_name in NICKNAMES or record.given_name in NICKNAME_OF):
        q.given_name = (
            rng.choice(NICKNAMES[record.given_name])
            if record.given_name in NICKNAMES
            else NICKNAME_OF[record.given_name]
        )
        changes.append("nickname")
    elif e.unlisted_nickname and r() < e.unlisted_nickname and len(q.given_name) > 4:
        q.given_name = unlisted_nickname(rng, q.given_name)
        changes.append("unlisted nickname")
    elif r() < e.given_typo:
        q.given_name = typo(rng, q.given_name)
        changes.append("given typo")
    if "-" in q.family_name and e.hyphen_dropped and r() < e.hyphen_dropped:
        first, _, second = q.family_name.partition("-")
        q.family_name = rng.choice([f"{first} {second}", second, first + second])
        changes.append("hyphen dropped")
    elif r() < e.family_typo:
        q.family_name = typo(rng, q.family_name)
        changes.append("family typo")
    elif r() < e.double_barrelled:
        q.family_name = (
            q.family_name.split("-")[0]
            if "-" in q.family_name
            else f"{q.family_name}-{population.surname()}"
        )
        changes.append("double-barrelled")
    elif r() < e.family_changed:
        q.family_name = population.surname()
        changes.append("family changed")
    elif e.parent_family and r() < e.parent_family:
        others = [
            c.split(" ", 1)[1]
            for c in record.carer_names
            if " " in c and c.split(" ", 1)[1] != record.family_name
        ]
        if others:
            q.family_name = rng.choice(others)
            changes.append("parent's family name")
    if e.names_swapped and q.given_name and r() < e.names_swapped:
        q.given_name, q.family_name = q.family_name, q.given_name
        changes.append("names swapped")
    if q.date_of_birth:
        d = q.date_of_birth
        roll = r()
        if roll < e.dob_swapped and d.day <= 12 and d.day != d.month:
            q.date_of_birth = dt.date(d.year, d.day, d.month)
            changes.append("day/month swapped")
        elif roll < e.dob_swapped + e.dob_digit:
            text = f"{d:%Y%m%d}"
            for _ in range(10):
                i = rng.choice([3, 5, 6, 7])
                candidate = text[:i] + str(rng.randrange(10)) + text[i + 1 :]
                try:
                    new = dt.datetime.strptime(candidate, "%Y%m%d").date()  # noqa: DTZ007
                except ValueError:
                    continue
                if new != d:
                    q.date_of_birth = new
                    changes.append("dob digit")
                    break
        elif roll < e.dob_swapped + e.dob_digit + e.dob_year:
            year = d.year + rng.choice([-1, 1]) if r() < 0.6 else d.year + rng.choice([-10, 10])
            try:
                q.date_of_birth = d.replace(year=year)
                changes.append("dob year")
            except ValueError:
                pass
    if r() < e.moved:
        q.postcode, q.address_line = population.address()
        changes.append("moved house")
    # What the referrer did not know.
    if r() < e.no_dob:
        q.date_of_birth = None
        changes.append("no dob")
    if r() < e.no_postcode:
        q.postcode = ""
        changes.append("no postcode")
    if r() < e.no_address:
        q.address_line = ""
    if r() < e.no_sex:
        q.sex = ""
    if r() < e.no_nhs:
        q.nhs_number = ""
    if r() < e.no_carers:
        q.carer_names = []
    elif q.carer_names and r() < 0.3:
        q.carer_names = q.carer_names[:1]
    if r() < e.no_given:
        q.given_name = ""
        changes.append("no given name")
    return q, changes


def generate(
    people: int, queries: int, seed: int, out: Path, errors: Errors = PRESETS["standard"]
) -> None:
    population = Population(seed)
    rng = population.rng
    today = dt.date(2026, 11, 23)
    index: list[Record] = []
    held_out_siblings: list[tuple[Record, str]] = []  # (child, "twin" or "sibling")
    held_out_unrelated: list[Record] = []
    number = 0
    while len(index) < people:
        number += 1
        children = population.family(number, today)
        if rng.random() < 0.08:
            held_out_unrelated.extend(children)  # a family nobody has met
            continue
        twins = [c for c in children if c.twin_of]
        if twins and rng.random() < 0.5:
            out_child = rng.choice(twins)
            held_out_siblings.append((out_child, "twin"))
            children.remove(out_child)
        elif len(children) > 1 and rng.random() < 0.12:
            out_child = rng.choice(children)
            held_out_siblings.append((out_child, "sibling"))
            children.remove(out_child)
        for child in children:
            child.person_id = f"P{population.next_id:07d}"
            population.next_id += 1
            index.append(child)
    index = index[:people]
    out.mkdir(parents=True, exist_ok=True)
    _write_index(out / "index.csv", index)
    for name, count, offset in (("queries", queries, 0), ("train_queries", queries, 1)):
        q_rng = random.Random(seed * 1000 + 7 + offset)
        rows = []
        for _ in range(count):
            roll = q_rng.random()
            if roll < 0.70:
                truth = q_rng.choice(index)
                query, changes = corrupt(q_rng, truth, population, errors)
                rows.append((query, truth.person_id, "known", changes))
            elif roll < 0.85 and held_out_siblings:
                child, how = q_rng.choice(held_out_siblings)
                query, changes = corrupt(q_rng, child, population, errors)
                rows.append((query, "", f"absent {how}", changes))
            else:
                child = q_rng.choice(held_out_unrelated)
                query, changes = corrupt(q_rng, child, population, errors)
                rows.append((query, "", "absent unrelated", changes))
        prefix = "train_" if offset else ""
        _write_queries(
            out / f"{name}.csv", out / f"{prefix}truth.csv", rows, "T" if offset else "Q"
        )
    print(f"wrote {len(index)} people and {queries} queries (+{queries} for training) to {out}")


def _write_index(path: Path, records: list[Record]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "person_id",
                "given_name",
                "family_name",
                "date_of_birth",
                "sex",
                "postcode",
                "address_line",
                "nhs_number",
                "carer_names",
            ]
        )
        for r in records:
            writer.writerow(
                [
                    r.person_id,
                    r.given_name,
                    r.family_name,
                    r.date_of_birth.isoformat() if r.date_of_birth else "",
                    r.sex,
                    r.postcode,
                    r.address_line,
                    r.nhs_number,
                    "; ".join(r.carer_names),
                ]
            )


def _write_queries(path: Path, truth_path: Path, rows: list, prefix: str) -> None:
    with (
        path.open("w", newline="", encoding="utf-8") as handle,
        truth_path.open("w", newline="", encoding="utf-8") as truth_handle,
    ):
        writer = csv.writer(handle)
        truth = csv.writer(truth_handle)
        writer.writerow(
            [
                "query_id",
                "given_name",
                "family_name",
                "date_of_birth",
                "sex",
                "postcode",
                "address_line",
                "nhs_number",
                "carer_names",
            ]
        )
        truth.writerow(["query_id", "person_id", "category", "changes"])
        for i, (q, person_id, category, changes) in enumerate(rows, 1):
            qid = f"{prefix}{i:06d}"
            writer.writerow(
                [
                    qid,
                    q.given_name,
                    q.family_name,
                    q.date_of_birth.isoformat() if q.date_of_birth else "",
                    q.sex,
                    q.postcode,
                    q.address_line,
                    q.nhs_number,
                    "; ".join(q.carer_names),
                ]
            )
            truth.writerow([qid, person_id, category, "|".join(changes)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--errors",
        default="standard",
        help=f"the referrers' error rates: {', '.join(PRESETS)}, or a JSON file of rates "
        "(the fields of `Errors`; those left out keep the standard rate)",
    )
    args = parser.parse_args()
    if args.errors in PRESETS:
        errors = PRESETS[args.errors]
    else:
        errors = Errors(**json.loads(Path(args.errors).read_text(encoding="utf-8")))
    generate(args.people, args.queries, args.seed, args.out, errors)


if __name__ == "__main__":
    main()
