"""Pages for the Child and Family Assessment (write, submit, sign off or return) and the Child
in Need plan (start, outcomes, actions, reviews, end). Thin: every page opens the child's
record through the access policy (which audits), the actions change state."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from continuum.core import clock
from continuum.core.forms import error_summary
from continuum.governance import access
from continuum.governance.rules import Purpose
from continuum.organisation.models import Role
from continuum.people.models import Person
from continuum.socialwork import actions as pathway_actions
from continuum.socialwork import actions_assessment_plan as actions
from continuum.socialwork import assessment_rules, rules
from continuum.socialwork.codes import AssessmentFactor, PrimaryNeed
from continuum.socialwork.forms_assessment_plan import (
    ActionStatusForm,
    DecisionForm,
    PlanActionForm,
    PlanEndForm,
    PlanReviewForm,
    PlanStartForm,
)
from continuum.socialwork.models import (
    Assessment,
    AssessmentOutcome,
    ChildInNeedPlan,
    Episode,
    PlanAction,
    PlanOutcome,
    PlanReview,
    ReviewState,
)

COMBINE_CONFIRMATION = "I have combined both versions"


class _Refused(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def _open_person(request: HttpRequest, person_id: int, purpose: Purpose = Purpose.OPEN) -> Person:
    """Open the child's record through the access policy (audited), or refuse as the person
    page does: a reason asked for where one would help, else the refusal page."""
    if request.user.role == Role.PARTNER:
        raise PermissionDenied("Partner agencies cannot open social work records.")
    try:
        return access.access_person(request.user, person_id, purpose=purpose, path=request.path)
    except access.AccessRefused as refused:
        if refused.decision.may_give_reason and request.method == "GET":
            query = urlencode({"next": request.get_full_path()})
            target = f"{reverse('people:reason', args=[person_id])}?{query}"
            raise _Refused(redirect(target)) from None
        raise _Refused(
            render(request, "people/refused.html", {"decision": refused.decision}, status=403)
        ) from None


def _guarded(view):  # noqa: ANN001, ANN202 - a view decorator
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _Refused as refused:
            return refused.response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _in_team(request: HttpRequest, team_id: int) -> None:
    user = request.user
    if user.role == Role.ADMINISTRATOR or user.is_superuser:
        return
    if user.team_id != team_id:
        raise PermissionDenied("Only the team doing the work can change it.")


def _due(day: Any) -> rules.Due | None:
    return rules.due(day, clock.today()) if day else None


# -- The assessment ---------------------------------------------------------------------------


def _assessment(pk: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.select_related("person", "team", "episode", "worker"), pk=pk
    )


@require_GET
@_guarded
def assessment_page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(pk)
    _open_person(request, assessment.person_id)
    return _render_assessment(request, assessment, DecisionForm())


def _render_assessment(
    request: HttpRequest, assessment: Assessment, decision_form: DecisionForm, status: int = 200
) -> HttpResponse:
    episode = assessment.episode
    may_start_plan = (
        episode is not None
        and episode.is_open
        and assessment.review_state == ReviewState.SIGNED_OFF
        and any(m.target == "child_in_need" for m in pathway_actions.allowed_moves(episode))
        and (request.user.team_id == episode.team_id or request.user.role == Role.ADMINISTRATOR)
    )
    return render(
        request,
        "socialwork/assessment.html",
        {
            "assessment": assessment,
            "person": assessment.person,
            "due": _due(assessment.due_on) if assessment.status == "open" else None,
            "factors": assessment.factors.all(),
            "decisions": assessment.decisions.select_related("decided_by"),
            "worker": actions.allocated_worker(assessment),
            "may_edit": actions.may_edit(request.user, assessment),
            "may_decide": actions.may_decide(request.user, assessment),
            "decision_form": decision_form,
            "summary_errors": error_summary(decision_form) if decision_form.is_bound else None,
            "may_start_plan": may_start_plan,
            "plan": actions.open_child_in_need_plan(episode) if episode else None,
        },
        status=status,
    )


def _changes_from(post: Any) -> dict[str, Any]:
    """Every content field from a posted form. An unticked box sends nothing, so a field
    missing here is empty, not unchanged."""
    changes: dict[str, Any] = {}
    for field in actions.TEXT_FIELDS:
        changes[field] = post.get(field, "")
    for field in actions.YES_NO_FIELDS:
        changes[field] = post.get(field, "")
    for field in actions.CHOICE_FIELDS:
        changes[field] = post.get(field, "")
    changes["factors"] = post.getlist("factors")
    return changes


FIELD_LABELS = {
    "worries": ("What we are worried about", "The harm or risk of harm, and what might happen."),
    "strengths": (
        "What is working well",
        "Strengths, protective factors and assets: people and things that keep the child safe.",
    ),
    "child_seen": ("Was the child seen during the assessment?", ""),
    "child_seen_alone": ("Was the child seen alone?", ""),
    "child_words": ("The child's voice", "What the child said, in their own words."),
    "child_not_seen_reason": ("Why was the child not seen?", ""),
    "family_view": ("The family's view", "What the parents or carers think and want."),
    "analysis": ("Analysis", "What this means for the child, weighing worries and strengths."),
    "support_given": ("Support given during the assessment", ""),
    "factors": ("Factors identified", "The Department for Education's assessment factors."),
    "recommended_outcome": ("The outcome you recommend", ""),
    "primary_need": ("The child's primary need", "Needed for a Child in Need plan."),
}


def _display(field: str, value: Any) -> str:
    if field in actions.YES_NO_FIELDS:
        return {True: "Yes", False: "No"}.get(value, "Not answered")
    if field == "factors":
        return ", ".join(AssessmentFactor(c).label for c in value) or "None chosen"
    if field == "recommended_outcome":
        return AssessmentOutcome(value).label if value else "Not chosen"
    if field == "primary_need":
        return PrimaryNeed(value).label if value else "Not chosen"
    return value or "(empty)"


def _fields_for_page(
    values: dict[str, Any], errors: dict[str, str], theirs: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """What the edit page draws for each field: its value, its error, and the other saved
    version where it differs (after a stale save)."""
    rows = []
    for field in actions.CONTENT_FIELDS:
        label, hint = FIELD_LABELS[field]
        value = values.get(field)
        row: dict[str, Any] = {
            "name": field,
            "label": label,
            "hint": hint,
            "value": value,
            "error": errors.get(field, ""),
        }
        if field in actions.YES_NO_FIELDS:
            row["kind"] = "yes_no"
            row["value"] = {True: "yes", False: "no"}.get(value, value or "")
        elif field == "factors":
            row["kind"] = "factors"
            chosen = set(value or [])
            row["options"] = [(c.value, c.label, c.value in chosen) for c in AssessmentFactor]
        elif field in actions.CHOICE_FIELDS:
            row["kind"] = "choice"
            row["options"] = actions.CHOICE_FIELDS[field].choices
        else:
            row["kind"] = "text"
        if theirs is not None:
            mine = _clean_for_compare(field, value)
            if mine != _clean_for_compare(field, theirs.get(field)):
                row["theirs"] = _display(field, theirs.get(field))
        rows.append(row)
    return rows


def _clean_for_compare(field: str, value: Any) -> Any:
    cleaned, problem = actions.clean_field(field, value)
    return value if problem else cleaned


@_guarded
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The worker's write-up. It saves as they type (the page's script calls the autosave
    address); Save and Submit send the whole form. A save based on an older version than the
    stored one saves nothing and shows both versions until the worker says they combined them."""
    assessment = _assessment(pk)
    _open_person(request, assessment.person_id, Purpose.RECORD)
    _in_team(request, assessment.team_id)
    if not actions.may_edit(request.user, assessment):
        return redirect("socialwork:assessment", pk=assessment.pk)
    status = 200
    errors: dict[str, str] = {}
    theirs = None
    summary: list[tuple[str, str]] = []
    version = assessment.version
    values = actions.content_of(assessment)
    if request.method == "POST":
        changes = _changes_from(request.POST)
        action = request.POST.get("action", "save")
        version = _int(request.POST.get("version"))
        theirs_version = _int(request.POST.get("theirs_version"))
        combined = request.POST.get("combined") == "yes"
        expected = theirs_version if combined and theirs_version else version
        try:
            result = actions.save_assessment_draft(
                assessment, changes, expected_version=expected, acting_user=request.user
            )
        except actions.StaleAssessmentError as stale:
            status = 400 if isinstance(stale, actions.AssessmentVersionMissing) else 409
            assessment = _assessment(pk)
            theirs = actions.content_of(assessment)
            values = changes
            summary.append(("", str(stale)))
            if theirs_version and not combined:
                summary.append(
                    (
                        "combined",
                        f"Tick \u201c{COMBINE_CONFIRMATION}\u201d once you have copied into "
                        "your answers what you want to keep from the other version",
                    )
                )
            version = version or 0
        except actions.PathwayError as refused:
            messages.error(request, str(refused))
            return redirect("socialwork:assessment", pk=assessment.pk)
        else:
            assessment = result.assessment
            version = assessment.version
            values = actions.content_of(assessment)
            errors = result.problems
            if errors:
                # The other answers were saved; the ones with problems are shown as typed.
                for field in errors:
                    values[field] = changes[field]
                status = 400
            elif action == "submit":
                try:
                    actions.submit_assessment(assessment, acting_user=request.user)
                except actions.AssessmentIncomplete as incomplete:
                    errors = dict(reversed(incomplete.problems))
                    status = 400
                except actions.PathwayError as refused:
                    summary.append(("", str(refused)))
                    status = 400
                else:
                    messages.success(request, "The assessment has been sent to the team manager")
                    return redirect("socialwork:assessment", pk=assessment.pk)
            else:
                messages.success(request, "Your draft has been saved")
                return redirect("socialwork:assessment-edit", pk=assessment.pk)
    rows = _fields_for_page(values, errors, theirs)
    summary += [(f"field-{r['name']}", r["error"]) for r in rows if r["error"]]
    return render(
        request,
        "socialwork/assessment_edit.html",
        {
            "assessment": assessment,
            "person": assessment.person,
            "due": _due(assessment.due_on),
            "rows": rows,
            "version": version,
            "conflict": theirs is not None,
            "theirs_version": assessment.version if theirs is not None else None,
            "combine_confirmation": COMBINE_CONFIRMATION,
            "summary_errors": summary,
            "returns": assessment.decisions.filter(kind="returned").select_related("decided_by"),
            "required": assessment_rules.SUBMIT_REQUIREMENTS,
        },
        status=status,
    )


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.strip().isdigit() else None


AUTOSAVE_CONFLICT = (
    "Not saved: someone saved this assessment in another window since you opened it. Your "
    "answers are still on this page. Press \u201cSave draft\u201d to see both versions and "
    "combine them."
)


@require_POST
@_guarded
def assessment_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Saves the write-up as the worker types (called by the page's script). A field with a
    problem is reported and left as it was; the others are saved."""
    assessment = _assessment(pk)
    _open_person(request, assessment.person_id, Purpose.RECORD)
    _in_team(request, assessment.team_id)
    version = _int(request.POST.get("version"))
    if version is None:
        return JsonResponse(
            {
                "saved": False,
                "message": "Not saved: the page did not say which version of the assessment "
                "it holds. Press \u201cSave draft\u201d to save your answers.",
            },
            status=400,
        )
    try:
        result = actions.save_assessment_draft(
            assessment,
            _changes_from(request.POST),
            expected_version=version,
            acting_user=request.user,
        )
    except actions.StaleAssessmentError:
        return JsonResponse(
            {"saved": False, "conflict": True, "message": AUTOSAVE_CONFLICT}, status=409
        )
    except actions.PathwayError as refused:
        return JsonResponse({"saved": False, "message": str(refused)}, status=409)
    return JsonResponse(
        {
            "saved": True,
            "version": result.assessment.version,
            "saved_at": clock.localtime(clock.now()).strftime("%H:%M:%S"),
            "errors": [{"field": f, "message": m} for f, m in result.problems.items()],
        }
    )


@require_POST
@_guarded
def assessment_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """The team manager signs the assessment off or returns it with comments."""
    assessment = _assessment(pk)
    _open_person(request, assessment.person_id, Purpose.RECORD)
    _in_team(request, assessment.team_id)
    if request.user.role not in (Role.TEAM_MANAGER, Role.ADMINISTRATOR):
        raise PermissionDenied("Only the team manager signs off or returns an assessment.")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_assessment(request, assessment, form, status=400)
    try:
        if form.cleaned_data["decision"] == "return":
            actions.return_assessment(
                assessment, comments=form.cleaned_data["comments"], acting_user=request.user
            )
            messages.success(request, "The assessment has been returned to the worker")
        else:
            actions.sign_off_assessment(
                assessment,
                outcome=form.cleaned_data["outcome"],
                comments=form.cleaned_data["comments"],
                acting_user=request.user,
            )
            messages.success(request, "The assessment has been signed off")
    except actions.PathwayError as refused:
        messages.error(request, str(refused))
    return redirect("socialwork:assessment", pk=assessment.pk)


# -- The Child in Need plan ---------------------------------------------------------------------


@_guarded
def plan_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a Child in Need plan within the episode, with the outcomes the family wants."""
    episode = get_object_or_404(Episode.objects.select_related("person", "team"), pk=pk)
    _open_person(request, episode.person_id, Purpose.RECORD)
    _in_team(request, episode.team_id)
    form = PlanStartForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = actions.start_child_in_need_plan(
                    episode,
                    outcomes=form.cleaned_data["outcomes"].splitlines(),
                    start_date=form.cleaned_data["start_date"],
                    acting_user=request.user,
                )
            except actions.PathwayError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "The Child in Need plan has started")
                return redirect("socialwork:cin-plan", pk=plan.pk)
        status = 400
    return render(
        request,
        "socialwork/plan_start.html",
        {"episode": episode, "person": episode.person, "form": form},
        status=status,
    )


def _plan(pk: int) -> ChildInNeedPlan:
    return get_object_or_404(
        ChildInNeedPlan.objects.select_related("person", "episode", "episode__team"), pk=pk
    )


@require_GET
@_guarded
def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    _open_person(request, plan.person_id)
    return _render_plan(request, plan, PlanActionForm())


def _render_plan(
    request: HttpRequest, plan: ChildInNeedPlan, action_form: PlanActionForm, status: int = 200
) -> HttpResponse:
    outcomes = list(plan.outcomes.all())
    plan_actions = list(plan.actions.select_related("agency"))
    for action in plan_actions:
        action.due = _due(action.due_on) if action.is_outstanding else None
        action.status_form = ActionStatusForm(
            initial={"status": action.status}, prefix=f"action-{action.pk}"
        )
    next_review = actions.next_review_due(plan) if plan.is_open else None
    may_change = plan.is_open and (
        request.user.team_id == plan.episode.team_id or request.user.role == Role.ADMINISTRATOR
    )
    return render(
        request,
        "socialwork/plan.html",
        {
            "plan": plan,
            "person": plan.person,
            "outcomes": outcomes,
            "plan_actions": plan_actions,
            "reviews": plan.reviews.select_related("recorded_by"),
            "next_review": next_review,
            "next_review_due": _due(next_review),
            "all_met": assessment_rules.all_outcomes_met([o.met_on is not None for o in outcomes]),
            "may_change": may_change,
            "action_form": action_form,
            "summary_errors": error_summary(action_form) if action_form.is_bound else None,
        },
        status=status,
    )


def _plan_for_change(request: HttpRequest, pk: int) -> ChildInNeedPlan:
    plan = _plan(pk)
    _open_person(request, plan.person_id, Purpose.RECORD)
    _in_team(request, plan.episode.team_id)
    return plan


@require_POST
@_guarded
def plan_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_change(request, pk)
    form = PlanActionForm(request.POST)
    if form.is_valid():
        try:
            actions.add_plan_action(
                plan,
                what=form.cleaned_data["what"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                acting_user=request.user,
            )
        except actions.PathwayError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The action has been added to the plan")
            return redirect(reverse("socialwork:cin-plan", args=[plan.pk]) + "#actions")
    return _render_plan(request, plan, form, status=400)


@require_POST
@_guarded
def plan_action_status(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = _plan_for_change(request, pk)
    action = get_object_or_404(PlanAction, pk=action_pk, plan=plan)
    form = ActionStatusForm(request.POST, prefix=f"action-{action.pk}")
    if form.is_valid():
        try:
            actions.set_action_status(action, form.cleaned_data["status"], acting_user=request.user)
        except actions.PathwayError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "The action's status has been changed")
    else:
        messages.error(request, "Choose one of the listed statuses")
    return redirect(reverse("socialwork:cin-plan", args=[plan.pk]) + "#actions")


@require_POST
@_guarded
def plan_outcome_met(request: HttpRequest, pk: int, outcome_pk: int) -> HttpResponse:
    plan = _plan_for_change(request, pk)
    outcome = get_object_or_404(PlanOutcome, pk=outcome_pk, plan=plan)
    try:
        actions.set_outcome_met(outcome, request.POST.get("met") == "yes", acting_user=request.user)
    except actions.PathwayError as refused:
        messages.error(request, str(refused))
    return redirect(reverse("socialwork:cin-plan", args=[plan.pk]) + "#outcomes")


@_guarded
def plan_review_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_change(request, pk)
    form = PlanReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.record_plan_review(plan, acting_user=request.user, **form.cleaned_data)
            except actions.PathwayError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "The review has been recorded")
                return redirect(reverse("socialwork:cin-plan", args=[plan.pk]) + "#reviews")
        status = 400
    return render(
        request,
        "socialwork/plan_review.html",
        {
            "plan": plan,
            "person": plan.person,
            "form": form,
            "due": _due(actions.next_review_due(plan)) if plan.is_open else None,
        },
        status=status,
    )


@_guarded
def plan_end(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_change(request, pk)
    form = PlanEndForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.end_child_in_need_plan(
                    plan,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    acting_user=request.user,
                )
            except actions.PathwayError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "The Child in Need plan has ended")
                return redirect("socialwork:cin-plan", pk=plan.pk)
        status = 400
    return render(
        request,
        "socialwork/plan_end.html",
        {"plan": plan, "person": plan.person, "form": form},
        status=status,
    )


@require_GET
@_guarded
def plan_review_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A review's own address (the chronology links here): its place on the plan's page."""
    review = get_object_or_404(PlanReview.objects.select_related("plan"), pk=pk)
    _open_person(request, review.plan.person_id)
    return redirect(reverse("socialwork:cin-plan", args=[review.plan_id]) + f"#review-{pk}")
