"""Names, streets and ethnicity for the demo authority.

Adults' first names and everyone's family names come from Faker's en_GB lists (the family
names with Faker's own frequencies), drawn with the generator's seeded `random.Random` rather
than through a Faker instance: Faker's weighted pick adds up its 500 weights on every call,
which made family names the slowest step of the generator, while a pick from precomputed
cumulative weights is about twenty times faster and just as deterministic. Children born since 2005 mostly get names from the lists
popular in England and Wales in their time, so a ten-year-old is an Amelia or a Harry rather
than a Susan or a David. A few smaller pools give families of other backgrounds plausible
names; all combinations are made up.
"""

import random
from dataclasses import dataclass
from itertools import accumulate

from faker.providers.person.en_GB import Provider as FakerPerson

from continuum.people.codes import Ethnicity, Sex

ADULT_FEMALE = tuple(FakerPerson.first_names_female)
ADULT_MALE = tuple(FakerPerson.first_names_male)
_SURNAMES = tuple(FakerPerson.last_names.keys())
_SURNAME_CUM_WEIGHTS = tuple(accumulate(FakerPerson.last_names.values()))

CHILD_FEMALE = (
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia",
    "Grace", "Freya", "Willow", "Florence", "Emily", "Ella", "Poppy", "Evie", "Elsie",
    "Charlotte", "Evelyn", "Sienna", "Sofia", "Daisy", "Phoebe", "Sophie", "Harper", "Ruby",
    "Millie", "Jessica", "Maisie", "Matilda", "Alice", "Isabelle", "Ellie", "Erin", "Scarlett",
    "Chloe", "Holly", "Lola", "Layla", "Esme", "Eva", "Molly", "Megan", "Lucy", "Amber",
    "Hannah", "Lacey", "Paige", "Niamh", "Darcie", "Aria", "Bella", "Thea", "Harriet",
    "Imogen", "Eliza", "Luna", "Mila", "Ruby-Mae", "Lily-May", "Summer", "Skye", "Gracie",
)  # fmt: skip
CHILD_MALE = (
    "Noah", "Oliver", "George", "Arthur", "Leo", "Harry", "Oscar", "Archie", "Henry",
    "Theodore", "Freddie", "Jack", "Charlie", "Theo", "Jacob", "Alfie", "Thomas", "Finley",
    "Lucas", "Isaac", "Tommy", "Teddy", "Joshua", "William", "James", "Ethan", "Max", "Mason",
    "Riley", "Logan", "Dylan", "Harrison", "Samuel", "Daniel", "Jayden", "Kai", "Louie",
    "Reggie", "Albie", "Ronnie", "Frankie", "Tyler", "Kyle", "Callum", "Liam", "Connor",
    "Jake", "Ryan", "Lewis", "Bobby", "Alexander", "Joseph", "Edward", "Jenson", "Harley",
    "Stanley", "Jude", "Elijah", "Hugo", "Brody", "Mason-James", "Tyler-Jay", "Kian", "Jaxon",
)  # fmt: skip


@dataclass(frozen=True)
class NamePool:
    """First and family names for a background other than White British."""

    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]


OTHER_POOLS = {
    "european": NamePool(
        female=("Zuzanna", "Maja", "Julia", "Natalia", "Alexandra", "Ioana", "Andreea", "Ieva"),
        male=("Jakub", "Kacper", "Filip", "Mateusz", "Andrei", "Matas", "Lukas", "Tomas"),
        family=("Nowak", "Novak", "Horvat", "Popescu", "Ionescu", "Kovacs", "Petrauskas"),
    ),
    "south_asian": NamePool(
        female=("Aisha", "Zara", "Amira", "Maryam", "Fatima", "Hafsa", "Priya", "Anaya"),
        male=("Hamza", "Ibrahim", "Yusuf", "Ayaan", "Zayn", "Arjun", "Bilal", "Rayyan"),
        family=("Khan", "Ahmed", "Hussain", "Patel", "Ali", "Shah", "Rahman", "Iqbal", "Mistry"),
    ),
    "african": NamePool(
        female=("Amara", "Zainab", "Adaeze", "Abena", "Nia", "Folake", "Hodan", "Esi"),
        male=("Chidi", "Tobi", "Kwame", "Emeka", "Kofi", "Tunde", "Abdi", "Samuel"),
        family=("Okafor", "Mensah", "Adeyemi", "Osei", "Mohamed", "Boateng", "Okeke", "Yusuf"),
    ),
    "caribbean": NamePool(
        female=("Shanice", "Keisha", "Jada", "Tia", "Aaliyah", "Chantelle"),
        male=("Jerome", "Marcus", "Tyrone", "Dwayne", "Andre", "Malik"),
        family=("Campbell", "Brown", "Williams", "Grant", "Francis", "Clarke", "Henry"),
    ),
    "east_asian": NamePool(
        female=("Mei", "Xin", "Lin", "Yan", "Hui", "Jing"),
        male=("Wei", "Jun", "Hao", "Ming", "Jian", "Lei"),
        family=("Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Lam"),
    ),
}

# Which pool names the parent of each background; None means the en_GB lists.
POOL_FOR_ETHNICITY: dict[str, str | None] = {
    Ethnicity.WOTH: "european",
    Ethnicity.WROM: "european",
    Ethnicity.AIND: "south_asian",
    Ethnicity.APKN: "south_asian",
    Ethnicity.ABAN: "south_asian",
    Ethnicity.AOTH: "south_asian",
    Ethnicity.BAFR: "african",
    Ethnicity.BOTH: "african",
    Ethnicity.BCRB: "caribbean",
    Ethnicity.CHNE: "east_asian",
}

# Children's ethnicity in a plausible Blackpool mix (the town is about nine in ten White
# British; children are a little more mixed than adults). Weights are per thousand families.
FAMILY_ETHNICITY_WEIGHTS: dict[str, int] = {
    Ethnicity.WBRI: 860,
    Ethnicity.WOTH: 35,
    Ethnicity.WIRI: 4,
    Ethnicity.WIRT: 2,
    Ethnicity.WROM: 3,
    Ethnicity.MWBC: 14,
    Ethnicity.MWBA: 6,
    Ethnicity.MWAS: 12,
    Ethnicity.MOTH: 12,
    Ethnicity.AIND: 6,
    Ethnicity.APKN: 5,
    Ethnicity.ABAN: 4,
    Ethnicity.AOTH: 4,
    Ethnicity.BAFR: 6,
    Ethnicity.BCRB: 2,
    Ethnicity.BOTH: 2,
    Ethnicity.CHNE: 3,
    Ethnicity.OOTH: 5,
    Ethnicity.REFU: 4,
    Ethnicity.NOBT: 10,
}
_ETHNICITIES = tuple(FAMILY_ETHNICITY_WEIGHTS)
_ETHNICITY_CUM_WEIGHTS = tuple(accumulate(FAMILY_ETHNICITY_WEIGHTS.values()))

# A mixed-heritage child's parents: one White British, the other of this background.
MIXED_PARENTS: dict[str, tuple[str, ...]] = {
    Ethnicity.MWBC: (Ethnicity.BCRB,),
    Ethnicity.MWBA: (Ethnicity.BAFR,),
    Ethnicity.MWAS: (Ethnicity.AIND, Ethnicity.APKN, Ethnicity.ABAN, Ethnicity.CHNE),
    Ethnicity.MOTH: (Ethnicity.OOTH, Ethnicity.WOTH),
}

# Short forms people are known by (a preferred name).
SHORT_FORMS = {
    "Alexander": "Alex",
    "Alexandra": "Lexi",
    "Charlotte": "Lottie",
    "Daniel": "Danny",
    "Elizabeth": "Beth",
    "Frederick": "Freddie",
    "Isabella": "Bella",
    "Jacob": "Jake",
    "Jessica": "Jess",
    "Joshua": "Josh",
    "Matilda": "Tilly",
    "Nicholas": "Nick",
    "Rebecca": "Becky",
    "Samuel": "Sam",
    "Theodore": "Teddy",
    "Thomas": "Tom",
    "William": "Will",
    "Christopher": "Chris",
    "Jennifer": "Jen",
    "Katherine": "Kate",
    "Margaret": "Maggie",
    "Victoria": "Vicky",
    "Olivia": "Liv",
    "Florence": "Flo",
    "Harrison": "Harry",
    "Benjamin": "Ben",
    "Joseph": "Joe",
    "James": "Jamie",
}

STREET_STEMS = (
    "Albert", "Victoria", "Queens", "Kings", "Church", "Station", "Park", "Mill", "Chapel",
    "School", "Highfield", "Grange", "Ashfield", "Beech", "Cedar", "Elm", "Hawthorn", "Holly",
    "Laburnum", "Larch", "Maple", "Oak", "Rowan", "Sycamore", "Willow", "Moor", "Marsh",
    "Links", "Promenade", "Sands", "Harbour", "Lighthouse", "Pier", "Tower", "Windmill",
    "Meadow", "Orchard", "Primrose", "Bluebell", "Heather", "Clifton", "Warwick", "Stanley",
    "Devonshire", "Carlton", "Lonsdale", "Balmoral", "Windsor", "Osborne", "Ribble", "Wyre",
)  # fmt: skip
STREET_SUFFIXES = (
    "Road", "Road", "Road", "Street", "Street", "Avenue", "Avenue", "Close", "Drive", "Grove",
    "Lane", "Crescent", "Way", "Gardens", "Terrace", "Place", "Court", "Walk", "Mews", "Parade",
)  # fmt: skip


def family_name(rng: random.Random, ethnicity: str = Ethnicity.WBRI) -> str:
    """A family name for a person of this background."""
    pool = POOL_FOR_ETHNICITY.get(ethnicity)
    if pool is not None and rng.random() < 0.85:
        return rng.choice(OTHER_POOLS[pool].family)
    return rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM_WEIGHTS)[0]


def first_name(rng: random.Random, sex: str, birth_year: int, ethnicity: str = "") -> str:
    """A first name for someone of this sex, born in this year, of this background."""
    pool = POOL_FOR_ETHNICITY.get(ethnicity)
    female = sex == Sex.FEMALE or (sex == Sex.UNKNOWN and rng.random() < 0.5)
    if pool is not None and rng.random() < 0.8:
        names = OTHER_POOLS[pool]
        return rng.choice(names.female if female else names.male)
    if birth_year >= 2005 and rng.random() < 0.8:
        return rng.choice(CHILD_FEMALE if female else CHILD_MALE)
    return rng.choice(ADULT_FEMALE if female else ADULT_MALE)


def family_ethnicity(rng: random.Random) -> str:
    """A family's (children's) ethnicity, in the demo's Blackpool mix."""
    return rng.choices(_ETHNICITIES, cum_weights=_ETHNICITY_CUM_WEIGHTS)[0]


def parent_ethnicities(rng: random.Random, children: str) -> tuple[str, str]:
    """The two parents' ethnicities for children of this background (mother, father)."""
    if children in MIXED_PARENTS:
        other = rng.choice(MIXED_PARENTS[children])
        return (Ethnicity.WBRI, other) if rng.random() < 0.6 else (other, Ethnicity.WBRI)
    return children, children


def street_name(rng: random.Random) -> str:
    """A made-up street name ("Rowan Close", "Harper Street")."""
    if rng.random() < 0.5:
        stem = rng.choice(STREET_STEMS)
    else:
        stem = rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM_WEIGHTS)[0]
    return f"{stem} {rng.choice(STREET_SUFFIXES)}"
