"""The team manager's list of reasons others gave to open their team's children's records."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from continuum.core import clock
from continuum.governance.access import reasons_for_manager
from continuum.governance.models import AuditAction, AuditEntry
from continuum.organisation.models import Role
from continuum.people.models import Allocation, Person


def reasons(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.TEAM_MANAGER:
        raise PermissionDenied(
            "Only team managers review the reasons given for their team's children."
        )
    grants = reasons_for_manager(request.user)
    return render(
        request,
        "governance/reasons.html",
        {
            "waiting": grants.filter(reviewed_at__isnull=True)[:200],
            "reviewed": grants.filter(reviewed_at__isnull=False)[:50],
        },
    )


@require_POST
def mark_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    grant = reasons_for_manager(request.user).filter(pk=pk, reviewed_at__isnull=True).first()
    if grant is None:
        raise PermissionDenied("This reason is not one for you to review.")
    grant.reviewed_by = request.user
    grant.reviewed_at = clock.now()
    grant.save(update_fields=["reviewed_by", "reviewed_at"])
    messages.success(request, f"Marked {grant.user}'s reason as reviewed")
    return redirect("governance:reasons")


def restricted_records(request: HttpRequest) -> HttpResponse:
    """Administrators' list of restricted records, by number only: they mark and lift
    restrictions but do not open the records."""
    if not (request.user.role == Role.ADMINISTRATOR or request.user.is_superuser):
        raise PermissionDenied("Only administrators see the list of restricted records.")
    wanted = request.GET.get("record", "").strip()
    if wanted:
        if wanted.isdigit() and Person.objects.filter(pk=int(wanted)).exists():
            return redirect("people:restriction", pk=int(wanted))
        messages.error(request, f"There is no record number {wanted[:20]}")
    people = list(
        Person.objects.filter(is_restricted=True, merged_into__isnull=True).order_by("pk")[:500]
    )
    marked = {}
    for entry in AuditEntry.objects.filter(
        person__in=people, action=AuditAction.RESTRICTED
    ).select_related("actor"):
        marked.setdefault(entry.person_id, entry)
    teams = {}
    for allocation in Allocation.objects.filter(
        person__in=people, end_date__isnull=True
    ).select_related("team"):
        teams.setdefault(allocation.person_id, allocation.team)
    rows = [{"pk": p.pk, "marked": marked.get(p.pk), "team": teams.get(p.pk)} for p in people]
    return render(request, "governance/restricted.html", {"rows": rows})
