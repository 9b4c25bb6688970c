"""Front-door pages: partner agencies' Requests for Support, the Hub queue, screening and
decisions, recording other contacts, and the Advice Line. Thin: forms check shape, actions
change state, rules decide."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.db.models.expressions import Exists, OuterRef
from django.forms import MultiWidget
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from continuum.core import clock
from continuum.core.forms import error_summary
from continuum.directory.access import can_signpost
from continuum.frontdoor import actions, rules, submission
from continuum.frontdoor.access import is_hub_staff
from continuum.frontdoor.forms import (
    AdultFormSet,
    AdviceForm,
    CheckRequestForm,
    CheckResultForm,
    ChildFormSet,
    ContactForm,
    DecisionForm,
    RagForm,
    RequestForm,
)
from continuum.frontdoor.models import (
    NOT_SENT,
    AdviceLineConsultation,
    AgencyCheck,
    Contact,
    ContactDecision,
    ContactKind,
    ContactPerson,
    ContactStatus,
    PersonRole,
)
from continuum.governance.access import check_access
from continuum.organisation.models import Role
from continuum.people.matching import MatchQuery, find_candidates
from continuum.people.models import Allocation, Person, RelationshipKind
from continuum.thresholds.catalogue import default_catalogue
from continuum.thresholds.rules import compare_levels, suggest_level


def _partner(request: HttpRequest) -> None:
    if request.user.role != Role.PARTNER or request.user.agency_id is None:
        raise PermissionDenied("Requests for Support are made by partner agencies' staff.")


def _hub(request: HttpRequest) -> None:
    if not is_hub_staff(request.user):
        raise PermissionDenied("Only the Request for Support Hub can see this page.")


# -- Partner agencies: Requests for Support ---------------------------------------------------


def my_requests(request: HttpRequest) -> HttpResponse:
    _partner(request)
    contacts = (
        Contact.objects.filter(
            agency_id=request.user.agency_id, kind=ContactKind.REQUEST_FOR_SUPPORT
        )
        .exclude(status=ContactStatus.DISCARDED)
        .select_related("decision")
        .prefetch_related(
            Prefetch(
                "people",
                queryset=ContactPerson.objects.filter(role=PersonRole.CHILD),
                to_attr="child_list",
            )
        )
        .order_by("-created_at")[:200]
    )
    discarded = Contact.objects.filter(
        agency_id=request.user.agency_id,
        kind=ContactKind.REQUEST_FOR_SUPPORT,
        status=ContactStatus.DISCARDED,
    ).count()
    return render(
        request,
        "frontdoor/my_requests.html",
        {"contacts": contacts, "discarded_count": discarded},
    )


def request_new(request: HttpRequest) -> HttpResponse:
    """An empty Request for Support. Nothing is stored until the referrer types: the first
    autosave (or Save draft) creates the draft, so opening the form and leaving it makes no
    "Unnamed" draft."""
    _partner(request)
    return _request_form(request, None)


@require_POST
def request_new_autosave(request: HttpRequest) -> JsonResponse:
    """The first save of a new draft, made by the page's script on the referrer's first input.
    It answers with where the draft now lives, so later saves go there."""
    _partner(request)
    return _autosave(request, None)


def _own_contact(request: HttpRequest, pk: int) -> Contact:
    contact = Contact.objects.filter(
        pk=pk, agency_id=request.user.agency_id, kind=ContactKind.REQUEST_FOR_SUPPORT
    ).first()
    if contact is None:
        raise Http404("No such request")
    return contact


def _initial(
    contact: Contact, extra_child: bool, extra_adult: bool
) -> tuple[dict[str, Any], list[dict], list[dict]]:
    details = actions.details_of(contact)
    main = {name: getattr(details, name) for name in actions.DETAIL_FIELDS}
    main["indicators"] = details.indicators
    main["claimed_level"] = str(details.claimed_level or "")
    main["safeguarding_lead_consulted"] = {True: "yes", False: "no"}.get(
        details.safeguarding_lead_consulted, ""
    )
    main["consent"] = "" if details.consent == "not_yet" else details.consent
    children = [vars(c) for c in details.children] or [{}]
    adults = [
        {**vars(a), "lives_with_child": {True: "yes", False: "no"}.get(a.lives_with_child, "")}
        for a in details.adults
    ]
    if extra_child:
        children.append({})
    if extra_adult:
        adults.append({})
    return main, children, adults


def _filled(group: Any) -> list[Any]:
    """The forms of a group (children, family members) the referrer filled in, in order:
    those with anything typed, including those whose only answer could not be read."""
    return [f for f in group.forms if f.errors or not f.is_empty()]


def _person_from(f: Any, *, adult: bool) -> submission.NamedPerson:
    data = f.cleaned_data
    if adult:
        return submission.NamedPerson(
            given_name=data.get("given_name", "").strip(),
            family_name=data.get("family_name", "").strip(),
            relationship_to_child=data.get("relationship_to_child", ""),
            lives_with_child={"yes": True, "no": False}.get(data.get("lives_with_child") or ""),
        )
    return submission.NamedPerson(
        given_name=data.get("given_name", "").strip(),
        family_name=data.get("family_name", "").strip(),
        date_of_birth=data.get("date_of_birth"),
        expected_date_of_birth=data.get("expected_date_of_birth"),
        sex=data.get("sex") or "U",
        nhs_number=data.get("nhs_number", ""),
    )


_NO_DETAILS = submission.RequestDetails()


def _details_from(form: RequestForm, children: Any, adults: Any) -> submission.RequestDetails:
    """What the forms hold that can be saved; an answer that could not be read is left empty
    (the page keeps it as typed: `_held_answers`)."""
    data = getattr(form, "cleaned_data", {})
    return submission.RequestDetails(
        **{name: data.get(name, getattr(_NO_DETAILS, name)) for name in actions.DETAIL_FIELDS},
        indicators=list(data.get("indicators") or []),
        children=[_person_from(f, adult=False) for f in _filled(children)],
        adults=[_person_from(f, adult=True) for f in _filled(adults)],
    )


def _input_names(bound: Any) -> list[str]:
    """The names of the inputs a field is typed into: one, or a date's day, month and year."""
    widget = bound.field.widget
    if isinstance(widget, MultiWidget):
        return [bound.html_name + suffix for suffix in widget.widgets_names]
    return [bound.html_name]


def _storable(text: Any) -> str:
    """Text as typed, as near as a database keeps it: PostgreSQL holds no NUL character and
    no lone half of a surrogate pair."""
    return str(text or "").replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def _held_answers(
    form: RequestForm, children: Any, adults: Any, details: submission.RequestDetails
) -> tuple[list[submission.TypedAnswer], list[dict[str, str]], list[tuple[str, str]]]:
    """Every answer the draft cannot hold as it stands, kept as typed so nothing is lost: those
    the form could not read (31/2/2019), and those beyond the limits any draft keeps (a date of
    birth in the future), which are taken out of `details`. Returns what to keep (named as the
    draft stores them: "child-0-..." is the first child saved), the same problems named as
    this page's fields (for the script), and any problem that belongs to no single field, which
    stops the save."""
    held: list[submission.TypedAnswer] = []
    on_page: list[dict[str, str]] = []
    groups = {"children": (children, details.children), "adults": (adults, details.adults)}

    def keep(bound: Any, problem: str, stored_prefix: str) -> None:
        page_prefix = bound.form.prefix + "-" if bound.form.prefix else ""
        typed = {
            stored_prefix + name.removeprefix(page_prefix): _storable(bound.form.data.get(name))
            for name in _input_names(bound)
        }
        held.append(
            submission.TypedAnswer(
                field=stored_prefix + bound.name, typed=typed, problem=str(problem)
            )
        )
        on_page.append({"field": bound.html_name, "id": bound.auto_id, "message": str(problem)})

    for name, errors in form.errors.items():
        if name in form.fields:
            keep(form[name], errors[0], "")
    for group, _people in groups.values():
        for position, f in enumerate(_filled(group)):
            for name, errors in f.errors.items():
                if name in f.fields:
                    keep(f[name], errors[0], f"{group.prefix}-{position}-")
    unplaced = []
    for name, problem in submission.limit_problems(
        details, today=clock.today(), indicator_codes=actions.indicator_codes()
    ):
        if name.startswith(("children[", "adults[")) and "." in name:
            group_name, rest = name.split("[", 1)
            index = int(rest.split("]", 1)[0])
            field = name.rsplit(".", 1)[1]
            group, people = groups[group_name]
            filled = _filled(group)
            if index < len(filled) and field in filled[index].fields:
                keep(filled[index][field], problem, f"{group.prefix}-{index}-")
                setattr(people[index], field, getattr(submission.NamedPerson(), field))
                continue
        elif name in form.fields and name in actions.DETAIL_FIELDS:
            keep(form[name], problem, "")
            setattr(details, name, getattr(_NO_DETAILS, name))
            continue
        unplaced.append((name, problem))
    return held, on_page, unplaced


def _form_data(form: Any) -> dict[str, Any]:
    """The data an unbound form would send as it stands, so a draft holding answers as typed
    can be shown as a bound form, with what needs fixing beside them."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        key = form.add_prefix(name)
        widget = field.widget
        if isinstance(widget, MultiWidget):
            for suffix, part in zip(widget.widgets_names, widget.decompress(value), strict=True):
                data[key + suffix] = "" if part is None else str(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif value is not None:
            data[key] = str(value)
    return data


def _bind_with_held(
    contact: Contact, main: dict[str, Any], child_rows: list[dict], adult_rows: list[dict]
) -> tuple[RequestForm, Any, Any]:
    """The draft's forms, bound to what it holds with each held answer as typed in its place,
    then checked, so each shows what needs fixing."""
    data = QueryDict(mutable=True)
    for f in (
        RequestForm(initial=main),
        *ChildFormSet(initial=child_rows, prefix="child").forms,
        *AdultFormSet(initial=adult_rows, prefix="adult").forms,
    ):
        for key, value in _form_data(f).items():
            data.setlist(key, value if isinstance(value, list) else [value])
    for prefix, rows in (("child", child_rows), ("adult", adult_rows)):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    held = list(contact.held_answers.all())
    for answer in held:
        for key, text in answer.typed.items():
            data[key] = text
    form = RequestForm(data)
    children = ChildFormSet(data, prefix="child")
    adults = AdultFormSet(data, prefix="adult")
    for f in (form, *children.forms, *adults.forms):
        f.is_valid()
    for answer in held:
        prefix, _, name = answer.field.rpartition("-")
        target = next(
            (f for f in (form, *children.forms, *adults.forms) if (f.prefix or "") == prefix),
            None,
        )
        if target is not None and name in target.fields and name not in target.errors:
            target.add_error(name, answer.problem)
    return form, children, adults


def _bound_field(name: str, form: Any, children: Any, adults: Any = None) -> Any:
    """The form field a problem or difference names: "worries", or "children[1].given_name"
    (the second child the referrer filled in, which need not be the second form on the page,
    since empty ones are left out)."""
    if name.startswith(("children[", "adults[")):
        group = children if name.startswith("children[") else adults
        if group is None:
            return None
        index = int(name.split("[", 1)[1].split("]", 1)[0])
        field = name.rsplit(".", 1)[1]
        filled = _filled(group)
        if index < len(filled) and field in filled[index].fields:
            return filled[index][field]
        return None
    return form[name] if name in form.fields else None


def _place_problems(
    problems: list[tuple[str, str]], form: Any, children: Any, adults: Any = None
) -> None:
    """Put each (field, message) beside its field, or above the form if it has none here."""
    for name, message in problems:
        bound = _bound_field(name, form, children, adults)
        group = {"children": children, "adults": adults}.get(name)
        if bound is not None:
            bound.form.add_error(bound.name, message)
        elif group is not None and group.forms:
            group.forms[0].add_error("given_name", message)
        else:
            form.add_error(None, message)


def _all_errors(form: RequestForm, children: Any, adults: Any) -> list[tuple[str, str]]:
    items = error_summary(form)
    for group in (children, adults):
        items += [("", error) for error in group.non_form_errors()]
        for f in group.forms:
            items += error_summary(f)
    return items


COMBINE_CONFIRMATION = "I have combined both versions"


def _show_other_version(
    found: list[submission.Difference], form: RequestForm, children: Any, adults: Any
) -> dict[str, Any]:
    """Put the saved answer, read-only, beneath each of the referrer's answers that differs,
    and list the differences for the error summary."""
    shown: dict[str, Any] = {"items": [], "children": [], "adults": [], "indicators": None}
    for difference in found:
        bound = _bound_field(difference.field, form, children, adults)
        if difference.field == "indicators":  # ticked boxes, not a field group: shown above them
            shown["indicators"] = difference.theirs
            shown["items"].append(("indicators", "Continuum of Need indicators"))
        elif bound is not None:
            bound.field.theirs = difference.theirs
            bound.field.template_name = "frontdoor/_field_with_other_version.html"
            label = str(bound.label)
            if bound.form is not form:
                group = "Child" if bound.form in children.forms else "Family member"
                number = (children if group == "Child" else adults).forms.index(bound.form) + 1
                label = f"{group} {number}: {label.lower()}"
            shown["items"].append((bound.id_for_label or bound.auto_id, label))
        elif difference.field in ("children", "adults"):
            shown[difference.field].append(difference.theirs)
            label = "Children" if difference.field == "children" else "Family members"
            shown["items"].append((difference.field, label))
    return shown


def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _partner(request)
    contact = _own_contact(request, pk)
    if contact.status != ContactStatus.DRAFT:
        return redirect("frontdoor:request-detail", pk=contact.pk)
    return _request_form(request, contact)


def _nothing_typed(details: submission.RequestDetails, held: list) -> bool:
    return not held and details == submission.RequestDetails(
        children=[submission.NamedPerson() for _ in details.children],
        adults=[submission.NamedPerson() for _ in details.adults],
    )


def _request_form(request: HttpRequest, contact: Contact | None) -> HttpResponse:
    """The referrer's form, for a new request (`contact` None: nothing is stored until
    something is typed) or a draft. Every answer that can be saved is saved; one that cannot
    (31/2/2019) is kept as typed, with what needs fixing beside it. A save says which version
    of the draft its answers are based on; if someone saved in between, nothing is saved and
    the page shows both versions until the referrer confirms they have combined them (so a
    second press of Save cannot overwrite)."""
    status = 200
    version: int | None = contact.version if contact else None
    conflict: dict[str, Any] | None = None
    if request.method == "POST":
        form = RequestForm(request.POST)
        children = ChildFormSet(request.POST, prefix="child")
        adults = AdultFormSet(request.POST, prefix="adult")
        action = request.POST.get("action", "save")
        version = submission.parse_version(request.POST.get("version"))
        theirs_version = submission.parse_version(request.POST.get("theirs_version"))
        combined = request.POST.get("combined") == "yes"
        valid = form.is_valid() & children.is_valid() & adults.is_valid()
        if not (children.management_form.is_valid() and adults.management_form.is_valid()):
            form.add_error(None, "The page was not sent whole. Your answers have not been saved.")
            status = 400
        else:
            details = _details_from(form, children, adults)
            held, _on_page, unplaced = _held_answers(form, children, adults, details)
            if contact is None and _nothing_typed(details, held):
                if action in ("add_child", "add_adult"):
                    return redirect(
                        reverse("frontdoor:request-new") + "?add=" + action.removeprefix("add_")
                    )
                if action == "submit":
                    _place_problems(
                        submission.problems_before_submission(
                            details, today=clock.today(), indicator_codes=actions.indicator_codes()
                        ),
                        form,
                        children,
                        adults,
                    )
                else:
                    form.add_error(None, "There is nothing to save yet: answer a question first")
                status = 400
                return _render_request_form(
                    request, None, form, children, adults, version, conflict, status
                )
            try:
                if unplaced:
                    raise actions.SubmissionProblems(unplaced)
                contact = actions.save_draft(
                    details,
                    acting_user=request.user,
                    contact=contact,
                    expected_version=theirs_version if combined and theirs_version else version,
                    held=held,
                )
            except actions.SubmissionProblems as problems:
                # Beyond what any draft may hold (too many children): nothing is saved.
                # Sending shows every problem at once.
                _place_problems(
                    submission.problems_before_submission(
                        details, today=clock.today(), indicator_codes=actions.indicator_codes()
                    )
                    if action == "submit"
                    else problems.problems,
                    form,
                    children,
                    adults,
                )
                status = 400
            except (actions.StaleDraftError, actions.DraftVersionMissing) as refused:
                stale = isinstance(refused, actions.StaleDraftError)
                status = 409 if stale else 400
                form.add_error(None, str(refused))
                if theirs_version and not combined:
                    form.add_error(
                        None,
                        f"Tick \u201c{COMBINE_CONFIRMATION}\u201d once you have copied into "
                        "your answers what you want to keep from the other version",
                    )
                assert contact is not None  # a new draft has no version to be stale against
                contact = _own_contact(request, contact.pk)
                found = submission.differences(
                    details,
                    actions.details_of(contact),
                    indicator_names={i.code: i.text for i in default_catalogue().indicators},
                )
                conflict = {
                    "theirs_version": contact.version,
                    **_show_other_version(found, form, children, adults),
                }
            else:
                version = contact.version
                if held or not valid:
                    # Saved, but some answers need fixing: shown beside their fields.
                    if action != "submit":
                        messages.info(
                            request,
                            "Your draft has been saved. Some answers need fixing before you "
                            "can send it: they are kept as you typed them",
                        )
                        extra = {"add_child": "?add=child", "add_adult": "?add=adult"}.get(
                            action, ""
                        )
                        return redirect(
                            reverse("frontdoor:request-edit", args=[contact.pk]) + extra
                        )
                    for answer in held:
                        bound = _held_bound(answer.field, form, children, adults)
                        if bound is not None and not bound.errors:
                            bound.form.add_error(bound.name, answer.problem)
                    missing = submission.problems_before_submission(
                        details, today=clock.today(), indicator_codes=actions.indicator_codes()
                    )
                    _place_problems(
                        [
                            (name, message)
                            for name, message in missing
                            if not getattr(_bound_field(name, form, children, adults), "errors", [])
                        ],
                        form,
                        children,
                        adults,
                    )
                    status = 400
                elif action == "submit":
                    try:
                        contact = actions.submit_request(contact, acting_user=request.user)
                    except actions.SubmissionProblems as problems:
                        _place_problems(problems.problems, form, children, adults)
                        status = 400
                    else:
                        messages.success(
                            request,
                            f"Request for Support {contact.reference} has been sent to the Hub",
                        )
                        return redirect("frontdoor:request-detail", pk=contact.pk)
                else:
                    extra = {"add_child": "?add=child", "add_adult": "?add=adult"}.get(action, "")
                    if not extra:
                        messages.success(request, "Your draft has been saved")
                    return redirect(reverse("frontdoor:request-edit", args=[contact.pk]) + extra)
    elif contact is None:
        form = RequestForm()
        add = request.GET.get("add")
        children = ChildFormSet(initial=[{}] * (2 if add == "child" else 1), prefix="child")
        adults = AdultFormSet(initial=[{}] if add == "adult" else [], prefix="adult")
    else:
        main, child_rows, adult_rows = _initial(
            contact, request.GET.get("add") == "child", request.GET.get("add") == "adult"
        )
        if contact.held_answers.exists():
            form, children, adults = _bind_with_held(contact, main, child_rows, adult_rows)
        else:
            form = RequestForm(initial=main)
            children = ChildFormSet(initial=child_rows, prefix="child")
            adults = AdultFormSet(initial=adult_rows, prefix="adult")
    return _render_request_form(request, contact, form, children, adults, version, conflict, status)


def _held_bound(field: str, form: Any, children: Any, adults: Any) -> Any:
    """The field on this page a held answer (named as the draft stores it) belongs to."""
    prefix, _, name = field.rpartition("-")
    if not prefix:
        return form[name] if name in form.fields else None
    group_prefix, _, position = prefix.rpartition("-")
    group = {"child": children, "adult": adults}.get(group_prefix)
    if group is None or not position.isdigit():
        return None
    filled = _filled(group)
    index = int(position)
    return filled[index][name] if index < len(filled) and name in filled[index].fields else None


def _render_request_form(
    request: HttpRequest,
    contact: Contact | None,
    form: RequestForm,
    children: Any,
    adults: Any,
    version: int | None,
    conflict: dict[str, Any] | None,
    status: int,
) -> HttpResponse:
    catalogue = default_catalogue()
    chosen = set(form["indicators"].value() or [])
    domains = [
        (d, [(i, i.code in chosen) for i in catalogue.current_indicators(domain=d.slug)])
        for d in catalogue.domains
    ]
    summary = _all_errors(form, children, adults)
    if conflict:
        summary += [
            (anchor, f"{label}: the other version differs; compare the two")
            for anchor, label in conflict["items"]
        ]
    return render(
        request,
        "frontdoor/request_form.html",
        {
            "contact": contact,
            "version": version,
            "conflict": conflict,
            "combine_confirmation": COMBINE_CONFIRMATION,
            "form": form,
            "children": children,
            "adults": adults,
            "summary_errors": summary,
            "domains": domains,
            "autosave_url": reverse("frontdoor:request-autosave", args=[contact.pk])
            if contact
            else reverse("frontdoor:request-new-autosave"),
            "may_discard": contact is not None and contact.submitted_by_id == request.user.pk,
        },
        status=status,
    )


AUTOSAVE_CONFLICT = (
    "Not saved: someone saved this draft in another window since you opened it. Your answers "
    "are still on this page. Press \u201cSave draft\u201d to see both versions and combine them."
)


@require_POST
def request_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Saves the draft as the referrer types (called by the page's script). It never adopts
    or overwrites a newer saved version: a stale save is a 409, and the page then asks the
    referrer to review."""
    _partner(request)
    contact = _own_contact(request, pk)
    if contact.status != ContactStatus.DRAFT:
        return JsonResponse(
            {"saved": False, "message": "This request has been sent or discarded."}, status=409
        )
    return _autosave(request, contact)


def _autosave(request: HttpRequest, contact: Contact | None) -> JsonResponse:
    """Save what can be saved; keep each answer that cannot be read as typed, and say which
    ones need fixing (`errors`, named as the page's fields)."""
    version = submission.parse_version(request.POST.get("version"))
    if contact is not None and version is None:
        return JsonResponse(
            {
                "saved": False,
                "message": "Not saved: the page did not say which version of the draft it "
                "holds. Press \u201cSave draft\u201d to save your answers.",
            },
            status=400,
        )
    form = RequestForm(request.POST)
    children = ChildFormSet(request.POST, prefix="child")
    adults = AdultFormSet(request.POST, prefix="adult")
    for f in (form, children, adults):
        f.is_valid()
    if not (children.management_form.is_valid() and adults.management_form.is_valid()):
        return JsonResponse(
            {"saved": False, "message": "Not saved: the page was not sent whole."}, status=400
        )
    details = _details_from(form, children, adults)
    held, on_page, unplaced = _held_answers(form, children, adults, details)
    if contact is None and _nothing_typed(details, held):
        return JsonResponse({"saved": False, "message": ""})
    try:
        if unplaced:
            raise actions.SubmissionProblems(unplaced)
        contact = actions.save_draft(
            details,
            acting_user=request.user,
            contact=contact,
            expected_version=version,
            held=held,
        )
    except actions.SubmissionProblems as problems:
        return JsonResponse(
            {
                "saved": False,
                "message": "Not saved: " + str(problems),
                "errors": [{"field": f, "message": m} for f, m in problems.problems],
            }
        )
    except actions.StaleDraftError:
        return JsonResponse(
            {"saved": False, "conflict": True, "message": AUTOSAVE_CONFLICT}, status=409
        )
    return JsonResponse(
        {
            "saved": True,
            "version": contact.version,
            "saved_at": clock.localtime(clock.now()).strftime("%H:%M:%S"),
            "errors": on_page,
            "edit_url": reverse("frontdoor:request-edit", args=[contact.pk]),
            "autosave_url": reverse("frontdoor:request-autosave", args=[contact.pk]),
            "discard_url": reverse("frontdoor:request-discard", args=[contact.pk]),
        }
    )


def request_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """The author discards a draft they no longer need: asked to confirm first. The draft is
    kept, with its history, but leaves the list of drafts."""
    _partner(request)
    contact = _own_contact(request, pk)
    if contact.status != ContactStatus.DRAFT:
        return redirect("frontdoor:request-detail", pk=contact.pk)
    if contact.submitted_by_id != request.user.pk:
        raise PermissionDenied("Only the person who started this draft can discard it.")
    if request.method == "POST":
        try:
            actions.discard_draft(contact, acting_user=request.user)
        except actions.FrontDoorError as problem:
            messages.error(request, str(problem))
            return redirect("frontdoor:request-edit", pk=contact.pk)
        messages.success(request, f"Draft started {contact.created_at:%-d %B %Y} discarded")
        return redirect("frontdoor:my-requests")
    children = [str(p) for p in contact.children]
    return render(
        request, "frontdoor/request_discard.html", {"contact": contact, "children": children}
    )


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _partner(request)
    contact = _own_contact(request, pk)
    if contact.status == ContactStatus.DRAFT:
        return redirect("frontdoor:request-edit", pk=contact.pk)
    if contact.status == ContactStatus.DISCARDED:
        raise Http404("This draft was discarded")
    return render(
        request,
        "frontdoor/request_detail.html",
        {
            "contact": contact,
            "details": actions.details_of(contact),
            "decision": getattr(contact, "decision", None),
            "signposted": contact.signpostings.select_related("service"),
        },
    )


# -- The Hub ---------------------------------------------------------------------------------


HUB_QUEUE_PAGE_SIZE = 25
# A manager's list of overdue contacts names at most this many (the count is always exact).
OVERDUE_LISTED = 100


def _queue_order(now: dt.datetime) -> list[Any]:
    """The queue's order (`rules.queue_sort_key`) as SQL, so a page of it can be fetched:
    overdue first, the most overdue first; then red, amber, green, each the earliest due
    first."""
    overdue = Q(due_at__lt=now)  # `rules.is_overdue`: due before now
    return [
        Case(When(overdue, then=Value(0)), default=Value(1)),
        Case(
            When(overdue, then=Value(0)),
            *[When(rag=rag.value, then=Value(rules.rag_order(rag))) for rag in rules.Rag],
            default=Value(len(rules.Rag)),
        ),
        "due_at",
        "pk",
    ]


def _queue(contacts: QuerySet[Contact], now: dt.datetime) -> QuerySet[Contact]:
    return (
        contacts.order_by(*_queue_order(now))
        .prefetch_related(
            Prefetch(
                "people",
                queryset=ContactPerson.objects.filter(role=PersonRole.CHILD),
                to_attr="child_list",
            )
        )
        .select_related("agency", "screened_by")
    )


def _mark_overdue(rows: Iterable[Contact]) -> list[Contact]:
    now = clock.now()
    rows = list(rows)
    for c in rows:
        c.is_overdue = rules.is_overdue(c.due_at, now)
    return rows


QUEUE_FILTERS = {
    "mine": "Screened by me",
    "not_started": "Not yet started",
    "overdue": "Overdue",
}


def _filtered(
    waiting: QuerySet[Contact], request: HttpRequest, now: dt.datetime
) -> tuple[QuerySet[Contact], list[str], str]:
    """The queue narrowed by the filters chosen (any of them together, and a kind of contact);
    a filter the page does not offer is ignored."""
    chosen = [f for f in request.GET.getlist("show") if f in QUEUE_FILTERS]
    if "mine" in chosen:
        waiting = waiting.filter(screened_by=request.user)
    if "not_started" in chosen:
        waiting = waiting.filter(status=ContactStatus.RECEIVED)
    if "overdue" in chosen:
        waiting = waiting.filter(due_at__lt=now)
    kind = request.GET.get("kind", "")
    if kind in ContactKind.values:
        waiting = waiting.filter(kind=kind)
    else:
        kind = ""
    return waiting, chosen, kind


def _decided_between(start: dt.datetime, end: dt.datetime) -> int:
    """How many contacts were decided in this time. Led by the index on `decided_at` (a day's
    few decisions), each checked against its contact's status: as a join, SQLite walked
    every contact ever decided to count today's."""
    return (
        ContactDecision.objects.filter(decided_at__gte=start, decided_at__lt=end)
        .filter(
            Exists(Contact.objects.filter(pk=OuterRef("contact_id"), status=ContactStatus.DECIDED))
        )
        .count()
    )


def hub_queue(request: HttpRequest) -> HttpResponse:
    """The queue, a page at a time: a busy Hub can have thousands of contacts waiting."""
    _hub(request)
    now = clock.now()
    waiting = Contact.objects.filter(status__in=[ContactStatus.RECEIVED, ContactStatus.SCREENING])
    shown, chosen, kind = _filtered(waiting, request, now)
    page = Paginator(_queue(shown, now), HUB_QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    overdue = waiting.filter(due_at__lt=now)  # `rules.is_overdue`: due before now
    today = clock.today()
    day = [
        dt.datetime.combine(d, dt.time.min, tzinfo=rules.LONDON)
        for d in (today, today + dt.timedelta(days=1))
    ]
    filters = QueryDict(mutable=True)
    filters.setlist("show", chosen)
    if kind:
        filters["kind"] = kind
    return render(
        request,
        "frontdoor/hub_queue.html",
        {
            "page": page,
            "rows": _mark_overdue(page.object_list),
            # Listed by reference, due time and worker only: no children to fetch.
            "overdue": _mark_overdue(
                overdue.order_by(*_queue_order(now)).select_related("screened_by")[:OVERDUE_LISTED]
            ),
            "overdue_count": overdue.count(),
            "waiting_count": waiting.count() if (chosen or kind) else page.paginator.count,
            "is_filtered": bool(chosen or kind),
            "filters": [(value, label, value in chosen) for value, label in QUEUE_FILTERS.items()],
            "kinds": [(k.value, k.label, k.value == kind) for k in ContactKind],
            "filter_query": filters.urlencode(),
            "is_manager": request.user.role == Role.TEAM_MANAGER,
            "decided_today": _decided_between(day[0], day[1]),
        },
    )


def _one_more(data: QueryDict, prefix: str) -> QueryDict:
    data = data.copy()
    total = data.get(f"{prefix}-TOTAL_FORMS", "0")
    data[f"{prefix}-TOTAL_FORMS"] = str(int(total) + 1 if total.isdigit() else 1)
    return data


def _quiet(*forms_: Any) -> None:
    """Show forms as typed without judging them yet (a row was added, nothing was sent)."""
    for f in forms_:
        f._errors = ErrorDict()
        f.cleaned_data = {}


def contact_new(request: HttpRequest) -> HttpResponse:
    """A contact the Hub or the Emergency Duty Team takes down. It names the same people as a
    Request for Support: any number of children, and the adults around them."""
    user = request.user
    if not (is_hub_staff(user) or (user.team and user.team.slug == "emergency-duty-team")):
        raise PermissionDenied("Only the Hub and the Emergency Duty Team record contacts.")
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data: QueryDict | None = request.POST if request.method == "POST" else None
    if data is not None and "adult-TOTAL_FORMS" not in data:
        # A client that names no family members need not send their (empty) group.
        data = data.copy()
        data.update({"adult-TOTAL_FORMS": "0", "adult-INITIAL_FORMS": "0"})
    if data is not None and action in ("add_child", "add_adult"):
        data = _one_more(data, "child" if action == "add_child" else "adult")
    form = ContactForm(data)
    children = ChildFormSet(data, prefix="child", initial=None if data else [{}])
    adults = AdultFormSet(data, prefix="adult", initial=None if data else [])
    if (
        action in ("add_child", "add_adult")
        and children.management_form.is_valid()
        and adults.management_form.is_valid()
    ):
        _quiet(form, *children.forms, *adults.forms)
        return render(
            request,
            "frontdoor/contact_form.html",
            {"form": form, "children": children, "adults": adults, "summary_errors": []},
        )
    valid = form.is_valid() & children.is_valid() & adults.is_valid()
    if request.method == "POST" and valid:
        data = form.cleaned_data
        received_at = None
        if data.get("received_at_date"):
            moment = dt.datetime.combine(
                data["received_at_date"], data.get("received_at_time") or dt.time(0, 0)
            )
            received_at = moment.replace(tzinfo=rules.LONDON)
        details = submission.RequestDetails(
            referrer_name=data["referrer_name"],
            referrer_role=data["referrer_role"],
            referrer_phone=data["referrer_phone"],
            worries=data["worries"],
            strengths=data["strengths"],
            family_address_line_1=data["family_address_line_1"],
            family_postcode=data["family_postcode"],
            children=[_person_from(f, adult=False) for f in children.forms if not f.is_empty()],
            adults=[_person_from(f, adult=True) for f in adults.forms if not f.is_empty()],
        )
        try:
            contact = actions.record_contact(
                data["kind"], details, acting_user=user, received_at=received_at, rag=data["rag"]
            )
        except actions.SubmissionProblems as problems:
            _place_problems(
                [
                    ("received_at_date" if field == "received_at" else field, message)
                    for field, message in problems.problems
                ],
                form,
                children,
                adults,
            )
        else:
            messages.success(request, f"Contact {contact.reference} is in the Hub queue")
            return (
                redirect("frontdoor:screen", pk=contact.pk)
                if is_hub_staff(user)
                else redirect("home")
            )
    errors = error_summary(form) + [
        e for f in (*children.forms, *adults.forms) for e in error_summary(f)
    ]
    errors += [("", error) for error in (*children.non_form_errors(), *adults.non_form_errors())]
    return render(
        request,
        "frontdoor/contact_form.html",
        {"form": form, "children": children, "adults": adults, "summary_errors": errors},
        status=400 if request.method == "POST" else 200,
    )


def _involvement(person: Person, on: dt.date) -> dict[str, Any]:
    cutoff = rules.months_before(on, rules.RE_REFERRAL_MONTHS)
    # Only what the page shows is fetched: open allocations, and contacts from the day before
    # the cutoff on (the exact test, on the London date, is below).
    previous = (
        ContactPerson.objects.filter(
            person=person,
            contact__received_at__gte=dt.datetime.combine(
                cutoff - dt.timedelta(days=1), dt.time.min, tzinfo=rules.LONDON
            ),
        )
        .select_related("contact", "contact__decision")
        .order_by("-contact__received_at")
    )
    return {
        "open": list(
            Allocation.objects.filter(person=person, end_date__isnull=True).select_related(
                "team", "worker"
            )
        ),
        "recent_contacts": [
            p.contact for p in previous if clock.localdate(p.contact.received_at) >= cutoff
        ],
        "ssf_within_6_months": actions.ssf_open_within_6_months(person, on),
    }


def screen(request: HttpRequest, pk: int) -> HttpResponse:
    _hub(request)
    return _render_screen(request, pk)


def _render_screen(
    request: HttpRequest, pk: int, *, decision_form: DecisionForm | None = None, status: int = 200
) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("agency", "screened_by"), pk=pk)
    if contact.status in NOT_SENT:
        raise Http404("No such contact")
    # Opening the page changes nothing: screening starts with a POST (start_screening below,
    # or the first match, check, urgency or decision).
    received_on = clock.localdate(contact.received_at)
    people = []
    named_people = list(contact.people.select_related("person"))
    # Parents' and carers' names on the contact help tell a child from a namesake.
    carers = tuple(
        f"{n.given_name} {n.family_name}".strip()
        for n in named_people
        if n.role == PersonRole.PARENT_CARER and (n.given_name or n.family_name)
    )
    # The possible matches are found first and then offered, kept and audited in one short
    # write (`offer_candidates_for`), not one for each person named.
    offers: list[tuple[ContactPerson, list, dict[str, Any]]] = []
    for named in named_people:
        entry: dict[str, Any] = {"named": named}
        if named.person_id:
            entry["can_open"] = check_access(request.user, named.person).allowed
            if entry["can_open"]:
                entry["involvement"] = _involvement(named.person, received_on)
                entry["involvement"]["recent_contacts"] = [
                    c for c in entry["involvement"]["recent_contacts"] if c.pk != contact.pk
                ]
        else:
            candidates = find_candidates(
                MatchQuery(
                    given_name=named.given_name,
                    family_name=named.family_name,
                    date_of_birth=named.date_of_birth or named.expected_date_of_birth,
                    sex=named.sex,
                    postcode=contact.family_postcode,
                    address_line=contact.family_address_line_1,
                    nhs_number=named.nhs_number,
                    carer_names=carers if named.role == PersonRole.CHILD else (),
                )
            )
            offers.append((named, candidates, entry))
        people.append(entry)
    if offers:
        offered = actions.offer_candidates_for(
            [(named, candidates) for named, candidates, _ in offers],
            acting_user=request.user,
            path=request.path,
        )
        for (_, candidates, entry), listed in zip(offers, offered, strict=True):
            shown = {item.person.pk: item.shown for item in listed}
            entry["candidates"] = [
                {"candidate": c, "shown": shown[c.person.pk]} for c in candidates
            ]
    links = []
    for first, second, kind in actions.proposed_family_links(named_people):
        ready = first.person_id is not None and second.person_id is not None
        links.append(
            {
                "key": f"{first.pk}-{second.pk}",
                "first": first,
                "second": second,
                "kind": kind,
                "ready": ready,
                "recorded": ready and actions.related_already(first.person, second.person),
            }
        )
    living_together = [n for n in named_people if n.role == PersonRole.CHILD or n.lives_with_child]
    catalogue = default_catalogue()
    ticked = []
    for code in contact.indicators.values_list("code", flat=True):
        try:
            ticked.append(catalogue.indicator(code))
        except KeyError:
            continue
    suggestion = suggest_level(ticked, level_names=catalogue.level_names)
    comparison = (
        compare_levels(contact.claimed_level, suggestion.level, level_names=catalogue.level_names)
        if contact.claimed_level
        else None
    )
    return render(
        request,
        "frontdoor/screen.html",
        {
            "contact": contact,
            "people": people,
            "ticked": ticked,
            "suggestion": suggestion,
            "comparison": comparison,
            "family_links": links,
            "relationship_kinds": RelationshipKind.choices,
            "living_together": living_together
            if any(n.role != PersonRole.CHILD for n in living_together)
            else [],
            "checks": contact.checks.select_related("requested_by"),
            "takeovers": contact.takeovers.select_related("previous_worker", "taken_by"),
            "may_take_over": contact.status == ContactStatus.SCREENING
            and contact.screened_by_id not in (None, request.user.pk),
            "check_form": CheckRequestForm(),
            "rag_form": RagForm(initial={"rag": contact.rag}),
            "decision_form": decision_form or DecisionForm(),
            "decision": getattr(contact, "decision", None),
            "signposted": contact.signpostings.select_related("service", "recorded_by"),
            "can_signpost": can_signpost(request.user),
            "now": clock.now(),
            "is_overdue": contact.status != ContactStatus.DECIDED
            and rules.is_overdue(contact.due_at, clock.now()),
            "summary_errors": error_summary(decision_form) if decision_form else [],
        },
        status=status,
    )


def _submitted(pk: int) -> Contact:
    """A contact in the Hub's hands: a referrer's draft is not."""
    return get_object_or_404(Contact.objects.exclude(status__in=NOT_SENT), pk=pk)


def _back(contact: Contact, anchor: str = "") -> HttpResponse:
    return redirect(reverse("frontdoor:screen", args=[contact.pk]) + anchor)


@require_POST
def start_screening(request: HttpRequest, pk: int) -> HttpResponse:
    _hub(request)
    contact = actions.start_screening(_submitted(pk), acting_user=request.user)
    if contact.screened_by_id == request.user.pk:
        messages.success(request, f"You are screening {contact.reference}")
    else:
        messages.info(request, f"{contact.screened_by} is already screening {contact.reference}")
    return _back(contact)


@require_POST
def take_over(request: HttpRequest, pk: int) -> HttpResponse:
    _hub(request)
    contact = _submitted(pk)
    previous = contact.screened_by
    try:
        actions.take_over_screening(
            contact, reason=request.POST.get("reason", ""), acting_user=request.user
        )
    except actions.FrontDoorError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"You have taken over {contact.reference} from {previous}")
    return _back(contact)


@require_POST
def confirm_match(request: HttpRequest, pk: int, named_pk: int) -> HttpResponse:
    _hub(request)
    named = get_object_or_404(ContactPerson, pk=named_pk, contact_id=pk)
    chosen = request.POST.get("person", "")
    person = Person.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if person is None:
        messages.error(request, "Choose one of the possible matches, or create a new record")
        return _back(named.contact, "#people")
    try:
        actions.confirm_match(named, person, acting_user=request.user)
        messages.success(request, f"{named} matched to record {person.pk}")
    except actions.FrontDoorError as problem:
        messages.error(request, str(problem))
    return _back(named.contact, "#people")


@require_POST
def create_person(request: HttpRequest, pk: int, named_pk: int) -> HttpResponse:
    _hub(request)
    named = get_object_or_404(ContactPerson, pk=named_pk, contact_id=pk)
    try:
        named = actions.create_person_for(named, acting_user=request.user)
        messages.success(request, f"New record {named.person_id} created for {named}")
    except actions.FrontDoorError as problem:
        messages.error(request, str(problem))
    return _back(named.contact, "#people")


@require_POST
def confirm_family_links(request: HttpRequest, pk: int) -> HttpResponse:
    _hub(request)
    contact = _submitted(pk)
    chosen = {}
    for key in request.POST.getlist("link"):
        first, _, second = key.partition("-")
        if first.isdigit() and second.isdigit():
            chosen[(int(first), int(second))] = request.POST.get(f"kind-{key}", "")
    household = request.POST.get("household") == "yes"
    if not chosen and not household:
        messages.error(request, "Tick the family links to record")
        return _back(contact, "#family-links")
    try:
        made = actions.confirm_family_links(
            contact, chosen, household=household, acting_user=request.user
        )
    except actions.FrontDoorError as problem:
        messages.error(request, str(problem))
    else:
        recorded = f"{len(made)} family link{'s' if len(made) != 1 else ''} recorded"
        messages.success(request, recorded + (" and the household" if household else ""))
    return _back(contact, "#family-links")


@require_POST
def request_check(request: HttpRequest, pk: int) -> HttpResponse:
    _hub(request)
    contact = _submitted(pk)
    form = CheckRequestForm(request.POST)
    if form.is_valid():
        try:
            actions.request_check(contact, form.cleaned_data["agency"], acting_user=request.user)
            messages.success(request, "Check requested")
        except actions.FrontDoorError as problem:
            messages.error(request, str(problem))
    return _back(contact, "#checks")


@require_POST
def record_check(request: HttpRequest, pk: int, check_pk: int) -> HttpResponse:
    _hub(request)
    check = get_object_or_404(AgencyCheck, pk=check_pk, contact_id=pk)
    form = CheckResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Summarise what the agency shared before saving the check")
        return _back(check.contact, "#checks")
    try:
        actions.record_check_result(check, form.cleaned_data["summary"], acting_user=request.user)
        messages.success(request, f"{check.get_agency_display()} check recorded")
    except actions.FrontDoorError as problem:
        messages.error(request, str(problem))
    return _back(check.contact, "#checks")


@require_POST
def change_rag(request: HttpRequest, pk: int) -> HttpResponse:
    _hub(request)
    contact = _submitted(pk)
    form = RagForm(request.POST)
    if form.is_valid():
        try:
            actions.set_rag(contact, form.cleaned_data["rag"], acting_user=request.user)
            messages.success(request, "Urgency changed")
        except actions.FrontDoorError as problem:
            messages.error(request, str(problem))
    return _back(contact)


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    _hub(request)
    contact = _submitted(pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = actions.decide(
                contact,
                form.cleaned_data["outcome"],
                form.cleaned_data["reason"],
                signposted_to=form.cleaned_data["signposted_to"],
                acting_user=request.user,
            )
        except actions.SubmissionProblems as problems:
            for field, message in problems.problems:
                form.add_error(field if field in form.fields else None, message)
        except actions.FrontDoorError as problem:
            messages.error(request, str(problem))
            return _back(contact)
        else:
            messages.success(request, f"Decision recorded: {decision.get_outcome_display()}")
            return _back(contact)
    return _render_screen(request, pk, decision_form=form, status=400)


# -- The Advice Line -------------------------------------------------------------------------


def advice_line(request: HttpRequest) -> HttpResponse:
    _hub(request)
    form = AdviceForm(request.POST or None)
    highlights: dict[str, str] = {}
    status = 200
    if request.method == "POST" and form.is_valid():
        from continuum.frontdoor.identifying import find_identifying_details, highlight

        texts = {name: form.cleaned_data[name] for name in ("caller_role", "question", "advice")}
        for name, text in texts.items():
            findings = find_identifying_details(text)
            if findings:
                kinds = sorted({f.kind.replace("_", " ") for f in findings})
                highlights[name] = highlight(text, findings)
                form.add_error(
                    name,
                    f"Remove the details that could identify the family: {', '.join(kinds)} (highlighted below)",
                )
        if not highlights:
            try:
                actions.record_advice(acting_user=request.user, **form.cleaned_data)
            except actions.SubmissionProblems as problems:
                for field, message in problems.problems:
                    form.add_error(field, message)
                status = 400
            else:
                messages.success(request, "Advice Line consultation recorded")
                return redirect("frontdoor:advice-line")
        else:
            status = 400
    elif request.method == "POST":
        status = 400
    recent = AdviceLineConsultation.objects.select_related("recorded_by")[:50]
    return render(
        request,
        "frontdoor/advice_line.html",
        {"form": form, "highlights": highlights, "recent": recent},
        status=status,
    )
