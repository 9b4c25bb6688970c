"""Child protection's pages. Thin: every page opens the child's record through the access policy
(audited; refused to partners and staff who do not work with the child), forms check input, the
actions in `socialwork.protection` change state and say no in plain English."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from continuum.core import clock
from continuum.core.forms import error_summary
from continuum.governance.access import may_list
from continuum.organisation.models import Role
from continuum.people.views import _open
from continuum.socialwork import due_protection, protection
from continuum.socialwork.actions import PathwayError
from continuum.socialwork.forms_protection import (
    ActionForm,
    AttendeeForm,
    BookConferenceForm,
    ChairReviewForm,
    ConferenceRecordForm,
    CoreGroupForm,
    IssueForm,
    OutcomeForm,
    ResponseForm,
    Section47Form,
    StrategyHeldForm,
    yes_no,
)
from continuum.socialwork.models import (
    ChildProtectionPlan,
    Conference,
    Episode,
    IssueResolution,
    Section47Enquiry,
    StrategyDiscussion,
)


def _bad_request(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return render(request, template, context, status=400)


# -- The child's child protection record -------------------------------------------------------


def child(request: HttpRequest, pk: int) -> HttpResponse:
    person = _open(request, pk)
    if isinstance(person, HttpResponse):
        return person
    episode = Episode.objects.filter(person=person, closed_on__isnull=True).first()
    plans = list(ChildProtectionPlan.objects.filter(person=person).select_related("chair"))
    return render(
        request,
        "socialwork/protection/child.html",
        {
            "person": person,
            "episode": episode,
            "summary": due_protection.child_summary(person, clock.today()),
            "strategy_discussions": StrategyDiscussion.objects.filter(person=person),
            "enquiries": Section47Enquiry.objects.filter(person=person),
            "conferences": Conference.objects.filter(person=person).select_related("chair"),
            "plans": [(p, protection.flags_for(p)) for p in plans],
        },
    )


def chair_list(request: HttpRequest) -> HttpResponse:
    """A chair's conferences and children, with what is due next."""
    if request.user.role != Role.CHAIR_IRO:
        raise PermissionDenied("This is a Child Protection Chair's list.")
    booked = Conference.objects.filter(chair=request.user, held_on__isnull=True).select_related(
        "person"
    )
    plans = ChildProtectionPlan.objects.filter(
        chair=request.user, ended_on__isnull=True
    ).select_related("person")
    rows = [(plan, protection.review_due(plan), protection.flags_for(plan)) for plan in plans]
    due = due_protection.for_chair(request.user)
    people = {c.person for c in booked} | {p.person for p in plans} | {d.person for d in due}
    return render(
        request,
        "socialwork/protection/chair.html",
        {
            "booked": booked,
            "plans": sorted(rows, key=lambda row: row[1]),
            "due": due,
            "hidden_people": {p.pk for p in people if not may_list(request.user, p)},
        },
    )


# -- Strategy discussion -----------------------------------------------------------------------


def strategy_discussion(request: HttpRequest, pk: int) -> HttpResponse:
    discussion = get_object_or_404(StrategyDiscussion, pk=pk)
    person = _open(request, discussion.person_id)
    if isinstance(person, HttpResponse):
        return person
    form = StrategyHeldForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                protection.hold_strategy_discussion(
                    discussion,
                    held_on=data["held_on"],
                    participants=form.participants(),
                    information_shared=data["information_shared"],
                    consent=data["consent"],
                    consent_note=data["consent_note"],
                    decision=data["decision"],
                    next_step=data["next_step"],
                    decision_reason=data["decision_reason"],
                    acting_user=request.user,
                )
            except PathwayError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Strategy discussion recorded as held.")
                return redirect("protection:child", discussion.person_id)
        return _bad_request(
            request,
            "socialwork/protection/strategy.html",
            {"discussion": discussion, "person": person, "form": form},
        )
    return render(
        request,
        "socialwork/protection/strategy.html",
        {"discussion": discussion, "person": person, "form": form},
    )


# -- Section 47 --------------------------------------------------------------------------------


def section_47(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = get_object_or_404(Section47Enquiry, pk=pk)
    person = _open(request, enquiry.person_id)
    if isinstance(person, HttpResponse):
        return person
    initial = {
        "worries": enquiry.worries,
        "strengths": enquiry.strengths,
        "child_seen": {True: "yes", False: "no"}.get(enquiry.child_seen, ""),
        "child_seen_alone": {True: "yes", False: "no"}.get(enquiry.child_seen_alone, ""),
        "child_seen_on": enquiry.child_seen_on,
        "child_words": enquiry.child_words,
    }
    form = Section47Form(request.POST or None, initial=initial)
    context = {"enquiry": enquiry, "person": person, "form": form}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                protection.record_section_47(
                    enquiry,
                    worries=data["worries"],
                    strengths=data["strengths"],
                    child_seen=yes_no(data["child_seen"]),
                    child_seen_alone=yes_no(data["child_seen_alone"]),
                    child_seen_on=data["child_seen_on"],
                    child_words=data["child_words"],
                    outcome=data["outcome"],
                    acting_user=request.user,
                )
            except PathwayError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    "Section 47 enquiry completed." if data["outcome"] else "Findings saved.",
                )
                return redirect("protection:section47", enquiry.pk)
        return _bad_request(request, "socialwork/protection/section47.html", context)
    return render(request, "socialwork/protection/section47.html", context)


# -- Conferences -------------------------------------------------------------------------------


def book_conference(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_object_or_404(Episode, pk=pk)
    person = _open(request, episode.person_id)
    if isinstance(person, HttpResponse):
        return person
    form = BookConferenceForm(request.POST or None)
    context = {"episode": episode, "person": person, "form": form}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                conference = protection.book_conference(
                    episode,
                    kind=data["kind"],
                    date=data["date"],
                    chair=data["chair"],
                    transfer_note=data["transfer_note"],
                    acting_user=request.user,
                )
            except PathwayError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Conference booked.")
                return redirect("protection:conference", conference.pk)
        return _bad_request(request, "socialwork/protection/book.html", context)
    return render(request, "socialwork/protection/book.html", context)


def _conference_page(
    request: HttpRequest,
    conference: Conference,
    person,  # noqa: ANN001 - a Person
    *,
    record_form: ConferenceRecordForm | None = None,
    attendee_form: AttendeeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "socialwork/protection/conference.html",
        {
            "conference": conference,
            "person": person,
            "attendees": conference.attendees.all(),
            "is_chair": request.user.pk == conference.chair_id,
            "form": record_form or ConferenceRecordForm(initial={"held_on": conference.date}),
            "attendee_form": attendee_form or AttendeeForm(prefix="attendee"),
            "summary_errors": error_summary(attendee_form) if attendee_form else None,
        },
        status=status,
    )


def conference(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Conference.objects.select_related("chair", "plan"), pk=pk)
    person = _open(request, found.person_id)
    if isinstance(person, HttpResponse):
        return person
    if request.method != "POST":
        return _conference_page(request, found, person)
    form = ConferenceRecordForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            protection.record_conference(
                found,
                held_on=data["held_on"],
                family_views=data["family_views"],
                child_views=data["child_views"],
                threshold_met=yes_no(data["threshold_met"]),
                decision=data["decision"],
                category=data["category"],
                end_reason=data["end_reason"],
                decision_reason=data["decision_reason"],
                acting_user=request.user,
            )
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Conference recorded.")
            return redirect("protection:conference", found.pk)
    return _conference_page(request, found, person, record_form=form, status=400)


@require_POST
def add_attendee(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Conference, pk=pk)
    person = _open(request, found.person_id)
    if isinstance(person, HttpResponse):
        return person
    form = AttendeeForm(request.POST, prefix="attendee")
    if form.is_valid():
        data = form.cleaned_data
        try:
            protection.add_attendee(
                found,
                name=data["name"],
                kind=data["kind"],
                agency=data["agency"],
                attended=yes_no(data["attended"]),
                report=data["report"],
                acting_user=request.user,
            )
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{data['name']} added.")
            return redirect(reverse("protection:conference", args=[found.pk]) + "#attendees")
    return _conference_page(request, found, person, attendee_form=form, status=400)


# -- The plan ----------------------------------------------------------------------------------

PLAN_FORMS = {
    "outcome_form": OutcomeForm,
    "action_form": ActionForm,
    "core_group_form": CoreGroupForm,
    "chair_review_form": ChairReviewForm,
    "issue_form": IssueForm,
}


def _plan_page(
    request: HttpRequest,
    plan: ChildProtectionPlan,
    person,  # noqa: ANN001 - a Person
    *,
    failed: tuple[str, object] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = {name: form_class(prefix=name) for name, form_class in PLAN_FORMS.items()}
    forms["response_form"] = ResponseForm(prefix="response")
    if failed is not None:
        forms[failed[0]] = failed[1]
    is_manager = request.user.role == Role.TEAM_MANAGER and (
        request.user.team_id == plan.episode.team_id
    )
    return render(
        request,
        "socialwork/protection/plan.html",
        {
            "plan": plan,
            "person": person,
            "flags": protection.flags_for(plan),
            "is_chair": request.user.pk == plan.chair_id,
            "is_manager": is_manager,
            "core_group_due": protection.core_group_due(plan) if plan.is_open else None,
            "review_due": protection.review_due(plan) if plan.is_open else None,
            "visit_due": protection.visit_due(plan) if plan.is_open else None,
            "midway_due": protection.midway_review_due(plan) if plan.is_open else None,
            "conferences": Conference.objects.filter(person=plan.person, episode=plan.episode),
            "summary_errors": error_summary(failed[1]) if failed else None,
            **forms,
        },
        status=status,
    )


def plan(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(ChildProtectionPlan.objects.select_related("episode"), pk=pk)
    person = _open(request, found.person_id)
    if isinstance(person, HttpResponse):
        return person
    return _plan_page(request, found, person)


def _plan_post(
    request: HttpRequest, pk: int, form_name: str, do: Callable[[ChildProtectionPlan, dict], str]
) -> HttpResponse:
    found = get_object_or_404(ChildProtectionPlan.objects.select_related("episode"), pk=pk)
    person = _open(request, found.person_id)
    if isinstance(person, HttpResponse):
        return person
    form = PLAN_FORMS[form_name](request.POST, prefix=form_name)
    if form.is_valid():
        try:
            done = do(found, form.cleaned_data)
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("protection:plan", found.pk)
    return _plan_page(request, found, person, failed=(form_name, form), status=400)


@require_POST
def plan_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    def do(plan: ChildProtectionPlan, data: dict) -> str:
        protection.add_plan_outcome(plan, words=data["words"], acting_user=request.user)
        return "Outcome added."

    return _plan_post(request, pk, "outcome_form", do)


@require_POST
def plan_action(request: HttpRequest, pk: int) -> HttpResponse:
    def do(plan: ChildProtectionPlan, data: dict) -> str:
        protection.add_plan_action(
            plan,
            action=data["action"],
            owner=data["owner"],
            due_on=data["due_on"],
            acting_user=request.user,
        )
        return "Action added."

    return _plan_post(request, pk, "action_form", do)


@require_POST
def core_group(request: HttpRequest, pk: int) -> HttpResponse:
    def do(plan: ChildProtectionPlan, data: dict) -> str:
        protection.record_core_group(
            plan,
            held_on=data["held_on"],
            attendance=data["attendance"],
            progress=data["progress"],
            acting_user=request.user,
        )
        return "Core group recorded."

    return _plan_post(request, pk, "core_group_form", do)


@require_POST
def chair_review(request: HttpRequest, pk: int) -> HttpResponse:
    def do(plan: ChildProtectionPlan, data: dict) -> str:
        protection.record_chair_review(
            plan,
            progress=data["progress"],
            on_track=yes_no(data["on_track"]),
            acting_user=request.user,
        )
        return "Review of progress recorded."

    return _plan_post(request, pk, "chair_review_form", do)


@require_POST
def raise_issue(request: HttpRequest, pk: int) -> HttpResponse:
    def do(plan: ChildProtectionPlan, data: dict) -> str:
        protection.raise_issue(plan, concern=data["concern"], acting_user=request.user)
        return "Issue raised with the team manager."

    return _plan_post(request, pk, "issue_form", do)


@require_POST
def issue_response(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(IssueResolution.objects.select_related("plan__episode"), pk=pk)
    found = issue.plan
    person = _open(request, found.person_id)
    if isinstance(person, HttpResponse):
        return person
    form = ResponseForm(request.POST, prefix="response")
    if form.is_valid():
        try:
            protection.respond_to_issue(
                issue, response=form.cleaned_data["response"], acting_user=request.user
            )
        except PathwayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Response recorded.")
            return redirect("protection:plan", found.pk)
    return _plan_page(request, found, person, failed=("response_form", form), status=400)
