"""Person index pages. Thin: forms check input, actions change state, governance decides access."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from continuum.core.chronology import build_timeline
from continuum.core.models import EventKind
from continuum.governance import access
from continuum.governance.actions import GovernanceError, set_restriction
from continuum.governance.models import AuditAction, AuditEntry
from continuum.governance.rules import Purpose
from continuum.organisation.models import Role
from continuum.people import actions, panels
from continuum.people.forms import PersonForm, ReasonForm, RestrictionForm, SearchForm
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
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('people:reason', args=[pk])}?{query}")
        return _refused(request, refused.decision)


def _refused(request: HttpRequest, decision: access.AccessDecision) -> HttpResponse:
    """The page for a record this user may not open. It names nobody."""
    return render(request, "people/refused.html", {"decision": decision}, status=403)


def search(request: HttpRequest) -> HttpResponse:
    _no_partners(request)
    form = SearchForm(request.GET or None)
    results, parsed = None, None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        parsed = parse_query(form.cleaned_data["q"])
        if not parsed.is_empty:
            found = list(
                search_people(parsed).prefetch_related(
                    Prefetch("addresses", to_attr="address_list")
                )
            )
            results = access.list_people(
                request.user,
                found,
                purpose="Person search",
                query=form.cleaned_data["q"].strip(),
                path=request.path,
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
    hidden_people = {
        other.pk for other, _, _ in relationships if not access.may_list(request.user, other)
    }
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
            "hidden_people": hidden_people,
            "can_restrict": access.can(request.user, Purpose.RESTRICT, person).allowed,
            "banners": panels.record_banners(person, request.user),
        },
    )


def _safe_next(request: HttpRequest, default: str) -> str:
    """Where to go after a form: a path on this site, never another site ('//evil.example')."""
    wanted = request.GET.get("next") or ""
    if (
        wanted.startswith("/")
        and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and not wanted.startswith(("//", "/\\"))
    ):
        return wanted
    return default


def give_reason(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask someone outside the child's work why they need the record. The page names nobody
    (so it cannot be walked by id to learn who is in the index), and every showing of it is
    audited as a refused look."""
    _no_partners(request)
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        return render(request, "404.html", status=404)
    next_url = _safe_next(request, reverse("people:detail", args=[pk]))
    decision = access.check_access(request.user, person)
    if decision.allowed:
        return redirect(next_url)
    if not decision.may_give_reason:
        access.record_refusal(request.user, person, decision, path=request.path)
        return _refused(request, decision)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access.give_reason(request.user, person, form.cleaned_data["reason"], path=request.path)
        except ValueError as problem:
            form.add_error("reason", str(problem))
        except access.AccessRefused as refused:
            access.record_refusal(request.user, person, refused.decision, path=request.path)
            return _refused(request, refused.decision)
        else:
            return redirect(next_url)
    if request.method != "POST":
        access.record_refusal(request.user, person, decision, path=request.path)
    return render(
        request,
        "people/reason.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


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
    # Records loaded in bulk (the demo, an import) have no history rows: an empty page.
    for older, newer in zip([None, *records], records, strict=False):
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


def person_restriction(request: HttpRequest, pk: int) -> HttpResponse:
    """Administrators and the allocated manager mark a record restricted, or lift it."""
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        return render(request, "404.html", status=404)
    decision = access.can(request.user, Purpose.RESTRICT, person)
    if not decision.allowed:
        access.record_refusal(request.user, person, decision, path=request.path)
        return _refused(request, decision)
    form = RestrictionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            set_restriction(
                person,
                restricted=not person.is_restricted,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                path=request.path,
            )
        except GovernanceError as problem:
            form.add_error("reason", str(problem))
        else:
            messages.success(
                request,
                f"Record {person.pk} is now "
                + ("restricted" if not person.is_restricted else "no longer restricted"),
            )
            return redirect("people:restriction", pk=person.pk)
    return render(
        request,
        "people/restriction.html",
        {
            "person": person,
            "form": form,
            "can_open": access.check_access(request.user, person).allowed,
        },
        status=400 if request.method == "POST" else 200,
    )
