"""The stage table, move by move: every allowed move with what it needs, and the refusals."""

import pytest

from continuum.socialwork import pathway
from continuum.socialwork.pathway import EpisodeFacts, MoveRefused, Stage

REASON = "Harm has escalated since the last review"
DECIDED = {"conference_decided_plan": True}

# Every move the table holds, with facts that satisfy it.
ALLOWED = [
    (Stage.ASSESSMENT, Stage.CHILD_IN_NEED, {"signed_off_outcome": "child_in_need_plan"}),
    (Stage.ASSESSMENT, Stage.CHILD_PROTECTION, {"reason": REASON, **DECIDED}),
    (Stage.ASSESSMENT, Stage.LOOKED_AFTER, {"reason": REASON}),
    (Stage.ASSESSMENT, Stage.CLOSED, {"closure_reason": "RC8"}),
    (Stage.CHILD_IN_NEED, Stage.ASSESSMENT, {"reason": REASON}),
    (Stage.CHILD_IN_NEED, Stage.CHILD_PROTECTION, {"reason": REASON, **DECIDED}),
    (Stage.CHILD_IN_NEED, Stage.LOOKED_AFTER, {"reason": REASON}),
    (Stage.CHILD_IN_NEED, Stage.CLOSED, {"closure_reason": "RC7"}),
    (Stage.CHILD_PROTECTION, Stage.CHILD_IN_NEED, {"reason": REASON}),
    (Stage.CHILD_PROTECTION, Stage.LOOKED_AFTER, {"reason": REASON}),
    (Stage.CHILD_PROTECTION, Stage.CLOSED, {"closure_reason": "RC7"}),
    (Stage.LOOKED_AFTER, Stage.CHILD_IN_NEED, {"reason": REASON}),
    (Stage.LOOKED_AFTER, Stage.CLOSED, {"closure_reason": "RC1"}),
]


def test_the_table_is_exactly_the_moves_tested_here():
    assert {(m.source, m.target) for m in pathway.MOVES} == {(s, t) for s, t, _ in ALLOWED}


@pytest.mark.parametrize(("source", "target", "facts"), ALLOWED)
def test_every_allowed_move_goes_ahead_with_what_it_needs(source, target, facts):
    move = pathway.check_move(EpisodeFacts(stage=source, **facts), target)
    assert (move.source, move.target) == (source, target)


REFUSED = [
    # (from, to, facts, words in the refusal)
    (Stage.ASSESSMENT, Stage.CHILD_PROTECTION, DECIDED, "Say why"),
    (Stage.CHILD_IN_NEED, Stage.CHILD_PROTECTION, {"reason": "worse", **DECIDED}, "Say why"),
    # A Child Protection plan needs a conference's decision, whatever the reason given.
    (Stage.ASSESSMENT, Stage.CHILD_PROTECTION, {"reason": REASON}, "conference decides"),
    (Stage.CHILD_IN_NEED, Stage.CHILD_PROTECTION, {"reason": REASON}, "conference decides"),
    (Stage.CHILD_IN_NEED, Stage.LOOKED_AFTER, {"reason": ""}, "Say why"),
    (Stage.ASSESSMENT, Stage.LOOKED_AFTER, {}, "Say why"),
    (Stage.CHILD_IN_NEED, Stage.ASSESSMENT, {}, "Say why"),
    (Stage.LOOKED_AFTER, Stage.CHILD_IN_NEED, {}, "Say why"),
    (Stage.CHILD_PROTECTION, Stage.CHILD_IN_NEED, {}, "Say why"),
    (
        Stage.ASSESSMENT,
        Stage.CHILD_IN_NEED,
        {"open_assessments": 1, "signed_off_outcome": "child_in_need_plan"},
        "signed off by the team manager",
    ),
    (Stage.ASSESSMENT, Stage.CHILD_IN_NEED, {"signed_off_outcome": "close"}, "recommends one"),
    (Stage.ASSESSMENT, Stage.CHILD_IN_NEED, {}, "recommends one"),
    (
        Stage.ASSESSMENT,
        Stage.CHILD_PROTECTION,
        {"reason": REASON, "open_assessments": 1, **DECIDED},
        "An assessment is still open",
    ),
    (
        Stage.ASSESSMENT,
        Stage.CLOSED,
        {"open_assessments": 1, "closure_reason": "RC8"},
        "An assessment is still open",
    ),
    (Stage.ASSESSMENT, Stage.CLOSED, {}, "reason the episode closes"),
    (
        Stage.CHILD_IN_NEED,
        Stage.CLOSED,
        {"open_child_in_need_plan": True, "closure_reason": "RC7"},
        "Child in Need plan is still open",
    ),
    (
        Stage.CHILD_PROTECTION,
        Stage.CLOSED,
        {"open_child_protection_plan": True, "closure_reason": "RC7"},
        "Child Protection plan is still open",
    ),
    (
        Stage.CHILD_PROTECTION,
        Stage.CHILD_IN_NEED,
        {"open_child_protection_plan": True, "reason": REASON},
        "Child Protection plan is still open",
    ),
    (Stage.LOOKED_AFTER, Stage.CLOSED, {}, "reason the episode closes"),
    # Moves the table does not have at all.
    (Stage.ASSESSMENT, Stage.ASSESSMENT, {"reason": REASON}, "already at Assessment"),
    (Stage.CHILD_PROTECTION, Stage.ASSESSMENT, {"reason": REASON}, "cannot move straight"),
    (Stage.LOOKED_AFTER, Stage.CHILD_PROTECTION, {"reason": REASON}, "cannot move straight"),
    (Stage.LOOKED_AFTER, Stage.ASSESSMENT, {"reason": REASON}, "cannot move straight"),
    (Stage.CLOSED, Stage.ASSESSMENT, {"reason": REASON}, "cannot move straight"),
    (Stage.CLOSED, Stage.CHILD_IN_NEED, {"reason": REASON}, "cannot move straight"),
]


@pytest.mark.parametrize(("source", "target", "facts", "words"), REFUSED)
def test_moves_the_table_does_not_allow_are_refused_in_plain_english(source, target, facts, words):
    with pytest.raises(MoveRefused, match=words):
        pathway.check_move(EpisodeFacts(stage=source, **facts), target)


def test_every_move_up_needs_a_reason():
    for move in pathway.MOVES:
        if move.is_escalation:
            found = pathway.problems(move, EpisodeFacts(stage=move.source))
            assert any("Say why" in problem for problem in found), move


def test_a_refusal_lists_where_the_child_can_go():
    with pytest.raises(MoveRefused) as refused:
        pathway.check_move(EpisodeFacts(stage=Stage.CHILD_PROTECTION), Stage.ASSESSMENT)
    assert "Child in Need, Looked after (Our Children), Closed" in str(refused.value)


@pytest.mark.parametrize(
    ("facts", "offered"),
    [
        (EpisodeFacts(stage=Stage.ASSESSMENT, open_assessments=1), {Stage.LOOKED_AFTER}),
        (
            EpisodeFacts(stage=Stage.ASSESSMENT, signed_off_outcome="child_in_need_plan"),
            {Stage.CHILD_IN_NEED, Stage.LOOKED_AFTER, Stage.CLOSED},
        ),
        (
            EpisodeFacts(stage=Stage.CHILD_IN_NEED, open_child_in_need_plan=True),
            {Stage.ASSESSMENT, Stage.LOOKED_AFTER},
        ),
        (EpisodeFacts(stage=Stage.CLOSED), set()),
    ],
)
def test_the_page_offers_only_the_moves_allowed_now(facts, offered):
    assert {move.target for move in pathway.allowed_now(facts)} == offered


@pytest.mark.parametrize(
    ("facts", "offered"),
    [
        (
            EpisodeFacts(stage=Stage.ASSESSMENT, conference_decided_plan=True),
            {Stage.CHILD_PROTECTION, Stage.LOOKED_AFTER, Stage.CLOSED},
        ),
        (
            EpisodeFacts(stage=Stage.CHILD_IN_NEED, conference_decided_plan=True),
            {Stage.ASSESSMENT, Stage.CHILD_PROTECTION, Stage.LOOKED_AFTER, Stage.CLOSED},
        ),
        (
            EpisodeFacts(stage=Stage.CHILD_IN_NEED),
            {Stage.ASSESSMENT, Stage.LOOKED_AFTER, Stage.CLOSED},
        ),
    ],
)
def test_child_protection_is_offered_only_after_a_conference_decided_a_plan(facts, offered):
    assert {move.target for move in pathway.allowed_now(facts)} == offered


HARM = {"section_47_outcome": "significant_harm"}
CONFERENCES = [
    # (kind, facts, None when it may be booked, else words in the refusal)
    ("initial", {"stage": Stage.ASSESSMENT, **HARM}, None),
    ("initial", {"stage": Stage.CHILD_IN_NEED, **HARM}, None),
    ("initial", {"stage": Stage.ASSESSMENT}, "needs a Section 47 enquiry"),
    (
        "initial",
        {"stage": Stage.ASSESSMENT, "section_47_outcome": "not_substantiated"},
        "needs a Section 47 enquiry",
    ),
    (
        "initial",
        {"stage": Stage.ASSESSMENT, "section_47_outcome": "substantiated_no_risk"},
        "needs a Section 47 enquiry",
    ),
    (
        "initial",
        {"stage": Stage.CHILD_PROTECTION, "open_child_protection_plan": True, **HARM},
        "already has a Child Protection plan",
    ),
    ("initial", {"stage": Stage.CLOSED, **HARM}, "episode is closed"),
    ("transfer_in", {"stage": Stage.ASSESSMENT, "reason": "Lancashire plan since March"}, None),
    ("transfer_in", {"stage": Stage.ASSESSMENT}, "which authority"),
    (
        "transfer_in",
        {
            "stage": Stage.CHILD_PROTECTION,
            "open_child_protection_plan": True,
            "reason": "Lancashire plan since March",
        },
        "already has a Child Protection plan",
    ),
    ("review", {"stage": Stage.CHILD_PROTECTION, "open_child_protection_plan": True}, None),
    ("review", {"stage": Stage.CHILD_PROTECTION}, "no"),
    ("review", {"stage": Stage.ASSESSMENT, **HARM}, "there is none"),
    ("annual", {"stage": Stage.ASSESSMENT}, "Unknown kind"),
]


@pytest.mark.parametrize(("kind", "facts", "words"), CONFERENCES)
def test_a_conference_needs_a_section_47_outcome_a_transfer_in_or_a_plan(kind, facts, words):
    problem = pathway.conference_problem(kind, EpisodeFacts(**facts))
    if words is None:
        assert problem is None
    else:
        assert problem is not None and words in problem
