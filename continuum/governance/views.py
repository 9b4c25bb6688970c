"""The team manager's list of reasons others gave to open their team's children's records."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from continuum.core import clock
from continuum.governance.access import reasons_for_manager
from continuum.organisation.models import Role


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
