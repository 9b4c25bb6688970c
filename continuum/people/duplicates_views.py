"""Duplicate records: the list a batch job fills, the side-by-side review, merge and undo.
Team managers and administrators only, and only for records they may open: the access policy
(`Purpose.MERGE`) is asked for both records of a pair. Thin: actions decide and record."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from continuum.governance import access
from continuum.governance.models import AuditAction, AuditEntry
from continuum.governance.rules import Purpose
from continuum.people import actions
from continuum.people.models import (
    Allocation,
    DuplicatePair,
    DuplicateStatus,
    Person,
    PersonMerge,
)


def _managers(request: HttpRequest) -> None:
    if not actions.may_merge(request.user):
        raise PermissionDenied("Only team managers and administrators review duplicate records.")


def duplicate_list(request: HttpRequest) -> HttpResponse:
    _managers(request)
    pairs = list(
        DuplicatePair.objects.filter(status=DuplicateStatus.OPEN).select_related("person", "other")[
            :200
        ]
    )
    merges = list(PersonMerge.objects.select_related("survivor", "duplicate", "merged_by")[:20])
    people = {p.pk: p for pair in pairs for p in (pair.person, pair.other)}
    people.update({p.pk: p for m in merges for p in (m.survivor, m.duplicate)})
    listed = access.list_people(
        request.user,
        list(people.values()),
        purpose="Possible duplicate records",
        query="",
        path=request.path,
    )
    return render(
        request,
        "people/duplicates.html",
        {
            "pairs": pairs,
            "merges": merges,
            "hidden_people": {item.person.pk for item in listed if not item.shown},
        },
    )


def _side(person: Person) -> dict:
    return {
        "person": person,
        "addresses": list(person.addresses.all()),
        "other_names": list(person.other_names.all()),
        "allocations": list(
            Allocation.objects.filter(person=person).select_related("team", "worker")
        ),
        "events": person.chronology.count(),
    }


def _may_compare(request: HttpRequest, pair: DuplicatePair) -> HttpResponse | None:
    """Comparing two records is a look at both: the policy is asked for each. None when both
    may be opened; otherwise the page to show instead (naming nobody), with the refusal
    audited."""
    refusals = []
    for person in (pair.person, pair.other):
        decision = access.can(request.user, Purpose.MERGE, person)
        if not decision.allowed:
            access.record_refusal(request.user, person, decision, path=request.path)
            refusals.append((person, decision))
    if not refusals:
        return None
    return render(
        request,
        "people/duplicate_refused.html",
        {
            "pair": pair,
            "refusals": [
                {"record": p.pk, "decision": d, "may_give_reason": d.may_give_reason}
                for p, d in refusals
            ],
        },
        status=403,
    )


def duplicate_review(request: HttpRequest, pk: int) -> HttpResponse:
    _managers(request)
    pair = get_object_or_404(DuplicatePair.objects.select_related("person", "other"), pk=pk)
    refused = _may_compare(request, pair)
    if refused is not None:
        return refused
    people = (
        Person.objects.filter(pk__in=[pair.person_id, pair.other_id])
        .prefetch_related(Prefetch("addresses"), "other_names")
        .order_by("pk")
    )
    for person in people:
        AuditEntry.objects.create(
            actor=request.user,
            person=person,
            action=AuditAction.VIEW,
            basis=access.can(request.user, Purpose.MERGE, person).basis,
            reason="Reviewing a possible duplicate record",
            path=request.path,
        )
    return render(
        request,
        "people/duplicate_review.html",
        {"pair": pair, "sides": [_side(p) for p in people]},
    )


@require_POST
def duplicate_merge(request: HttpRequest, pk: int) -> HttpResponse:
    _managers(request)
    pair = get_object_or_404(
        DuplicatePair.objects.select_related("person", "other"), pk=pk, status=DuplicateStatus.OPEN
    )
    refused = _may_compare(request, pair)
    if refused is not None:
        return refused
    keep = request.POST.get("keep")
    if keep not in (str(pair.person_id), str(pair.other_id)):
        messages.error(request, "Choose which record to keep")
        return redirect("people:duplicate-review", pk=pk)
    survivor_id, duplicate_id = (
        (pair.person_id, pair.other_id)
        if keep == str(pair.person_id)
        else (pair.other_id, pair.person_id)
    )
    try:
        merge = actions.merge_people(
            Person.objects.get(pk=survivor_id),
            Person.objects.get(pk=duplicate_id),
            acting_user=request.user,
            pair=pair,
            reason=request.POST.get("reason", "").strip(),
        )
    except actions.PeopleError as problem:
        messages.error(request, str(problem))
        return redirect("people:duplicate-review", pk=pk)
    except access.AccessRefused as refused:
        access.record_refusal(request.user, refused.person, refused.decision, path=request.path)
        raise PermissionDenied("You cannot open both records.") from refused
    messages.success(
        request,
        f"Record {merge.duplicate_id} merged into record {merge.survivor_id}. "
        f"{merge.rows.count()} items moved; the merge can be undone from the duplicates page.",
    )
    return redirect("people:duplicates")


@require_POST
def duplicate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    _managers(request)
    pair = get_object_or_404(
        DuplicatePair.objects.select_related("person", "other"), pk=pk, status=DuplicateStatus.OPEN
    )
    refused = _may_compare(request, pair)
    if refused is not None:
        return refused
    actions.mark_not_duplicate(pair, acting_user=request.user)
    messages.success(request, f"Records {pair.person_id} and {pair.other_id} kept apart")
    return redirect("people:duplicates")


@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    _managers(request)
    merge = get_object_or_404(PersonMerge, pk=pk)
    try:
        actions.unmerge(merge, acting_user=request.user)
        messages.success(
            request,
            f"Merge undone: records {merge.survivor_id} and {merge.duplicate_id} are separate again",
        )
    except actions.PeopleError as problem:
        messages.error(request, str(problem))
    except access.AccessRefused as refused:
        access.record_refusal(request.user, refused.person, refused.decision, path=request.path)
        raise PermissionDenied(
            "You cannot open the merged record, so you cannot undo the merge"
        ) from refused
    return redirect("people:duplicates")
