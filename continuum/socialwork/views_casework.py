"""Casework pages: the team's unallocated work, the episode (its level, history and moves),
case notes that save as you type, the step-down to early help, and "My work".

Thin: every page that shows a child asks the access policy (`access_person`, audited); every
change goes through `socialwork.actions` / `actions_casework`, whose plain-English refusals
are shown beside the field that caused them.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from continuum.core import clock
from continuum.earlyhelp import due as earlyhelp_due
from continuum.earlyhelp.models import EarlyHelpRequest
from continuum.governance import access
from continuum.governance.models import AuditAction
from continuum.governance.rules import Purpose
from continuum.organisation.models import Role, Team, User
from continuum.people.models import Person
from continuum.socialwork import actions, actions_casework, due, pathway, rules
from continuum.socialwork.codes import ClosureReason
from continuum.socialwork.forms_casework import CLOSURE_CHOICES, CaseNoteForm, note_initial
from continuum.socialwork.models import Assessment, Episode
from continuum.socialwork.models_casework import CaseNote, CaseNoteStatus, StepDown, Transfer

# -- Helpers ----------------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> None:
    if request.user.role == Role.PARTNER:
        raise PermissionDenied("Partner agencies work through Requests for Support.")


def _open_person(
    request: HttpRequest, person_id: int, *, purpose: Purpose = Purpose.OPEN
) -> Person | HttpResponse:
    """Open a child's record through the access policy (audited), or send the user to give a
    reason, or refuse."""
    _staff(request)
    try:
        return access.access_person(
            request.user, person_id, action=AuditAction.VIEW, purpose=purpose, path=request.path
        )
    except access.AccessRefused as refused:
        if refused.decision.may_give_reason and purpose == Purpose.OPEN:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('people:reason', args=[person_id])}?{query}")
        return render(request, "people/refused.html", {"decision": refused.decision}, status=403)


def _is_team_manager(user: User, team_id: int) -> bool:
    return (user.role == Role.TEAM_MANAGER and user.team_id == team_id) or (
        user.role == Role.ADMINISTRATOR or user.is_superuser
    )


def _team_workers(team: Team) -> list[User]:
    return list(
        User.objects.filter(
            team=team, is_active=True, role__in=(Role.PRACTITIONER, Role.TEAM_MANAGER)
        ).order_by("first_name", "last_name")
    )


# -- The team's unallocated work ------------------------------------------------------------------


def unallocated(request: HttpRequest, slug: str) -> HttpResponse:
    """A team manager's list of the team's open episodes with no named worker, each with
    "allocate" to a member of the team."""
    team = get_object_or_404(Team, slug=slug)
    if not _is_team_manager(request.user, team.pk):
        raise PermissionDenied("Only the team's manager allocates its work.")
    return _render_unallocated(request, team)


def _render_unallocated(
    request: HttpRequest, team: Team, *, errors: dict[int, str] | None = None, status: int = 200
) -> HttpResponse:
    episodes = list(
        Episode.objects.filter(team=team, closed_on__isnull=True)
        .select_related("person", "team")
        .order_by("opened_at", "pk")
    )
    workers = due.allocated_workers(episodes)
    waiting = [e for e in episodes if e.pk not in workers]
    today = clock.today()
    rows = [
        {
            "episode": e,
            "waiting_days": (today - clock.localtime(e.opened_at).date()).days,
            "error": (errors or {}).get(e.pk, ""),
        }
        for e in waiting
    ]
    errors = errors or {}
    return render(
        request,
        "socialwork/casework/unallocated.html",
        {
            "team": team,
            "rows": rows,
            "workers": _team_workers(team),
            "hidden_people": {
                e.person_id for e in waiting if not access.may_list(request.user, e.person)
            },
            "summary_errors": [(f"worker-{pk}", message) for pk, message in errors.items()],
        },
        status=status,
    )


@require_POST
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    """Allocate (or reallocate, with a reason) the episode to a worker in the team."""
    _staff(request)
    episode = get_object_or_404(Episode.objects.select_related("person", "team"), pk=pk)
    person = _open_person(request, episode.person_id, purpose=Purpose.RECORD)
    if isinstance(person, HttpResponse):
        return person
    if not _is_team_manager(request.user, episode.team_id):
        raise PermissionDenied("Only the team's manager allocates its work.")
    back_to_list = request.POST.get("from") == "unallocated"
    worker = User.objects.filter(pk=_int(request.POST.get("worker"))).first()
    try:
        if worker is None:
            raise actions.PathwayError("Choose the worker to allocate")
        actions_casework.allocate_worker(
            episode, worker, acting_user=request.user, reason=request.POST.get("reason", "")
        )
    except actions.PathwayError as refused:
        if back_to_list:
            return _render_unallocated(
                request, episode.team, errors={episode.pk: str(refused)}, status=400
            )
        return _render_episode(request, episode, errors={"allocate": str(refused)}, status=400)
    messages.success(
        request, f"{episode.person.full_name} is allocated to {worker.get_full_name()}"
    )
    if back_to_list:
        return redirect("casework:unallocated", slug=episode.team.slug)
    return redirect("casework:episode", pk=episode.pk)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# -- The episode page -------------------------------------------------------------------------------


def episode_page(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_object_or_404(Episode.objects.select_related("person", "team"), pk=pk)
    person = _open_person(request, episode.person_id)
    if isinstance(person, HttpResponse):
        return person
    return _render_episode(request, episode)


def _render_episode(
    request: HttpRequest,
    episode: Episode,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    errors = errors or {}
    values = values or {}
    is_manager = _is_team_manager(user, episode.team_id)
    is_team = is_manager or user.team_id == episode.team_id
    moves = actions.allowed_moves(episode) if is_team else []
    offered = [
        {
            "move": move,
            "target": move.target.value,
            "needs_closure_reason": move.target is pathway.Stage.CLOSED,
            "error": errors.get(f"move_{move.target.value}", ""),
            "reason": values.get(f"move_{move.target.value}", ""),
        }
        for move in moves
        if is_manager or move.target is not pathway.Stage.CLOSED
    ]
    today = clock.today()
    items = due.due_items([episode], user) if episode.is_open else []
    worker = actions_casework.allocated_worker(episode)
    transfer_due_on = due.transfers_due([episode]).get(episode.pk)
    summary_errors = [
        (
            f"move-{key.removeprefix('move_')}-field"
            if key.startswith("move_")
            else f"{key.replace('_', '-')}-field",
            message,
        )
        for key, message in errors.items()
    ]
    return render(
        request,
        "socialwork/casework/episode.html",
        {
            "person": episode.person,
            "episode": episode,
            "banner": due.banner_for(episode.person, user),
            "stage_changes": episode.stage_changes.select_related("changed_by"),
            "assessments": [
                (a, due.assessment_link(a), rules.due(a.due_on, today))
                for a in Assessment.objects.filter(episode=episode).order_by("started_on", "pk")
            ],
            "case_notes": CaseNote.objects.filter(
                episode=episode, status=CaseNoteStatus.RECORDED
            ).select_related("author"),
            "my_drafts": CaseNote.objects.filter(
                person=episode.person, author=user, status=CaseNoteStatus.DRAFT
            ),
            "transfers": Transfer.objects.filter(episode=episode).select_related(
                "from_team", "to_team", "transferred_by"
            ),
            "worker": worker,
            "workers": _team_workers(episode.team) if is_manager else [],
            "teams": Team.objects.filter(is_active=True).exclude(pk=episode.team_id)
            if is_manager
            else [],
            "default_team": actions_casework.STRENGTHENING_AND_SUPPORTING_FAMILIES,
            "transfer_due": rules.due(transfer_due_on, today) if transfer_due_on else None,
            "items": items,
            "plan": due.plan_for(episode),
            "moves": offered,
            "closure_choices": CLOSURE_CHOICES,
            "may_step_down": is_manager
            and episode.is_open
            and episode.stage in (pathway.Stage.ASSESSMENT, pathway.Stage.CHILD_IN_NEED),
            "is_manager": is_manager,
            "may_record": episode.is_open
            and access.can(user, Purpose.RECORD, episode.person).allowed,
            "errors": errors,
            "values": values,
            "summary_errors": summary_errors,
            "step_down": StepDown.objects.filter(episode=episode)
            .select_related("early_help_request")
            .first(),
        },
        status=status,
    )


@require_POST
def move(request: HttpRequest, pk: int, to_stage: str) -> HttpResponse:
    """A change of level the pathway table allows, with the reason (and for closure the DfE
    reason); a refusal is shown beside the field."""
    _staff(request)
    episode = get_object_or_404(Episode.objects.select_related("person", "team"), pk=pk)
    if to_stage not in {stage.value for stage in pathway.Stage}:
        raise PermissionDenied("No such level.")
    person = _open_person(request, episode.person_id, purpose=Purpose.RECORD)
    if isinstance(person, HttpResponse):
        return person
    reason = request.POST.get("reason", "")
    closure_reason = request.POST.get("closure_reason", "")
    try:
        actions.change_stage(
            episode,
            to_stage,
            reason=reason,
            closure_reason=closure_reason,
            acting_user=request.user,
        )
    except actions.PathwayError as refused:
        episode.refresh_from_db()
        return _render_episode(
            request,
            episode,
            errors={f"move_{to_stage}": str(refused)},
            values={f"move_{to_stage}": reason},
            status=400,
        )
    episode.refresh_from_db()
    messages.success(request, f"{person.full_name} is now at {episode.get_stage_display()}")
    return redirect("casework:episode", pk=episode.pk)


@require_POST
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    episode = get_object_or_404(Episode.objects.select_related("person", "team"), pk=pk)
    person = _open_person(request, episode.person_id, purpose=Purpose.RECORD)
    if isinstance(person, HttpResponse):
        return person
    if not _is_team_manager(request.user, episode.team_id):
        raise PermissionDenied("Only the team's manager transfers its work.")
    team = Team.objects.filter(pk=_int(request.POST.get("team"))).first()
    note = request.POST.get("handover_note", "")
    try:
        if team is None:
            raise actions.PathwayError("Choose the team the work goes to")
        done = actions_casework.transfer_episode(
            episode, team, handover_note=note, acting_user=request.user
        )
    except actions.PathwayError as refused:
        episode.refresh_from_db()
        return _render_episode(
            request,
            episode,
            errors={"transfer": str(refused)},
            values={"handover_note": note},
            status=400,
        )
    messages.success(
        request, f"The work has been transferred to {done.to_team}, with the handover note"
    )
    return redirect("casework:transfer-detail", pk=done.pk)


def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    done = get_object_or_404(
        Transfer.objects.select_related("from_team", "to_team", "transferred_by", "episode"), pk=pk
    )
    person = _open_person(request, done.person_id)
    if isinstance(person, HttpResponse):
        return person
    return render(
        request,
        "socialwork/casework/transfer.html",
        {"transfer": done, "person": person, "banner": due.banner_for(person, request.user)},
    )


@require_POST
def step_down(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    episode = get_object_or_404(Episode.objects.select_related("person", "team"), pk=pk)
    person = _open_person(request, episode.person_id, purpose=Purpose.RECORD)
    if isinstance(person, HttpResponse):
        return person
    if not _is_team_manager(request.user, episode.team_id):
        raise PermissionDenied("Step-down is the team manager's decision.")
    reason = request.POST.get("reason", "")
    try:
        actions_casework.step_down_to_early_help(episode, reason=reason, acting_user=request.user)
    except actions.PathwayError as refused:
        episode.refresh_from_db()
        return _render_episode(
            request,
            episode,
            errors={"step_down": str(refused)},
            values={"step_down": reason},
            status=400,
        )
    messages.success(
        request,
        "The episode is closed and the Early Help Hub has the request, with the assessment "
        "and plan",
    )
    return redirect("casework:episode", pk=episode.pk)


def early_help_request(request: HttpRequest, pk: int) -> HttpResponse:
    """An early help request; when it came from a step-down, what it carried across."""
    wanted = get_object_or_404(EarlyHelpRequest.objects.select_related("team", "contact"), pk=pk)
    person = _open_person(request, wanted.person_id)
    if isinstance(person, HttpResponse):
        return person
    stepped = (
        StepDown.objects.filter(early_help_request=wanted)
        .select_related("episode", "decided_by", "stage_change")
        .first()
    )
    return render(
        request,
        "socialwork/casework/early_help_request.html",
        {
            "person": person,
            "early_help": wanted,
            "step_down": stepped,
            "carried": actions_casework.carried_records(stepped.episode) if stepped else [],
            "closure_reason": ClosureReason(stepped.episode.closure_reason).label
            if stepped and stepped.episode.closure_reason
            else "",
        },
    )


# -- Case notes -------------------------------------------------------------------------------------


@require_POST
def case_note_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _open_person(request, person_pk, purpose=Purpose.RECORD)
    if isinstance(person, HttpResponse):
        return person
    try:
        note = actions_casework.start_case_note(
            person, acting_user=request.user, kind=request.POST.get("kind", "")
        )
    except actions.PathwayError as refused:
        raise PermissionDenied(str(refused)) from refused
    return redirect("casework:case-note", pk=note.pk)


COMBINE_CONFIRMATION = "I have combined both versions"


def case_note(request: HttpRequest, pk: int) -> HttpResponse:
    """A recorded note reads as a record; a draft is its author's form, saved as they type. A
    save from a stale window is refused (409) and the page shows both versions side by side
    until the author says they have combined them."""
    note = get_object_or_404(CaseNote.objects.select_related("person", "author", "episode"), pk=pk)
    person = _open_person(request, note.person_id)
    if isinstance(person, HttpResponse):
        return person
    context: dict[str, Any] = {"note": note, "person": person}
    if not note.is_draft:
        return render(request, "socialwork/casework/case_note.html", context)
    if note.author_id != request.user.pk:
        raise PermissionDenied("This draft is someone else's.")
    status = 200
    other = None
    if request.method == "POST":
        form = CaseNoteForm(request.POST)
        form.is_valid()
        version = _int(request.POST.get("version"))
        theirs = _int(request.POST.get("theirs_version"))
        combined = request.POST.get("combined") == "yes"
        if theirs and not combined:
            form.add_error(
                None,
                f"Tick \u201c{COMBINE_CONFIRMATION}\u201d once you have copied into your note "
                "what you want to keep from the other version",
            )
        try:
            if theirs and not combined:
                raise actions_casework.StaleCaseNote("Not saved yet.")
            note = actions_casework.save_case_note_draft(
                note,
                form.cleaned_data,
                expected_version=theirs if combined and theirs else version,
                acting_user=request.user,
            )
        except actions_casework.StaleCaseNote as refused:
            status = 409
            if not theirs:
                form.add_error(None, str(refused))
            note.refresh_from_db()
            other = note_initial(note)
        except actions.PathwayError as refused:
            raise PermissionDenied(str(refused)) from refused
        else:
            if request.POST.get("action") == "record" and not form.errors:
                try:
                    actions_casework.record_case_note(
                        note, expected_version=note.version, acting_user=request.user
                    )
                except actions_casework.CaseNoteIncomplete as incomplete:
                    for field, message in incomplete.problems:
                        form.add_error(field, message)
                    status = 400
                else:
                    messages.success(request, f"{note.get_kind_display()} recorded")
                    if note.episode_id:
                        return redirect("casework:episode", pk=note.episode_id)
                    return redirect("people:detail", pk=note.person_id)
            elif not form.errors:
                messages.success(request, "Your draft has been saved")
                return redirect("casework:case-note", pk=note.pk)
            else:
                status = 400
    else:
        form = CaseNoteForm(initial=note_initial(note))
    context.update(
        {
            "form": form,
            "version": note.version,
            "other": other,
            "theirs_version": note.version if other else None,
            "combine_confirmation": COMBINE_CONFIRMATION,
            "banner": due.banner_for(person, request.user),
        }
    )
    return render(request, "socialwork/casework/case_note_form.html", context, status=status)


AUTOSAVE_CONFLICT = (
    "Not saved: this note was saved in another window since you opened it. Your words are "
    "still on this page. Press \u201cSave draft\u201d to see both versions and combine them."
)


@require_POST
def case_note_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Saves the draft as the worker types (called by the page's script). Each field that
    passes its check is saved; the others are named in the answer, with their messages."""
    _staff(request)
    note = get_object_or_404(CaseNote.objects.select_related("person"), pk=pk)
    if not access.can(request.user, Purpose.RECORD, note.person).allowed:
        return JsonResponse({"saved": False, "message": "You cannot record here."}, status=403)
    if note.author_id != request.user.pk:
        return JsonResponse(
            {"saved": False, "message": "This draft is someone else's."}, status=403
        )
    if not note.is_draft:
        return JsonResponse(
            {"saved": False, "message": "This case note has been recorded."}, status=409
        )
    version = _int(request.POST.get("version"))
    if version is None:
        return JsonResponse(
            {
                "saved": False,
                "message": "Not saved: the page did not say which version of the note it "
                "holds. Press \u201cSave draft\u201d to save your words.",
            },
            status=400,
        )
    form = CaseNoteForm(request.POST)
    form.is_valid()
    try:
        note = actions_casework.save_case_note_draft(
            note, form.cleaned_data, expected_version=version, acting_user=request.user
        )
    except actions_casework.StaleCaseNote:
        return JsonResponse(
            {"saved": False, "conflict": True, "message": AUTOSAVE_CONFLICT}, status=409
        )
    errors = [{"field": name, "message": errs[0]} for name, errs in form.errors.items()]
    saved_at = clock.localtime(clock.now()).strftime("%H:%M:%S")
    return JsonResponse(
        {
            "saved": True,
            "version": note.version,
            "saved_at": saved_at,
            "errors": errors,
            "message": (
                f"Draft saved at {saved_at}, except: " + "; ".join(e["message"] for e in errors)
                if errors
                else f"Draft saved at {saved_at}"
            ),
        }
    )


# -- My work -----------------------------------------------------------------------------------------


def my_work(request: HttpRequest) -> HttpResponse:
    """One list of what is due and overdue for this worker or manager, and their caseload with
    each child's level, worker and next date."""
    _staff(request)
    episodes = due.episodes_in_view(request.user)
    items = due.due_items(episodes, request.user)
    # Early help a member of staff leads (a family hub worker) is their work too.
    items = sorted(
        items
        + [
            due.DueItem(row.person, row.what, row.due_on, row.url)
            for row in earlyhelp_due.due_for_lead_practitioner(request.user)
        ],
        key=lambda item: (item.due_on, item.person.pk, item.what),
    )
    workers = due.allocated_workers(episodes)
    next_by_episode: dict[int, due.DueItem] = {}
    for item in items:
        if item.episode_id is not None:
            next_by_episode.setdefault(item.episode_id, item)
    hidden = {e.person_id for e in episodes if not access.may_list(request.user, e.person)}
    caseload = [
        {"episode": e, "worker": workers.get(e.pk), "next": next_by_episode.get(e.pk)}
        for e in episodes
    ]
    return render(
        request,
        "socialwork/casework/my_work.html",
        {
            "items": items,
            "overdue": sum(1 for item in items if item.due.is_overdue),
            "caseload": caseload,
            "hidden_people": hidden,
            "is_manager": request.user.role == Role.TEAM_MANAGER,
        },
    )
