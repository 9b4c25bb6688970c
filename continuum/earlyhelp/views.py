"""Early help's pages. Thin: every page that shows a family's early help asks the one access
policy (`Purpose.EARLY_HELP`, audited), forms check input, actions change state."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from continuum.core import clock
from continuum.earlyhelp import actions, due, rules
from continuum.earlyhelp.forms import (
    ActionForm,
    ActionStatusForm,
    AgreeLeadForm,
    AssessmentForm,
    CloseForm,
    ConsultationForm,
    DeclineForm,
    EarlyHelpReasonForm,
    MeetingForm,
    MemberForm,
    RapidResponseForm,
    ReferMeetingForm,
    ReviewForm,
    StepUpForm,
)
from continuum.earlyhelp.models import (
    ASSESSMENT_FIELDS,
    ASSESSMENT_SECTIONS,
    AssessmentStatus,
    EarlyHelpEpisode,
    EarlyHelpRequest,
    EarlyHelpRequestStatus,
    FamilyTogetherMeeting,
    MeetingStatus,
    PlanAction,
    TeamAroundFamilyMember,
)
from continuum.governance import access
from continuum.governance.rules import Purpose
from continuum.organisation.models import Role
from continuum.people.models import Person
from continuum.socialwork.rules import due as due_words

AUTOSAVE_CONFLICT = (
    "Not saved: someone saved this assessment in another window. Your answers are still on "
    "this page. Press \u201cSave draft\u201d to see both versions and combine them."
)


def show_refusal(form: forms.Form, refused: actions.EarlyHelpError) -> None:
    """An action's refusal on the form: each problem beside the field it names (at the top
    when the form has no such field), anything else at the top."""
    if isinstance(refused, actions.AssessmentProblems):
        for field, message in refused.problems:
            form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, str(refused))


# -- Access ------------------------------------------------------------------------------------


def _refused(request: HttpRequest, decision: access.AccessDecision) -> HttpResponse:
    return render(request, "people/refused.html", {"decision": decision}, status=403)


def _open(request: HttpRequest, person_id: int) -> Person | HttpResponse:
    """The family's early help through the access policy (audited), or a reason asked for."""
    try:
        return access.access_person(
            request.user, person_id, purpose=Purpose.EARLY_HELP, path=request.path
        )
    except access.AccessRefused as refused:
        if refused.decision.may_give_reason:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('earlyhelp:reason', args=[person_id])}?{query}")
        return _refused(request, refused.decision)


def _episode(request: HttpRequest, pk: int) -> tuple[EarlyHelpEpisode, HttpResponse | None]:
    episode = get_object_or_404(
        EarlyHelpEpisode.objects.select_related(
            "person", "lead_agency", "lead_practitioner", "request"
        ),
        pk=pk,
    )
    opened = _open(request, episode.person_id)
    return episode, opened if isinstance(opened, HttpResponse) else None


def _require_hub(request: HttpRequest) -> None:
    if not actions.in_early_help_hub(request.user):
        raise PermissionDenied("This is the Early Help Hub's work.")


# -- 1. The Early Help Hub ---------------------------------------------------------------------


def hub(request: HttpRequest) -> HttpResponse:
    """The Early Help Hub's work: requests to agree a lead agency, and what is due."""
    _require_hub(request)
    waiting = list(
        EarlyHelpRequest.objects.filter(status=EarlyHelpRequestStatus.AWAITING_LEAD)
        .select_related("person", "contact")
        .order_by("requested_on", "pk")
    )
    today = clock.today()
    due_rows = [(d, due_words(d.due_on, today)) for d in due.due_for_early_help_hub()]
    open_episodes = (
        EarlyHelpEpisode.objects.filter(closed_on__isnull=True)
        .select_related("person", "lead_agency", "lead_practitioner")
        .order_by("person__family_name")
    )
    return render(
        request,
        "earlyhelp/hub.html",
        {
            "waiting": waiting,
            "hidden_people": {
                r.person_id for r in waiting if not access.may_list(request.user, r.person)
            },
            "due_rows": due_rows,
            "open_episodes": open_episodes,
        },
    )


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Agree the lead agency with its acceptance and the family's consent, or record that the
    family declined."""
    _require_hub(request)
    early_help_request = get_object_or_404(EarlyHelpRequest.objects.select_related("person"), pk=pk)
    person = _open(request, early_help_request.person_id)
    if isinstance(person, HttpResponse):
        return person
    agree = AgreeLeadForm(request.POST if request.POST.get("decision") == "agree" else None)
    decline = DeclineForm(request.POST if request.POST.get("decision") == "decline" else None)
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if request.POST.get("decision") == "agree" and agree.is_valid():
                episode = actions.agree_lead_agency(
                    early_help_request,
                    lead_agency=agree.cleaned_data["lead_agency"],
                    lead_practitioner=agree.cleaned_data["lead_practitioner"],
                    agency_accepted_by=agree.cleaned_data["agency_accepted_by"],
                    consent_given_by=agree.cleaned_data["consent_given_by"],
                    acting_user=request.user,
                )
                messages.success(request, f"{episode.lead_agency} leads early help")
                return redirect("earlyhelp:episode", pk=episode.pk)
            if request.POST.get("decision") == "decline" and decline.is_valid():
                episode = actions.record_family_declined(
                    early_help_request,
                    acting_user=request.user,
                    detail=decline.cleaned_data["detail"],
                )
                messages.success(request, "Recorded: the family declined early help")
                return redirect("earlyhelp:episode", pk=episode.pk)
        except actions.EarlyHelpError as refused:
            show_refusal(agree, refused)
    return render(
        request,
        "earlyhelp/request.html",
        {
            "eh_request": early_help_request,
            "person": person,
            "agree": agree,
            "decline": decline,
            "summary_errors": _errors(agree) + _errors(decline),
        },
        status=status,
    )


def _errors(form) -> list[tuple[str, str]]:  # noqa: ANN001
    from continuum.core.forms import error_summary

    return error_summary(form) if form.is_bound else []


# -- The episode -------------------------------------------------------------------------------


def _chart_and_table(episode: EarlyHelpEpisode):  # noqa: ANN202
    reviews = list(episode.reviews.prefetch_related("ratings", "attended"))
    goals = list(episode.goals.all())
    by_goal = {g.pk: {} for g in goals}
    for review in reviews:
        for rating in review.ratings.all():
            by_goal.setdefault(rating.goal_id, {})[review.held_on] = rating.score
    chart = rules.ratings_chart(
        [r.held_on for r in reviews], [(g.wording, by_goal[g.pk]) for g in goals]
    )
    table = [(g, [by_goal[g.pk].get(r.held_on) for r in reviews]) for g in goals]
    return reviews, goals, chart, table


def episode_detail(request: HttpRequest, pk: int) -> HttpResponse:
    episode, refused = _episode(request, pk)
    if refused:
        return refused
    assessment = actions.assessment_for(episode)
    reviews, goals, chart, table = _chart_and_table(episode)
    today = clock.today()
    review_due = actions.review_due_on(episode)
    plan_actions = list(episode.actions.select_related("owner"))
    return render(
        request,
        "earlyhelp/episode.html",
        {
            "episode": episode,
            "person": episode.person,
            "assessment": assessment,
            "sections": [
                (heading, getattr(assessment, name)) for name, heading, _ in ASSESSMENT_SECTIONS
            ]
            if assessment
            else [],
            "members": episode.members.select_related("agency"),
            "plan_actions": [
                (a, None if a.is_finished else due_words(a.due_on, today)) for a in plan_actions
            ],
            "reviews": reviews,
            "goals": goals,
            "chart": chart,
            "ratings_table": table,
            "review_due": due_words(review_due, today) if review_due else None,
            "meetings": episode.family_together_meetings.all(),
            "is_lead": episode.lead_practitioner_id == request.user.pk,
            "is_hub": actions.in_early_help_hub(request.user),
        },
    )


def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The Early Help Assessment: written with the family, saved as it is typed."""
    episode, refused = _episode(request, pk)
    if refused:
        return refused
    current = actions.assessment_for(episode)
    if current and current.status == AssessmentStatus.COMPLETED or not episode.is_open:
        return redirect("earlyhelp:episode", pk=episode.pk)
    initial = {name: getattr(current, name) for name in ASSESSMENT_FIELDS} if current else {}
    initial["version"] = current.version if current else ""
    form = AssessmentForm(request.POST or None, initial=initial)
    others: dict[str, str] = {}
    status = 200
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ASSESSMENT_FIELDS}
        try:
            saved, problems = actions.save_assessment_draft(
                episode,
                values,
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except actions.StaleAssessmentError as stale:
            current = actions.assessment_for(episode)
            others = {
                name: getattr(current, name)
                for name in ASSESSMENT_FIELDS
                if getattr(current, name) != values[name]
            }
            form = AssessmentForm(
                {**request.POST.dict(), "version": current.version}, initial=initial
            )
            form.is_valid()
            form.add_error(
                None, str(stale) + " Compare the two below, keep what you want, and save again."
            )
            status = 409
        except actions.EarlyHelpError as problem:
            form.add_error(None, str(problem))
            status = 400
        else:
            for field, message in problems:
                form.add_error(field, message)
            if problems:
                status = 400
            elif request.POST.get("complete"):
                try:
                    actions.complete_assessment(episode, acting_user=request.user)
                except actions.AssessmentProblems as missing:
                    form = AssessmentForm(
                        {**request.POST.dict(), "version": saved.version}, initial=initial
                    )
                    form.is_valid()
                    for field, message in missing.problems:
                        form.add_error(field, message)
                    status = 400
                except actions.EarlyHelpError as problem:
                    form.add_error(None, str(problem))
                    status = 400
                else:
                    messages.success(request, "The Early Help Assessment is complete")
                    return redirect("earlyhelp:episode", pk=episode.pk)
            else:
                messages.success(request, "Draft saved")
                return redirect("earlyhelp:assessment", pk=episode.pk)
    return render(
        request,
        "earlyhelp/assessment.html",
        {
            "episode": episode,
            "person": episode.person,
            "form": form,
            "others": others,
            "version": form["version"].value(),
        },
        status=status,
    )


@require_POST
def assessment_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Saves the draft as it is typed (static/js/early-help-assessment.js). A stale save is a
    409; a field that cannot be saved is named and the others are saved."""
    episode = get_object_or_404(EarlyHelpEpisode, pk=pk)
    decision = access.can(request.user, Purpose.EARLY_HELP, episode.person)
    if not decision.allowed:
        access.record_refusal(request.user, episode.person, decision, path=request.path)
        return JsonResponse({"saved": False, "message": "Not saved: " + decision.basis}, status=403)
    raw = request.POST.get("version", "")
    current = actions.assessment_for(episode)
    version = int(raw) if raw.isdigit() else None
    if current is not None and version is None:
        return JsonResponse(
            {
                "saved": False,
                "message": "Not saved: the page did not say which version it holds. Press "
                "\u201cSave draft\u201d to save your answers.",
            },
            status=400,
        )
    values = {name: request.POST[name] for name in ASSESSMENT_FIELDS if name in request.POST}
    try:
        saved, problems = actions.save_assessment_draft(
            episode, values, acting_user=request.user, expected_version=version
        )
    except actions.StaleAssessmentError:
        return JsonResponse(
            {"saved": False, "conflict": True, "message": AUTOSAVE_CONFLICT}, status=409
        )
    except actions.EarlyHelpError as problem:
        return JsonResponse({"saved": False, "message": str(problem)}, status=409)
    return JsonResponse(
        {
            "saved": True,
            "version": saved.version,
            "saved_at": clock.localtime(clock.now()).strftime("%H:%M:%S"),
            "errors": [{"field": f, "message": m} for f, m in problems],
        }
    )


# -- 3. The plan -------------------------------------------------------------------------------


def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The Team Around the Family: its members and the plan's actions."""
    episode, refused = _episode(request, pk)
    if refused:
        return refused
    which = request.POST.get("form")
    member_form = MemberForm(request.POST if which == "member" else None, prefix="member")
    action_form = ActionForm(
        request.POST if which == "action" else None, episode=episode, prefix="action"
    )
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if which == "member" and member_form.is_valid():
                data = member_form.cleaned_data
                actions.add_member(
                    episode,
                    name=data["name"],
                    role=data["role"],
                    is_family=data["is_family"],
                    user=data["user"],
                    acting_user=request.user,
                )
                messages.success(request, "Added to the Team Around the Family")
                return redirect("earlyhelp:plan", pk=episode.pk)
            if which == "action" and action_form.is_valid():
                data = action_form.cleaned_data
                actions.add_action(
                    episode,
                    what=data["what"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    acting_user=request.user,
                )
                messages.success(request, "Action added to the plan")
                return redirect("earlyhelp:plan", pk=episode.pk)
            if which == "status":
                action = get_object_or_404(
                    PlanAction, pk=request.POST.get("action"), episode=episode
                )
                status_form = ActionStatusForm(request.POST)
                if status_form.is_valid():
                    actions.set_action_status(
                        action, status_form.cleaned_data["status"], acting_user=request.user
                    )
                    messages.success(request, "Action updated")
                    return redirect("earlyhelp:plan", pk=episode.pk)
        except actions.AssessmentProblems as problems:
            form = member_form if which == "member" else action_form
            for field, message in problems.problems:
                form.add_error(field if field in form.fields else None, message)
        except actions.EarlyHelpError as problem:
            (member_form if which == "member" else action_form).add_error(None, str(problem))
    today = clock.today()
    return render(
        request,
        "earlyhelp/plan.html",
        {
            "episode": episode,
            "person": episode.person,
            "members": episode.members.select_related("agency"),
            "plan_actions": [
                (a, None if a.is_finished else due_words(a.due_on, today))
                for a in episode.actions.select_related("owner")
            ],
            "status_choices": ActionStatusForm.base_fields["status"].choices,
            "member_form": member_form,
            "action_form": action_form,
            "summary_errors": _errors(member_form) + _errors(action_form),
        },
        status=status,
    )


def review(request: HttpRequest, pk: int) -> HttpResponse:
    """A review meeting: who came, and the family's 0 to 10 rating of each goal."""
    episode, refused = _episode(request, pk)
    if refused:
        return refused
    form = ReviewForm(request.POST or None)
    members = list(episode.members.all())
    goals = list(episode.goals.all())
    chosen = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
    ratings = {g.pk: request.POST.get(f"goal-{g.pk}", "") for g in goals}
    rating_errors: dict[int, str] = {}
    attended_error = ""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.record_review(
                    episode,
                    held_on=form.cleaned_data["held_on"],
                    attended=[m for m in members if m.pk in chosen],
                    ratings=ratings,
                    notes=form.cleaned_data["notes"],
                    acting_user=request.user,
                )
            except actions.AssessmentProblems as problems:
                for field, message in problems.problems:
                    if field.startswith("goal-"):
                        rating_errors[int(field[5:])] = message
                    elif field == "attended":
                        attended_error = message
                    else:
                        form.add_error(field if field in form.fields else None, message)
            except actions.EarlyHelpError as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(request, "Review recorded")
                return redirect("earlyhelp:episode", pk=episode.pk)
    summary = _errors(form)
    if attended_error:
        summary.append(("attended", attended_error))
    summary += [(f"goal-{pk}", m) for pk, m in rating_errors.items()]
    return render(
        request,
        "earlyhelp/review.html",
        {
            "episode": episode,
            "person": episode.person,
            "form": form,
            "members": members,
            "chosen": chosen,
            "goals": [(g, ratings[g.pk], rating_errors.get(g.pk)) for g in goals],
            "attended_error": attended_error,
            "summary_errors": summary,
            "scale": range(rules.RATING_MIN, rules.RATING_MAX + 1),
        },
        status=status,
    )


# -- 5. Step up and closure --------------------------------------------------------------------


def step_up(request: HttpRequest, pk: int) -> HttpResponse:
    episode, refused = _episode(request, pk)
    if refused:
        return refused
    form = StepUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                contact = actions.step_up(
                    episode, escalation=form.cleaned_data["escalation"], acting_user=request.user
                )
            except actions.EarlyHelpError as refused:
                show_refusal(form, refused)
            else:
                messages.success(
                    request,
                    f"Stepped up: the Hub has the assessment and plan as {contact.reference}",
                )
                return redirect("earlyhelp:episode", pk=episode.pk)
    return render(
        request,
        "earlyhelp/step_up.html",
        {"episode": episode, "person": episode.person, "form": form},
        status=status,
    )


def close(request: HttpRequest, pk: int) -> HttpResponse:
    episode, refused = _episode(request, pk)
    if refused:
        return refused
    form = CloseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.close_episode(
                    episode,
                    outcome=form.cleaned_data["outcome"],
                    detail=form.cleaned_data["detail"],
                    acting_user=request.user,
                )
            except actions.EarlyHelpError as refused:
                show_refusal(form, refused)
            else:
                messages.success(request, "Early help closed")
                return redirect("earlyhelp:episode", pk=episode.pk)
    return render(
        request,
        "earlyhelp/close.html",
        {"episode": episode, "person": episode.person, "form": form},
        status=status,
    )


# -- 4. Giving a reason; a partner's families --------------------------------------------------


def give_reason(request: HttpRequest, pk: int) -> HttpResponse:
    """Social care read a family's early help only once it is shared by a step up, or after
    giving a reason: kept, reviewed by a manager, and the look audited."""
    if request.user.role == Role.PARTNER:
        raise PermissionDenied("Partner agencies see only the families they work with.")
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        return render(request, "404.html", status=404)
    from continuum.people.views import _safe_next

    episode = EarlyHelpEpisode.objects.filter(person=person).first()
    default = reverse("earlyhelp:episode", args=[episode.pk]) if episode else reverse("home")
    next_url = _safe_next(request, default)
    decision = access.can(request.user, Purpose.EARLY_HELP, person)
    if decision.allowed:
        return redirect(next_url)
    if not decision.may_give_reason:
        access.record_refusal(request.user, person, decision, path=request.path)
        return _refused(request, decision)
    form = EarlyHelpReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access.give_reason(
                request.user,
                person,
                form.cleaned_data["reason"],
                path=request.path,
                purpose=Purpose.EARLY_HELP,
            )
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
        "earlyhelp/reason.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def my_families(request: HttpRequest) -> HttpResponse:
    """The families this user leads, or works with in a Team Around the Family."""
    user = request.user
    episodes = (
        EarlyHelpEpisode.objects.filter(
            Q(lead_practitioner=user)
            | Q(
                pk__in=TeamAroundFamilyMember.objects.filter(
                    user=user, left_on__isnull=True
                ).values("episode_id")
            )
        )
        .select_related("person", "lead_agency", "lead_practitioner")
        .order_by("closed_on", "person__family_name")
        .distinct()
    )
    today = clock.today()
    due_rows = [(d, due_words(d.due_on, today)) for d in due.due_for_lead_practitioner(user)]
    return render(request, "earlyhelp/mine.html", {"episodes": episodes, "due_rows": due_rows})


# -- 6. Families Together ----------------------------------------------------------------------


def _open_for(request: HttpRequest, person_id: int, purpose: Purpose) -> Person | HttpResponse:
    if purpose == Purpose.EARLY_HELP:
        return _open(request, person_id)
    from continuum.people.views import _open as open_record

    return open_record(request, person_id)


def refer_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """The allocated social worker, or the early help lead practitioner, refers the family."""
    episode = EarlyHelpEpisode.objects.filter(
        person_id=pk, closed_on__isnull=True, lead_practitioner=request.user
    ).first()
    person = _open_for(request, pk, Purpose.EARLY_HELP if episode else Purpose.OPEN)
    if isinstance(person, HttpResponse):
        return person
    form = ReferMeetingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                meeting = actions.refer_family_together_meeting(
                    person,
                    reason=form.cleaned_data["reason"],
                    episode=episode,
                    acting_user=request.user,
                )
            except actions.EarlyHelpError as refused:
                show_refusal(form, refused)
            else:
                messages.success(request, "Referred for a Family Together Meeting")
                return redirect("earlyhelp:ftm", pk=meeting.pk)
    return render(
        request,
        "earlyhelp/ftm_refer.html",
        {"person": person, "form": form, "episode": episode},
        status=status,
    )


def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """A Family Together Meeting: the referral, the consultation, the meeting and the family's
    plan. The Families Together coordinator records each step."""
    ftm = get_object_or_404(
        FamilyTogetherMeeting.objects.select_related("person", "referred_by", "coordinator"),
        pk=pk,
    )
    person = _open_for(request, ftm.person_id, actions.meeting_purpose(ftm))
    if isinstance(person, HttpResponse):
        return person
    step = request.POST.get("step")
    consultation = ConsultationForm(request.POST if step == "consultation" else None)
    held = MeetingForm(request.POST if step == "meeting" else None)
    status = 200
    if request.method == "POST":
        status = 400
        form = consultation if step == "consultation" else held
        if step in ("consultation", "meeting") and form.is_valid():
            data = form.cleaned_data
            try:
                if step == "consultation":
                    actions.record_consultation(
                        ftm, held_on=data["held_on"], notes=data["notes"], acting_user=request.user
                    )
                else:
                    actions.record_meeting(
                        ftm,
                        held_on=data["held_on"],
                        family_network=data["family_network"],
                        professionals=data["professionals"],
                        family_plan=data["family_plan"],
                        acting_user=request.user,
                    )
            except actions.EarlyHelpError as refused:
                show_refusal(form, refused)
            else:
                messages.success(request, "Saved")
                return redirect("earlyhelp:ftm", pk=ftm.pk)
    return render(
        request,
        "earlyhelp/ftm.html",
        {
            "ftm": ftm,
            "person": person,
            "consultation": consultation,
            "held": held,
            "is_coordinator": actions.in_families_together(request.user),
            "summary_errors": _errors(consultation) + _errors(held),
        },
        status=status,
    )


def families_together(request: HttpRequest) -> HttpResponse:
    """The Families Together team's list: meetings to arrange and hold."""
    if not actions.in_families_together(request.user):
        raise PermissionDenied("This is the Families Together team's work.")
    meetings = list(
        FamilyTogetherMeeting.objects.exclude(status=MeetingStatus.HELD).select_related(
            "person", "referred_by"
        )
    )
    return render(
        request,
        "earlyhelp/families_together.html",
        {
            "meetings": meetings,
            "hidden_people": {
                m.person_id for m in meetings if not access.may_list(request.user, m.person)
            },
        },
    )


def rapid_response(request: HttpRequest, pk: int) -> HttpResponse:
    """Families Together record a rapid response to a family in crisis on the child's record."""
    if not actions.in_families_together(request.user):
        raise PermissionDenied("Families Together record their rapid responses.")
    from continuum.people.views import _open as open_record

    person = open_record(request, pk)
    if isinstance(person, HttpResponse):
        return person
    form = RapidResponseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.record_rapid_response(
                    person,
                    crisis=form.cleaned_data["crisis"],
                    support=form.cleaned_data["support"],
                    acting_user=request.user,
                )
            except actions.EarlyHelpError as refused:
                show_refusal(form, refused)
            else:
                messages.success(request, "Rapid response recorded on the child's record")
                return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "earlyhelp/rapid_response.html",
        {"person": person, "form": form},
        status=status,
    )
