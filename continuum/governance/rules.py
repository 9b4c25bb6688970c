"""Who may open a child's record: the need-to-know rule as a pure function.

"Don't be nosy (ask yourself if you really need to know this)." A worker sees a child's record
because they work with that child; anyone else must give a reason first, and that is logged.
"""

import re
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class AccessFacts:
    """What is true of one user and one person's record, gathered by governance.access."""

    is_partner: bool = False
    is_allocated_worker: bool = False
    in_allocated_team: bool = False
    manages_allocated_team: bool = False
    manages_allocated_worker: bool = False
    screening_contact: bool = False
    recorded_person_recently: bool = False
    has_current_reason: bool = False
    is_restricted: bool = False
    is_administrator: bool = False
    reviews_duplicates: bool = False
    # Early help (gathered only when the question is Purpose.EARLY_HELP).
    leads_early_help: bool = False
    in_team_around_family: bool = False
    in_early_help_hub: bool = False
    early_help_shared: bool = False
    has_early_help_reason: bool = False


@dataclass(frozen=True)
class EarlyHelpStanding:
    """What early help says of one user and one child (earlyhelp registers the check)."""

    leads: bool = False  # the lead practitioner of the child's open early help
    member: bool = False  # in the Team Around the Family
    shared: bool = False  # the lead practitioner stepped the family up: shared with social care


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    basis: str
    may_give_reason: bool = False


def decide_access(facts: AccessFacts) -> AccessDecision:
    """Allowed (and on what basis), or refused, and whether a reason would open it."""
    if facts.is_allocated_worker:
        return AccessDecision(True, "Allocated worker")
    if facts.manages_allocated_team:
        return AccessDecision(True, "Manager of the allocated team")
    if facts.manages_allocated_worker:
        return AccessDecision(True, "Manager of the allocated worker")
    if facts.is_restricted:
        return AccessDecision(
            False, "Restricted record: only the allocated worker and their manager"
        )
    if facts.in_allocated_team:
        return AccessDecision(True, "Member of the allocated team")
    if facts.screening_contact:
        return AccessDecision(True, "Hub: screening a contact about this child")
    if facts.recorded_person_recently:
        return AccessDecision(True, "Recorded this person today")
    if facts.is_partner:
        return AccessDecision(False, "Partner agencies do not open case records")
    if facts.has_current_reason:
        return AccessDecision(True, "Reason given")
    return AccessDecision(False, "Not involved with this child", may_give_reason=True)


class Purpose(StrEnum):
    """What the user wants to do with a person's record. Every route names one."""

    OPEN = "open"  # read the record (details, chronology, audit, history)
    RECORD = "record"  # write to it (a match, a signposting, a note)
    LIST = "list"  # be shown it by name in a search result or a list of work
    MERGE = "merge"  # compare it with a possible duplicate, and merge the two
    RESTRICT = "restrict"  # mark it restricted, or lift the restriction
    EARLY_HELP = "early_help"  # read or write the Early Help Assessment and plan


LISTED_BASIS = "Listed: not involved, may give a reason to open"
CANNOT_OPEN = "Shown as a record you cannot open"
RESTRICT_REFUSED = "Only an administrator or the allocated manager can restrict a record"


def decide(purpose: Purpose, facts: AccessFacts) -> AccessDecision:
    """The one policy: may this user do this with this record, and on what basis."""
    opening = decide_access(facts)
    if purpose in (Purpose.OPEN, Purpose.RECORD):
        return opening
    if purpose == Purpose.LIST:
        if opening.allowed:
            return opening
        if facts.is_restricted or facts.is_partner:
            return AccessDecision(False, CANNOT_OPEN)
        return AccessDecision(True, LISTED_BASIS)
    if purpose == Purpose.MERGE:
        if not facts.reviews_duplicates:
            return AccessDecision(
                False, "Only team managers and administrators review duplicate records"
            )
        return opening
    if purpose == Purpose.RESTRICT:
        if facts.is_administrator:
            return AccessDecision(True, "Administrator")
        if facts.manages_allocated_team:
            return AccessDecision(True, "Manager of the allocated team")
        if facts.manages_allocated_worker:
            return AccessDecision(True, "Manager of the allocated worker")
        return AccessDecision(False, RESTRICT_REFUSED)
    if purpose == Purpose.EARLY_HELP:
        return decide_early_help(facts, opening)
    raise ValueError(f"Unknown purpose {purpose!r}")


EARLY_HELP_NOT_SHARED = (
    "Early help is shared with the Team Around the Family and the Early Help Hub; "
    "social care reads it once it is stepped up, or after giving a reason"
)


def decide_early_help(facts: AccessFacts, opening: AccessDecision) -> AccessDecision:
    """ "Proportionate ... and might not be shared with anyone else": the Early Help Assessment
    and plan are the lead practitioner's, the Team Around the Family's and the Early Help Hub's.
    Social care reads them once a step up shares them, or after giving a reason (audited, as
    any other break-glass); a partner agency sees only the families it leads or belongs to."""
    if facts.leads_early_help:
        return AccessDecision(True, "Lead practitioner")
    if facts.in_team_around_family:
        return AccessDecision(True, "Member of the Team Around the Family")
    if facts.in_early_help_hub:
        return AccessDecision(True, "Early Help Hub")
    if facts.is_partner:
        return AccessDecision(
            False, "Partner agencies see only the families they lead or work with"
        )
    if facts.early_help_shared and opening.allowed:
        return AccessDecision(True, f"Shared by a step up; {opening.basis}"[:200])
    if facts.is_restricted and not opening.allowed:
        return opening
    if facts.has_early_help_reason:
        return AccessDecision(True, "Reason given")
    return AccessDecision(False, EARLY_HELP_NOT_SHARED, may_give_reason=True)


def listing_without_facts(*, is_restricted: bool, is_partner: bool) -> AccessDecision | None:
    """`decide(Purpose.LIST, ...)` for the common case that needs no facts: an unrestricted
    record shown to a member of staff is listed whatever else is true. None: gather them."""
    if not is_restricted and not is_partner:
        return AccessDecision(True, LISTED_BASIS)
    return None


def restricting_without_facts(*, is_administrator: bool, is_manager: bool) -> AccessDecision | None:
    """`decide(Purpose.RESTRICT, ...)` for the common case that needs no facts: someone who is
    neither an administrator nor a team manager may not restrict any record (every record
    page asks). None: gather them."""
    if not is_administrator and not is_manager:
        return AccessDecision(False, RESTRICT_REFUSED)
    return None


def decide_partner_lookup(*, is_restricted: bool) -> AccessDecision:
    """May a partner agency's system (the person-match API) be told this record exists?"""
    if is_restricted:
        return AccessDecision(False, "Restricted records are never told to partner systems")
    return AccessDecision(True, "Person-match API granted to the agency")


def most_restrictive(*flags: bool) -> bool:
    """A merged record keeps the strictest flag of the records it was made from."""
    return any(flags)


FILLER_RE = re.compile(r"(.)\1{3,}")  # the same character four times running: "aaaa", "...."
MIN_REASON_WORDS = 3
MIN_REASON_LETTERS = 12


def reason_problem(text: str) -> str | None:
    """Why a reason given to open a record is not a reason, or None when it is one.

    A reason is a sentence a reviewer can judge: several real words, not a row of letters,
    a word typed over and over, or punctuation."""
    text = " ".join((text or "").split())
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text)
    letters = sum(len(w) for w in words)
    if not text:
        return "Say why you need to open this record"
    if len(words) < MIN_REASON_WORDS or letters < MIN_REASON_LETTERS:
        return (
            "Say why you need to open this record in a sentence, for example "
            "'The school has asked for advice about a new referral'"
        )
    lowered = [w.lower() for w in words]
    if len(set(lowered)) < MIN_REASON_WORDS:
        return "Say why in your own words, not the same word repeated"
    if FILLER_RE.search(text.replace(" ", "")) or any(
        len(set(w)) == 1 and len(w) > 2 for w in lowered
    ):
        return "Say why in words, not repeated letters"
    if sum(1 for w in lowered if not _looks_like_a_word(w)) > len(lowered) / 2:
        return "Say why in words a reviewer can read"
    return None


def _looks_like_a_word(word: str) -> bool:
    """Most English words have a vowel (or y) and no run of six consonants: 'asdfgh' and
    'qwrtpl' do not."""
    if len(word) <= 2:
        return True
    if not re.search(r"[aeiouy]", word):
        return False
    return not re.search(r"[bcdfghjklmnpqrstvwxz]{6,}", word)
