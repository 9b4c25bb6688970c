"""The directory's pages. The same views serve two places: `/services/` for families and
anyone else, without signing in, and `/directory/` inside the practitioner app (with the
service navigation, suggestions to moderate and signposting). `public` in the URL's kwargs
says which, so links stay on the side the person came in by.

Thin: forms check shape, `search` finds, actions change state, rules decide.
"""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from continuum.core import clock
from continuum.core.forms import error_summary
from continuum.directory import actions, rules
from continuum.directory.access import can_moderate, can_signpost
from continuum.directory.forms import RejectForm, SearchForm, SuggestionForm
from continuum.directory.models import (
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    ServiceSuggestion,
    SuggestionStatus,
)
from continuum.directory.postcodes import PostcodeError
from continuum.directory.search import (
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    activity_terms,
    add_details,
    facts_of,
    search_service_at_locations,
    timetables,
)
from continuum.frontdoor.models import NOT_SENT, Contact


def _ns(public: bool) -> str:
    return "services" if public else "directory"


def _page_number(request: HttpRequest) -> int:
    text = request.GET.get("page", "1")
    return min(int(text), MAX_PAGE) if text.isdigit() and 0 < len(text) < 7 else 1


def _search(request: HttpRequest, *, public: bool) -> dict[str, Any]:
    """Run the search the query string asks for; the context for the results part."""
    form = SearchForm(request.GET or None, terms=activity_terms())
    context: dict[str, Any] = {
        "form": form,
        "page": None,
        "ns": _ns(public),
        "public": public,
        # Links to services and places are built from this, not reversed one by one.
        "base_url": reverse(f"{_ns(public)}:search"),
    }
    if not request.GET or not form.is_bound:
        return context
    if not form.is_valid():
        context["summary_errors"] = error_summary(form)
        return context
    try:
        page = search_service_at_locations(
            form.query(), page=_page_number(request), per_page=DEFAULT_PER_PAGE
        )
    except PostcodeError as error:
        form.add_error("postcode", str(error))
        context["summary_errors"] = error_summary(form)
        return context
    add_details(page.items)
    context["page"] = page
    query = request.GET.copy()
    query.pop("page", None)
    context["query_string"] = query.urlencode()
    context["pages"] = _pagination(page.page, page.total_pages)
    return context


def _pagination(current: int, total: int) -> list[int | None]:
    """Page numbers to show, with None for a gap: 1 … 4 5 6 … 12."""
    shown = sorted({1, total, current - 1, current, current + 1} & set(range(1, total + 1)))
    result: list[int | None] = []
    for number in shown:
        if result and number - (result[-1] or 0) > 1:
            result.append(None)
        result.append(number)
    return result


def search(request: HttpRequest, *, public: bool) -> HttpResponse:
    context = _search(request, public=public)
    if not public and can_moderate(request.user):
        context["suggestions_waiting"] = ServiceSuggestion.objects.filter(
            status=SuggestionStatus.PENDING
        ).count()
    status = 400 if context.get("summary_errors") else 200
    return render(request, "directory/search.html", context, status=status)


def _service_or_404(pk: uuid.UUID, *, public: bool) -> Service:
    service = (
        Service.objects.select_related("organization")
        .prefetch_related(
            "phones",
            "contacts__phones",
            "languages",
            "cost_options",
            "schedules",
            "attributes__taxonomy_term",
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    "location__addresses", "location__accessibility", "schedules"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if service is None or (public and service.status != ServiceStatus.ACTIVE):
        raise Http404("No such service")
    return service


def service_detail(request: HttpRequest, pk: uuid.UUID, *, public: bool) -> HttpResponse:
    service = _service_or_404(pk, public=public)
    today = clock.today()

    def described(schedules: Any) -> list[str]:
        return [
            rules.describe_schedule(facts_of(s)) or s.description
            for s in schedules
            if rules.schedule_matches(facts_of(s), on=today)
        ]

    places = [
        {"sal": sal, "when": described(sal.schedules.all()) or described(service.schedules.all())}
        for sal in service.service_at_locations.all()
    ]
    return render(
        request,
        "directory/service.html",
        {
            "service": service,
            "places": places,
            "when": described(service.schedules.all()),
            "notes": [s.description for s in service.schedules.all() if s.description],
            "ages": rules.describe_ages(service.minimum_age, service.maximum_age),
            "ns": _ns(public),
            "public": public,
        },
    )


def location_detail(request: HttpRequest, pk: uuid.UUID, *, public: bool) -> HttpResponse:
    location = get_object_or_404(
        Location.objects.prefetch_related("addresses", "accessibility"), pk=pk
    )
    services = (
        Service.objects.filter(service_at_locations__location=location, status=ServiceStatus.ACTIVE)
        .select_related("organization")
        .order_by("name")
        .distinct()
    )
    return render(
        request,
        "directory/location.html",
        {
            "location": location,
            "services": services,
            "timetable": timetables([location.pk]).get(location.pk, []),
            "base_url": reverse(f"{_ns(public)}:search"),
            "ns": _ns(public),
            "public": public,
        },
    )


@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest, *, public: bool) -> HttpResponse:
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.suggest_service(form.details(), acting_user=request.user)
        except actions.SuggestionProblems as problems:
            for name, message in problems.problems:
                form.add_error(name if name in form.fields else None, message)
        else:
            return redirect(f"{_ns(public)}:suggest-thanks")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "directory/suggest.html",
        {"form": form, "ns": _ns(public), "public": public},
        status=status,
    )


def suggest_thanks(request: HttpRequest, *, public: bool) -> HttpResponse:
    return render(request, "directory/suggest_thanks.html", {"ns": _ns(public), "public": public})


# -- Administrators: suggestions -----------------------------------------------------------


def _moderator(request: HttpRequest) -> None:
    if not can_moderate(request.user):
        raise PermissionDenied("Only administrators can review suggestions.")


def suggestions(request: HttpRequest) -> HttpResponse:
    _moderator(request)
    pending = ServiceSuggestion.objects.filter(status=SuggestionStatus.PENDING).order_by(
        "suggested_at", "id"
    )
    decided = (
        ServiceSuggestion.objects.exclude(status=SuggestionStatus.PENDING)
        .select_related("moderated_by", "service")
        .order_by("-moderated_at", "-id")[:50]
    )
    return render(request, "directory/suggestions.html", {"pending": pending, "decided": decided})


def _history(suggestion: ServiceSuggestion) -> list[dict[str, Any]]:
    """Each version of the suggestion: when, who, why, and which fields changed."""
    records = list(suggestion.history.select_related("history_user").order_by("history_date"))
    rows = []
    for index, record in enumerate(records):
        changes = []
        if index:
            delta = record.diff_against(records[index - 1])
            changes = [
                f"{ServiceSuggestion._meta.get_field(c.field).verbose_name}" for c in delta.changes
            ]
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user or ("Someone without an account" if index == 0 else ""),
                "what": record.history_change_reason or ("Suggested" if index == 0 else "Changed"),
                "changes": changes,
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
def review_suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    _moderator(request)
    suggestion = get_object_or_404(
        ServiceSuggestion.objects.select_related("moderated_by", "service", "activity"), pk=pk
    )
    initial = {
        name: getattr(suggestion, name) for name in actions.SUGGESTION_FIELDS if name != "activity"
    }
    initial["activity"] = suggestion.activity_id
    form = SuggestionForm(initial=initial)
    reject_form = RejectForm()
    status = 200
    if request.method == "POST" and suggestion.status == SuggestionStatus.PENDING:
        action = request.POST.get("action", "")
        try:
            if action == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    actions.reject_suggestion(
                        suggestion, reject_form.cleaned_data["reason"], acting_user=request.user
                    )
                    messages.success(request, f"Suggestion rejected: {suggestion.name}")
                    return redirect("directory:suggestions")
            elif action in ("accept", "save"):
                form = SuggestionForm(request.POST)
                if form.is_valid():
                    if action == "save":
                        actions.edit_suggestion(
                            suggestion, form.details(), acting_user=request.user
                        )
                        messages.success(request, "Changes saved")
                        return redirect("directory:review-suggestion", pk=pk)
                    service = actions.accept_suggestion(
                        suggestion, details=form.details(), acting_user=request.user
                    )
                    messages.success(request, f"Added to the directory: {service.name}")
                    return redirect("directory:suggestions")
        except actions.SuggestionProblems as problems:
            target = reject_form if action == "reject" else form
            for name, message in problems.problems:
                target.add_error(name if name in target.fields else None, message)
        except actions.DirectoryError as error:
            messages.error(request, str(error))
            return redirect("directory:review-suggestion", pk=pk)
        status = 400
    summary = error_summary(form) if form.is_bound else []
    summary += error_summary(reject_form) if reject_form.is_bound else []
    return render(
        request,
        "directory/review_suggestion.html",
        {
            "suggestion": suggestion,
            "form": form,
            "reject_form": reject_form,
            "summary_errors": summary,
            "history": _history(suggestion),
        },
        status=status,
    )


# -- The Hub: signposting ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signpost(request: HttpRequest, contact_pk: int) -> HttpResponse:
    """The Hub picks services from the directory for a family it is signposting."""
    if not can_signpost(request.user):
        raise PermissionDenied("Only the Request for Support Hub can record signposting.")
    contact = get_object_or_404(Contact, pk=contact_pk)
    if contact.status in NOT_SENT:
        raise Http404("No such contact")
    if request.method == "POST":
        ids = []
        for value in request.POST.getlist("services")[:50]:
            try:
                ids.append(uuid.UUID(value))
            except ValueError:
                continue
        services = list(Service.objects.filter(pk__in=ids).select_related("organization"))
        try:
            recorded = actions.record_signposting(contact, services, acting_user=request.user)
        except actions.DirectoryError as error:
            messages.error(request, str(error))
        else:
            names = ", ".join(r.service.name for r in recorded) or "nothing new"
            messages.success(request, f"Signposting recorded on {contact.reference}: {names}")
            return redirect(reverse("directory:signpost", args=[contact.pk]))
    context = _search(request, public=False)
    if not request.GET and contact.family_postcode:
        context["form"] = SearchForm(
            initial={"postcode": contact.family_postcode}, terms=activity_terms()
        )
    context.update(
        {
            "contact": contact,
            "signposted": contact.signpostings.select_related("service", "recorded_by"),
            "screen_url": reverse("frontdoor:screen", args=[contact.pk]),
        }
    )
    return render(request, "directory/signpost.html", context)
