"""What a Child and Family Assessment needs before it goes to the team manager, and what a
Child in Need plan's state means. Pure: plain values in, plain values out, no Django.

The requirements are a table, not `if`s in a view: each row names the field the message
belongs to, when the row applies, and what it says. The page, the action and the tests all
read the same table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Content = Mapping[str, Any]
"""An assessment's content as plain values: the text fields, child_seen, the outcome, and
`factors` (a sequence of DfE codes)."""

CLOSE_OUTCOMES = frozenset({"close"})
"""Outcomes that need no factor identified: the assessment found nothing to act on."""

NO_FACTORS = "21"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class Requirement:
    field: str
    message: str
    missing: Callable[[Content], bool]
    """True when the content does not meet the requirement."""


SUBMIT_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "worries",
        "Say what we are worried about",
        lambda c: _blank(c.get("worries")),
    ),
    Requirement(
        "strengths",
        "Say what is working well: strengths, protective factors and assets",
        lambda c: _blank(c.get("strengths")),
    ),
    Requirement(
        "child_seen",
        "Say whether the child was seen",
        lambda c: c.get("child_seen") is None,
    ),
    Requirement(
        "child_words",
        "Record the child's voice, in their own words",
        lambda c: c.get("child_seen") is True and _blank(c.get("child_words")),
    ),
    Requirement(
        "child_not_seen_reason",
        "Say why the child was not seen",
        lambda c: c.get("child_seen") is False and _blank(c.get("child_not_seen_reason")),
    ),
    Requirement(
        "recommended_outcome",
        "Choose the outcome you recommend",
        lambda c: _blank(c.get("recommended_outcome")),
    ),
    Requirement(
        "factors",
        "Choose at least one factor identified at assessment",
        lambda c: not c.get("factors") and c.get("recommended_outcome") not in CLOSE_OUTCOMES,
    ),
    Requirement(
        "factors",
        "\u201cNo factors identified\u201d cannot be chosen with other factors",
        lambda c: NO_FACTORS in (c.get("factors") or ()) and len(c.get("factors") or ()) > 1,
    ),
    Requirement(
        "primary_need",
        "Choose the child's primary need",
        lambda c: (
            c.get("recommended_outcome") == "child_in_need_plan" and _blank(c.get("primary_need"))
        ),
    ),
)


def missing_for_submission(content: Content) -> list[tuple[str, str]]:
    """What stops the assessment going to the team manager, as (field, message), in the
    order of the form; empty when it may be submitted."""
    return [(r.field, r.message) for r in SUBMIT_REQUIREMENTS if r.missing(content)]


def all_outcomes_met(met: Sequence[bool]) -> bool:
    """A plan with outcomes, every one recorded as met: the page prompts step-down."""
    return bool(met) and all(met)
