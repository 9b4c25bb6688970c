"""How the service is doing: the figures managers and data officers watch, from the records.

Each table is a `Table` (a title, columns, rows and which column a chart draws), so the page
shows it, draws it and downloads it as CSV the same way. Figures are counts over a period and
a team; no child is named.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from continuum.frontdoor import rules as frontdoor_rules
from continuum.frontdoor.models import Contact, ContactDecision
from continuum.organisation.models import Team
from continuum.people.models import Allocation
from continuum.returns import rules
from continuum.socialwork import rules_protection as protection_rules
from continuum.socialwork.codes_protection import AbuseCategory, ConferenceKind
from continuum.socialwork.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    ChildProtectionPlan,
    Conference,
    Episode,
)


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[list[object]]
    chart_column: int | None = None
    """The column drawn as bars (its values are whole numbers), or None for no chart."""
    note: str = ""
    chart: list[dict[str, object]] = field(default_factory=list)
    """One bar a row: label, value, width (of 100) and its position down the chart."""

    def __post_init__(self) -> None:
        if self.chart_column is None:
            return
        values = [int(row[self.chart_column]) for row in self.rows]
        for n, (row, value, width) in enumerate(
            zip(self.rows, values, rules.bar_widths(values), strict=True)
        ):
            self.chart.append({"label": str(row[0]), "value": value, "width": width, "y": n * 10})

    @property
    def chart_height(self) -> int:
        return len(self.chart) * 10


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    team: Team | None = None


def tables(filters: Filters) -> list[Table]:
    return [
        headline(filters),
        child_protection(filters),
        plans_by_category(filters),
        contacts_by_kind(filters),
        caseloads(filters),
        worker_changes(filters),
    ]


def table(filters: Filters, slug: str) -> Table | None:
    return next((t for t in tables(filters) if t.slug == slug), None)


def _episodes(filters: Filters):  # noqa: ANN202 - a queryset
    episodes = Episode.objects.all()
    if filters.team is not None:
        episodes = episodes.filter(team=filters.team)
    return episodes


def headline(filters: Filters) -> Table:
    start, end = filters.start, filters.end
    contacts = Contact.objects.filter(
        received_at__date__gte=start, received_at__date__lte=end
    ).count()
    decisions = ContactDecision.objects.filter(
        decided_at__date__gte=start, decided_at__date__lte=end
    ).aggregate(all=Count("pk"), on_time=Count("pk", filter=Q(was_on_time=True)))
    referrals = list(
        _episodes(filters)
        .filter(referral_date__gte=start, referral_date__lte=end)
        .values_list("person_id", "referral_date")
    )
    earlier: dict[int, list[dt.date]] = defaultdict(list)
    for person_id, day in Episode.objects.filter(
        person_id__in={p for p, _ in referrals}
    ).values_list("person_id", "referral_date"):
        earlier[person_id].append(day)
    re_referrals = sum(
        1 for person_id, day in referrals if frontdoor_rules.is_re_referral(day, earlier[person_id])
    )
    assessments = Assessment.objects.filter(
        kind=AssessmentKind.CHILD_AND_FAMILY,
        status=AssessmentStatus.COMPLETED,
        completed_on__gte=start,
        completed_on__lte=end,
    )
    if filters.team is not None:
        assessments = assessments.filter(team=filters.team)
    completed = assessments.count()
    in_time = sum(
        1 for done, due in assessments.values_list("completed_on", "due_on") if done <= due
    )
    enquiries = Assessment.objects.filter(
        kind=AssessmentKind.SECTION_47, started_on__gte=start, started_on__lte=end
    )
    if filters.team is not None:
        enquiries = enquiries.filter(team=filters.team)
    return Table(
        slug="headline",
        title="The period at a glance",
        columns=["Measure", "Figure"],
        rows=[
            ["Contacts received (all teams: the Hub's front door)", f"{contacts:,}"],
            [
                "Hub decisions within 1 working day",
                rules.Share(decisions["on_time"], decisions["all"]).words,
            ],
            ["Referrals (episodes of need opened)", f"{len(referrals):,}"],
            [
                "Re-referrals within 12 months of a previous referral",
                rules.Share(re_referrals, len(referrals)).words,
            ],
            [
                "Child and Family Assessments completed within 45 working days",
                rules.Share(in_time, completed).words,
            ],
            ["Section 47 enquiries started", f"{enquiries.count():,}"],
        ],
    )


def contacts_by_kind(filters: Filters) -> Table:
    counted = Counter(
        Contact.objects.filter(
            received_at__date__gte=filters.start, received_at__date__lte=filters.end
        ).values_list("kind", flat=True)
    )
    labels = dict(Contact._meta.get_field("kind").choices)
    rows = [[labels.get(kind, kind), n] for kind, n in counted.most_common()]
    return Table(
        slug="contacts",
        title="Contacts by how they came",
        columns=["Kind of contact", "Contacts"],
        rows=rows,
        chart_column=1,
    )


def caseloads(filters: Filters) -> Table:
    """Children allocated to each worker today (the caseload), largest first."""
    allocations = Allocation.objects.filter(end_date__isnull=True, worker__isnull=False)
    if filters.team is not None:
        allocations = allocations.filter(team=filters.team)
    counted = (
        allocations.values("worker__first_name", "worker__last_name", "team__name")
        .annotate(children=Count("person", distinct=True))
        .order_by("-children", "worker__last_name")
    )
    rows = [
        [
            f"{row['worker__first_name']} {row['worker__last_name']}",
            row["team__name"],
            row["children"],
        ]
        for row in counted
    ]
    return Table(
        slug="caseloads",
        title="Caseloads today",
        columns=["Worker", "Team", "Children"],
        rows=rows,
        chart_column=2,
        note="Children with an open allocation to each worker, whatever the period.",
    )


def worker_changes(filters: Filters) -> Table:
    """For children in an episode open at the end of the period: how many times their worker
    changed since it opened ("reduce unnecessary transfers")."""
    episodes = list(
        _episodes(filters)
        .filter(referral_date__lte=filters.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=filters.end))
        .values_list("person_id", "referral_date")
    )
    opened = dict(episodes)
    workers: dict[int, int] = Counter()
    for person_id, start in (
        Allocation.objects.filter(person_id__in=opened, worker__isnull=False)
        .values_list("person_id", "start_date")
        .iterator()
    ):
        if opened[person_id] <= start <= filters.end:
            workers[person_id] += 1
    changes = [max(0, workers.get(person_id, 0) - 1) for person_id in opened]
    return Table(
        slug="worker-changes",
        title="Changes of worker per child",
        columns=["Changes of worker", "Children"],
        rows=[list(band) for band in rules.bands(changes, top=3)],
        chart_column=1,
        note="Children in an episode of need open at the end of the period, since it opened.",
    )


def _plans(filters: Filters):  # noqa: ANN202 - a queryset
    plans = ChildProtectionPlan.objects.all()
    if filters.team is not None:
        plans = plans.filter(episode__team=filters.team)
    return plans


def child_protection(filters: Filters) -> Table:
    """Initial conferences within 15 working days of the strategy discussion, and the plans
    that deserve a second look: second or later plans, and plans lasting two years or more."""
    start, end = filters.start, filters.end
    initial = Conference.objects.filter(
        kind=ConferenceKind.INITIAL, held_on__gte=start, held_on__lte=end
    )
    if filters.team is not None:
        initial = initial.filter(episode__team=filters.team)
    held = list(initial.values_list("held_on", "due_on"))
    started = _plans(filters).filter(started_on__gte=start, started_on__lte=end)
    open_at_end = (
        _plans(filters)
        .filter(started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=end))
    )
    long_running = sum(
        1
        for day in open_at_end.values_list("started_on", flat=True)
        if protection_rules.plan_lasted_long(day, end)
    )
    return Table(
        slug="child-protection",
        title="Child protection",
        columns=["Measure", "Figure"],
        rows=[
            [
                "Initial conferences within 15 working days of the strategy discussion",
                rules.Share(sum(1 for done, due in held if done <= due), len(held)).words,
            ],
            ["Child Protection plans started", f"{started.count():,}"],
            [
                "Plans started that are a second or later plan",
                rules.Share(started.filter(previous_plans__gt=0).count(), started.count()).words,
            ],
            ["Plans open at the end of the period", f"{open_at_end.count():,}"],
            [
                "Open plans lasting 2 years or more",
                rules.Share(long_running, open_at_end.count()).words,
            ],
        ],
    )


def plans_by_category(filters: Filters) -> Table:
    """Plans open at the end of the period by their latest category of abuse."""
    open_at_end = (
        _plans(filters)
        .filter(started_on__lte=filters.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=filters.end))
    )
    counted = Counter(open_at_end.values_list("latest_category", flat=True))
    return Table(
        slug="plans-by-category",
        title="Child Protection plans by category of abuse",
        columns=["Category", "Plans"],
        rows=[[label, counted.get(code, 0)] for code, label in AbuseCategory.choices],
        chart_column=1,
        note="Plans open at the end of the period, by their latest category.",
    )
