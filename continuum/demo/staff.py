"""The demo authority's staff: workers in every team, partner-agency users, and the fixed
demo sign-ins, one per role.

Every demo user has the password `continuum-demo`, and every demo user but partner agencies'
accepts the second-factor code `123456` (account.models.DemoDevice), so a demonstrator can sign
in as anyone they see on a page. The password is hashed once and the hash shared: hashing it for each of
several hundred users with the production hasher would take minutes, and these accounts exist
only in a demo database.
"""

import math
import random
import re
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from continuum.account.actions import give_demo_second_factor
from continuum.demo import names
from continuum.organisation.models import Agency, AgencyKind, Role, Team, User

DEMO_PASSWORD = "continuum-demo"  # noqa: S105 (documented, demo databases only)

HUB = "request-for-support-hub"
EARLY_HELP_HUB = "early-help-hub"
ASSESSMENT_AND_SUPPORT = "assessment-and-support"
STRENGTHENING_FAMILIES = "strengthening-and-supporting-families"
COMPLEX_NEEDS = "complex-needs"
OUR_CHILDREN = "supporting-our-children"
LEAVING_CARE = "leaving-care"
FOSTERING = "fostering"
ADOPTION = "adoption"
AWAKEN = "awaken"
FAMILIES_TOGETHER = "families-together"
CP_CHAIRS = "child-protection-chairs"
IROS = "independent-reviewing-officers"
EMERGENCY_DUTY = "emergency-duty-team"

# The teams the demo needs; the configuration file must define them.
REQUIRED_TEAMS = (
    HUB,
    EARLY_HELP_HUB,
    ASSESSMENT_AND_SUPPORT,
    STRENGTHENING_FAMILIES,
    COMPLEX_NEEDS,
    OUR_CHILDREN,
    LEAVING_CARE,
    AWAKEN,
    FAMILIES_TOGETHER,
    CP_CHAIRS,
    IROS,
)
DEMO_SCHOOL = "demo-primary-school"


@dataclass(frozen=True)
class SignIn:
    """A fixed, documented demo account."""

    username: str
    role: str
    first_name: str
    last_name: str
    job_title: str
    team: str | None = None
    agency: str | None = None  # a partner agency's slug; staff belong to the authority


DEMO_SIGN_INS = (
    SignIn("sw.demo", Role.PRACTITIONER, "Sam", "Shaw", "Social worker", ASSESSMENT_AND_SUPPORT),
    SignIn(
        "tm.demo", Role.TEAM_MANAGER, "Morgan", "Taylor", "Team manager", ASSESSMENT_AND_SUPPORT
    ),
    SignIn("hub.demo", Role.HUB_WORKER, "Hollie", "Hughes", "Hub social worker", HUB),
    SignIn(
        "school.demo",
        Role.PARTNER,
        "Sasha",
        "Cole",
        "Designated safeguarding lead",
        agency=DEMO_SCHOOL,
    ),
    SignIn("iro.demo", Role.CHAIR_IRO, "Indira", "Rowe", "Independent Reviewing Officer", IROS),
    SignIn("data.demo", Role.DATA_OFFICER, "Dana", "Ellis", "Performance and data officer"),
    SignIn("admin.demo", Role.ADMINISTRATOR, "Alex", "Mercer", "System administrator"),
)
SIGN_IN_USERNAMES = tuple(s.username for s in DEMO_SIGN_INS)

# Children a full-time worker in each case-holding team usually has; team sizes follow from
# the demo's open cases, so caseloads look like a real authority's rather than a formula's.
CASELOAD = {
    ASSESSMENT_AND_SUPPORT: 16,
    STRENGTHENING_FAMILIES: 17,
    COMPLEX_NEEDS: 18,
    OUR_CHILDREN: 15,
    LEAVING_CARE: 20,
    AWAKEN: 12,
    FAMILIES_TOGETHER: 10,
    CP_CHAIRS: 60,
    IROS: 60,
}
JOB_TITLES = {
    HUB: ("Hub social worker", "Hub social worker", "Early help specialist", "Police officer (Hub)", "Health practitioner (Hub)"),
    EARLY_HELP_HUB: ("Early Help coordinator",),
    ASSESSMENT_AND_SUPPORT: ("Social worker", "Social worker", "Senior social worker", "Advanced practitioner"),
    STRENGTHENING_FAMILIES: ("Social worker", "Social worker", "Senior social worker", "Advanced practitioner"),
    COMPLEX_NEEDS: ("Social worker", "Senior social worker", "Family support worker"),
    OUR_CHILDREN: ("Social worker", "Social worker", "Senior social worker"),
    LEAVING_CARE: ("Personal adviser",),
    FOSTERING: ("Supervising social worker",),
    ADOPTION: ("Adoption social worker",),
    AWAKEN: ("Exploitation and missing practitioner", "Social worker"),
    FAMILIES_TOGETHER: ("Family Together coordinator",),
    CP_CHAIRS: ("Child Protection Chair",),
    IROS: ("Independent Reviewing Officer",),
    EMERGENCY_DUTY: ("Emergency Duty social worker",),
}  # fmt: skip
PARTNER_TITLES = {
    AgencyKind.SCHOOL: ("Designated safeguarding lead", "Deputy safeguarding lead", "Head of year"),
    AgencyKind.HEALTH: ("Health visitor", "Midwife", "School nurse", "Named nurse for safeguarding"),
    AgencyKind.POLICE: ("Police constable", "Detective constable", "Police sergeant"),
    AgencyKind.HOUSING: ("Housing officer", "Tenancy support officer"),
    AgencyKind.VOLUNTARY: ("Family support worker", "Youth worker"),
    AgencyKind.EARLY_YEARS: ("Nursery manager", "Early years practitioner"),
}  # fmt: skip


@dataclass
class Staff:
    """The demo's users, by team: who can hold cases, chair meetings and record events."""

    workers: dict[str, list[User]] = field(default_factory=dict)  # practitioners, by team slug
    managers: dict[str, User] = field(default_factory=dict)
    sign_ins: dict[str, User] = field(default_factory=dict)
    users: list[User] = field(default_factory=list)


def team_sizes(
    team_slugs: list[str], open_children: dict[str, int], rng: random.Random
) -> dict[str, int]:
    """Practitioners per team: enough for the open cases at a usual caseload, at least four;
    four to eight in teams that hold no cases here (eight to twelve in the Hub)."""
    sizes = {}
    for slug in team_slugs:
        if slug in CASELOAD:
            sizes[slug] = max(4, math.ceil(open_children.get(slug, 0) / CASELOAD[slug]))
        else:
            sizes[slug] = rng.randint(4, 8) if slug != HUB else rng.randint(8, 12)
    return sizes


def _username(first: str, last: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z.-]", "", f"{first}.{last}".lower())
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    taken.add(name)
    return name


def create_staff(
    rng: random.Random, open_children: dict[str, int], *, existing_usernames: set[str]
) -> Staff:
    """Create the demo's users in bulk: the fixed sign-ins first, then everyone else."""
    teams = {t.slug: t for t in Team.objects.filter(is_active=True).select_related("agency")}
    agencies = {a.slug: a for a in Agency.objects.filter(is_active=True)}
    authority = next(a for a in agencies.values() if a.kind == AgencyKind.LOCAL_AUTHORITY)
    password = make_password(DEMO_PASSWORD)
    taken = set(existing_usernames) | set(SIGN_IN_USERNAMES)
    users: list[User] = []
    by_username: dict[str, User] = {}

    def user(username: str, first: str, last: str, role: str, title: str, **extra: object) -> User:
        made = User(
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            job_title=title,
            password=password,
            **extra,
        )
        users.append(made)
        by_username[username] = made
        return made

    def someone() -> tuple[str, str]:
        sex = "F" if rng.random() < 0.75 else "M"  # most social workers are women
        first = names.first_name(rng, sex, 1985)
        last = names.family_name(rng)
        return first, last

    staff = Staff()
    for sign_in in DEMO_SIGN_INS:
        team = teams.get(sign_in.team) if sign_in.team else None
        agency = agencies[sign_in.agency] if sign_in.agency else authority
        is_admin = sign_in.role == Role.ADMINISTRATOR
        made = user(
            sign_in.username,
            sign_in.first_name,
            sign_in.last_name,
            sign_in.role,
            sign_in.job_title,
            team=team,
            agency=agency,
            is_staff=is_admin,
            is_superuser=is_admin,
        )
        staff.sign_ins[sign_in.username] = made
    staff.workers = {slug: [] for slug in teams}
    sw_demo, tm_demo = staff.sign_ins["sw.demo"], staff.sign_ins["tm.demo"]
    staff.workers[ASSESSMENT_AND_SUPPORT].append(sw_demo)
    staff.workers[HUB].append(staff.sign_ins["hub.demo"])
    staff.workers[IROS].append(staff.sign_ins["iro.demo"])
    staff.managers[ASSESSMENT_AND_SUPPORT] = tm_demo

    ordered = [*REQUIRED_TEAMS, *sorted(set(teams) - set(REQUIRED_TEAMS))]
    for slug, size in team_sizes(ordered, open_children, rng).items():
        team = teams[slug]
        role = {HUB: Role.HUB_WORKER, CP_CHAIRS: Role.CHAIR_IRO, IROS: Role.CHAIR_IRO}.get(
            slug, Role.PRACTITIONER
        )
        if slug not in staff.managers:
            first, last = someone()
            title = (
                "Team manager" if role != Role.CHAIR_IRO else "Safeguarding and Reviewing manager"
            )
            staff.managers[slug] = user(
                _username(first, last, taken),
                first,
                last,
                Role.TEAM_MANAGER,
                title,
                team=team,
                agency=authority,
            )
        while len(staff.workers[slug]) < size:
            first, last = someone()
            staff.workers[slug].append(
                user(
                    _username(first, last, taken),
                    first,
                    last,
                    role,
                    rng.choice(JOB_TITLES.get(slug, ("Practitioner",))),
                    team=team,
                    agency=authority,
                )
            )

    for agency in sorted(agencies.values(), key=lambda a: a.slug):
        if agency.kind == AgencyKind.LOCAL_AUTHORITY:
            continue
        for _ in range(rng.randint(2, 4)):
            first, last = someone()
            title = rng.choice(PARTNER_TITLES.get(agency.kind, ("Practitioner",)))
            user(_username(first, last, taken), first, last, Role.PARTNER, title, agency=agency)
    for role, title, count, is_admin in (
        (Role.DATA_OFFICER, "Performance and data officer", 2, False),
        (Role.ADMINISTRATOR, "System administrator", 1, True),
    ):
        for _ in range(count):
            first, last = someone()
            user(
                _username(first, last, taken),
                first,
                last,
                role,
                title,
                agency=authority,
                is_staff=is_admin,
                is_superuser=is_admin,
            )

    User.objects.bulk_create(users, batch_size=500)
    give_demo_second_factor(users)
    staff.users = users
    return staff
