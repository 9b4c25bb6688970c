"""Person index pages. Thin: forms check input, actions change state, governance decides access."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from continuum.core.chronology import build_timeline
from continuum.core.models import EventKind
from continuum.governance import access
from continuum.governance.models import AuditAction, AuditEntry
from continuum.organisation.models import Role
from continuum.people import actions
from continuum.people.forms import PersonForm, ReasonForm, SearchForm
from continuum.people.models import INVERSE_LABELS, Allocation, Person, Relationship
from continuum.people.search import parse_query, search_people


def _no_partners(request: HttpRequest) -> None:
    if request.user.role == Role.PARTNER:
        raise PermissionDenied("Partner agencies cannot search the person index.")


def _open(request: HttpRequest, pk: int, action: str = AuditAction.VIEW) -> Person | HttpResponse:
    """Open a record through the access policy, or send the user to give a reason."""
    try:
        return access.access_person(request.user, pk, action=action, path=request.path)
    except access.AccessRefused as refused:
        if refused.decision.may_give_reason:
            return redirect(f"{reverse('people:reason', args=[pk])}?next={request.path}")
        return render(
            request,
            "people/refused.html",
            {"person": refused.person, "decision": refused.decision},
            status=403,
        )


def search(request: HttpRequest) -> HttpResponse:
    _no_partners(request)
    form = SearchForm(request.GET or None)
    results, parsed = None, None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        parsed = parse_query(form.cleaned_data["q"])
        if not parsed.is_empty:
            results = list(
                search_people(parsed).prefetch_related(
                    Prefetch("addresses", to_attr="address_list")
                )
            )
    return render(
        request, "people/search.html", {"search_form": form, "results": results, "parsed": parsed}
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _open(request, pk)
    if isinstance(person, HttpResponse):
        return person
    events = list(person.chronology.select_related("recorded_by"))
    kinds_present = [
        (k, EventKind(k).label) for k in EventKind.values if any(e.kind == k for e in events)
    ]
    chosen = request.GET.getlist("kind")
    shown = [e for e in events if e.kind in chosen] if chosen else events
    relationships = [
        (r.person, r.get_kind_display(), r)
        for r in Relationship.objects.filter(other=person).select_related("person")
    ] + [
        (r.other, INVERSE_LABELS[r.kind], r)
        for r in Relationship.objects.filter(person=person).select_related("other")
    ]
    allocations = Allocation.objects.filter(person=person).select_related("team", "worker")
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "addresses": person.addresses.all(),
            "other_names": person.other_names.all(),
            "relationships": relationships,
            "allocations": allocations,
            "events": shown,
            "kinds_present": kinds_present,
            "chosen_kinds": chosen,
            "timeline": build_timeline(shown),
            "changes_of_worker": max(0, sum(1 for a in allocations if a.worker_id) - 1),
        },
    )


def give_reason(request: HttpRequest, pk: int) -> HttpResponse:
    _no_partners(request)
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        return render(request, "404.html", status=404)
    next_url = request.GET.get("next") or reverse("people:detail", args=[pk])
    if not next_url.startswith("/"):
        next_url = reverse("people:detail", args=[pk])
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access.give_reason(request.user, person, form.cleaned_data["reason"], path=request.path)
        except ValueError as problem:
            form.add_error("reason", str(problem))
        except access.AccessRefused as refused:
            return render(
                request,
                "people/refused.html",
                {"person": person, "decision": refused.decision},
                status=403,
            )
        else:
            return redirect(next_url)
    return render(request, "people/reason.html", {"person": person, "form": form})


def person_audit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _open(request, pk, action=AuditAction.VIEW_AUDIT)
    if isinstance(person, HttpResponse):
        return person
    entries = AuditEntry.objects.filter(person=person).select_related(
        "actor", "actor__team", "actor__agency", "agency"
    )[:500]
    return render(request, "people/audit.html", {"person": person, "entries": entries})


def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = _open(request, pk, action=AuditAction.VIEW_HISTORY)
    if isinstance(person, HttpResponse):
        return person
    changes = []
    records = list(person.history.select_related("history_user").order_by("history_date"))
    for older, newer in zip([None, *records[:-1]], records, strict=True):
        if older is None:
            changes.append((newer, [("Record created", "", str(newer.instance))]))
            continue
        delta = newer.diff_against(older)
        rows = [
            (person._meta.get_field(c.field).verbose_name.capitalize(), c.old, c.new)
            for c in delta.changes
            if c.field not in {"updated_at"}
        ]
        if rows:
            changes.append((newer, rows))
    return render(request, "people/history.html", {"person": person, "changes": changes[::-1]})


def person_new(request: HttpRequest) -> HttpResponse:
    _no_partners(request)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = actions.create_person(form.cleaned_data, acting_user=request.user)
        messages.success(request, f"{person.full_name} has been added to the person index")
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/new.html", {"form": form})
