"""The child's pathway through children's social care, declared once.

An *episode of need* (the DfE's CINdetails) opens at a referral: a Hub decision that starts
statutory work. Within it the child is at one level at a time, and every change of level is a
recorded stage change with who, when and why. This module is the table of the moves a
practitioner may make, each with its guard and the records it needs; `socialwork.actions`
asks it before every change and the pages show only the moves it allows. Pure: plain values
in, plain values out, no Django, so the whole table is tested case by case.

Read it as a practitioner would:

| from | to | what it is | needs |
| --- | --- | --- | --- |
| assessment | Child in Need | a Child in Need plan starts | the assessment signed off, ending in a Child in Need plan |
| assessment | Child Protection | a Child Protection plan starts | a conference's decision that the child needs a plan; its reason |
| assessment | looked after | the child comes into care | a recorded reason |
| assessment | closed | the episode closes after assessment | no assessment still open; a closure reason |
| Child in Need | assessment | a new assessment, circumstances changed | a recorded reason |
| Child in Need | Child Protection | escalation: significant harm | a conference's decision that the child needs a plan; its reason |
| Child in Need | looked after | the child comes into care | a recorded reason |
| Child in Need | closed | step down or closure | no plan still open; a closure reason |
| Child Protection | Child in Need | step down when the plan's outcomes are met | the Child Protection plan ended; a reason |
| Child Protection | looked after | the child comes into care | a recorded reason |
| Child Protection | closed | closure | no plan still open; a closure reason |
| looked after | Child in Need | the child goes home with support | a recorded reason |
| looked after | closed | care ends | a closure reason |

A child protection conference itself (not a change of level) is held only after a Section 47
enquiry found the child likely to suffer significant harm, or for a child who moves in on another
authority's plan (a transfer-in); a review conference only while a plan is open
(`conference_problem`).

Cases escalate only when harm escalates, so every move up needs a reason in words; nobody
stays on a plan "just in case", so a plan whose outcomes are met prompts a step down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum


class Stage(StrEnum):
    """The level a child is at within an episode of need (one at a time)."""

    ASSESSMENT = "assessment"
    CHILD_IN_NEED = "child_in_need"
    CHILD_PROTECTION = "child_protection"
    LOOKED_AFTER = "looked_after"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]

    @property
    def rank(self) -> int:
        """How serious the level is; a move to a higher rank is an escalation."""
        return _RANK[self]


STAGE_LABELS = {
    Stage.ASSESSMENT: "Assessment",
    Stage.CHILD_IN_NEED: "Child in Need",
    Stage.CHILD_PROTECTION: "Child Protection",
    Stage.LOOKED_AFTER: "Looked after (Our Children)",
    Stage.CLOSED: "Closed",
}
_RANK = {
    Stage.CLOSED: 0,
    Stage.ASSESSMENT: 1,
    Stage.CHILD_IN_NEED: 1,
    Stage.CHILD_PROTECTION: 2,
    Stage.LOOKED_AFTER: 3,
}

OPEN_STAGES = frozenset(stage for stage in Stage if stage is not Stage.CLOSED)


@dataclass(frozen=True)
class EpisodeFacts:
    """What the guards look at, gathered by the action from the records."""

    stage: Stage
    reason: str = ""
    """The practitioner's reason for this move, in their words."""
    open_assessments: int = 0
    signed_off_outcome: str = ""
    """The outcome of the latest signed-off assessment ("child_in_need_plan", "close", ...)."""
    open_child_in_need_plan: bool = False
    open_child_protection_plan: bool = False
    closure_reason: str = ""
    """The DfE's RC1 to RC9, for a move to closed."""
    conference_decided_plan: bool = False
    """The latest child protection conference held in the episode decided on a plan."""
    section_47_outcome: str = ""
    """The outcome of the episode's latest completed Section 47 enquiry ("significant_harm"...)."""


Guard = Callable[[EpisodeFacts], str | None]
"""A guard answers None when the move may go ahead, or what is missing, in plain English."""

MINIMUM_REASON_WORDS = 3


def _reason_given(facts: EpisodeFacts) -> str | None:
    if len(facts.reason.split()) < MINIMUM_REASON_WORDS:
        return "Say why, in a sentence: a change of level needs a recorded reason."
    return None


def _assessment_recommends_plan(facts: EpisodeFacts) -> str | None:
    if facts.open_assessments:
        return "The assessment is still open: it must be signed off by the team manager first."
    if facts.signed_off_outcome != "child_in_need_plan":
        return "A Child in Need plan starts when a signed-off assessment recommends one."
    return None


def _conference_decided_plan(facts: EpisodeFacts) -> str | None:
    if not facts.conference_decided_plan:
        return (
            "A Child Protection plan starts only when a child protection conference decides "
            "the child needs one."
        )
    return None


def _no_open_assessment(facts: EpisodeFacts) -> str | None:
    if facts.open_assessments:
        return "An assessment is still open: complete it and have it signed off first."
    return None


def _no_open_plan(facts: EpisodeFacts) -> str | None:
    if facts.open_child_in_need_plan:
        return "The Child in Need plan is still open: end it, with its reason, first."
    if facts.open_child_protection_plan:
        return "The Child Protection plan is still open: a review conference must end it first."
    return None


def _child_protection_plan_ended(facts: EpisodeFacts) -> str | None:
    if facts.open_child_protection_plan:
        return "The Child Protection plan is still open: a review conference must end it first."
    return None


def _closure_reason(facts: EpisodeFacts) -> str | None:
    if not facts.closure_reason:
        return "Choose the reason the episode closes."
    return None


@dataclass(frozen=True)
class Move:
    source: Stage
    target: Stage
    name: str
    """What the move is called on the page's button and in the chronology."""
    guards: tuple[Guard, ...]
    records_required: str
    """What must be recorded first, in words (shown beside a move that is not yet allowed)."""

    @property
    def is_escalation(self) -> bool:
        return self.target.rank > self.source.rank


MOVES: tuple[Move, ...] = (
    Move(
        Stage.ASSESSMENT,
        Stage.CHILD_IN_NEED,
        "Start a Child in Need plan",
        (_assessment_recommends_plan,),
        "a signed-off assessment that recommends a Child in Need plan",
    ),
    Move(
        Stage.ASSESSMENT,
        Stage.CHILD_PROTECTION,
        "Start a Child Protection plan",
        (_conference_decided_plan, _reason_given, _no_open_assessment),
        "an initial child protection conference's decision that the child needs a plan",
    ),
    Move(
        Stage.ASSESSMENT,
        Stage.LOOKED_AFTER,
        "The child comes into care",
        (_reason_given,),
        "the reason the child cannot stay safely at home",
    ),
    Move(
        Stage.ASSESSMENT,
        Stage.CLOSED,
        "Close after assessment",
        (_no_open_assessment, _closure_reason),
        "a signed-off assessment and the reason for closing",
    ),
    Move(
        Stage.CHILD_IN_NEED,
        Stage.ASSESSMENT,
        "Assess again",
        (_reason_given,),
        "the reason circumstances have changed",
    ),
    Move(
        Stage.CHILD_IN_NEED,
        Stage.CHILD_PROTECTION,
        "Escalate to child protection",
        (_conference_decided_plan, _reason_given),
        "an initial child protection conference's decision that the child needs a plan",
    ),
    Move(
        Stage.CHILD_IN_NEED,
        Stage.LOOKED_AFTER,
        "The child comes into care",
        (_reason_given,),
        "the reason the child cannot stay safely at home",
    ),
    Move(
        Stage.CHILD_IN_NEED,
        Stage.CLOSED,
        "Step down or close",
        (_no_open_plan, _closure_reason),
        "the Child in Need plan ended and the reason for closing",
    ),
    Move(
        Stage.CHILD_PROTECTION,
        Stage.CHILD_IN_NEED,
        "Step down to Child in Need",
        (_child_protection_plan_ended, _reason_given),
        "the Child Protection plan ended at a review conference",
    ),
    Move(
        Stage.CHILD_PROTECTION,
        Stage.LOOKED_AFTER,
        "The child comes into care",
        (_reason_given,),
        "the reason the child cannot stay safely at home",
    ),
    Move(
        Stage.CHILD_PROTECTION,
        Stage.CLOSED,
        "Close",
        (_no_open_plan, _closure_reason),
        "the Child Protection plan ended and the reason for closing",
    ),
    Move(
        Stage.LOOKED_AFTER,
        Stage.CHILD_IN_NEED,
        "Home with support",
        (_reason_given,),
        "the reason the child is going home",
    ),
    Move(
        Stage.LOOKED_AFTER,
        Stage.CLOSED,
        "Care ends",
        (_closure_reason,),
        "the reason for closing",
    ),
)

_BY_PAIR = {(move.source, move.target): move for move in MOVES}


class MoveRefused(ValueError):
    """A move the table does not allow now; the message says why in plain English."""


def find_move(source: Stage | str, target: Stage | str) -> Move | None:
    return _BY_PAIR.get((Stage(source), Stage(target)))


def moves_from(stage: Stage | str) -> list[Move]:
    """Every move the table has from a stage, allowed now or not (in the table's order)."""
    return [move for move in MOVES if move.source == Stage(stage)]


def problems(move: Move, facts: EpisodeFacts) -> list[str]:
    """What stands in the way of a move, in plain English; empty when it may go ahead."""
    return [problem for guard in move.guards if (problem := guard(facts)) is not None]


def check_move(facts: EpisodeFacts, target: Stage | str) -> Move:
    """The move from the episode's stage to `target`, or MoveRefused saying why not."""
    target = Stage(target)
    if facts.stage == target:
        raise MoveRefused(f"The child is already at {target.label}.")
    move = find_move(facts.stage, target)
    if move is None:
        allowed = ", ".join(m.target.label for m in moves_from(facts.stage)) or "none"
        raise MoveRefused(
            f"A child at {facts.stage.label} cannot move straight to {target.label}. "
            f"From {facts.stage.label} the next level can be: {allowed}."
        )
    found = problems(move, facts)
    if found:
        raise MoveRefused(" ".join(found))
    return move


def allowed_now(facts: EpisodeFacts) -> list[Move]:
    """The moves the page offers now: those whose guards pass without a reason or closure
    reason, which the page asks for (so those two guards are treated as satisfiable)."""
    hopeful = replace(
        facts, reason="a reason to be given", closure_reason=facts.closure_reason or "to be chosen"
    )
    return [move for move in moves_from(facts.stage) if not problems(move, hopeful)]


# -- Conferences ----------------------------------------------------------------------------------

SIGNIFICANT_HARM = "significant_harm"
"""The Section 47 outcome that needs an initial child protection conference."""


def conference_problem(kind: str, facts: EpisodeFacts) -> str | None:
    """Why a child protection conference of this kind ("initial", "review", "transfer_in")
    cannot be booked now, in plain English; None when it can."""
    if facts.stage is Stage.CLOSED:
        return "This episode is closed: a new referral opens a new one."
    if kind == "initial":
        if facts.open_child_protection_plan:
            return "The child already has a Child Protection plan: book a review conference."
        if facts.section_47_outcome != SIGNIFICANT_HARM:
            return (
                "An initial child protection conference needs a Section 47 enquiry that found "
                "the child likely to suffer significant harm (or, for a child who has moved "
                "here on a plan, a transfer-in conference)."
            )
        return None
    if kind == "transfer_in":
        if facts.open_child_protection_plan:
            return "The child already has a Child Protection plan here: book a review conference."
        if len(facts.reason.split()) < MINIMUM_REASON_WORDS:
            return "Say which authority's plan the child is moving in on, and when it started."
        return None
    if kind == "review":
        if not facts.open_child_protection_plan:
            return "A review conference reviews an open Child Protection plan: there is none."
        return None
    return f"Unknown kind of conference {kind!r}."
