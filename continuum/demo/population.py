"""The demo population: families, planned in memory before anything touches the database.

Planning first and writing later keeps the generator fast (the writer can insert each table in
bulk) and deterministic (every random choice happens here, in one order, from one seeded
`random.Random`). Nothing in this module touches the database.

The shape follows English family statistics loosely but on purpose:
- one to five children per family (about two on average), born one to six years apart, with
  twins at about 1.5% of births;
- about a third of households have one parent; some older children have a different father
  from their younger brothers and sisters (half-siblings), whose mother's new partner is their
  step-parent; a few children live with a grandparent (kinship care);
- parents who no longer live with the children are recorded with their own address where
  the service would know them; some grandparents are recorded too;
- every person has a current address at a real Blackpool postcode, and about 30% of families
  have moved one to three times before;
- a few families are expecting a baby (an unborn child, with an expected date of birth);
- a few young people aged 18 to 21 with care experience are kept as child records, because
  their case is still held by children's services (the Leaving Care team).
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from continuum.demo import names
from continuum.demo.identifiers import NhsNumbers, Upns
from continuum.demo.postcodes import Postcode
from continuum.people.codes import Ethnicity, Sex
from continuum.people.models import NameKind, PersonKind, RelationshipKind

YEAR = 365.25
TOWN = "Blackpool"
PRIMARY_SCHOOLS = range(2001, 2046)  # 4-digit DfE establishment numbers used in demo UPNs
CHILDREN_PER_FAMILY = (1, 2, 3, 4, 5)
CHILDREN_PER_FAMILY_WEIGHTS = (40, 33, 16, 7, 4)
TWIN_RATE = 0.015
CARE_LEAVER_FAMILY_RATE = 0.007


@dataclass(frozen=True, slots=True)
class Home:
    """An address as the person index holds it."""

    line_1: str
    line_2: str
    postcode: str
    town: str = TOWN

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)


@dataclass(slots=True)
class PlannedAddress:
    home: Home
    start: dt.date | None
    end: dt.date | None = None


@dataclass(slots=True)
class PlannedMembership:
    household: int
    start: dt.date | None
    end: dt.date | None = None


@dataclass(slots=True)
class PlannedPerson:
    kind: str
    given_name: str
    family_name: str
    sex: str
    ethnicity: str
    date_of_birth: dt.date | None
    expected_date_of_birth: dt.date | None = None
    middle_names: str = ""
    nhs_number: str = ""
    upn: str = ""
    is_restricted: bool = False
    addresses: list[PlannedAddress] = field(default_factory=list)
    membership: PlannedMembership | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.middle_names, self.family_name) if p)

    def age_on(self, day: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    def exists_on(self, day: dt.date) -> bool:
        """Born by then, or (unborn) known about by then: about five months before the due
        date, when a midwife would have shared a worry."""
        if self.date_of_birth is not None:
            return self.date_of_birth <= day
        return self.expected_date_of_birth is not None and day >= (
            self.expected_date_of_birth - dt.timedelta(days=150)
        )

    def move(self, home: Home, day: dt.date) -> None:
        """End the current address the day before `day` and start `home`, as an action would."""
        current = self.addresses[-1] if self.addresses else None
        if current is not None and current.end is None:
            if current.start is not None and day <= current.start:
                day = current.start + dt.timedelta(days=1)
            current.end = day - dt.timedelta(days=1)
        self.addresses.append(PlannedAddress(home, day))

    def leave_household(self, day: dt.date) -> None:
        if self.membership is not None and self.membership.end is None:
            start = self.membership.start
            self.membership.end = max(day, start) if start else day


@dataclass(slots=True)
class Family:
    """A household with children: who lives there, and who else is known."""

    index: int
    children: list[int]  # eldest first; an unborn child last
    carers: list[int]  # adults living with the children now
    start: dt.date  # when the household was formed
    lone_parent: bool
    young_mother: bool
    care_leaver: int | None = None


@dataclass
class Population:
    """Everyone in the demo index, by position; other rows refer to people by that position."""

    today: dt.date
    people: list[PlannedPerson] = field(default_factory=list)
    other_names: list[tuple[int, str, str, str, dt.date | None]] = field(default_factory=list)
    relationships: list[tuple[int, int, str, bool, dt.date | None, dt.date | None]] = field(
        default_factory=list
    )
    households: list[str] = field(default_factory=list)
    families: list[Family] = field(default_factory=list)

    def add(self, person: PlannedPerson) -> int:
        self.people.append(person)
        return len(self.people) - 1

    def relate(
        self,
        person: int,
        other: int,
        kind: str,
        *,
        important: bool = False,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> None:
        """Record that `person` is the `kind` of `other` (one row per pair, as the index does)."""
        self.relationships.append((person, other, kind, important, start, end))

    @property
    def children_count(self) -> int:
        return sum(1 for p in self.people if p.kind == PersonKind.CHILD)


def years(value: float) -> dt.timedelta:
    return dt.timedelta(days=round(value * YEAR))


def between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A day from start to end inclusive (start when the range is empty)."""
    span = (end - start).days
    return start + dt.timedelta(days=rng.randint(0, span)) if span > 0 else start


def school_entry(dob: dt.date) -> dt.date:
    """When a child starts reception: the September after their fourth birthday (a child born
    from September to December starts the September after they turn four, so aged almost five)."""
    year = dob.year + 4 if dob.month <= 8 else dob.year + 5
    return dt.date(year, 9, 1)


class PopulationPlanner:
    """Plans families one at a time until there are `children` child records."""

    def __init__(
        self,
        rng: random.Random,
        today: dt.date,
        postcodes: tuple[Postcode, ...],
        *,
        la_number: str,
        used_nhs_numbers: set[str],
        used_upns: set[str],
    ) -> None:
        self.rng = rng
        self.today = today
        self.postcodes = postcodes
        self.population = Population(today=today)
        self.nhs = NhsNumbers(rng, used_nhs_numbers)
        self.upns = Upns(la_number, used_upns)
        self._streets: dict[str, str] = {}

    # Addresses ---------------------------------------------------------------------------

    def new_home(self) -> Home:
        """A made-up address at a real postcode. Each postcode keeps one street name, so
        neighbours share a street."""
        rng = self.rng
        postcode = rng.choice(self.postcodes).postcode
        street = self._streets.get(postcode)
        if street is None:
            street = self._streets[postcode] = names.street_name(rng)
        number = rng.randint(1, 180)
        if rng.random() < 0.18:
            return Home(f"Flat {rng.randint(1, 12)}", f"{number} {street}", postcode)
        return Home(f"{number} {street}", "", postcode)

    # People --------------------------------------------------------------------------------

    def person(
        self,
        kind: str,
        sex: str,
        dob: dt.date | None,
        ethnicity: str,
        family_name: str,
        *,
        middle_rate: float,
        nhs_rate: float,
        given_name: str = "",
        expected: dt.date | None = None,
    ) -> PlannedPerson:
        rng = self.rng
        birth_year = (dob or expected or self.today).year
        given = given_name or names.first_name(rng, sex, birth_year, ethnicity)
        middle = ""
        if dob is not None and rng.random() < middle_rate:
            middle = names.first_name(rng, sex, birth_year, ethnicity)
            if middle == given:
                middle = ""
        nhs = self.nhs.next() if dob is not None and rng.random() < nhs_rate else ""
        return PlannedPerson(
            kind=kind,
            given_name=given,
            middle_names=middle,
            family_name=family_name,
            sex=sex,
            ethnicity=ethnicity,
            date_of_birth=dob,
            expected_date_of_birth=expected,
            nhs_number=nhs,
        )

    def adult(
        self, sex: str, dob: dt.date, ethnicity: str, family_name: str | None = None
    ) -> PlannedPerson:
        surname = family_name or names.family_name(self.rng, ethnicity)
        return self.person(
            PersonKind.ADULT, sex, dob, ethnicity, surname, middle_rate=0.5, nhs_rate=0.97
        )

    # Families ------------------------------------------------------------------------------

    def plan(self, children: int, progress: Callable[[int], object] | None = None) -> Population:
        """Families until there are exactly `children` child records."""
        made = 0
        while made < children:
            before = len(self.population.people)
            self.plan_family(children - made)
            added = sum(1 for p in self.population.people[before:] if p.kind == PersonKind.CHILD)
            made += added
            if progress is not None:
                progress(added)
        return self.population

    def birth_dates(
        self, wanted: int, *, care_leaver: bool
    ) -> tuple[dt.date, list[tuple[dt.date, bool, bool]]]:
        """The mother's first birth, and (date, is_unborn, is_twin) for each child the index
        holds, eldest first.

        A mother's births are laid out from a first birth up to 32 years ago, and only the
        children now under 18 are kept (older brothers and sisters are adults the service does
        not hold). Starting anywhere in that window makes children's ages come out about even
        from 0 to 17, as in the real population. A care leaver's family starts with them.
        """
        rng, today = self.rng, self.today
        while True:
            oldest = rng.uniform(18.0, 21.9) if care_leaver else rng.uniform(0.0, 32.0)
            day = today - years(oldest)
            births: list[tuple[dt.date, bool, bool]] = []
            while len(births) < wanted:
                if day > today:
                    # The next baby is on the way: the service knows of some unborn children.
                    if day <= today + dt.timedelta(days=250) and rng.random() < 0.25:
                        births.append((day, True, False))
                    break
                births.append((day, False, False))
                if len(births) < wanted and rng.random() < TWIN_RATE:
                    births.append((day, False, True))
                day += years(0.9 + rng.gammavariate(2.0, 1.1))
            adult_before = today - years(22 if care_leaver else 18)
            kept = [b for b in births if b[0] > adult_before]
            if kept:
                return births[0][0], kept[:5]

    def plan_family(self, remaining: int) -> None:
        """One family: its adults, children, homes, other names and relationships."""
        rng, today, pop = self.rng, self.today, self.population
        care_leaver_family = rng.random() < CARE_LEAVER_FAMILY_RATE
        wanted = min(rng.choices(CHILDREN_PER_FAMILY, CHILDREN_PER_FAMILY_WEIGHTS)[0], remaining)
        first_birth, births = self.birth_dates(wanted, care_leaver=care_leaver_family)
        births = births[:remaining]
        eldest = births[0][0]
        mother_age = min(max(rng.gauss(25.5, 5.5), 16.5), 41.0)
        mother_dob = first_birth - years(mother_age)
        # Mothers rarely give birth after 45: the family stops there.
        births = [b for b in births if b[0] < mother_dob + years(45)] or births[:1]

        eth = names.family_ethnicity(rng)
        mother_eth, father_eth = names.parent_ethnicities(rng, eth)
        shape = rng.random()
        kinship = shape < 0.02
        lone_mother = 0.02 <= shape < 0.33
        lone_father = 0.33 <= shape < 0.36
        two_parents = shape >= 0.36
        split = self.half_sibling_split(births, two_parents=two_parents, lone_mother=lone_mother)
        slots = [births[:split], births[split:]] if split else [births]
        family_start = max(
            eldest - dt.timedelta(days=rng.randint(0, 1100)), mother_dob + years(16.5)
        )

        # The mother, and the father of each group of children: at home, known but living
        # elsewhere ("absent"), or not known to the service ("unrecorded").
        maiden = names.family_name(rng, mother_eth)
        mother = self.adult(Sex.FEMALE, mother_dob, mother_eth, maiden)
        fathers: list[PlannedPerson | None] = []
        roles: list[str] = []
        for number, slot in enumerate(slots):
            father_dob = min(
                mother_dob - years(rng.gauss(2.5, 3.0)), slot[0][0] - years(17 + rng.random())
            )
            at_home = (two_parents and number == len(slots) - 1) or lone_father
            known = at_home or rng.random() < (0.3 if kinship else 0.55)
            fathers.append(self.adult(Sex.MALE, father_dob, father_eth) if known else None)
            roles.append("home" if at_home else ("absent" if known else "unrecorded"))

        # When the second father arrived, and when absent fathers moved out.
        partner_start = family_start
        separations: list[dt.date | None] = [None] * len(slots)
        if split:
            last_first, first_second = slots[0][-1][0], slots[1][0][0]
            earliest = last_first + dt.timedelta(days=60)
            latest = first_second - dt.timedelta(days=300)
            partner_start = (
                between(rng, earliest, latest)
                if latest > earliest
                else max(latest, last_first + dt.timedelta(days=1))
            )
        if not kinship:
            for number, slot in enumerate(slots):
                if roles[number] != "absent" or rng.random() >= 0.75:
                    continue  # never lived with the children
                if split and number == 0:
                    separations[0] = between(
                        rng,
                        max(slot[-1][0] - dt.timedelta(days=200), family_start),
                        max(partner_start - dt.timedelta(days=30), family_start),
                    )
                else:
                    joined_at = partner_start if number == 1 else family_start
                    left_after = max(min(slot[-1][0], today - dt.timedelta(days=60)), joined_at)
                    separations[number] = between(
                        rng, left_after, max(today - dt.timedelta(days=30), left_after)
                    )

        home_father = fathers[-1] if roles[-1] == "home" else None
        marriage: dt.date | None = None
        if home_father is not None and not lone_father and rng.random() < (0.3 if split else 0.45):
            marriage = between(
                rng, partner_start, max(today - dt.timedelta(days=30), partner_start)
            )
            mother.family_name = home_father.family_name
        slot_surnames = []
        for number, father in enumerate(fathers):
            if father is not None and (lone_father or roles[number] == "home"):
                surname = father.family_name if rng.random() < 0.9 else mother.family_name
            elif father is not None and rng.random() < 0.4:
                surname = father.family_name
            else:
                surname = maiden if (split and number == 0) else mother.family_name
            slot_surnames.append(surname)

        # Children, eldest first.
        establishment = rng.choice(PRIMARY_SCHOOLS)
        child_people: list[PlannedPerson] = []
        child_slot: list[int] = []
        previous_sex = Sex.FEMALE
        for number, (day, unborn, twin) in enumerate(births):
            slot_number = 1 if split and number >= split else 0
            child_slot.append(slot_number)
            if unborn:
                child = self.person(
                    PersonKind.CHILD,
                    Sex.UNKNOWN,
                    None,
                    Ethnicity.NOBT,
                    mother.family_name,
                    middle_rate=0,
                    nhs_rate=0,
                    given_name="Unborn",
                    expected=day,
                )
            else:
                if twin and rng.random() < 0.6:
                    sex = previous_sex
                else:
                    sex = Sex.MALE if rng.random() < 0.512 else Sex.FEMALE
                previous_sex = sex
                child = self.person(
                    PersonKind.CHILD,
                    sex,
                    day,
                    eth,
                    slot_surnames[slot_number],
                    middle_rate=0.65,
                    nhs_rate=0.99,
                )
                # Parents do not give two of their children the same first name.
                taken = {c.given_name for c in child_people}
                for _ in range(10):
                    if child.given_name not in taken:
                        break
                    child.given_name = names.first_name(rng, sex, day.year, eth)
                entry = school_entry(day)
                if entry <= today and rng.random() < 0.97:
                    school = establishment if rng.random() < 0.8 else rng.choice(PRIMARY_SCHOOLS)
                    child.upn = self.upns.next(school, entry.year)
            child_people.append(child)

        # Grandparents: in kinship care they bring the children up; otherwise some are known.
        grandparents: list[PlannedPerson] = []
        if kinship or rng.random() < 0.15:
            gran_dob = mother_dob - years(min(max(rng.gauss(25, 5), 17), 40))
            grandparents.append(self.adult(Sex.FEMALE, gran_dob, mother_eth, maiden))
            if rng.random() < 0.4:
                grandad_dob = gran_dob - years(rng.gauss(2, 3))
                grandparents.append(self.adult(Sex.MALE, grandad_dob, mother_eth, maiden))

        # The family's homes, before and now.
        moves = 0 if rng.random() >= 0.30 else rng.choice((1, 1, 1, 2, 2, 3))
        move_days = sorted(
            {
                between(rng, family_start + dt.timedelta(days=90), today - dt.timedelta(days=30))
                for _ in range(moves)
            }
        )
        starts = [family_start, *move_days]
        homes = [
            (
                self.new_home(),
                start,
                starts[n + 1] - dt.timedelta(days=1) if n + 1 < len(starts) else None,
            )
            for n, start in enumerate(starts)
        ]
        household = len(pop.households)
        carer = mother
        if kinship:
            carer = grandparents[0]
        elif lone_father and fathers[0] is not None:
            carer = fathers[0]
        pop.households.append(f"{carer.family_name} household")
        family = Family(
            index=len(pop.families),
            children=[],
            carers=[],
            start=family_start,
            lone_parent=not two_parents,
            young_mother=mother_age < 21,
        )

        def live_at_home(person: PlannedPerson, join: dt.date, leave: dt.date | None) -> None:
            """A household member has the family's addresses while they live there, and their
            own address after they move out."""
            for home, start, end in homes:
                if (leave is not None and start > leave) or (end is not None and end < join):
                    continue
                finish = end if leave is None else (min(end, leave) if end else leave)
                person.addresses.append(PlannedAddress(home, max(start, join), finish))
            if leave is not None:
                person.addresses.append(
                    PlannedAddress(self.new_home(), leave + dt.timedelta(days=1))
                )
            person.membership = PlannedMembership(household, join, leave)

        def live_elsewhere(person: PlannedPerson, since: dt.date) -> None:
            start = between(rng, max(since, today - years(12)), today - dt.timedelta(days=20))
            person.addresses.append(PlannedAddress(self.new_home(), start))

        # Everyone into the index, in a stable order: mother, fathers, grandparents, children.
        mother_index = pop.add(mother)
        if kinship or lone_father:
            live_elsewhere(mother, mother_dob + years(18))
        else:
            live_at_home(mother, family_start, None)
            family.carers.append(mother_index)
        father_indexes: list[int | None] = []
        for number, father in enumerate(fathers):
            if father is None:
                father_indexes.append(None)
                continue
            position = pop.add(father)
            father_indexes.append(position)
            joined = partner_start if number == 1 else family_start
            if roles[number] == "home":
                live_at_home(father, joined, None)
                family.carers.append(position)
            elif separations[number] is not None:
                live_at_home(father, joined, separations[number])
            else:
                live_elsewhere(father, father.date_of_birth + years(18))
        grandparent_indexes = [pop.add(g) for g in grandparents]
        shared_home = self.new_home()
        for position in grandparent_indexes:
            grandparent = pop.people[position]
            if kinship:
                live_at_home(grandparent, family_start, None)
                family.carers.append(position)
            else:
                since = between(rng, today - years(25), today - years(1))
                grandparent.addresses.append(PlannedAddress(shared_home, since))
        for child in child_people:
            position = pop.add(child)
            family.children.append(position)
            if child.date_of_birth is None:
                known = today - dt.timedelta(days=rng.randint(10, 120))
                child.addresses.append(PlannedAddress(homes[-1][0], max(homes[-1][1], known)))
                continue
            live_at_home(child, child.date_of_birth, None)
            if care_leaver_family and family.care_leaver is None and child.age_on(today) >= 18:
                family.care_leaver = position

        self.other_names(mother_index, maiden, marriage, father_indexes, family.children)
        if split and roles[1] == "home" and fathers[1] is not None:
            # Some older children took their stepfather's family name.
            for position in family.children[:split]:
                child = pop.people[position]
                if child.family_name != fathers[1].family_name and rng.random() < 0.2:
                    used_until = between(rng, partner_start, today - dt.timedelta(days=10))
                    pop.other_names.append(
                        (
                            position,
                            NameKind.PREVIOUS,
                            child.given_name,
                            child.family_name,
                            used_until,
                        )
                    )
                    child.family_name = fathers[1].family_name

        # Relationships: one row per pair, "person is the <kind> of other".
        for n, position in enumerate(family.children):
            born = pop.people[position].date_of_birth
            pop.relate(mother_index, position, RelationshipKind.PARENT, important=True, start=born)
            father_position = father_indexes[child_slot[n]]
            if father_position is not None:
                important = roles[child_slot[n]] == "home" or rng.random() < 0.4
                pop.relate(
                    father_position,
                    position,
                    RelationshipKind.PARENT,
                    important=important,
                    start=born,
                )
            if split and child_slot[n] == 0 and roles[1] == "home" and father_indexes[1]:
                pop.relate(
                    father_indexes[1],
                    position,
                    RelationshipKind.STEP_PARENT,
                    important=True,
                    start=max(partner_start, born) if born else None,
                )
            for grandparent in grandparent_indexes:
                pop.relate(
                    grandparent,
                    position,
                    RelationshipKind.GRANDPARENT,
                    important=kinship or rng.random() < 0.5,
                    start=born,
                )
        for a, elder in enumerate(family.children):
            for b in range(a + 1, len(family.children)):
                younger = family.children[b]
                kind = (
                    RelationshipKind.SIBLING
                    if child_slot[a] == child_slot[b]
                    else RelationshipKind.HALF_SIBLING
                )
                born = pop.people[younger].date_of_birth
                pop.relate(elder, younger, kind, important=True, start=born)
        for number, father_position in enumerate(father_indexes):
            if father_position is None or not (roles[number] == "home" or separations[number]):
                continue
            if lone_father or kinship:
                continue
            pop.relate(
                mother_index,
                father_position,
                RelationshipKind.PARTNER,
                start=partner_start if number == 1 else family_start,
                end=separations[number],
            )
        if len(grandparent_indexes) == 2:
            pop.relate(grandparent_indexes[0], grandparent_indexes[1], RelationshipKind.PARTNER)
        pop.families.append(family)

    def half_sibling_split(
        self, births: list[tuple[dt.date, bool, bool]], *, two_parents: bool, lone_mother: bool
    ) -> int:
        """Where the children of a first father end and those of a second begin (0: one father).
        Twins always share a father."""
        rng = self.rng
        if len(births) < 2:
            return 0
        if not ((two_parents and rng.random() < 0.16) or (lone_mother and rng.random() < 0.3)):
            return 0
        split = rng.randint(1, len(births) - 1)
        while split < len(births) and births[split][2]:
            split += 1
        return split if split < len(births) else 0

    def other_names(
        self,
        mother: int,
        maiden: str,
        marriage: dt.date | None,
        fathers: list[int | None],
        children: list[int],
    ) -> None:
        """Previous names (a married mother's maiden name), preferred short forms and a few
        aliases, as a Hub worker would find them when searching."""
        rng, pop, today = self.rng, self.population, self.today
        if marriage is not None:
            given = pop.people[mother].given_name
            pop.other_names.append((mother, NameKind.PREVIOUS, given, maiden, marriage))
        for position in (mother, *[f for f in fathers if f is not None], *children):
            person = pop.people[position]
            short = names.SHORT_FORMS.get(person.given_name)
            age = person.age_on(today)
            if short and rng.random() < 0.4:
                pop.other_names.append((position, NameKind.PREFERRED, short, "", None))
            elif person.kind == PersonKind.ADULT and rng.random() < 0.02:
                alias = names.family_name(rng, person.ethnicity)
                pop.other_names.append((position, NameKind.ALIAS, person.given_name, alias, None))
            elif (
                age is not None and person.date_of_birth and 12 <= age < 18 and rng.random() < 0.03
            ):
                alias = names.first_name(rng, person.sex, person.date_of_birth.year)
                pop.other_names.append((position, NameKind.ALIAS, alias, "", None))
