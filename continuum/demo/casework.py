"""Which demo children are known to children's services, and the histories that got them there.

About 1,500 children (at Blackpool's size) are open at any time, dealt out to the teams the
seeds name: Assessment and Support (assessments, Section 47 enquiries, short Child in Need
work), Strengthening and Supporting Families (Child in Need and Child Protection plans),
Supporting Children with Complex Needs, Supporting Our Children (children in care), Leaving
Care (young people from 15 and three-quarters), with Awaken (missing and exploitation) and
Families Together working alongside. A few thousand more children have closed histories:
signposting, early help, assessments that ended in no further action, past plans.

Histories follow the pathway and its timescales (decision within a working day, assessment
within 45 working days, initial conference within 15 working days of the strategy discussion,
reviews at 3 then 6 months, looked-after reviews at 20 working days, 3 months, then 6 months,
return home interviews within 72 hours), in the seeds' words. Siblings are worked with
together, by the same worker, as a real team would.

Planning happens in memory (no database) from the generator's seeded `random.Random`; the
writer turns the planned allocations and events into rows.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from itertools import accumulate

from continuum.core.calendar import add_working_days
from continuum.core.models import EventKind
from continuum.demo.population import Family, Population, PopulationPlanner, between, years
from continuum.demo.staff import (
    ASSESSMENT_AND_SUPPORT,
    AWAKEN,
    COMPLEX_NEEDS,
    CP_CHAIRS,
    FAMILIES_TOGETHER,
    HUB,
    IROS,
    LEAVING_CARE,
    OUR_CHILDREN,
    STRENGTHENING_FAMILIES,
    Staff,
)
from continuum.organisation.models import User

# Children open at the default size (28,000 children), by kind of case; scaled for others.
OPEN_TARGETS = {
    "assessment": 200,
    "s47": 60,
    "short_cin": 90,
    "cin": 250,
    "cp": 260,
    "complex": 120,
    "looked_after": 420,
}
CLOSED_TARGETS = {  # children in the families dealt out; those born later have no part
    "signposted": 1600,
    "early_help": 1100,
    "nfa": 950,
    "past_cin": 400,
    "past_cp": 180,
}
RESTRICTED_RATE = 0.03  # children in care whose records only their own workers may open
AWAKEN_TARGET = 70  # teenagers with Awaken alongside their main team
AWAKEN_ONLY_TARGET = 15  # teenagers open only to Awaken
FAMILIES_TOGETHER_TARGET = 40
RE_REFERRAL_RATE = 0.22  # open families with an earlier, closed episode
DEFAULT_SIZE = 28_000

TEAM_OF_CASE = {
    "assessment": ASSESSMENT_AND_SUPPORT,
    "s47": ASSESSMENT_AND_SUPPORT,
    "short_cin": ASSESSMENT_AND_SUPPORT,
    "cin": STRENGTHENING_FAMILIES,
    "cp": STRENGTHENING_FAMILIES,
    "complex": COMPLEX_NEEDS,
    "looked_after": OUR_CHILDREN,
    "care_leaver": LEAVING_CARE,
}

SOURCES = {
    "Request for Support from school": 21,
    "Police notification": 28,
    "Request for Support from health visitor": 8,
    "Request for Support from GP": 4,
    "Request for Support from nursery": 3,
    "Request for Support from housing": 4,
    "Request for Support from adult mental health services": 4,
    "Request for Support from the substance misuse service": 3,
    "The family asked for help": 8,
    "Call from a relative": 5,
    "Call from a member of the public": 4,
    "Emergency Duty Team record handed to the Hub": 5,
}
_SOURCE_NAMES = tuple(SOURCES)
_SOURCE_CUM = tuple(accumulate(SOURCES.values()))
WORRIES = (
    "worries about neglect",
    "worries about domestic abuse at home",
    "worries about a parent's alcohol use",
    "worries about a parent's drug use",
    "worries about a parent's mental health",
    "worries about the children being left alone",
    "worries about poor school attendance",
    "worries about the home conditions",
    "worries about the child's emotional wellbeing",
    "worries about the child's behaviour at home",
)
POLICE_WORRIES = (
    "domestic abuse incident at the family home, children present",
    "concern for welfare call to the family home",
    "child found out late at night",
    "parent arrested; children cared for by a relative",
)
HARM_CONTACTS = (
    ("Request for Support from school", "the child came to school with a bruise on the face"),
    ("Request for Support from school", "the child said they were hit at home"),
    ("Police notification", "domestic abuse incident, children present and frightened"),
    ("Police notification", "children found alone at home overnight"),
    ("Request for Support from school", "worries about serious neglect"),
)
HARM_CONTACTS_BABY = (
    ("Request for Support from health visitor", "worries about serious neglect of the baby"),
    ("Request for Support from the hospital", "baby seen with an unexplained injury"),
    ("Police notification", "domestic abuse incident, baby present"),
)
# Kinds of event that happen on a working day (meetings, plans, assessments, school).
WORKING_DAY_KINDS = frozenset(
    (EventKind.MEETING, EventKind.PLAN, EventKind.ASSESSMENT, EventKind.EDUCATION)
)
CP_CATEGORIES = {"neglect": 48, "emotional abuse": 33, "physical abuse": 8, "sexual abuse": 4}
CP_CATEGORIES["multiple categories"] = 7
SIGNPOSTS = (
    "a parenting programme",
    "the family hub",
    "Blackpool Better Start",
    "the school nurse",
    "debt and housing advice",
    "young carers support",
    "a domestic abuse service",
)
LEAD_AGENCIES = ("the school", "the health visitor", "the family hub", "the nursery")
CARE_STARTS = {
    "Became looked after: interim care order": 50,
    "Became looked after: accommodated with parents' agreement (section 20)": 35,
    "Became looked after: police protection, then an interim care order": 10,
    "Became looked after: emergency protection order": 5,
}


@dataclass
class Case:
    """A family's (or one child's) involvement with the service."""

    kind: str
    family: Family
    children: list[int]
    awaken: list[int] = field(default_factory=list)
    families_together: bool = False
    re_referral: bool = False

    @property
    def is_open(self) -> bool:
        return self.kind in TEAM_OF_CASE or self.kind == "awaken_only"


@dataclass(slots=True)
class PlannedAllocation:
    person: int
    team: str
    worker: User
    start: dt.date
    end: dt.date | None = None
    order: int = 0  # events planned before this allocation; keeps a day's events in order


@dataclass(slots=True)
class PlannedEvent:
    person: int
    day: dt.date
    kind: str
    summary: str
    by: User | None
    significant: bool = True
    detail: str = ""
    source: str = ""  # "app.Model:pk" once the record it came from is written (frontdoor)


@dataclass(slots=True)
class PlannedContact:
    """A contact and the Hub's decision as a story tells them, with where their chronology
    events are, so the front door (`demo.frontdoor`) can write the records behind them."""

    children: list[int]
    day: dt.date
    source: str
    worry: str
    harm: bool
    first_event: int  # index in Casework.events of the contact's events (one per child)
    events: int
    decided: dt.date | None = None
    decision: str = ""
    decided_by: User | None = None
    decision_event: int = 0
    decision_events: int = 0
    worker: User | None = None  # who did the work the decision started
    started: dt.date | None = None  # the assessment, or the strategy discussion
    completed: dt.date | None = None  # the assessment or Section 47 enquiry, if finished


def scaled(target: int, scale: float, *, at_least: int = 0) -> int:
    return max(at_least, round(target * scale))


def choose_cases(population: Population, rng: random.Random) -> list[Case]:
    """Deal families out to kinds of case: more often lone-parent families, young mothers and
    larger families, as in real caseloads, but never by a fixed rule."""
    today = population.today
    people = population.people
    scale = population.children_count / DEFAULT_SIZE
    cases: list[Case] = []
    used: set[int] = set()

    def age(position: int) -> int | None:
        return people[position].age_on(today)

    def under_18(family: Family) -> list[int]:
        return [c for c in family.children if (age(c) or 0) < 18]

    def born(family: Family, days_old: int = 0) -> list[int]:
        latest = today - dt.timedelta(days=days_old)
        return [
            c
            for c in under_18(family)
            if people[c].date_of_birth is not None and people[c].date_of_birth <= latest
        ]

    def children_for(kind: str, family: Family) -> list[int]:
        if kind == "assessment":
            return under_18(family)
        if kind in ("s47", "short_cin", "cin", "cp"):
            return under_18(family) if born(family, 60) else []
        if kind == "complex":
            candidates = [c for c in born(family) if 2 <= (age(c) or 0) <= 17]
            return [rng.choice(candidates)] if candidates else []
        if kind == "looked_after":
            children = born(family)
            return children if children and children == born(family, 30) else []
        if kind in CLOSED_TARGETS:
            return born(family, 60)
        return []

    # Weighted random order of families (Efraimidis and Spirakis), deterministic for a seed.
    def weighted_order(families: list[Family]) -> list[Family]:
        keyed = []
        for family in families:
            weight = 1 + 1.2 * family.lone_parent + 0.8 * family.young_mother
            weight += 0.25 * (len(family.children) - 1)
            keyed.append((rng.random() ** (1 / weight), family.index, family))
        keyed.sort(key=lambda k: (-k[0], k[1]))
        return [k[2] for k in keyed]

    for family in population.families:
        if family.care_leaver is not None:
            cases.append(Case("care_leaver", family, [family.care_leaver]))
            used.add(family.index)

    def deal(targets: dict[str, int], order: list[Family]) -> None:
        remaining = dict(targets)
        kinds = list(remaining)
        turn = 0
        for family in order:
            if all(v <= 0 for v in remaining.values()):
                return
            if family.index in used:
                continue
            for step in range(len(kinds)):
                kind = kinds[(turn + step) % len(kinds)]
                if remaining[kind] <= 0:
                    continue
                children = children_for(kind, family)
                if children:
                    cases.append(Case(kind, family, children))
                    remaining[kind] -= len(children)
                    used.add(family.index)
                    turn += step + 1
                    break

    order = weighted_order(population.families)
    deal({k: scaled(v, scale, at_least=1) for k, v in OPEN_TARGETS.items()}, order)
    deal({k: scaled(v, scale, at_least=1) for k, v in CLOSED_TARGETS.items()}, order)

    # Alongside: Awaken for some teenagers, Families Together for some families.
    awaken_left = scaled(AWAKEN_TARGET, scale)
    together_left = scaled(FAMILIES_TOGETHER_TARGET, scale)
    for case in cases:
        if case.kind in ("cin", "cp", "looked_after") and awaken_left > 0:
            teens = [c for c in case.children if 12 <= (age(c) or 0) <= 17]
            if teens and rng.random() < 0.5:
                case.awaken = teens[:1] if rng.random() < 0.7 else teens
                awaken_left -= len(case.awaken)
        if case.kind in ("assessment", "cin", "cp") and together_left > 0 and rng.random() < 0.15:
            case.families_together = True
            together_left -= len(case.children)
        if case.kind in OPEN_TARGETS and rng.random() < RE_REFERRAL_RATE:
            case.re_referral = True
    awaken_only = scaled(AWAKEN_ONLY_TARGET, scale)
    for family in order:
        if awaken_only <= 0:
            break
        if family.index in used:
            continue
        teens = [c for c in born(family) if 13 <= (age(c) or 0) <= 17]
        if teens:
            cases.append(Case("awaken_only", family, teens[:1], awaken=teens[:1]))
            used.add(family.index)
            awaken_only -= 1
    return cases


def open_children_by_team(cases: list[Case], population: Population) -> dict[str, int]:
    """How many children each team will hold, so the staff can be sized before allocation."""
    counts: dict[str, int] = {}

    def add(team: str, n: int) -> None:
        counts[team] = counts.get(team, 0) + n

    for case in cases:
        if case.kind in TEAM_OF_CASE:
            add(TEAM_OF_CASE[case.kind], len(case.children))
        if case.kind == "cp":
            add(CP_CHAIRS, len(case.children))
        if case.kind == "looked_after":
            add(IROS, len(case.children))
            older = [
                c
                for c in case.children
                if (population.people[c].age_on(population.today) or 0) >= 15
            ]
            add(LEAVING_CARE, len(older))
        add(AWAKEN, len(case.awaken))
        if case.families_together:
            add(FAMILIES_TOGETHER, len(case.children))
    return counts


class Casework:
    """Writes each case's allocations and chronology, in memory."""

    def __init__(
        self,
        population: Population,
        planner: PopulationPlanner,
        staff: Staff,
        rng: random.Random,
    ) -> None:
        self.pop = population
        self.people = population.people
        self.planner = planner
        self.staff = staff
        self.rng = rng
        self.today = population.today
        self.allocations: list[PlannedAllocation] = []
        self.events: list[PlannedEvent] = []
        self.contacts: list[PlannedContact] = []
        self.load: dict[int, int] = {}
        sw_demo = staff.sign_ins["sw.demo"]
        # sw.demo should show a realistic caseload: 12 to 20 children.
        self.preferred = {sw_demo.pk: rng.randint(14, 18)}

    # Helpers -------------------------------------------------------------------------------

    def wd(self, day: dt.date, n: int) -> dt.date:
        return add_working_days(day, n)

    def ago(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low, high))

    def hub(self) -> User:
        return self.rng.choice(self.staff.workers[HUB])

    def any_worker(self, team: str) -> User:
        return self.rng.choice(self.staff.workers[team])

    def open_worker(self, team: str, children: int) -> User:
        """The worker who takes on an open case: the least loaded, so caseloads even out, with
        sw.demo first until it has its demo caseload."""
        workers = self.staff.workers[team]
        for worker in workers:
            target = self.preferred.get(worker.pk)
            if target is not None:
                load = self.load.get(worker.pk, 0)
                if load < target and load + children <= 20:
                    self.load[worker.pk] = load + children
                    return worker
        candidates = [w for w in workers if w.pk not in self.preferred] or workers
        chosen = min(candidates, key=lambda w: self.load.get(w.pk, 0))
        self.load[chosen.pk] = self.load.get(chosen.pk, 0) + children
        return chosen

    def event(
        self,
        children: list[int],
        day: dt.date,
        kind: str,
        summary: str,
        by: User | None,
        *,
        significant: bool = True,
    ) -> None:
        """One event in each child's chronology, if it has happened and the child existed.
        Meetings, plans and assessments move to the next working day."""
        if kind in WORKING_DAY_KINDS:
            day = self.wd(day, 0)
        if day > self.today:
            return
        for child in children:
            if self.people[child].exists_on(day):
                self.events.append(PlannedEvent(child, day, kind, summary, by, significant))

    def allocate(
        self,
        children: list[int],
        team: str,
        worker: User,
        start: dt.date,
        end: dt.date | None = None,
    ) -> None:
        if start > self.today:
            return
        if end is not None and end >= self.today:
            end = None
        for child in children:
            person = self.people[child]
            begins = start
            if person.date_of_birth is not None:
                begins = max(start, person.date_of_birth)
            elif person.expected_date_of_birth is not None:
                begins = max(start, person.expected_date_of_birth - dt.timedelta(days=150))
            if begins > self.today or (end is not None and end < begins):
                continue
            self.allocations.append(
                PlannedAllocation(child, team, worker, begins, end, len(self.events))
            )

    def every(self, start: dt.date, end: dt.date, days: int, jitter: int = 3) -> list[dt.date]:
        """Dates from `start` every `days` (give or take) up to `end`."""
        out = []
        day = start + dt.timedelta(days=days)
        while day <= end:
            out.append(day)
            day += dt.timedelta(days=days + self.rng.randint(-jitter, jitter))
        return out

    def seen(self, children: list[int], day: dt.date, *, alone: bool = False) -> str:
        """How a visit saw the children, in words that fit their ages."""
        present = [
            self.people[c]
            for c in children
            if self.people[c].date_of_birth is not None and self.people[c].exists_on(day)
        ]
        if not present:
            return "mother seen"
        oldest = max(p.age_on(day) or 0 for p in present)
        noun = "child" if len(present) == 1 else "children"
        if oldest < 2:
            return "baby seen with parents" if len(present) == 1 else "babies seen with parents"
        if alone and oldest >= 4:
            return f"{noun} seen and spoken to alone"
        return f"{noun} seen"

    def contact(self, children: list[int], day: dt.date, *, harm: bool = False) -> None:
        rng = self.rng
        if harm:
            ages = [self.people[c].age_on(day) for c in children]
            has_baby = any(a is not None and a < 2 for a in ages)
            source, worry = rng.choice(HARM_CONTACTS_BABY if has_baby else HARM_CONTACTS)
        else:
            source = rng.choices(_SOURCE_NAMES, cum_weights=_SOURCE_CUM)[0]
            worry = rng.choice(POLICE_WORRIES if source == "Police notification" else WORRIES)
        self.record_contact(children, day, source, worry, harm=harm)

    def record_contact(
        self, children: list[int], day: dt.date, source: str, worry: str, *, harm: bool = False
    ) -> None:
        first = len(self.events)
        self.event(children, day, EventKind.CONTACT, f"{source}: {worry}", self.hub())
        self.contacts.append(
            PlannedContact(
                list(children), day, source, worry, harm, first, len(self.events) - first
            )
        )

    def decision(self, children: list[int], day: dt.date, text: str) -> dt.date:
        """The Hub's decision, within a working day of the contact (the one just recorded)."""
        decided = min(self.wd(day, self.rng.choice((0, 0, 1))), self.today)
        by = self.hub()
        first = len(self.events)
        self.event(children, decided, EventKind.CONTACT, f"Hub decision: {text}", by)
        planned = self.contacts[-1]
        planned.decided, planned.decision, planned.decided_by = decided, text, by
        planned.decision_event, planned.decision_events = first, len(self.events) - first
        return decided

    # The pathway's building blocks ---------------------------------------------------------

    def assess(
        self, children: list[int], referral: dt.date, *, open_case: bool, outcome: str | None
    ) -> tuple[User, dt.date, dt.date | None]:
        """Contact, decision, allocation and a Child and Family Assessment. Returns the
        worker, the decision day and the completion day (None if still under way)."""
        rng = self.rng
        prebirth = all(self.people[c].date_of_birth is None for c in children)
        self.contact(children, referral)
        what = "pre-birth assessment" if prebirth else "Child and Family Assessment"
        decided = self.decision(children, referral, f"{what} by Assessment and Support")
        worker = (
            self.open_worker(ASSESSMENT_AND_SUPPORT, len(children))
            if open_case
            else self.any_worker(ASSESSMENT_AND_SUPPORT)
        )
        planned = self.contacts[-1]
        planned.worker, planned.started = worker, decided
        self.event(
            children, decided, EventKind.ASSESSMENT, f"{what[0].upper()}{what[1:]} started", worker
        )
        visit = self.wd(decided, rng.randint(1, 5))
        self.event(
            children,
            visit,
            EventKind.VISIT,
            f"Home visit for the assessment: {self.seen(children, visit)}",
            worker,
            significant=False,
        )
        if rng.random() < 0.6:
            kind, text = rng.choice(
                (
                    (EventKind.EDUCATION, "School shared attendance and wellbeing information"),
                    (
                        EventKind.HEALTH,
                        "Health visitor shared information about the children's health",
                    ),
                    (EventKind.POLICE, "Police shared previous call-outs to the address"),
                )
            )
            self.event(children, self.wd(decided, rng.randint(2, 8)), kind, text, worker)
        again = self.wd(decided, rng.randint(8, 20))
        self.event(
            children,
            again,
            EventKind.VISIT,
            f"Visit: {self.seen(children, again, alone=True)}",
            worker,
            significant=False,
        )
        if outcome is None:
            return worker, decided, None
        done = self.wd(decided, rng.randint(18, 44))
        self.event(
            children,
            done,
            EventKind.ASSESSMENT,
            f"{what[0].upper()}{what[1:]} completed: {outcome}",
            worker,
        )
        planned.completed = done if done <= self.today else None
        return worker, decided, done

    def protect(
        self, children: list[int], referral: dt.date, *, until: dt.date | None, open_case: bool
    ) -> tuple[dt.date, dt.date | None]:
        """Strategy discussion, Section 47 enquiry, initial conference and a Child Protection
        plan with its visits, core groups and reviews, to `until` (None: still open). Returns
        the plan's start and the day the case left Assessment and Support (None: not yet)."""
        rng = self.rng
        end = until or self.today
        self.contact(children, referral, harm=True)
        decided = self.decision(
            children, referral, "strategy discussion; significant harm suspected"
        )
        strategy = self.wd(decided, 0)
        conference = self.wd(strategy, rng.randint(8, 15))
        transfer = conference + dt.timedelta(days=rng.randint(20, 60))
        stays = transfer >= end  # still with Assessment and Support at the end
        worker = (
            self.open_worker(ASSESSMENT_AND_SUPPORT, len(children))
            if open_case and until is None and stays
            else self.any_worker(ASSESSMENT_AND_SUPPORT)
        )
        self.event(
            children,
            strategy,
            EventKind.MEETING,
            "Strategy discussion with police and health: Section 47 enquiry agreed",
            worker,
        )
        self.event(children, strategy, EventKind.ASSESSMENT, "Section 47 enquiry started", worker)
        visit = self.wd(strategy, 1)
        self.event(
            children,
            visit,
            EventKind.VISIT,
            f"Section 47 enquiry visit: {self.seen(children, visit, alone=True)}",
            worker,
            significant=False,
        )
        if rng.random() < 0.35:
            self.event(
                children,
                self.wd(strategy, 1),
                EventKind.HEALTH,
                "Child protection medical completed",
                worker,
            )
        self.event(
            children,
            self.wd(conference, -2),
            EventKind.ASSESSMENT,
            "Section 47 enquiry completed: initial Child Protection conference",
            worker,
        )
        enquired = self.wd(conference, -2)
        planned = self.contacts[-1]
        planned.worker, planned.started = worker, strategy
        planned.completed = enquired if enquired <= self.today else None
        category = rng.choices(list(CP_CATEGORIES), weights=list(CP_CATEGORIES.values()))[0]
        chair = self.any_worker(CP_CHAIRS)
        self.event(
            children,
            conference,
            EventKind.MEETING,
            "Initial Child Protection conference: Child Protection plan agreed",
            chair,
        )
        self.event(
            children,
            conference,
            EventKind.PLAN,
            f"Child Protection plan started: {category}",
            worker,
        )
        if stays:
            self.allocate(children, ASSESSMENT_AND_SUPPORT, worker, strategy, until)
            transfer_day = None
        else:
            self.allocate(children, ASSESSMENT_AND_SUPPORT, worker, strategy, transfer)
            transfer_day = transfer
        self.allocate(children, CP_CHAIRS, chair, conference, until)
        ssf_workers = []
        if transfer_day is not None:
            ssf_workers = self.hand_on(children, STRENGTHENING_FAMILIES, transfer, until, open_case)
        visits_by = [(strategy, worker), *ssf_workers]
        self.event(
            children,
            self.wd(conference, rng.randint(5, 10)),
            EventKind.MEETING,
            "First core group meeting",
            worker,
        )
        for day in self.every(conference, end, 14):
            self.event(
                children,
                day,
                EventKind.VISIT,
                f"Child Protection visit: {self.seen(children, day, alone=rng.random() < 0.6)}",
                self.at(visits_by, day),
                significant=False,
            )
        for day in self.every(conference + dt.timedelta(days=40), end, 42, 7):
            self.event(
                children, day, EventKind.MEETING, "Core group meeting", self.at(visits_by, day)
            )
        review = conference + dt.timedelta(days=rng.randint(80, 91))
        while review <= end:
            review = self.wd(review, 0)
            self.event(
                children,
                review,
                EventKind.MEETING,
                "Review Child Protection conference: plan continues",
                chair,
            )
            review += dt.timedelta(days=rng.randint(170, 182))
        return conference, transfer_day

    def hand_on(
        self,
        children: list[int],
        team: str,
        start: dt.date,
        until: dt.date | None,
        open_case: bool,
    ) -> list[tuple[dt.date, User]]:
        """Allocate a team from `start`, sometimes with a change of worker on the way (every
        change is counted, so the demo needs some). Returns (from, worker) pairs."""
        rng = self.rng
        end = until or self.today
        current = (
            self.open_worker(team, len(children))
            if open_case and until is None
            else self.any_worker(team)
        )
        if (end - start).days > 150 and rng.random() < 0.3:
            change = between(rng, start + dt.timedelta(days=60), end - dt.timedelta(days=30))
            first = self.any_worker(team)
            if first.pk != current.pk:
                self.allocate(children, team, first, start, change)
                self.allocate(children, team, current, change, until)
                return [(start, first), (change, current)]
        self.allocate(children, team, current, start, until)
        return [(start, current)]

    @staticmethod
    def at(timeline: list[tuple[dt.date, User]], day: dt.date) -> User:
        """Who held the case on `day`."""
        holder = timeline[0][1]
        for start, worker in timeline:
            if start <= day:
                holder = worker
        return holder

    def child_in_need(
        self,
        children: list[int],
        plan: dt.date,
        until: dt.date | None,
        timeline: list[tuple[dt.date, User]],
    ) -> None:
        end = until or self.today
        self.event(
            children,
            plan,
            EventKind.PLAN,
            "Child in Need plan agreed with the family",
            self.at(timeline, plan),
        )
        for day in self.every(plan, end, 28, 4):
            self.event(
                children,
                day,
                EventKind.VISIT,
                f"Child in Need visit: {self.seen(children, day)}",
                self.at(timeline, day),
                significant=False,
            )
        for day in self.every(plan, end, 91, 7):
            self.event(
                children,
                self.wd(day, 0),
                EventKind.MEETING,
                "Child in Need review: plan continues",
                self.at(timeline, day),
            )
        if self.rng.random() < 0.4:
            kind, text = self.rng.choice(
                (
                    (EventKind.EDUCATION, "School attendance improving: above 90% this term"),
                    (EventKind.HEALTH, "Referred to child and adolescent mental health services"),
                    (EventKind.POLICE, "Police called to the home: argument between the parents"),
                    (EventKind.EDUCATION, "Support plan agreed with the school"),
                )
            )
            self.event(children, between(self.rng, plan, end), kind, text, self.at(timeline, end))

    # Stories -------------------------------------------------------------------------------

    def write(self, cases: list[Case]) -> None:
        """Every case's story, then what works alongside it."""
        for case in cases:
            first_event = len(self.events)
            referral = getattr(self, f"story_{case.kind}")(case)
            self.include_latecomers(case, first_event)
            if case.re_referral:
                self.earlier_episode(case.children, before=referral)
            if case.awaken:
                # Open only to Awaken: the police notification was the first missing episode.
                first = referral if case.kind == "awaken_only" else None
                self.awaken(case.awaken, after=referral, first=first)
            if case.families_together:
                self.families_together(case.children, after=referral)

    def include_latecomers(self, case: Case, first_event: int) -> None:
        """A baby born (or expected) after the work began joins the family's story."""
        if not case.is_open:
            return
        seen = {e.person for e in self.events[first_event:]}
        team = TEAM_OF_CASE.get(case.kind, AWAKEN)
        name = self.staff.workers[team][0].team.name if self.staff.workers[team] else team
        for child in case.children:
            if child in seen:
                continue
            person = self.people[child]
            if person.date_of_birth is not None:
                day, text = person.date_of_birth, f"Born while the family was working with {name}"
            else:
                expected = person.expected_date_of_birth or self.today
                day = max(expected - dt.timedelta(days=150), self.today - dt.timedelta(days=30))
                text = f"Unborn baby included in the family's work with {name}"
            self.event([child], min(day, self.today), EventKind.FAMILY, text, None)

    def story_assessment(self, case: Case) -> dt.date:
        children = case.children
        referral = self.ago(1, 68)  # a few assessments run past their 45 working days
        unborn = [c for c in children if self.people[c].date_of_birth is None]
        if unborn and len(unborn) == len(children):
            expected = self.people[unborn[0]].expected_date_of_birth or self.today
            referral = max(referral, min(expected - dt.timedelta(days=150), self.today))
        worker, decided, _ = self.assess(children, referral, open_case=True, outcome=None)
        self.allocate(children, ASSESSMENT_AND_SUPPORT, worker, decided)
        return referral

    def story_s47(self, case: Case) -> dt.date:
        rng = self.rng
        children = case.children
        referral = self.ago(1, 25)
        self.contact(children, referral, harm=True)
        decided = self.decision(
            children, referral, "strategy discussion; significant harm suspected"
        )
        strategy = self.wd(decided, 0)
        worker = self.open_worker(ASSESSMENT_AND_SUPPORT, len(children))
        self.allocate(children, ASSESSMENT_AND_SUPPORT, worker, min(strategy, self.today))
        self.event(
            children,
            strategy,
            EventKind.MEETING,
            "Strategy discussion with police and health: Section 47 enquiry agreed",
            worker,
        )
        self.event(children, strategy, EventKind.ASSESSMENT, "Section 47 enquiry started", worker)
        visit = self.wd(strategy, 1)
        self.event(
            children,
            visit,
            EventKind.VISIT,
            f"Section 47 enquiry visit: {self.seen(children, visit, alone=True)}",
            worker,
            significant=False,
        )
        if rng.random() < 0.4:
            self.event(
                children,
                self.wd(strategy, 1),
                EventKind.HEALTH,
                "Child protection medical completed",
                worker,
            )
        if rng.random() < 0.5:
            self.event(
                children,
                self.wd(strategy, 2),
                EventKind.POLICE,
                "Joint visit with police: parents spoken to",
                worker,
            )
        enquired = self.wd(strategy, rng.randint(8, 12))
        self.event(
            children,
            enquired,
            EventKind.ASSESSMENT,
            "Section 47 enquiry completed: initial Child Protection conference requested",
            worker,
        )
        planned = self.contacts[-1]
        planned.worker, planned.started = worker, strategy
        planned.completed = enquired if enquired <= self.today else None
        return referral

    def story_short_cin(self, case: Case) -> dt.date:
        children = case.children
        referral = self.ago(50, 110)
        worker, decided, done = self.assess(
            children, referral, open_case=True, outcome="Child in Need plan"
        )
        self.allocate(children, ASSESSMENT_AND_SUPPORT, worker, decided)
        if done is not None:
            plan = self.wd(done, self.rng.randint(3, 10))
            self.child_in_need(children, plan, None, [(decided, worker)])
        return referral

    def story_cin(
        self, case: Case, *, until: dt.date | None = None, referral: dt.date | None = None
    ) -> dt.date:
        rng = self.rng
        children = case.children
        open_case = until is None
        referral = referral or self.ago(150, 700)
        worker, decided, done = self.assess(
            children, referral, open_case=False, outcome="Child in Need plan"
        )
        plan = self.wd(done or decided, rng.randint(3, 10))
        transfer = plan + dt.timedelta(days=rng.randint(20, 80))
        self.allocate(children, ASSESSMENT_AND_SUPPORT, worker, decided, transfer)
        timeline = [
            (decided, worker),
            *self.hand_on(children, STRENGTHENING_FAMILIES, transfer, until, open_case),
        ]
        self.child_in_need(children, plan, until, timeline)
        if until is not None:
            self.event(
                children,
                until,
                EventKind.CLOSURE,
                "Child in Need plan ended: outcomes met; stepped down to Early Help",
                self.at(timeline, until),
            )
        return referral

    def story_cp(
        self, case: Case, *, until: dt.date | None = None, referral: dt.date | None = None
    ) -> dt.date:
        referral = referral or self.ago(45, 700)
        self.protect(case.children, referral, until=until, open_case=until is None)
        return referral

    def story_complex(self, case: Case) -> dt.date:
        rng = self.rng
        children = case.children
        child = self.people[children[0]]
        assert child.date_of_birth is not None
        oldest = min(1500, (self.today - child.date_of_birth).days - 365)
        referral = self.ago(90, max(oldest, 90))
        source, worry = rng.choice(
            (
                (
                    "Request for Support from the community paediatrician",
                    "support for a disabled child",
                ),
                ("Request for Support from school", "support for a child with complex needs"),
                ("The family asked for help", "short breaks for a disabled child"),
            )
        )
        self.record_contact(children, referral, source, worry)
        decided = self.decision(
            children, referral, "specialist assessment by Supporting Children with Complex Needs"
        )
        timeline = self.hand_on(children, COMPLEX_NEEDS, decided, None, True)
        worker = timeline[0][1]
        self.event(children, decided, EventKind.ASSESSMENT, "Specialist assessment started", worker)
        done = self.wd(decided, rng.randint(25, 45))
        planned = self.contacts[-1]
        planned.worker, planned.started = worker, decided
        planned.completed = done if done <= self.today else None
        self.event(
            children,
            done,
            EventKind.ASSESSMENT,
            "Specialist assessment completed: Child in Need plan",
            self.at(timeline, done),
        )
        plan = self.wd(done, rng.randint(3, 10))
        self.event(
            children,
            plan,
            EventKind.PLAN,
            "Child in Need plan agreed: short breaks and support at home",
            self.at(timeline, plan),
        )
        if (child.age_on(self.today) or 0) >= 5 and rng.random() < 0.7:
            self.event(
                children,
                between(rng, plan, self.today),
                EventKind.EDUCATION,
                "Education, Health and Care plan in place",
                self.at(timeline, self.today),
            )
        for day in self.every(plan, self.today, 182, 10):
            self.event(
                children,
                self.wd(day, 0),
                EventKind.MEETING,
                "Child in Need review: plan continues",
                self.at(timeline, day),
            )
        for day in self.every(plan, self.today, 56, 7):
            self.event(
                children,
                day,
                EventKind.VISIT,
                "Visit: child seen at home",
                self.at(timeline, day),
                significant=False,
            )
        for day in self.every(plan, self.today, 365, 20):
            self.event(
                children,
                day,
                EventKind.HEALTH,
                "Annual review with the community paediatrician",
                self.at(timeline, day),
            )
        return referral

    def story_looked_after(self, case: Case) -> dt.date:
        rng = self.rng
        children = case.children
        youngest = max(self.people[c].date_of_birth or self.today for c in children)
        care = between(
            rng, max(youngest, self.today - years(6)), self.today - dt.timedelta(days=14)
        )
        referral = care - dt.timedelta(days=rng.randint(20, 400))
        if (care - referral).days > 60:
            self.protect(children, referral, until=care, open_case=False)
            self.event(
                children,
                care - dt.timedelta(days=rng.randint(10, 40)),
                EventKind.MEETING,
                "Pre-proceedings meeting under the Public Law Outline",
                self.any_worker(STRENGTHENING_FAMILIES),
            )
        else:
            self.contact(children, referral, harm=True)
            self.decision(children, referral, "strategy discussion; significant harm suspected")
        self.become_looked_after(children, care)
        return referral

    def become_looked_after(
        self, children: list[int], care: dt.date, *, until: dt.date | None = None
    ) -> None:
        """From the day a child comes into care: placement, allocations, reviews, visits."""
        rng = self.rng
        end = until or self.today
        open_case = until is None
        start_text = rng.choices(list(CARE_STARTS), weights=list(CARE_STARTS.values()))[0]
        ages = [self.people[c].age_on(care) or 0 for c in children]
        placements = ["Placed with foster carers"] * 13 + [
            "Placed with family and friends carers (connected persons)"
        ] * 4
        if min(ages) >= 11:
            placements += ["Placed in a children's home"] * 3
        placement = rng.choice(placements)
        social_worker = self.hand_on(children, OUR_CHILDREN, care, until, open_case)
        iro = self.open_worker(IROS, len(children)) if open_case else self.any_worker(IROS)
        self.allocate(children, IROS, iro, care, until)
        self.event(children, care, EventKind.CARE, start_text, social_worker[0][1])
        self.event(children, care, EventKind.CARE, placement, social_worker[0][1])
        together = rng.random() < 0.75
        shared = self.planner.new_home()
        restricted = open_case and rng.random() < RESTRICTED_RATE
        for child in children:
            person = self.people[child]
            person.is_restricted = person.is_restricted or restricted
            person.leave_household(care)
            person.move(shared if together else self.planner.new_home(), care)
        self.event(
            children,
            self.wd(care, 10),
            EventKind.PLAN,
            "Care plan agreed",
            self.at(social_worker, care),
        )
        self.event(
            children,
            self.wd(care, 20),
            EventKind.HEALTH,
            "Initial health assessment completed",
            self.at(social_worker, care),
        )
        review = self.wd(care, rng.randint(15, 20))
        gap = 91
        while review <= end:
            self.event(
                children,
                review,
                EventKind.MEETING,
                "Looked-after review chaired by the Independent Reviewing Officer",
                iro,
            )
            review = self.wd(review + dt.timedelta(days=gap - rng.randint(0, 10)), 0)
            gap = 182
        for day in self.every(care, end, 365, 15):
            self.event(
                children,
                day,
                EventKind.HEALTH,
                "Review health assessment completed",
                self.at(social_worker, day),
            )
        school_age = [c for c in children if (self.people[c].age_on(end) or 0) >= 5]
        for day in self.every(care, end, 120, 10):
            self.event(
                school_age,
                day,
                EventKind.EDUCATION,
                "Personal Education Plan meeting",
                self.at(social_worker, day),
            )
        visits = [care + dt.timedelta(days=rng.randint(3, 7))]
        while visits[-1] <= end:
            gap = 42 if (visits[-1] - care).days < 365 else 91
            visits.append(visits[-1] + dt.timedelta(days=gap - rng.randint(0, 7)))
        for day in visits[:-1]:
            self.event(
                children,
                day,
                EventKind.VISIT,
                "Statutory visit: child seen alone in placement",
                self.at(social_worker, day),
                significant=False,
            )
        if "care order" in start_text:
            final = care + dt.timedelta(days=rng.randint(182, 300))
            if rng.random() < 0.85:
                self.event(
                    children,
                    final,
                    EventKind.CARE,
                    "Final care order granted",
                    self.at(social_worker, final),
                )
        if rng.random() < 0.5:
            permanence = care + dt.timedelta(days=rng.randint(240, 400))
            plan = rng.choice(
                (
                    "long-term fostering",
                    "special guardianship with the connected carers",
                    "return home with support",
                    "adoption",
                )
            )
            self.event(
                children,
                permanence,
                EventKind.PLAN,
                f"Permanence plan agreed: {plan}",
                self.at(social_worker, permanence),
            )
        if (end - care).days > 120 and rng.random() < 0.25:
            moved = between(rng, care + dt.timedelta(days=60), end - dt.timedelta(days=10))
            self.event(
                children,
                moved,
                EventKind.CARE,
                "Moved to a new placement with foster carers",
                self.at(social_worker, moved),
            )
            home = self.planner.new_home()
            for child in children:
                self.people[child].move(home, moved)
        if rng.random() < 0.5:
            for day in self.every(care, end, 91, 10):
                self.event(
                    children,
                    day,
                    EventKind.CARE,
                    "Family time with parents",
                    self.at(social_worker, day),
                    significant=False,
                )
        for child in children:
            person = self.people[child]
            assert person.date_of_birth is not None
            adviser_from = max(care, person.date_of_birth + years(15.75))
            if open_case and adviser_from <= self.today:
                adviser = self.open_worker(LEAVING_CARE, 1)
                self.allocate([child], LEAVING_CARE, adviser, adviser_from)
                self.event(
                    [child],
                    self.wd(adviser_from, 10),
                    EventKind.PLAN,
                    "Pathway plan started with the personal adviser",
                    adviser,
                )

    def story_care_leaver(self, case: Case) -> dt.date:
        rng = self.rng
        child = case.children[0]
        person = self.people[child]
        assert person.date_of_birth is not None
        care = person.date_of_birth + years(rng.uniform(11.0, 17.3))
        eighteen = person.date_of_birth + years(18)
        referral = care - dt.timedelta(days=rng.randint(20, 200))
        self.contact([child], referral)
        self.decision([child], referral, "Child and Family Assessment by Assessment and Support")
        self.become_looked_after([child], care, until=eighteen)
        adviser = self.open_worker(LEAVING_CARE, 1)
        adviser_from = max(care, person.date_of_birth + years(15.75))
        self.allocate([child], LEAVING_CARE, adviser, adviser_from)
        self.event(
            [child],
            self.wd(adviser_from, 10),
            EventKind.PLAN,
            "Pathway plan started with the personal adviser",
            adviser,
        )
        self.event(
            [child],
            eighteen,
            EventKind.CARE,
            "18th birthday: left care; support from the personal adviser continues",
            adviser,
        )
        person.move(self.planner.new_home(), eighteen)
        self.event(
            [child],
            eighteen,
            EventKind.CARE,
            rng.choice(
                (
                    "Moved into supported accommodation",
                    "Moved into their own tenancy",
                    "Stayed with former foster carers (staying put)",
                )
            ),
            adviser,
        )
        for day in self.every(eighteen, self.today, 182, 10):
            self.event([child], day, EventKind.PLAN, "Pathway plan reviewed", adviser)
        for day in self.every(eighteen, self.today, 56, 7):
            self.event(
                [child],
                day,
                EventKind.VISIT,
                "Personal adviser contact: young person seen",
                adviser,
                significant=False,
            )
        if rng.random() < 0.5:
            self.event(
                [child],
                between(rng, eighteen, self.today),
                EventKind.EDUCATION,
                rng.choice(
                    (
                        "Started a college course",
                        "Started an apprenticeship",
                        "Not in education, employment or training: support offered",
                    )
                ),
                adviser,
            )
        return referral

    def story_awaken_only(self, case: Case) -> dt.date:
        referral = self.ago(20, 300)
        self.record_contact(
            case.children, referral, "Police notification", "child reported missing from home"
        )
        self.decision(
            case.children,
            referral,
            "to Awaken for a return home interview and exploitation assessment",
        )
        return referral

    def story_signposted(self, case: Case, referral: dt.date | None = None) -> dt.date:
        rng = self.rng
        children = case.children
        referral = referral or self.ago(30, 6 * 365)
        self.contact(children, referral)
        if rng.random() < 0.2:
            decided = self.decision(
                children,
                referral,
                "the family did not want support and there is no significant harm",
            )
            self.event(
                children,
                decided,
                EventKind.CLOSURE,
                "Contact closed: the family's wishes respected",
                self.hub(),
            )
        else:
            decided = self.decision(
                children, referral, "no assessment needed; the family was helped to access services"
            )
            self.event(
                children,
                decided,
                EventKind.CLOSURE,
                f"Contact closed: signposted to {rng.choice(SIGNPOSTS)}",
                self.hub(),
            )
        return referral

    def story_early_help(self, case: Case, referral: dt.date | None = None) -> dt.date:
        rng = self.rng
        children = case.children
        referral = referral or self.ago(300, 6 * 365)
        self.contact(children, referral)
        decided = self.decision(
            children, referral, "to the Early Help Hub to agree the lead agency"
        )
        agreed = self.wd(decided, rng.randint(2, 5))
        self.event(
            children,
            agreed,
            EventKind.MEETING,
            f"Early Help Hub agreed the lead agency: {rng.choice(LEAD_AGENCIES)}",
            self.any_worker("early-help-hub"),
        )
        assessed = self.wd(agreed, rng.randint(10, 30))
        self.event(
            children,
            assessed,
            EventKind.ASSESSMENT,
            "Early Help Assessment completed by the lead agency",
            None,
        )
        self.event(
            children,
            self.wd(assessed, rng.randint(3, 10)),
            EventKind.PLAN,
            "Team Around the Family plan agreed",
            None,
        )
        ended = assessed + dt.timedelta(days=rng.randint(90, 240))
        self.event(children, ended, EventKind.CLOSURE, "Early Help plan ended: outcomes met", None)
        return referral

    def story_nfa(self, case: Case, referral: dt.date | None = None) -> dt.date:
        children = case.children
        referral = referral or self.ago(120, 6 * 365)
        worker, decided, done = self.assess(
            children, referral, open_case=False, outcome="no further action"
        )
        closed = self.wd(done or decided, self.rng.randint(1, 5))
        self.allocate(children, ASSESSMENT_AND_SUPPORT, worker, decided, closed)
        self.event(
            children,
            closed,
            EventKind.CLOSURE,
            "Case closed: no further action after the Child and Family Assessment",
            worker,
        )
        return referral

    def story_past_cin(self, case: Case) -> dt.date:
        referral = self.ago(500, 6 * 365)
        until = referral + dt.timedelta(days=self.rng.randint(200, 450))
        return self.story_cin(case, until=until, referral=referral)

    def story_past_cp(self, case: Case) -> dt.date:
        rng = self.rng
        referral = self.ago(800, 6 * 365)
        until = referral + dt.timedelta(days=rng.randint(200, 550))
        conference, _ = self.protect(case.children, referral, until=until, open_case=False)
        chair = self.any_worker(CP_CHAIRS)
        self.event(
            case.children,
            until,
            EventKind.MEETING,
            "Review Child Protection conference: plan ended",
            chair,
        )
        self.event(
            case.children,
            until,
            EventKind.CLOSURE,
            "Child Protection plan ended: stepped down to a Child in Need plan",
            chair,
        )
        closed = until + dt.timedelta(days=rng.randint(90, 180))
        worker = self.any_worker(STRENGTHENING_FAMILIES)
        self.allocate(case.children, STRENGTHENING_FAMILIES, worker, until, closed)
        self.event(
            case.children,
            closed,
            EventKind.CLOSURE,
            "Case closed: Child in Need plan outcomes met",
            worker,
        )
        return referral

    # Alongside -----------------------------------------------------------------------------

    def earlier_episode(self, children: list[int], *, before: dt.date) -> None:
        """A re-referral: an earlier contact, closed well before this one."""
        rng = self.rng
        referral = before - dt.timedelta(days=rng.randint(330, 1500))
        kind = rng.choice(("signposted", "signposted", "early_help", "nfa"))
        case = Case(kind, Family(-1, children, [], referral, False, False), children)
        getattr(self, f"story_{kind}")(case, referral=referral)

    def awaken(self, teens: list[int], *, after: dt.date, first: dt.date | None = None) -> None:
        """Missing episodes, return home interviews, the daily meeting and a CE2 assessment."""
        rng = self.rng
        eleven = max(self.people[t].date_of_birth or self.today for t in teens) + years(11)
        first = first or between(
            rng,
            max(after, eleven, self.today - dt.timedelta(days=400)),
            self.today - dt.timedelta(days=5),
        )
        worker = self.open_worker(AWAKEN, len(teens))
        self.allocate(teens, AWAKEN, worker, self.wd(first, 1))
        looked_after = any(
            (m := self.people[t].membership) is not None and m.end is not None and m.end <= first
            for t in teens
        )
        missing = first
        for number in range(rng.randint(1, 4)):
            if missing > self.today:
                break
            reported = (
                "Missing from care: reported to police by the foster carer"
                if looked_after
                else "Missing from home: reported to police by a parent"
            )
            self.event(teens, missing, EventKind.MISSING, reported, self.hub())
            nights = rng.choice((0, 1, 1, 2))
            back = missing + dt.timedelta(days=nights)
            self.event(
                teens,
                back,
                EventKind.MISSING,
                (
                    "Returned the same day"
                    if nights == 0
                    else f"Returned after {nights} night{'s' if nights > 1 else ''} missing"
                )
                + "; return home interview offered",
                worker,
            )
            interview = back + dt.timedelta(days=rng.randint(1, 3))
            if rng.random() < 0.7:
                self.event(
                    teens,
                    interview,
                    EventKind.MISSING,
                    "Return home interview completed by Awaken",
                    worker,
                )
            else:
                self.event(
                    teens,
                    interview,
                    EventKind.MISSING,
                    "Return home interview declined; the offer stays open",
                    worker,
                )
            self.event(
                teens,
                self.wd(missing, 1),
                EventKind.MEETING,
                "Discussed at the daily exploited-and-missing meeting",
                worker,
            )
            if number == 0:
                level = rng.choice(("moderate", "significant", "significant", "low"))
                self.event(
                    teens,
                    self.wd(interview, 5),
                    EventKind.ASSESSMENT,
                    f"CE2 exploitation risk assessment completed: {level} risk",
                    worker,
                )
            if rng.random() < 0.3:
                self.event(
                    teens,
                    self.wd(missing, 3),
                    EventKind.POLICE,
                    "Police disruption action at a location of concern",
                    worker,
                )
            missing += dt.timedelta(days=rng.randint(20, 90))

    def families_together(self, children: list[int], *, after: dt.date) -> None:
        """A Family Together Meeting (family group conference) and its review."""
        rng = self.rng
        if (self.today - after).days < 30:
            return  # too early in the work for a family meeting
        meeting = between(rng, after + dt.timedelta(days=20), self.today - dt.timedelta(days=5))
        coordinator = self.open_worker(FAMILIES_TOGETHER, len(children))
        self.allocate(children, FAMILIES_TOGETHER, coordinator, meeting - dt.timedelta(days=15))
        self.event(
            children,
            self.wd(meeting, 0),
            EventKind.MEETING,
            "Family Together Meeting held: the family's own plan agreed",
            coordinator,
        )
        self.event(
            children,
            self.wd(meeting + dt.timedelta(days=rng.randint(50, 70)), 0),
            EventKind.MEETING,
            "Family Together review meeting",
            coordinator,
        )
