"""The Hub's rules: when a decision is due, where a decision sends a family, and the date rules
screening needs.

Pure functions with no Django imports: they take plain values and return plain values, so a
practitioner can read them and the tests can try every case. The models, actions and views of
the front door call these; none of them decides a rule itself.

Time. Every datetime taken or returned is timezone-aware; naive datetimes are refused because
a contact's receipt time is evidence, and a silent guess at its zone could move a deadline by
an hour. The Hub works on Europe/London time, so results are in Europe/London.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

from continuum.core import calendar

LONDON = ZoneInfo("Europe/London")

# ---------------------------------------------------------------------------------------------
# Opening hours and the decision timescale
# ---------------------------------------------------------------------------------------------

OpeningHours = Mapping[int, tuple[dt.time, dt.time]]
"""Weekday (Monday is 0) to (opening time, closing time). A weekday not listed is closed."""

BLACKPOOL_HUB_OPENING_HOURS: OpeningHours = MappingProxyType(
    {
        0: (dt.time(9, 0), dt.time(17, 0)),
        1: (dt.time(9, 0), dt.time(17, 0)),
        2: (dt.time(9, 0), dt.time(17, 0)),
        3: (dt.time(9, 0), dt.time(17, 0)),
        4: (dt.time(9, 0), dt.time(16, 30)),
    }
)
"""Monday to Thursday 9:00 to 17:00, Friday 9:00 to 16:30 (DOMAIN.md; config/blackpool.toml).
Bank holidays are closed whatever this says: see `hub_hours_on`."""

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

WorkingDayTest = Callable[[dt.date], bool]

_SEARCH_LIMIT_DAYS = 31
"""How far ahead to look for the next opening before deciding the hours are unusable. Even
Christmas and New Year close the Hub for under a week."""


class Rag(StrEnum):
    """The Hub's urgency rating for a contact."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


RAG_ORDER: Mapping[Rag, int] = MappingProxyType({Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2})


def opening_hours_from_config(table: Mapping[str, Sequence[str]]) -> OpeningHours:
    """Read opening hours as the authority config writes them: {"monday": ["09:00", "17:00"]}.

    So an authority changes its hours in its config file, not in code. Unknown day names,
    malformed times and a closing time not after the opening time are refused.
    """
    hours: dict[int, tuple[dt.time, dt.time]] = {}
    for name, times in table.items():
        if name.lower() not in WEEKDAY_NAMES:
            raise ValueError(f"Unknown day {name!r} in the Hub opening hours")
        if isinstance(times, str) or len(times) != 2:
            raise ValueError(f"Hub opening hours for {name} must be [opening, closing]")
        opening, closing = (dt.time.fromisoformat(value) for value in times)
        hours[WEEKDAY_NAMES.index(name.lower())] = (opening, closing)
    _check_opening_hours(hours)
    return MappingProxyType(hours)


def hub_hours_on(
    day: dt.date,
    *,
    opening_hours: OpeningHours = BLACKPOOL_HUB_OPENING_HOURS,
    is_working_day: WorkingDayTest = calendar.is_working_day,
) -> tuple[dt.datetime, dt.datetime] | None:
    """When the Hub opens and closes on a day (Europe/London), or None when it is closed.

    The Hub is open on days that are working days and have opening hours, so a bank holiday
    is closed even if it falls on a weekday with opening hours. Hours given for a Saturday
    count only if `is_working_day` makes Saturday a working day: the timescale is "1 working
    day", and the Emergency Duty Team covers every other hour.
    """
    hours = opening_hours.get(day.weekday())
    if hours is None or not is_working_day(day):
        return None
    opening, closing = hours
    return (
        dt.datetime.combine(day, opening, tzinfo=LONDON),
        dt.datetime.combine(day, closing, tzinfo=LONDON),
    )


def counted_as_received(
    received_at: dt.datetime,
    *,
    opening_hours: OpeningHours = BLACKPOOL_HUB_OPENING_HOURS,
    is_working_day: WorkingDayTest = calendar.is_working_day,
) -> dt.datetime:
    """When the Hub's clock starts for a contact.

    A contact received while the Hub is open counts from the moment it arrived. One received
    while it is closed (evenings, weekends, bank holidays, before opening) counts from the
    next opening: the Emergency Duty Team covers those hours and hands over at the start of
    the next working day. Opening is inclusive and closing exclusive: a contact at exactly
    17:00 on a Monday arrived after the Hub closed.
    """
    _check_opening_hours(opening_hours)
    local = _london(received_at, "received_at")
    today = hub_hours_on(local.date(), opening_hours=opening_hours, is_working_day=is_working_day)
    if today is not None:
        opening, closing = today
        if local < opening:
            return opening
        if local < closing:
            return local
    return _next_hub_day(local.date(), opening_hours, is_working_day)[0]


def decision_due(
    received_at: dt.datetime,
    rag: Rag | str,
    *,
    opening_hours: OpeningHours = BLACKPOOL_HUB_OPENING_HOURS,
    is_working_day: WorkingDayTest = calendar.is_working_day,
) -> dt.datetime:
    """When the Hub's decision on a contact is due (Europe/London, timezone-aware).

    "Within 1 working day of receipt; red the same working day" (DOMAIN.md), made precise:

    - the clock starts when the contact is counted as received (`counted_as_received`);
    - red: due when the Hub closes on that day, the day of receipt, or of the next opening
      if the contact came in while the Hub was closed;
    - amber and green: due when the Hub closes on the next working day after that.

    So a green contact at 16:59 on a Thursday is due at 16:30 on Friday, and an amber contact
    on the Thursday before Easter is due at 17:00 on the Tuesday after Easter Monday. A red
    contact late in the day may have only minutes: the Hub treats it as already urgent, and
    a child in immediate danger is a 999 call, not a contact waiting in a queue.
    """
    urgency = parse_rag(rag)
    start = counted_as_received(
        received_at, opening_hours=opening_hours, is_working_day=is_working_day
    )
    start_day = start.date()
    if urgency is Rag.RED:
        hours = hub_hours_on(start_day, opening_hours=opening_hours, is_working_day=is_working_day)
        assert hours is not None  # counted_as_received always lands inside opening hours
        return hours[1]
    return _next_hub_day(start_day, opening_hours, is_working_day)[1]


def is_overdue(due: dt.datetime, now: dt.datetime) -> bool:
    """True once the moment a decision was due has passed without one."""
    return _london(now, "now") > _london(due, "due")


def parse_rag(rag: Rag | str) -> Rag:
    """A RAG rating from its name, in any case ("Red", "RED", "red")."""
    try:
        return Rag(rag.lower())
    except (ValueError, AttributeError):
        raise ValueError(f"RAG rating must be red, amber or green, not {rag!r}") from None


def rag_order(rag: Rag | str) -> int:
    """Red 0, amber 1, green 2: the order the Hub works its queue in."""
    return RAG_ORDER[parse_rag(rag)]


def queue_sort_key(
    rag: Rag | str, due: dt.datetime, now: dt.datetime
) -> tuple[int, int, dt.datetime]:
    """Sort key for the one Hub queue. Overdue contacts come first, the most overdue first
    (whatever their urgency: a green contact a day late is late now); then the rest, red
    before amber before green, and within each the earliest due first."""
    due = _london(due, "due")
    if is_overdue(due, now):
        return (0, 0, due)
    return (1, rag_order(rag), due)


def _next_hub_day(
    after: dt.date, opening_hours: OpeningHours, is_working_day: WorkingDayTest
) -> tuple[dt.datetime, dt.datetime]:
    day = after
    for _ in range(_SEARCH_LIMIT_DAYS):
        day += dt.timedelta(days=1)
        hours = hub_hours_on(day, opening_hours=opening_hours, is_working_day=is_working_day)
        if hours is not None:
            return hours
    raise ValueError(f"The Hub does not open within {_SEARCH_LIMIT_DAYS} days after {after}")


def _check_opening_hours(opening_hours: OpeningHours) -> None:
    if not opening_hours:
        raise ValueError("The Hub must be open on at least one day of the week")
    for weekday, (opening, closing) in opening_hours.items():
        if weekday not in range(7):
            raise ValueError(f"Weekday must be 0 (Monday) to 6 (Sunday), not {weekday!r}")
        if opening.tzinfo is not None or closing.tzinfo is not None:
            raise ValueError("Opening hours are wall-clock times in Europe/London, without a zone")
        if not opening < closing:
            raise ValueError(
                f"On {WEEKDAY_NAMES[weekday]} the Hub must close after it opens "
                f"({opening:%H:%M} to {closing:%H:%M})"
            )


def _london(moment: dt.datetime, name: str) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware; a naive datetime could be any zone")
    return moment.astimezone(LONDON)


# ---------------------------------------------------------------------------------------------
# Routing a decision
# ---------------------------------------------------------------------------------------------

ASSESSMENT_AND_SUPPORT = "assessment-and-support"
STRENGTHENING_AND_SUPPORTING_FAMILIES = "strengthening-and-supporting-families"
COMPLEX_NEEDS = "complex-needs"
EARLY_HELP_HUB = "early-help-hub"

TEAM_NAMES: Mapping[str, str] = MappingProxyType(
    {
        ASSESSMENT_AND_SUPPORT: "Assessment and Support",
        STRENGTHENING_AND_SUPPORTING_FAMILIES: "Strengthening and Supporting Families",
        COMPLEX_NEEDS: "Supporting Children with Complex Needs",
        EARLY_HELP_HUB: "Early Help Hub",
    }
)
"""The teams a Hub decision can send a family to: slugs and names as in the authority config."""


class Outcome(StrEnum):
    """What the Hub worker decides the family needs: the answer to "does this family need
    support to keep their children safe or meet their needs?" (seeds)."""

    SIGNIFICANT_HARM = "significant_harm"
    STATUTORY_ASSESSMENT = "statutory_assessment"
    SPECIALIST_ASSESSMENT = "specialist_assessment"
    EARLY_HELP = "early_help"
    SIGNPOST = "signpost"
    FAMILY_DECLINED = "family_declined"


class NextStep(StrEnum):
    """The record the decision starts (or that it closes the contact)."""

    STRATEGY_DISCUSSION = "strategy_discussion"
    CHILD_AND_FAMILY_ASSESSMENT = "child_and_family_assessment"
    SPECIALIST_ASSESSMENT = "specialist_assessment"
    EARLY_HELP_REQUEST = "early_help_request"
    SIGNPOSTING = "signposting"
    CLOSED_NO_FURTHER_ACTION = "closed_no_further_action"

    @property
    def label(self) -> str:
        """The name a practitioner reads."""
        return _NEXT_STEP_LABELS[self]


_NEXT_STEP_LABELS = {
    NextStep.STRATEGY_DISCUSSION: "Strategy discussion, then Section 47 enquiry",
    NextStep.CHILD_AND_FAMILY_ASSESSMENT: "Child and Family Assessment",
    NextStep.SPECIALIST_ASSESSMENT: "Specialist assessment",
    NextStep.EARLY_HELP_REQUEST: "Request to the Early Help Hub",
    NextStep.SIGNPOSTING: "Signposting to services",
    NextStep.CLOSED_NO_FURTHER_ACTION: "Closed: no further action",
}


@dataclass(frozen=True)
class DecisionFacts:
    """What the Hub worker decided, and the screening facts that change where it goes."""

    outcome: Outcome
    ssf_open_within_6_months: bool = False
    """Open to Strengthening and Supporting Families now or in the last 6 months
    (`open_to_ssf_within`)."""
    family_consents: bool | None = None
    """Does the family agree to the support? None: not yet known, so it must be sought."""


@dataclass(frozen=True)
class Route:
    """Where the decision sends the family, and the words for the record and the referrer."""

    next_step: NextStep
    team: str | None
    """The team slug that takes the work, or None when no team does (signposting, closure)."""
    explanation: str
    """Why, in plain English, for the child's record."""
    referrer_outcome: str
    """What the referrer is told: the outcome, without the details of the family's case."""
    seek_consent: bool = False
    """True when the family's agreement to this support is still to be sought."""


def route_decision(facts: DecisionFacts, *, ssf_leads_section_47: bool = False) -> Route:
    """Route a Hub decision to its next step and team (DOMAIN.md "Decision"; issue 3, item 6).

    | outcome | next step | team |
    | --- | --- | --- |
    | significant harm suspected | strategy discussion, then Section 47 enquiry | Assessment and Support |
    | statutory assessment | Child and Family Assessment | Assessment and Support; Strengthening and Supporting Families if open to it in the last 6 months |
    | specialist assessment | specialist assessment | Supporting Children with Complex Needs |
    | early help | request to the Early Help Hub (to agree the lead agency) | Early Help Hub |
    | signpost | signposting, recorded | none |
    | family declined | closed, no further action | none |

    Edge cases, decided here so every screen behaves the same:

    - Significant harm overrides the family's refusal: a Section 47 enquiry does not need the
      family's agreement, and consent to share information may be dispensed with. The reason
      is recorded.
    - Without significant harm, a family that does not want support is respected and the
      contact closed, whatever the outcome chosen: a Child and Family Assessment under
      section 17 of the Children Act 1989, a specialist assessment and early help all need
      the family's agreement. ("If my family don't want to engage ... this is respected and
      unless the risk factors are sufficient to indicate risk of significant harm, nothing
      more will happen", seeds.)
    - A specialist assessment goes to Complex Needs even for a child open to Strengthening and
      Supporting Families in the last 6 months: the specialist skill is the point. The
      explanation asks for the previous worker to be told, for continuity.
    - Early help and signposting are not affected by earlier SSF involvement.
    - The seeds attach the SSF exception to the sentence about significant harm too ("Exceptions
      to this may arise..."); DOMAIN.md and issue 3 give Section 47 enquiries to Assessment
      and Support. That is the default; `ssf_leads_section_47=True` lets an authority send
      them back to SSF instead, if its Hub manager decides so.
    """
    outcome = Outcome(facts.outcome)
    declined = facts.family_consents is False
    ssf = facts.ssf_open_within_6_months

    if outcome is Outcome.FAMILY_DECLINED and facts.family_consents is True:
        raise ValueError("The outcome says the family declined, but consent is recorded as given")

    if outcome is Outcome.SIGNIFICANT_HARM:
        team = (
            STRENGTHENING_AND_SUPPORTING_FAMILIES
            if ssf_leads_section_47 and ssf
            else (ASSESSMENT_AND_SUPPORT)
        )
        explanation = (
            "Significant harm is suspected, so a strategy discussion is held and, if it agrees, "
            f"a Section 47 enquiry follows, led by the {TEAM_NAMES[team]} team."
        )
        if declined:
            explanation += (
                " The family has not agreed, but where significant harm is suspected their "
                "refusal does not stop the enquiry; record why consent was dispensed with."
            )
        if ssf and team == ASSESSMENT_AND_SUPPORT:
            explanation += (
                " The child was open to Strengthening and Supporting Families in the last 6 "
                "months: involve their previous social worker."
            )
        return Route(
            NextStep.STRATEGY_DISCUSSION,
            team,
            explanation,
            referrer_outcome=(
                f"The {TEAM_NAMES[team]} team will hold a strategy discussion with partner "
                "agencies about how to keep the child safe. You may be asked to take part."
            ),
        )

    if outcome is Outcome.FAMILY_DECLINED or declined:
        explanation = (
            "The family does not want support and significant harm is not suspected, so their "
            "decision is respected and the contact is closed with no further action."
        )
        if outcome in (Outcome.STATUTORY_ASSESSMENT, Outcome.SPECIALIST_ASSESSMENT):
            explanation += (
                " An assessment of a child in need (section 17, Children Act 1989) needs the "
                "family's agreement."
            )
        explanation += (
            " If worries grow so that significant harm is suspected, the Hub decides again."
        )
        return Route(
            NextStep.CLOSED_NO_FURTHER_ACTION,
            None,
            explanation,
            referrer_outcome=(
                "The family did not want support and there were no worries about significant "
                "harm, so the Hub has closed the request. Contact the Hub again if the worries "
                "grow."
            ),
        )

    seek_consent = facts.family_consents is None
    consent_note = (
        " The family's agreement has not been recorded: seek it before the work starts."
        if seek_consent
        else ""
    )

    if outcome is Outcome.STATUTORY_ASSESSMENT:
        if ssf:
            team = STRENGTHENING_AND_SUPPORTING_FAMILIES
            explanation = (
                "The family needs support at a statutory level. The child was open to "
                "Strengthening and Supporting Families in the last 6 months, so the Child and "
                "Family Assessment goes back to that team, to keep the child's relationships."
            )
        else:
            team = ASSESSMENT_AND_SUPPORT
            explanation = (
                "The family needs support at a statutory level, so the Assessment and Support "
                "team carries out a Child and Family Assessment."
            )
        return Route(
            NextStep.CHILD_AND_FAMILY_ASSESSMENT,
            team,
            explanation + consent_note,
            referrer_outcome=(
                "A social worker will meet the family and find out what help they need. This "
                f"is a Child and Family Assessment. The social worker is from the "
                f"{TEAM_NAMES[team]} team."
            ),
            seek_consent=seek_consent,
        )

    if outcome is Outcome.SPECIALIST_ASSESSMENT:
        explanation = (
            "The child needs a specialist assessment, so the Supporting Children with Complex "
            "Needs team carries it out."
        )
        if ssf:
            explanation += (
                " The child was open to Strengthening and Supporting Families in the last 6 "
                "months: tell their previous social worker."
            )
        return Route(
            NextStep.SPECIALIST_ASSESSMENT,
            COMPLEX_NEEDS,
            explanation + consent_note,
            referrer_outcome=(
                "A specialist will meet the family and find out what help they need. They are "
                "from the Supporting Children with Complex Needs team."
            ),
            seek_consent=seek_consent,
        )

    if outcome is Outcome.EARLY_HELP:
        return Route(
            NextStep.EARLY_HELP_REQUEST,
            EARLY_HELP_HUB,
            "The family is struggling and significant harm is not suspected, so the request "
            "goes to the Early Help Hub to agree which agency is best placed to lead an Early "
            "Help Assessment." + consent_note,
            referrer_outcome=(
                "Your request has gone to the Early Help Hub, which will agree which agency "
                "leads an Early Help Assessment with the family. You may be asked to lead it."
            ),
            seek_consent=seek_consent,
        )

    # Outcome.SIGNPOST
    return Route(
        NextStep.SIGNPOSTING,
        None,
        "No assessment is needed. The family is helped to reach the right services directly "
        "(for example through the FYI directory or a family hub), and this is recorded.",
        referrer_outcome=(
            "The family does not need an assessment. The Hub has helped them find services "
            "that can support them directly."
        ),
    )


# ---------------------------------------------------------------------------------------------
# Dates for screening and assessment
# ---------------------------------------------------------------------------------------------

CHILD_AND_FAMILY_ASSESSMENT_WORKING_DAYS = 45
RE_REFERRAL_MONTHS = 12
SSF_RETURN_MONTHS = 6


def assessment_due(
    referral_date: dt.date, *, working_days: int = CHILD_AND_FAMILY_ASSESSMENT_WORKING_DAYS
) -> dt.date:
    """The date a Child and Family Assessment is due: 45 working days from the referral.

    Counted from the referral, not from the Hub's decision or the allocation, as the
    statutory timescale and the Children in Need census count it. The referral day itself
    does not count (core.calendar). An aware datetime is taken as its Europe/London date.
    """
    return calendar.add_working_days(_local_date(referral_date, "referral_date"), working_days)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month, `months` earlier; the month's last day if it is shorter
    (12 months before 29 February 2028 is 28 February 2027)."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def is_re_referral(
    referral_date: dt.date,
    previous_referral_dates: Iterable[dt.date],
    *,
    months: int = RE_REFERRAL_MONTHS,
) -> bool:
    """True if a previous referral for the child falls within 12 months before this one.

    Inclusive: a previous referral on 2 April 2025 makes a referral on 2 April 2026 a
    re-referral, and one on 3 April 2026 not. Only earlier referrals count; one on the same
    day is the same episode (siblings, or a duplicate), not a previous referral.
    """
    day = _local_date(referral_date, "referral_date")
    cutoff = months_before(day, months)
    return any(
        cutoff <= _local_date(previous, "previous referral") < day
        for previous in previous_referral_dates
    )


def open_to_ssf_within(
    closure_dates: Iterable[dt.date | None], on: dt.date, *, months: int = SSF_RETURN_MONTHS
) -> bool:
    """True if the child is open to Strengthening and Supporting Families, or was closed to it
    within the last 6 months (inclusive), on the given day.

    Each item is the closure date of one period of SSF involvement; None means still open.
    Used for the exception that sends a Child and Family Assessment back to SSF "to ensure
    consistency in relationships for the child" (seeds).
    """
    day = _local_date(on, "on")
    cutoff = months_before(day, months)
    return any(closed is None or closed >= cutoff for closed in closure_dates)


def _local_date(value: dt.date, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return _london(value, name).date()
    return value


# -- Family links stated in a contact --------------------------------------------------------
# A referrer writes a family member's relationship to the children in their own words
# ("Mum", "stepdad", "Nan"); the Hub worker confirms each link before it enters the person
# index. These are the words read as each kind (the people app's `RelationshipKind` values),
# checked in this order; anything else is proposed as "other" for the Hub to correct.

RELATIONSHIP_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("other", ("partner", "boyfriend", "girlfriend", "friend", "neighbour")),
    ("step_parent", ("step", "stepmother", "stepfather", "stepmum", "stepdad")),
    ("grandparent", ("grand", "nan", "nana", "nanna", "gran", "granny", "grandad", "grandma")),
    ("carer", ("carer", "foster", "kinship", "guardian", "special guardian")),
    (
        "parent",
        ("mother", "father", "mum", "mom", "mam", "dad", "parent", "mummy", "daddy", "birth"),
    ),
    ("half_sibling", ("half",)),
    ("sibling", ("brother", "sister", "sibling")),
)


def relationship_kind_from_words(words: str) -> str:
    """The kind of relationship a referrer's words name: "Mum" is a parent, "step-dad" a
    step-parent, "maternal grandmother" a grandparent; anything else is "other"."""
    text = "".join(c if c.isalnum() else " " for c in (words or "").lower())
    tokens = text.split()
    joined = "".join(tokens)
    for kind, stems in RELATIONSHIP_WORDS:
        for stem in stems:
            if " " in stem:
                if stem in " ".join(tokens):
                    return kind
            elif (
                stem in tokens
                or (len(stem) > 3 and joined.startswith(stem))
                or stem in ("step", "grand", "half")
                and any(t.startswith(stem) for t in tokens)
            ):
                return kind
    return "other"


@dataclass(frozen=True)
class NamedInContact:
    """Someone named in a contact, as the family-link rule needs them."""

    key: int
    is_child: bool
    relationship_to_child: str = ""
    lives_with_child: bool | None = None


@dataclass(frozen=True)
class FamilyLink:
    """`person` is the `kind` of `other` ("the mother is the parent of the child")."""

    person: int
    other: int
    kind: str


def family_links(named: Sequence[NamedInContact]) -> list[FamilyLink]:
    """The links a contact states: each family member to each child, in the referrer's words,
    and the children to one another as siblings (the Hub corrects a half-sibling). Who lives
    with the children is a household, not a link."""
    children = [n for n in named if n.is_child]
    adults = [n for n in named if not n.is_child]
    links = [
        FamilyLink(a.key, c.key, relationship_kind_from_words(a.relationship_to_child))
        for a in adults
        for c in children
    ]
    links += [
        FamilyLink(first.key, second.key, "sibling")
        for i, first in enumerate(children)
        for second in children[i + 1 :]
    ]
    return links
