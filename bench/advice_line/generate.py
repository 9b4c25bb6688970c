"""Generate the labelled synthetic Advice Line notes used to measure the detector.

    python bench/advice_line/generate.py

Writes ``bench/advice_line/data/tune.jsonl`` and ``bench/advice_line/data/heldout.jsonl``:
one JSON object per line, ``{"id", "split", "text", "identifying", "spans": [{"start",
"end", "kind", "text"}]}`` with character offsets into ``text``.

The two splits share nothing but the labelling rules:

- ``tune`` (seed 20261123): sentence bank A, names from the same sources as the detector's
  word lists (Faker en_GB and the children's names in build_lexicons.py), Blackpool-style
  street names, real Blackpool school names. The detector was tuned against this split.
- ``heldout`` (seed 77): sentence bank B, written separately with different phrasing,
  services and places the detector's lists do not mention, names from Faker's en_NZ, pl_PL,
  ro_RO, lt_LT and en_IN providers plus a separate list of children's names, invented
  street and school names, and more date and street formats. Not used for tuning.

What counts as identifying (the labels):

- name: any person's name (child, family member, professional), including "Mrs Khan" and
  the surname in "the Smith family". Family words (Mum, Dad, Nan) and roles are not names.
- date_of_birth: any full date (day, month and year, any format) because it could be a date
  of birth; and any part of a date after "dob", "born" or "birthday". A date without a year
  ("seen on 3 March"), a month and year ("since March 2024"), a year, an age or a time is
  not identifying.
- address: a house or flat number with a street name ("3 Caunce St"), or a street named as
  where someone lives ("lives on Hope Street"). A street named as a place in town ("near the
  Talbot Road bus station") is not.
- postcode: a full postcode ("FY1 3LA"); a district alone ("FY4") is not.
- phone, email, nhs_number, ni_number: as written. The published Hub and Advice Line numbers
  are not identifying.
- school: a named school, academy or nursery ("Revoe Primary"); "primary school" is not.

Every name, number and address is invented: phone numbers come from Ofcom's ranges for
drama, NHS numbers from the 999 range that is never issued, National Insurance numbers use
prefixes that are never issued, email addresses use example domains.
"""

from __future__ import annotations

import importlib
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_lexicons import CHILD_NAMES  # noqa: E402

OUT = HERE / "data"
NOTES_PER_SPLIT = {"tune": 400, "validation": 400, "heldout": 400}
SEEDS = {"tune": 20261123, "validation": 77, "heldout": 4242}

# ---------------------------------------------------------------------------------------
# Name pools


def _faker_names(locale: str, attrs: tuple[str, ...]) -> list[str]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    out: set[str] = set()
    for attr in attrs:
        values = getattr(provider, attr, ())
        if isinstance(values, dict):
            values = values.keys()
        out |= {str(v) for v in values}
    return sorted(n for n in out if re.fullmatch(r"[^\W\d_]+(?:[-'][^\W\d_]+)?", n))


FIRST_ATTRS = ("first_names_male", "first_names_female", "first_names")
LAST_ATTRS = ("last_names", "last_names_male", "last_names_female")

VALIDATION_CHILD_NAMES = """
Brody Kenzie Jaxson Rylee Ocean Bobbi Kacie Jayce Kobe Tayla Keelan Lennox Mylo Reuben
Ezra Rocco Otis Alby Ronan Rio Zayn Ibrahim Aisha Maryam Zainab Yusuf Amira Hamza Ayaan
Kaycee Brooklyn Ember Aria Nova Luna Orla Elodie Maeve Indie Marnie Bonnie Delilah Edie
Ottilie Remi Rowan Sasha Tiana Jorja Kaci Keira Lyla Nia Shay Tegan Tiegan Brogan Caden
Jenson-Lee Harley-Rae Bobbi-Jo Mia-Rose Lily-Grace Ruby-Leigh Kai-Jay Tommy-Lee
"""


HELDOUT_CHILD_NAMES = """
Rhys-Jay Kaidan Lakeisha Jaylen Brayden Keaton Kyron Ashton Bentley Carter-Lee Dolly Ellis
Fearne Gracie-Mai Halle Iyla Jessa Kenzi Lottie Mabel Nellie Olive Pixie Raya Sapphire
Tallulah Vienna Winnie Yasmin Zola Ahmed Bilal Danyal Ehsan Faisal Ikram Junaid Khadija
Laiba Mehwish Nadia Rukhsana Safa Tahmina Zara-Leigh Darcie Connie Florence Hattie Ivy-Rose
Kobi Leland Marley Nico Presley Quinn Ryder Stevie Tate Wilf
"""


def name_pools(split: str) -> tuple[list[str], list[str]]:
    if split == "tune":
        firsts = sorted(set(_faker_names("en_GB", FIRST_ATTRS)) | set(CHILD_NAMES.split()))
        return firsts, _faker_names("en_GB", LAST_ATTRS)
    if split == "validation":
        firsts, lasts = set(VALIDATION_CHILD_NAMES.split()), set()
        locales = ("en_NZ", "pl_PL", "ro_RO", "lt_LT", "en_IN")
    else:
        firsts, lasts = set(HELDOUT_CHILD_NAMES.split()), set()
        locales = ("en_PK", "cs_CZ", "hu_HU", "it_IT", "pt_BR", "lv_LV", "en_KE", "sk_SK")
    for locale in locales:
        firsts |= set(_faker_names(locale, FIRST_ATTRS))
        lasts |= set(_faker_names(locale, LAST_ATTRS))
    return sorted(firsts), sorted(lasts)


# ---------------------------------------------------------------------------------------
# Places, streets, schools

STREETS = {
    "tune": {
        "stems": [
            "Caunce",
            "Talbot",
            "Hornby",
            "Dickson",
            "Hope",
            "Lytham",
            "Whitegate",
            "Devonshire",
            "Cocker",
            "Palatine",
            "Bond",
            "Grasmere",
            "Cookson",
            "Reads",
            "Coronation",
            "Chapel",
            "Vicarage",
            "Warley",
            "Ansdell",
            "Egerton",
            "Rigby",
            "Cumberland",
            "Onslow",
            "Kent",
            "Westmorland",
            "Waterloo",
            "Central",
            "Park",
            "Church",
            "Albert",
            "Victoria",
            "Elizabeth",
            "Seed",
            "Gorton",
            "Bloomfield",
            "Ribble",
            "Crystal",
            "Kirby",
            "Mayfield",
            "Newton",
            "Grange",
        ],
        "types": [
            "Street",
            "St",
            "Road",
            "Rd",
            "Avenue",
            "Ave",
            "Drive",
            "Close",
            "Lane",
            "Grove",
            "Crescent",
            "Terrace",
        ],
    },
    "heldout": {
        "stems": [
            "Quernmore",
            "Stonechat",
            "Wagtail",
            "Buttermere",
            "Whinney",
            "Heathfield",
            "Fieldfare",
            "Peel",
            "Coniston",
            "Haweswater",
            "Clitheroe",
            "Pendle",
            "Longridge",
            "Tarnbrook",
            "Galgate",
            "Glasson",
            "Scorton",
            "Nateby",
            "Inskip",
            "Elswick",
            "Treales",
            "Wharles",
            "Weeton",
            "Staynall",
            "Hambleton",
            "Preesall",
            "Stalmine",
            "Pilling",
            "Cockerham",
            "Thurnham",
            "Bleasdale",
        ],
        "types": [
            "Street",
            "Road",
            "Avenue",
            "Close",
            "Lane",
            "Drive",
            "Grove",
            "Way",
            "Place",
            "Court",
            "Gardens",
            "Rd",
            "St",
            "Crescent",
            "Terrace",
            "Mews",
            "Walk",
            "View",
            "Fold",
            "Croft",
            "Brow",
        ],
    },
    "validation": {
        "stems": [
            "Marram",
            "Saltings",
            "Gannet",
            "Cormorant",
            "Tidewater",
            "Sandpiper",
            "Shingle",
            "Foreshore",
            "Lifeboat",
            "Kittiwake",
            "Larkhill",
            "Ashdown",
            "Elmfield",
            "Pennine",
            "Beacon",
            "Tramway",
            "Copse",
            "Heron",
            "Brackenbury",
            "Windmill",
            "Oystercatcher",
            "Sea",
            "View",
            "Curlew",
            "Dunlin",
            "Marsh",
            "Harbour",
            "Fernlea",
            "Thistle",
            "Lowther",
            "Bracken",
            "Merlin",
            "Holmfield",
            "Kestrel",
            "Osprey",
            "Goldcrest",
        ],
        "types": [
            "Way",
            "Place",
            "Court",
            "Gardens",
            "Mews",
            "Walk",
            "Parade",
            "Rise",
            "View",
            "Fold",
            "Croft",
            "Row",
            "Cres",
            "Gdns",
            "Street",
            "Road",
            "Avenue",
            "Close",
            "Lane",
            "Drive",
            "Grove",
        ],
    },
}

SCHOOLS = {
    "tune": """Revoe Primary|St Mary's Catholic Academy|Highfield Leadership Academy|Montgomery
    Academy|Boundary Primary|Devonshire Primary Academy|Waterloo Primary|Thames Primary
    Academy|Layton Primary|Baines Endowed Primary|Anchorsholme Academy|St John Vianney
    Catholic Primary|Blackpool Aspire Academy|South Shore Academy|Unity Academy|Hawes Side
    Academy|Mereside Primary|Norbreck Primary Academy|St Kentigern's Catholic Primary|Park
    Community Academy|Stanley Primary|Westcliff Primary Academy|Bispham Endowed|Marton
    Primary|Kincraig Primary|Christ the King Catholic Academy|Educational Diversity
    Academy|Moor Park Primary|Roseacre Primary Academy|Armfield Academy""",
    "heldout": """Quernmore Primary School|St Wilfrid's RC Primary|Pendle View
    Academy|Coniston High School|Galgate Infant and Nursery School|Whinney Heys Junior
    School|Stonechat Day Nursery|Holy Cross Catholic High School|Heathfield Community
    Primary|Tarnbrook Free School|Bleasdale House School|St Bede's|Buttermere
    College|Elswick Methodist Primary|Treales C of E Primary School|Inskip Pre-School""",
    "validation": """Saltings Community Primary School|Beacon Hill High School|Marram Bank Infant
    School|St Cuthbert's C of E Primary|Larkhill Junior School|Sandpiper Day Nursery|Ribble
    Vale Free School|Our Lady of the Sea RC Primary|Tidewater Sixth Form College|Kittiwake
    Pre-School|Foreshore Academy|Gannet Lane Primary School|Holy Family Catholic Primary
    School|Brackenbury High|Windmill Hill Infants|St Anselm's Church of England
    Academy|Curlew Park Nursery School|Heronsgate Primary|Ashdown Juniors|Pennine View
    Community College""",
}

POSTCODE_AREAS = {
    "tune": ["FY1", "FY2", "FY3", "FY4", "FY5", "FY6", "FY8"],
    "validation": ["FY0", "FY7", "PR4", "LA1", "BB2", "M14", "L8", "PR1"],
    "heldout": ["FY6", "PR3", "LA2", "BB11", "WN5", "OL1", "CH4", "SK10"],
}
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


# ---------------------------------------------------------------------------------------
# Identifying-detail fillers: each returns the text to insert


class Gen:
    def __init__(self, split: str, rng: random.Random) -> None:
        self.split = split
        self.rng = rng
        self.firsts, self.lasts = name_pools(split)
        self.streets = STREETS[split]
        self.schools = [re.sub(r"\s+", " ", s).strip() for s in SCHOOLS[split].split("|")]

    def choice(self, seq: list[str]) -> str:
        return self.rng.choice(seq)

    # names
    def first(self) -> str:
        return self.choice(self.firsts)

    def surname(self) -> str:
        return self.choice(self.lasts)

    def full(self) -> str:
        name = f"{self.first()} {self.surname()}"
        if self.rng.random() < 0.08:
            name = (
                name.upper()
                if self.rng.random() < 0.5
                else f"{self.first()} {self.surname().upper()}"
            )
        return name

    def hon(self) -> str:
        return f"{self.choice(['Mr', 'Mrs', 'Ms', 'Miss', 'Mrs', 'Dr'])} {self.surname()}"

    def lowername(self) -> str:
        return f"{self.first()} {self.surname()}".lower()

    # dates
    MONTHS = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]  # fmt: skip

    def _ymd(self) -> tuple[int, int, int]:
        return self.rng.randint(2006, 2024), self.rng.randint(1, 12), self.rng.randint(1, 28)

    @staticmethod
    def _ordinal(d: int) -> str:
        suffix = "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
        return f"{d}{suffix}"

    def dob(self) -> str:
        y, m, d = self._ymd()
        month = self.MONTHS[m - 1]
        short = month[:3]
        formats = {
            "tune": [
                f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y % 100:02d}", f"{d}.{m}.{y % 100:02d}",
                f"{self._ordinal(d)} {short} {y}", f"{d} {month} {y}", f"{d:02d}-{m:02d}-{y}",
                f"{d}/{m}/{y}",
            ],
            "heldout": [
                f"{self._ordinal(d)} {month}, {y}", f"{short}. {self._ordinal(d)} {y}",
                f"{d}/{m}/{y}", f"{d:02d}.{m:02d}.{y}", f"{d} {month[:4] if m == 9 else short} {y % 100:02d}",
                f"{d}-{m}-{y % 100:02d}", f"{self._ordinal(d)} {month.upper()} {y}",
                f"{d:02d}/{m:02d}/{y % 100:02d}", f"{month} {d} {y}",
            ],
            "validation": [
                f"{month} {self._ordinal(d)} {y}", f"{short} {d}, {y}",
                f"{self._ordinal(d)} of {month} {y}", f"{y}-{m:02d}-{d:02d}",
                f"{d:02d}.{m:02d}.{y % 100:02d}", f"{d}-{short}-{y}", f"{d:02d}/{m:02d}/{y}",
                f"{self._ordinal(d)} {month} {y}", f"{d} {short.lower()} {y}",
            ],
        }[self.split]  # fmt: skip
        return self.choice(formats)

    def dob_partial(self) -> str:
        y, m, d = self._ymd()
        month = self.MONTHS[m - 1]
        return self.choice([f"{month} {y}", f"{self._ordinal(d)} {month}", f"{d} {month[:3]}"])

    # places
    def street_name(self) -> str:
        stem = self.choice(self.streets["stems"])
        kind = self.choice(self.streets["types"])
        if self.split == "tune" and stem in ("Park", "Church", "Central") and kind in ("Lane",):
            kind = "Road"
        return f"{stem} {kind}"

    def address(self) -> str:
        number = self.rng.randint(1, 240)
        street = self.street_name()
        r = self.rng.random()
        if r < 0.15:
            return f"Flat {self.rng.randint(1, 12)}, {number} {street}"
        if r < 0.25:
            return f"{number}{self.choice(['a', 'b'])} {street}"
        if r < 0.32:
            return f"{number} {street}".lower()
        return f"{number} {street}"

    def postcode(self) -> str:
        area = self.choice(POSTCODE_AREAS[self.split])
        inward = f"{self.rng.randint(1, 9)}{self.choice(list(INWARD_LETTERS))}{self.choice(list(INWARD_LETTERS))}"
        r = self.rng.random()
        if r < 0.12:
            return f"{area}{inward}"
        if r < 0.2:
            return f"{area} {inward}".lower()
        return f"{area} {inward}"

    def phone(self) -> str:
        n3 = self.rng.randint(0, 999)
        r = self.rng.random()
        if self.split == "tune":
            options = [
                f"07700 900{n3:03d}", f"07700900{n3:03d}", f"01632 960{n3:03d}",
                f"0161 496 0{n3:03d}", f"+44 7700 900{n3:03d}", f"0151 496 0{n3:03d}",
            ]  # fmt: skip
        elif self.split == "heldout":
            options = [
                f"+447700900{n3:03d}", f"0161-496-0{n3:03d}", f"01632 960 {n3:03d}",
                f"(01632) 960{n3:03d}", f"0114 496 0{n3:03d}", f"07700 900{n3:03d}",
                f"0131 496 0{n3:03d}", f"0044 7700 900{n3:03d}",
            ]  # fmt: skip
        else:
            options = [
                f"(0113) 496 0{n3:03d}", f"0117 496 0{n3:03d}", f"020 7946 0{n3:03d}",
                f"07700-900-{n3:03d}", f"+44 (0)7700 900{n3:03d}", f"0121 496 0{n3:03d}",
                f"029 2018 0{n3:03d}", f"07700 900 {n3:03d}",
            ]  # fmt: skip
        return options[int(r * len(options))]

    def email(self) -> str:
        first = self.first().lower().replace("'", "")
        last = self.surname().lower().replace("'", "").replace(" ", "")
        local = self.choice(
            [f"{first}.{last}", f"{first}{self.rng.randint(1, 99)}", f"{last}{first[0]}"]
        )
        domain = self.choice(["example.com", "example.org", "example.net", "mail.example.co.uk"])
        return f"{local}@{domain}"

    def nhs(self) -> str:
        while True:
            digits = [9, 9, 9] + [self.rng.randint(0, 9) for _ in range(6)]
            total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True))
            check = 11 - total % 11
            if check == 11:
                check = 0
            if check != 10:
                break
        s = "".join(map(str, digits + [check]))
        style = self.rng.random()
        if style < 0.5:
            return f"{s[:3]} {s[3:6]} {s[6:]}"
        if style < 0.8 or self.split == "tune":
            return s
        return f"{s[:3]}-{s[3:6]}-{s[6:]}"

    def ni(self) -> str:
        # First letter D, F, I, Q, U or V, or second letter O: never issued.
        a = self.choice(list("DFQUV"))
        b = self.choice(list("ABCEHJKLMNPRSTWXYZ"))
        digits = f"{self.rng.randint(0, 999999):06d}"
        end = self.choice(list("ABCD"))
        if self.rng.random() < 0.5:
            return f"{a}{b} {digits[:2]} {digits[2:4]} {digits[4:]} {end}"
        return f"{a}{b}{digits}{end}"

    def school(self) -> str:
        return self.choice(self.schools)

    # clean fillers
    def age(self) -> str:
        n = self.rng.randint(2, 16)
        return self.choice([f"{n}-year-old", f"aged {n}", f"{n} year old", f"age {n}"])

    def yeargroup(self) -> str:
        return self.choice(
            [
                "Reception",
                "Year 1",
                "Year 3",
                "Year 4",
                "Year 6",
                "Year 7",
                "Year 9",
                "Year 10",
                "Year 11",
            ]
        )

    def time(self) -> str:
        return self.choice(
            ["3pm", "10:30", "9.15am", "after 6pm", "17:00", "half past three", "midnight"]
        )

    def nodate(self) -> str:
        d = self.rng.randint(1, 28)
        month = self.choice(self.MONTHS)
        return self.choice(
            [
                f"{d} {month}",
                f"{self._ordinal(d)} {month}",
                f"the {self._ordinal(d)}",
                f"{month} {self._ordinal(d)}",
            ]
        )


SLOTS = {
    "FIRST": ("name", Gen.first),
    "FULL": ("name", Gen.full),
    "HON": ("name", Gen.hon),
    "SURNAME": ("name", Gen.surname),
    "LOWERNAME": ("name", Gen.lowername),
    "DOB": ("date_of_birth", Gen.dob),
    "DOBPART": ("date_of_birth", Gen.dob_partial),
    "ADDRESS": ("address", Gen.address),
    "STREET": ("address", Gen.street_name),
    "POSTCODE": ("postcode", Gen.postcode),
    "PHONE": ("phone", Gen.phone),
    "EMAIL": ("email", Gen.email),
    "NHS": ("nhs_number", Gen.nhs),
    "NI": ("ni_number", Gen.ni),
    "SCHOOL": ("school", Gen.school),
    "AGE": (None, Gen.age),
    "YEAR": (None, Gen.yeargroup),
    "TIME": (None, Gen.time),
    "NODATE": (None, Gen.nodate),
}

# ---------------------------------------------------------------------------------------
# Sentence banks. {SLOT} placeholders; sentences with an identifying slot are "identifying".

BANK_A_CLEAN = """
Year 6 pupil, worries about neglect at home, advised to talk to the DSL.
Health visitor calling about a {AGE}, Mum says Dad has been violent, advised to submit a Request for Support.
Teacher worried about a {YEAR} girl who has come in hungry most days since May half-term.
Mum has told school that Dad drinks most nights; no disclosure from the child yet.
Nan is caring for the children most weekends and is struggling financially.
Advised the caller that this sounds like Level 3 and to speak to Families in Need.
Boy {AGE} seen near Squires Gate late at night with older lads; discussed exploitation and Awaken.
Young person says she does not want to go home because Mum's partner shouts.
Discussed consent: the family have agreed to a referral to Early Help.
School nurse reports weight loss; GP is aware and CAMHS referral was declined.
Child was found wandering in Stanley Park at {TIME}; police brought him home.
There is little hope that Dad will engage, but Mum is keen for help.
May need a CAFA if things escalate; caller to ring back after the TAF meeting.
Will ring back after speaking to the DSL and the family support worker.
Hope is that Mum will accept support from the Family Hub.
Grace period agreed with the landlord for rent arrears, housing are involved.
Mark on his arm noticed by the PE teacher; he said he fell off his bike.
Advised to call 999 if the child is in immediate danger and then the Hub.
Caller was given the Hub line 01253 477299 for a Request for Support.
Police officer attended a domestic incident on {NODATE}; two children present.
Seen on {NODATE} by the health visitor, home conditions poor.
Meeting planned for Monday at {TIME} with the SENCO and Mum.
Dad has said he will stop drinking; school to monitor attendance.
Discussed Operation Encompass notification; school to offer pastoral support.
The family moved to Blackpool from Preston last year and are not registered with a GP.
Mum works at the Pleasure Beach in the summer and the children are left with an older sibling.
Child has ADHD and an EHC plan; the SENCO is worried about exclusion.
Stepdad is described as controlling; Mum is frightened to leave.
Advised a Families in Need referral and signposted to the FYI Directory.
Attendance is 78% this term; the attendance team are already involved.
Young Carers could support the {YEAR} pupil who looks after Mum.
Concerns about vaping and Snapchat contact with older boys; Awaken advice given.
Grandad died in March and the child has been very withdrawn since.
No immediate risk identified; caller will discuss with the family and complete an Early Help Assessment.
The {AGE} has told the teacher that Dad hits her brother.
Caller from the Harbour ward at Blackpool Victoria Hospital; discharge planning for a mum with a newborn.
The children were late every day in June and July, then stopped coming in.
Conversation with Mum was frank; she accepts she needs help with routines.
Aunt and uncle have offered to have the children for the Easter holidays.
Mum is pregnant and due in the summer; midwife aware.
He was seen at the Talbot Road bus station at {TIME} on a school day.
Headteacher rang about a {YEAR} boy who is sleeping in class and wearing the same uniform all week.
Police logged a missing episode; he returned after {TIME} and a return home interview has been offered.
Social worker advised that this does not meet the threshold for statutory support.
Child said "Dad shouts when he's drunk" and does not want anyone to know she said it.
Dad was young when he became a parent and has no family support.
A strategy discussion may be needed if there is a further disclosure.
Family use the food bank most weeks; Mum on Universal Credit.
Dad takes the boys to watch the Seasiders at Bloomfield Road most Saturdays.
The children were taken to Coral Island and Madame Tussauds by an unknown adult.
Nightstop have offered the older girl a bed for a few nights.
Home-Start volunteers visit on Tuesdays; Mum finds them helpful.
Caller asked whether the YMCA could house a care leaver of 17.
Dad is working with We Are With You on his drinking and has been sober since Easter.
Boathouse Youth staff noticed she had a new phone she could not explain.
Mum has been referred to Relate and to the Open Door project.
The family moved from Morecambe to Blackpool after Dad lost his job at Heysham.
Police at Bonny Street took a report about the missing episode.
He hangs around the Abingdon Street market and the Houndshill after school.
Mum met her new partner on Facebook and he moved in within a fortnight.
Latvian family, Mum speaks some English, the eldest translates at appointments.
Eritrean young person, unaccompanied, placed by another authority in a hotel on the seafront.
The Sealife centre trip was the first time the children had been out as a family.
Nan lives in Staining and has the children after school.
Change Grow Live are working with Mum; she has a keyworker.
CGL worker says Mum is engaging but relapsed over the summer.
The older boy plays for a Sunday league team and the coach is worried about him.
Caller from the Mythop Road surgery concerned about repeated A&E attendances.
Rich food parcels at Christmas are not the answer, caller says; the family need routine.
Hope and trust have broken down between Mum and the school.
Sunny days are the worst because the children are out on the streets until late.
Grace and patience from the teacher have helped him settle.
Young Persons Advisory Service is supporting the girl with anxiety.
Nan's neighbour is worried about noise from the house late at night.
Mum is frightened of her ex, who lives in Morecambe.
"""

BANK_A_ID = """
{FULL}, {ADDRESS}, {POSTCODE}, dob {DOB}.
Caller gave the child's name as {FIRST} and said he is in {YEAR}.
{FIRST} has been missing school since May half-term.
Mum {FIRST} says Dad has been violent.
The child, {FULL}, lives at {ADDRESS} with Mum and Nan.
DOB: {DOB}; Year 5 pupil at {SCHOOL}.
{HON} the DSL at {SCHOOL} rang about a Year 4 boy.
Mum's mobile is {PHONE} if the Hub need to call back.
Her NHS number is {NHS}.
Dad's National Insurance number is {NI}.
Mum can be emailed on {EMAIL}.
The family live on {STREET} near the park.
Advised the caller not to share that the child, {FIRST}, is at {SCHOOL}.
{FULL} (born {DOB}) was seen by the school nurse.
{FIRST}'s mum has asked for help with bedtime routines.
Teacher is worried about the {SURNAME} family; the children look unkempt.
Address given as {ADDRESS}, {POSTCODE}.
Sister {FIRST} is {AGE} and also at {SCHOOL}.
Dad, {FULL}, was arrested on {NODATE}.
Child is {FIRST} {SURNAME}, d.o.b. {DOB}.
Please ring Nan on {PHONE}.
He goes to {SCHOOL} and lives with his nan on {STREET}.
The baby was born {DOB} at Blackpool Victoria Hospital.
Her birthday is {DOBPART} and she will be 10.
Postcode {POSTCODE}.
Mum's partner {FIRST} has a history of violence.
Referral made on {DOB} by the health visitor.
Mother is {LOWERNAME} and she is 24.
NHS no {NHS}, dob {DOB}.
Called {HON} at home on {PHONE}.
{FIRST} said her mum's boyfriend hurts her.
{FIRST} {SURNAME} is in Year 3 at {SCHOOL}.
Spoke to {HON}, Mum's support worker.
{FIRST}'s brother is {AGE} and is at {SCHOOL} too.
Eldest is {FIRST}, youngest is {FIRST}.
Name given as {FULL}, no dob given.
Caller named the girl as {FIRST} before being stopped.
"""

BANK_B_CLEAN = """
Nursery practitioner concerned about a toddler who arrives with nappy rash and no spare clothes.
Caller asked whether a {YEAR} child disclosing self-harm should go straight to the Hub; advice given.
The lad is {AGE} and was found by the lifeboat crew near Starr Gate after dark.
PCSO reports frequent shouting from the flat; neighbours have called before.
Step-mum feels overwhelmed and has asked school about parenting courses.
Advice given about the Lighthouse Project and Brighter Futures for the older children.
Discussed whether Renaissance could help Dad with his alcohol use.
Child mentioned going to Fairhaven Lake with an older man she met on TikTok.
The girl spends most evenings near Gynn Square and has been seen getting into cars.
Mum disclosed that her ex is due out of Kirkham Prison in the autumn.
Summer holidays are a worry because there is no food in the house.
Young people in the group are being offered cannabis outside the chip shop.
Hope the family will take up the offer of support from the Family Hub.
Bill for the gas is unpaid and the meter keeps running out.
Frank discussion with the caller about consent and sharing information.
May be appropriate for Early Help rather than a Section 47.
Will discuss with the Designated Safeguarding Lead first thing tomorrow.
Joy at school has gone: she used to be chatty and now sits alone.
Caller was reminded the Advice Line number is 01253 478959 for future queries.
Grandparents have parental responsibility concerns and want advice about a Special Guardianship Order.
Baby has bruising noted at the 6-week check on {NODATE}; advised to ring the Hub straight away.
Incident happened during the October half-term at a caravan park near Knott End.
Practitioner from the Cornerstone service called about a teenager sofa surfing.
The family have recently arrived from Romania and speak little English.
Older brother is {AGE} and involved with Streetlife; worries about county lines.
Jigsaw have been working with the children since the spring.
Police did a welfare check at {TIME}; nothing of concern noted in the house.
Midwife worried about a young mum who has missed three antenatal appointments.
Advised to use the Pathways toolkit and review in four weeks.
The Zone youth club staff noticed a new phone and expensive trainers.
Concerns are mostly about school attendance; no safeguarding concerns at home.
Dad shows little warmth towards the child and calls him names.
Child was tearful on {NODATE} and said she did not want to go to Dad's at the weekend.
The Solace team are supporting Mum after the domestic abuse.
Caller queried whether housing at Marton Mere caravan site counts as temporary accommodation.
Family are Catholic and attend church every Sunday.
Worries about a {YEAR} boy who has started wearing long sleeves in the summer.
Ginger cat was mentioned in the child's drawing; no concerns from the drawing itself.
She said "Mum cries all the time" and is scared Mum will go away.
Blackpool Zoo trip was cancelled because the child's behaviour escalated.
Dawn raid by the police at the family home last week; the children were present.
Ivy growing over the windows and the house is damp and cold, health visitor reports.
The caller, a youth worker from Inspire, has known the young person for two years.
Advised to keep notes and to share concerns with the social worker once allocated.
Parents separated over Christmas and contact arrangements are causing conflict.
Sandy floors and no carpets; the baby has nowhere safe to crawl.
"""

BANK_B_ID = """
Young person is {FIRST}, {AGE}, and sofa surfing at a friend's.
Contact details for Dad: {PHONE}.
The girl's name is {FULL} and she attends {SCHOOL}.
Lives at {ADDRESS}, {POSTCODE} with her stepdad.
Date of birth given as {DOB}.
{FIRST} told the practitioner that her uncle hurts her.
Practitioner is {HON} from the youth service.
Ring {HON} back on {PHONE} after 3pm.
Mum's email address is {EMAIL}.
NHS number {NHS} was read out before the social worker could stop the caller.
NI no. {NI} for Mum.
Family moved to {STREET} last month.
Nephew {FULL} is staying with them.
Brother {FIRST} ({AGE}) was also mentioned.
Caller described {FULL} as a gentle boy who is being bullied.
The {SURNAME} children have not been seen since the holidays.
{FIRST} {SURNAME} b. {DOB}
Sibling attends {SCHOOL} and has an EHCP.
Mum's new boyfriend is called {FIRST}.
She was born in {DOBPART} and has a heart condition.
Used to live at {ADDRESS} before the eviction.
Meeting with {HON} from {SCHOOL} on {NODATE}.
Forwarding address {ADDRESS}, {POSTCODE}.
{FIRST} and {FIRST} share a bedroom with Mum.
Call me on {PHONE} or email {EMAIL}.
Youngest is {FULL} (dob {DOB}), eldest is at {SCHOOL}.
Grandma, {FULL}, is the main carer.
His national insurance number is {NI} and he is 19.
"""


BANK_C_CLEAN = """
Reception teacher noticed the child flinching when an adult raised their voice.
Caller wondered if a Level 2 response through the school's own pastoral team would be enough.
Older sister is a young carer and is missing lessons to take Mum to hospital appointments.
Dad was released on licence and the probation officer has concerns about contact.
Auntie has offered to step in but lives in Rossendale and works nights.
Advice: speak to the family first, explain the worries and seek consent unless that puts the child at risk.
The teenager spends nights at a house in Ashton-on-Ribble with adults she met online.
Mum is in recovery and attends meetings at the Bridge Project twice a week.
Caller from Pinnacle Housing reports the tenancy is at risk because of rent arrears.
School counsellor has been seeing the boy since the spring term.
Baby is not registered with a GP and has missed the 8-week immunisations.
Concern about a possible forced marriage; advised to contact the Hub and the police straight away.
The girl goes to Mablethorpe every summer with her dad and comes back unsettled.
Foster carer wanted advice about a child who keeps going back to her birth family's street.
Mum uses Pregabalin and sleeps through the afternoon when the children come home.
Mark scheme for the SATs was mentioned because the boy panics about tests.
Will is the word the child used: "I will run away if I have to go back".
The family are Traveller heritage and have moved sites three times this year.
He was given a Fixed Penalty Notice for non-attendance last term.
Beaverbrook Academy Trust are reviewing their attendance policy, caller says; no child named.
Girl aged about 14 seen at Lytham Green with a man in his thirties.
Caller was reassured that the Advice Line keeps no family details.
The children call their childminder Nanna, though she is not a relative.
Grandparents in Wigan want to help but cannot travel.
Social worker suggested the Graded Care Profile to assess neglect.
Frankly the school is exhausted and wants someone else to take the lead.
Summer term has been better: attendance up and no exclusions.
Advised the caller to record the disclosure in the child's own words and pass it to the DSL.
The Outreach bus team saw a group of children drinking on the beach.
Mum has a learning disability and struggles to read letters from school.
Lancaster Royal Infirmary discharged the baby without a community referral.
Young Minds resources were suggested for the parents.
Both parents work shifts at Amazon and the children are unsupervised in the evenings.
Concerns first raised by the swimming club after bruises were seen in the changing room.
The caller asked whether to tell Mum about the referral; advised yes unless it increases risk.
Dad's new partner has a child who was removed in another authority.
Cousins have been staying for months and there are eleven people in a three-bedroom house.
Crying baby reported by neighbours most nights; health visitor to call.
Dad follows a strict diet from his church and the children look underweight.
Pupil is new to the country, speaks Tigrinya and has no school place yet.
Nan has dementia and the boy is doing most of the care.
"""

BANK_C_ID = """
The boy, {FULL}, was seen with a cut lip.
Lad's name is {FIRST} and he is {AGE}.
{HON} is the family's GP and is worried about the baby's weight.
Home address {ADDRESS}, {POSTCODE}.
Date of birth: {DOB}.
Mum's number is {PHONE}.
Contact via {EMAIL}.
NHS: {NHS}.
National Insurance {NI}.
He is in Year 8 at {SCHOOL}.
They are living on {STREET} in a flat above a shop.
Her mum, {FULL}, has asked for help.
The {SURNAME} family have had three referrals.
Friend {FIRST} is also at risk.
{FIRST} disclosed that Dad hits her with a belt.
Born {DOB}, the youngest of four.
Sent from {EMAIL} by mistake.
Dad is {HON} and he works at the docks.
{FULL} and {FULL} are the parents.
They moved to {ADDRESS} in the spring.
The child attends {SCHOOL} and lives at {ADDRESS}.
Reach Nan on {PHONE} in the mornings.
Caller gave the girl's name, {FIRST}, and her school, {SCHOOL}.
Child's dob {DOB}, NHS {NHS}.
{FIRST}'s dad is in prison.
"""

BANKS = {
    "tune": (BANK_A_CLEAN, BANK_A_ID),
    "validation": (BANK_B_CLEAN, BANK_B_ID),
    "heldout": (BANK_C_CLEAN, BANK_C_ID),
}

PREFIXES = {
    "tune": ["", "", "Teacher: ", "Health visitor: ", "School DSL rang. ", "Police: "],
    "heldout": ["", "", "GP surgery: ", "Housing officer called. ", "School nurse - ", "EDT: "],
    "validation": [
        "",
        "",
        "Call from nursery - ",
        "PCSO call. ",
        "Midwife: ",
        "Youth worker rang: ",
    ],
}

SLOT_RE = re.compile(r"\{([A-Z]+)\}")


def render(template: str, gen: Gen, offset: int) -> tuple[str, list[dict]]:
    out: list[str] = []
    spans: list[dict] = []
    pos = 0
    length = offset
    for m in SLOT_RE.finditer(template):
        literal = template[pos : m.start()]
        out.append(literal)
        length += len(literal)
        kind, make = SLOTS[m.group(1)]
        value = make(gen)
        if kind:
            spans.append({"start": length, "end": length + len(value), "kind": kind, "text": value})
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(template[pos:])
    return "".join(out), spans


def lines(bank: str) -> list[str]:
    return [line.strip() for line in bank.strip().splitlines() if line.strip()]


def make_note(gen: Gen, rng: random.Random, identifying: bool, split: str) -> dict:
    clean_bank, id_bank = (lines(b) for b in BANKS[split])
    count = rng.randint(2, 4)
    sentences = rng.sample(clean_bank, count)
    if identifying:
        for _ in range(rng.choice([1, 1, 1, 2])):
            sentences.insert(rng.randint(0, len(sentences)), rng.choice(id_bank))
    text = rng.choice(PREFIXES[split])
    spans: list[dict] = []
    for i, sentence in enumerate(sentences):
        if i:
            text += " "
        piece, piece_spans = render(sentence, gen, len(text))
        text += piece
        spans += piece_spans
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"], span
    return {"text": text, "identifying": bool(spans), "spans": spans}


def generate(split: str) -> list[dict]:
    rng = random.Random(SEEDS[split])
    gen = Gen(split, rng)
    notes = []
    for i in range(NOTES_PER_SPLIT[split]):
        note = make_note(gen, rng, identifying=i % 2 == 0, split=split)
        notes.append({"id": f"{split}-{i:04d}", "split": split, **note})
    return notes


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for split in NOTES_PER_SPLIT:
        notes = generate(split)
        path = OUT / f"{split}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for note in notes:
                fh.write(json.dumps(note, ensure_ascii=False) + "\n")
        spans = sum(len(n["spans"]) for n in notes)
        flagged = sum(n["identifying"] for n in notes)
        print(
            f"{path.relative_to(HERE.parents[1])}: {len(notes)} notes, {flagged} identifying, {spans} spans"
        )


if __name__ == "__main__":
    main()
