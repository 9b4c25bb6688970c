"""The people who matter to a person: add a relationship, correct what one is, or record that
it ended (or was recorded in error). Thin: the access policy decides who may, the people
actions change the index (chronology and audit for both people)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from continuum.core import clock
from continuum.governance import access
from continuum.governance.rules import Purpose
from continuum.organisation.models import Role
from continuum.people import actions
from continuum.people.models import INVERSE_LABELS, Person, Relationship, RelationshipKind


def _open_to_record(request: HttpRequest, pk: int) -> Person | HttpResponse:
    if request.user.role == Role.PARTNER:
        raise PermissionDenied("Partner agencies cannot change the person index.")
    try:
        return access.access_person(request.user, pk, purpose=Purpose.RECORD, path=request.path)
    except access.AccessRefused as refused:
        if refused.decision.may_give_reason:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('people:reason', args=[pk])}?{query}")
        return render(request, "people/refused.html", {"decision": refused.decision}, status=403)


def _add(request: HttpRequest, person: Person) -> None:
    number = request.POST.get("other", "").strip().removeprefix("record").strip()
    kind = request.POST.get("kind", "")
    other = Person.objects.filter(pk=int(number)).first() if number.isdigit() else None
    # A record that does not exist and one this user may not open get the same answer.
    if other is None or not access.check_access(request.user, other).allowed:
        messages.error(request, "Enter the number of a record you can open")
        return
    if kind not in RelationshipKind.values:
        messages.error(request, "Choose what they are to this person")
        return
    try:
        actions.record_relationship(other, person, kind, acting_user=request.user)
    except actions.PeopleError as problem:
        messages.error(request, str(problem))
        return
    access.audit_change(request.user, person, path=request.path)
    access.audit_change(request.user, other, path=request.path)
    messages.success(request, f"{other.full_name} added")


def person_relationships(request: HttpRequest, pk: int) -> HttpResponse:
    person = _open_to_record(request, pk)
    if isinstance(person, HttpResponse):
        return person
    here = reverse("people:relationships", args=[person.pk])
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "add":
            _add(request, person)
            return redirect(here)
        chosen = request.POST.get("relationship", "")
        relationship = (
            Relationship.objects.filter(pk=int(chosen), person=person).first()
            or Relationship.objects.filter(pk=int(chosen), other=person).first()
            if chosen.isdigit()
            else None
        )
        if relationship is None:
            messages.error(request, "Choose a relationship on this record")
            return redirect(here)
        try:
            if action == "correct":
                actions.correct_relationship(
                    relationship, kind=request.POST.get("kind", ""), acting_user=request.user
                )
                messages.success(request, "Relationship corrected")
            elif action == "end":
                actions.end_relationship(
                    relationship, ended_on=clock.today(), acting_user=request.user
                )
                messages.success(request, "Relationship ended")
            else:
                messages.error(request, "Choose what to do")
        except actions.PeopleError as problem:
            messages.error(request, str(problem))
        return redirect(here)
    rows = [
        {"other": r.person, "label": r.get_kind_display(), "r": r, "this_end": "other"}
        for r in Relationship.objects.filter(other=person).select_related("person")
    ] + [
        {"other": r.other, "label": INVERSE_LABELS[r.kind], "r": r, "this_end": "person"}
        for r in Relationship.objects.filter(person=person).select_related("other")
    ]
    for row in rows:
        row["hidden"] = not access.may_list(request.user, row["other"])
    return render(
        request,
        "people/relationships.html",
        {"person": person, "rows": rows, "kinds": RelationshipKind.choices},
    )
