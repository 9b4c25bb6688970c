"""Decision support for the Continuum of Need: what level do the ticked indicators suggest?

Pure functions with no Django imports. A referrer ticks indicators on a Request for Support;
the Hub sees the level they suggest beside the level the referrer chose. The suggestion never
decides anything: "a person decides" (issue 3). It exists so that a mismatch is noticed and
talked about, not so that a number replaces judgement.

The rule, kept simple enough to say in two sentences to a Hub worker:

1. The suggested level is the highest level among the ticked indicators. One Level 4
   indicator ("Disclosure of physical or sexual abuse") is enough for Level 4, however many
   lower ones are ticked, because a single safeguarding worry is never diluted by strengths
   or by the absence of other worries.
2. Three or more Level 2 (Universal Plus) indicators in at least two domains strengthen the
   suggestion to Level 3 (Intensive). Level 3 is where several needs need agencies working
   together; additional needs in different parts of a child's life (say the child's
   development and the family's housing) are usually beyond what one agency can meet.

Several Level 3 indicators are NOT raised to Level 4. Level 4 means significant harm, and
whether needs add up to significant harm (cumulative neglect; domestic abuse alongside a
parent's mental ill health or drug or alcohol use) is a professional judgement that Blackpool
asks to be made carefully: "cases should only escalate when the harm escalates", and the Hub
should "protect families from a formal statutory assessment process where the indicators of
need for assessment and intervention are not met" (seeds). Instead the suggestion is flagged
`consider_higher`, and the explanation asks the Hub to weigh it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

LEVEL_NAMES: Mapping[int, str] = MappingProxyType(
    {1: "Universal", 2: "Universal Plus", 3: "Intensive", 4: "Safeguarding"}
)
"""The levels as the seeds name them; the catalogue file carries the same names."""

INDICATOR_LEVELS = (2, 3, 4)

STRENGTHEN_FROM_LEVEL = 2
"""Only Universal Plus indicators are strengthened to the next level (see the module doc)."""
STRENGTHEN_COUNT = 3
"""How many indicators at Level 2 it takes to suggest Level 3."""
STRENGTHEN_MIN_DOMAINS = 2
"""In how many different domains those indicators must fall."""

DECISION_SUPPORT_ONLY = "Decision support only: the Hub decides."


class TickedIndicator(Protocol):
    """Anything with a code, a level and a domain: a catalogue `Indicator` or a `Tick`."""

    @property
    def code(self) -> str: ...

    @property
    def level(self) -> int: ...

    @property
    def domain(self) -> str: ...


@dataclass(frozen=True)
class Tick:
    """A ticked indicator as plain values, for callers that do not hold the catalogue."""

    code: str
    level: int
    domain: str


@dataclass(frozen=True)
class Suggestion:
    """The level the ticked indicators suggest, why, and which indicators drove it."""

    level: int | None
    """None when nothing was ticked: no indicators suggest no level, not Level 1."""
    drivers: tuple[str, ...]
    """Codes of the indicators that set the level, in the order they were ticked."""
    explanation: str
    strengthened: bool = False
    """True when several Level 2 indicators across domains raised the suggestion to Level 3."""
    consider_higher: bool = False
    """True when several Level 3 indicators across domains should make the Hub weigh Level 4."""


class Agreement(StrEnum):
    AGREES = "agrees"
    SUGGESTS_HIGHER = "suggests higher"
    SUGGESTS_LOWER = "suggests lower"
    NO_SUGGESTION = "no suggestion"


@dataclass(frozen=True)
class Comparison:
    """How the suggested level compares with the level the referrer chose, in Hub wording."""

    agreement: Agreement
    wording: str


def suggest_level(
    ticked: Iterable[TickedIndicator], *, level_names: Mapping[int, str] = LEVEL_NAMES
) -> Suggestion:
    """Suggest a level of need from the indicators a referrer ticked.

    Takes indicators rather than bare level numbers because the explanation must name the
    indicators that drove it and the strengthening rule needs their domains. The same
    indicator ticked twice counts once. Raises ValueError for an indicator outside Levels 2 to
    4, since that means the caller is not using the catalogue.
    """
    unique: dict[str, TickedIndicator] = {}
    for indicator in ticked:
        if indicator.level not in INDICATOR_LEVELS:
            raise ValueError(
                f"Indicator {indicator.code} is at level {indicator.level!r}; indicators are "
                f"at Levels 2, 3 and 4"
            )
        unique.setdefault(indicator.code, indicator)
    if not unique:
        return Suggestion(
            level=None,
            drivers=(),
            explanation=(
                "No indicators were ticked, so they suggest no level. Read the worries and "
                f"strengths in full. {DECISION_SUPPORT_ONLY}"
            ),
        )

    top = max(indicator.level for indicator in unique.values())
    at_top = [indicator for indicator in unique.values() if indicator.level == top]
    drivers = tuple(indicator.code for indicator in at_top)
    domain_count = len({indicator.domain for indicator in at_top})
    several_across_domains = (
        len(at_top) >= STRENGTHEN_COUNT and domain_count >= STRENGTHEN_MIN_DOMAINS
    )
    listed = ", ".join(drivers)

    if top == STRENGTHEN_FROM_LEVEL and several_across_domains:
        level = top + 1
        return Suggestion(
            level=level,
            drivers=drivers,
            strengthened=True,
            explanation=(
                f"{len(at_top)} {_label(top, level_names)} indicators in {domain_count} "
                f"different domains ({listed}). Several additional needs in different parts "
                "of a child's life usually need agencies working together, so together they "
                f"suggest {_label(level, level_names)}. {DECISION_SUPPORT_ONLY}"
            ),
        )

    explanation = (
        f"The highest level among the ticked indicators is {_label(top, level_names)} ({listed})."
    )
    consider_higher = top == 3 and several_across_domains
    if consider_higher:
        explanation += (
            f" There are {len(at_top)} of them in {domain_count} different domains: consider "
            "whether together they mean the child is suffering, or likely to suffer, "
            "significant harm (for example long-standing neglect, or domestic abuse alongside "
            "a parent's mental ill health or drug or alcohol use). The indicators alone do not "
            "suggest Level 4."
        )
    return Suggestion(
        level=top,
        drivers=drivers,
        consider_higher=consider_higher,
        explanation=f"{explanation} {DECISION_SUPPORT_ONLY}",
    )


def compare_levels(
    claimed: int, suggested: int | None, *, level_names: Mapping[int, str] = LEVEL_NAMES
) -> Comparison:
    """Compare the level the referrer chose with the level the indicators suggest.

    The wording is for the Hub worker screening the contact. A difference is a prompt to
    look again, not a verdict: the referrer may know more than the indicators show, and the
    indicators may show more than the referrer said.
    """
    if claimed not in level_names:
        raise ValueError(f"The referrer's level must be one of {sorted(level_names)}")
    if suggested is not None and suggested not in level_names:
        raise ValueError(f"The suggested level must be one of {sorted(level_names)} or None")
    chosen = _label(claimed, level_names)
    if suggested is None:
        return Comparison(
            Agreement.NO_SUGGESTION,
            f"The referrer ticked no indicators, so there is nothing to compare with the "
            f"{chosen} they chose. {DECISION_SUPPORT_ONLY}",
        )
    suggestion = _label(suggested, level_names)
    if suggested == claimed:
        return Comparison(
            Agreement.AGREES,
            f"The indicators ticked suggest {suggestion}, the level the referrer chose. "
            f"{DECISION_SUPPORT_ONLY}",
        )
    if suggested > claimed:
        return Comparison(
            Agreement.SUGGESTS_HIGHER,
            f"The indicators ticked suggest {suggestion}, higher than the {chosen} the "
            "referrer chose. Look again at those indicators and the worries before deciding. "
            f"{DECISION_SUPPORT_ONLY}",
        )
    return Comparison(
        Agreement.SUGGESTS_LOWER,
        f"The indicators ticked suggest {suggestion}, lower than the {chosen} the referrer "
        "chose. The referrer may know more than the indicators show: read the worries in full "
        f"before deciding. {DECISION_SUPPORT_ONLY}",
    )


def _label(number: int, level_names: Mapping[int, str]) -> str:
    return f"Level {number} {level_names[number]}"
