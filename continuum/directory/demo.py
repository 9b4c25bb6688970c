"""Generated local services for the demo and the benchmark: clubs, groups, drop-ins and
advice sessions in community centres, church halls, libraries and schools across Blackpool,
at real Blackpool postcodes, so that search has a realistic town to work on.

Deterministic: the same `random.Random` state gives the same services with the same ids. All
of it is synthetic (invented venues and organisations, drama-range phone numbers, example.org
email addresses) and marked `RecordSource.GENERATED`.

    import random
    from continuum.directory.demo import generate
    generate(random.Random(1), count=3_000)
"""

import random
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from continuum.directory.models import RecordSource, TaxonomyTerm
from continuum.directory.oruk import import_document, taxonomy_term_json
from continuum.directory.postcodes import Centroid, DictLookup, authority_postcodes
from continuum.directory.seed import load_seed

DEFAULT_COUNT = 3_000

AREAS = (
    "Anchorsholme",
    "Bispham",
    "Bloomfield",
    "Brunswick",
    "Claremont",
    "Clifton",
    "Greenlands",
    "Hawes Side",
    "Highfield",
    "Ingthorpe",
    "Layton",
    "Marton",
    "Norbreck",
    "North Shore",
    "Park",
    "South Shore",
    "Squires Gate",
    "Stanley",
    "Talbot",
    "Tyldesley",
    "Victoria",
    "Warbreck",
    "Waterloo",
    "Mereside",
    "Grange Park",
    "Revoe",
    "Kincraig",
    "Hoo Hill",
)
VENUES = (
    "{area} Community Centre",
    "St {saint}'s Church Hall",
    "{area} Library",
    "{area} Primary School",
    "{area} Methodist Hall",
    "{area} Youth Centre",
    "{area} Health Centre",
    "{area} Sports Centre",
    "{area} Children's Centre",
    "{area} Community Hub",
)
SAINTS = ("Mark", "John", "Paul", "Peter", "Anne", "Stephen", "Michael", "Kentigern", "Cuthbert")
ORGANISATIONS = (
    "{area} Families Together",
    "{area} Community Trust",
    "Friends of {area}",
    "{area} Parents' Network",
    "{area} Youth Project",
    "Coast and Community CIC",
    "Fylde Coast Family Support",
    "{area} Food Pantry",
    "{area} Baby Bank",
    "Seaside Supporters Group",
)
# (activity code, name patterns, description, minimum age, maximum age)
KINDS: tuple[tuple[str, tuple[str, ...], str, int | None, int | None], ...] = (
    (
        "stay-and-play",
        ("Stay and Play", "Toddler Time", "Little Explorers", "Messy Play"),
        "Play for under-fives with their parent or carer: songs, stories and messy play.",
        0,
        4,
    ),
    (
        "parenting-support",
        ("Parenting Group", "Parents' Coffee Morning", "Parenting Course"),
        "Parenting ideas and support from other parents and a family worker.",
        0,
        17,
    ),
    (
        "baby-and-toddler",
        ("Baby Group", "Baby Massage", "Bumps and Babies"),
        "A relaxed group for babies and their parents and carers.",
        0,
        2,
    ),
    (
        "young-people",
        ("Youth Club", "Junior Youth Club", "Young Carers Group"),
        "Activities, trips and a safe place to spend time with friends.",
        8,
        18,
    ),
    (
        "money-food-essentials",
        ("Food Pantry", "Baby Bank", "Community Fridge", "Uniform Swap"),
        "Food, clothes and essential items for families who are struggling.",
        None,
        None,
    ),
    (
        "emotional-mental-health",
        ("Wellbeing Cafe", "Peer Support Group", "Talking Space"),
        "Somewhere to talk about how you are feeling, with people who understand.",
        16,
        None,
    ),
    (
        "employment-training",
        ("Job Club", "Digital Skills Drop-in", "English Conversation"),
        "Help with skills, training and finding work.",
        16,
        None,
    ),
    (
        "send-local-offer",
        ("SEND Parents' Group", "Sensory Play", "Inclusive Play Session"),
        "For children with additional needs and their families.",
        0,
        18,
    ),
    (
        "health-and-wellbeing",
        ("Health Visitor Clinic", "Healthy Eating Course", "Walk and Talk"),
        "Advice on health and family wellbeing.",
        None,
        None,
    ),
    (
        "domestic-abuse",
        ("Freedom Programme", "Domestic Abuse Drop-in"),
        "Confidential support for people affected by domestic abuse.",
        16,
        None,
    ),
    (
        "drugs-and-alcohol",
        ("Recovery Cafe", "Family Support Group (drugs and alcohol)"),
        "Support for people affected by their own or a family member's drug or alcohol use.",
        16,
        None,
    ),
    (
        "childcare",
        ("Pre-school Playgroup", "Nursery Open Morning"),
        "Childcare and early education, including funded places.",
        0,
        4,
    ),
)
DAY_SETS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU", "MO,WE", "TU,TH", "SA", "SA,SU", "FR,SA")
START_TIMES = ("09:00", "09:30", "10:00", "10:30", "13:00", "13:30", "15:30", "16:00", "18:00")


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def build_document(
    rng: random.Random, *, count: int, postcodes: Sequence[Centroid], terms: dict[str, Any]
) -> dict[str, Any]:
    """The generated services as an ORUK document (plain data, no database)."""
    venues: list[dict[str, Any]] = []
    for _ in range(max(1, count // 3)):
        area = rng.choice(AREAS)
        place = rng.choice(postcodes)
        name = rng.choice(VENUES).format(area=area, saint=rng.choice(SAINTS))
        venues.append(
            {
                "id": _uuid(rng),
                "location_type": "physical",
                "name": name,
                "addresses": [
                    {
                        "id": _uuid(rng),
                        "address_1": f"{name}, {rng.randint(1, 240)} {area} Road",
                        "city": "Blackpool",
                        "state_province": "Lancashire",
                        "postal_code": place.postcode,
                        "country": "GB",
                        "address_type": "physical",
                    }
                ],
            }
        )
    organisations = []
    for _ in range(max(1, count // 4)):
        name = rng.choice(ORGANISATIONS).format(area=rng.choice(AREAS))
        organisations.append(
            {"id": _uuid(rng), "name": name, "description": f"{name}: a local group."}
        )
    services = []
    for number in range(count):
        code, names, description, low, high = rng.choice(KINDS)
        venue = rng.choice(venues)
        opens = rng.choice(START_TIMES)
        hour, minute = (int(p) for p in opens.split(":"))
        closes = f"{min(hour + rng.choice((1, 2, 2, 3)), 23):02d}:{minute:02d}:00"
        term_codes = [code] + (["family-hub-activities"] if rng.random() < 0.1 else [])
        service_id = _uuid(rng)
        services.append(
            {
                "id": service_id,
                "name": f"{rng.choice(names)} at {venue['name']}",
                "description": description,
                "email": f"group{number + 1}@example.org",
                "status": "active" if rng.random() > 0.03 else "inactive",
                "fees": "Free" if rng.random() < 0.8 else "£1 a session",
                "minimum_age": low,
                "maximum_age": high,
                "last_modified": "2026-11-01T09:00:00.000Z",
                "organization": rng.choice(organisations),
                "phones": [{"id": _uuid(rng), "number": f"07700 9{rng.randint(0, 99999):05d}"}],
                "service_at_locations": [
                    {
                        "id": _uuid(rng),
                        "location": venue,
                        "schedules": [
                            {
                                "id": _uuid(rng),
                                "freq": "WEEKLY",
                                "interval": 1,
                                "byday": rng.choice(DAY_SETS),
                                "opens_at": f"{opens}:00",
                                "closes_at": closes,
                            }
                        ],
                    }
                ],
                "attributes": [
                    {"id": _uuid(rng), "taxonomy_term": terms[c]} for c in term_codes if c in terms
                ],
            }
        )
    return {"services": services}


def generate(
    rng: random.Random,
    *,
    count: int = DEFAULT_COUNT,
    postcodes: Sequence[Centroid] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Create `count` generated local services (plus the seed services and activity types
    they use, if not already loaded). Returns how many services were generated. `postcodes`
    defaults to every Blackpool postcode in the ONS directory."""
    if postcodes is None:
        postcodes = authority_postcodes()
    lookup = DictLookup({p.postcode: (p.easting, p.northing) for p in postcodes})
    if not TaxonomyTerm.objects.filter(code="stay-and-play").exists():
        load_seed(lookup=lookup)
    terms = {
        t.code: taxonomy_term_json(t)
        for t in TaxonomyTerm.objects.exclude(code="").select_related("taxonomy")
    }
    document = build_document(rng, count=count, postcodes=postcodes, terms=terms)
    import_document(document, source=RecordSource.GENERATED, lookup=lookup, on_progress=on_progress)
    return count
