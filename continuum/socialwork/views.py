"""A team's incoming work: assessments (with their due dates), strategy discussions and early
help requests that the Hub has sent to it."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from continuum.core import clock
from continuum.earlyhelp.models import EarlyHelpRequest
from continuum.governance.access import may_list
from continuum.organisation.models import Role, Team
from continuum.socialwork import rules
from continuum.socialwork.models import Assessment, AssessmentStatus, StrategyDiscussion

ASSESSMENTS_PAGE_SIZE = 25
# The page shows a few fields of each child and contact: only those are read (a contact's
# referral text and a person's details would otherwise be loaded for every row). What the
# access policy asks of a person (`gather_facts`) is kept.
PERSON_SHOWN = [
    f"person__{name}"
    for name in (
        "given_name",
        "middle_names",
        "family_name",
        "is_restricted",
        "created_by",
        "created_at",
    )
]


def team_queue(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_object_or_404(Team, slug=slug)
    if request.user.role == Role.PARTNER or (
        request.user.team_id != team.pk and request.user.role != Role.ADMINISTRATOR
    ):
        raise PermissionDenied("This is another team's work list.")
    # A busy team has hundreds open: a page at a time, soonest due first.
    assessments = Paginator(
        Assessment.objects.filter(team=team, status=AssessmentStatus.OPEN)
        .select_related("person", "worker", "contact")
        .only(
            "kind",
            "status",
            "review_state",
            "team",
            "referral_date",
            "due_on",
            "person",
            "worker",
            "contact",
            "contact__reference",
            *PERSON_SHOWN,
        )
        .order_by("due_on", "pk"),
        ASSESSMENTS_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    today = clock.today()
    for assessment in assessments:
        assessment.due = rules.due(assessment.due_on, today)
    strategy_discussions = (
        StrategyDiscussion.objects.filter(team=team, held_on__isnull=True)
        .select_related("person", "contact")
        .only("requested_at", "person", "contact", "contact__reference", *PERSON_SHOWN)
    )
    early_help = (
        EarlyHelpRequest.objects.filter(team=team, lead_agency__isnull=True)
        .select_related("person", "contact")
        .only("requested_on", "person", "contact", "contact__reference", *PERSON_SHOWN)
    )
    people = {
        row.person for rows in (assessments, strategy_discussions, early_help) for row in rows
    }
    return render(
        request,
        "socialwork/team_queue.html",
        {
            "team": team,
            "assessments": assessments,
            "today": today,
            "strategy_discussions": strategy_discussions,
            "early_help": early_help,
            # A restricted child is shown by name only to those who may open the record.
            "hidden_people": {p.pk for p in people if not may_list(request.user, p)},
        },
    )
