"""Limits on what people and partner systems type, shared by every form and API. Pure: no
Django imports.

Text must not hold control characters: PostgreSQL refuses NUL outright (a 500 in production),
and the others (bell, escape, form feed pasted from a PDF) are invisible on the page. Long text
may hold tabs and line breaks. Dates must be ones a person could mean: nobody in the index was
born before 1900. Each check returns the end of a plain-English sentence ("must be 200
characters or fewer"), or "" when the value is fine; `sentence` puts the field's name in front,
for the message beside the field or in a problem document that names the field.
"""

import datetime as dt
import unicodedata

EARLIEST_DATE_OF_BIRTH = dt.date(1900, 1, 1)
LINE_BREAKS_AND_TABS = frozenset("\t\n\r")


def control_character_problem(value: str, *, multiline: bool = False) -> str:
    """Refuse control characters (Unicode Cc, and lone surrogates, which cannot be stored);
    tabs and line breaks are allowed in long text."""
    for position, char in enumerate(value or "", start=1):
        if multiline and char in LINE_BREAKS_AND_TABS:
            continue
        if unicodedata.category(char) in ("Cc", "Cs"):
            if char in LINE_BREAKS_AND_TABS:
                return f"must be on one line (it has a line break or tab at character {position})"
            return (
                f"contains a hidden control character (U+{ord(char):04X}, character "
                f"{position}) that cannot be saved: remove it"
            )
    return ""


def text_problem(value: str, *, max_length: int, multiline: bool = False) -> str:
    """Too long, or holding characters that cannot be saved."""
    if len(value or "") > max_length:
        return f"must be {max_length:,} characters or fewer (this has {len(value):,})"
    return control_character_problem(value, multiline=multiline)


def date_of_birth_problem(value: dt.date | None, *, today: dt.date) -> str:
    """A date of birth must be on or after 1 January 1900 and not in the future."""
    if value is None:
        return ""
    if value < EARLIEST_DATE_OF_BIRTH:
        return "must be 1 January 1900 or later"
    if value > today:
        return "must be today or in the past"
    return ""


def sentence(subject: str, problem: str) -> str:
    """'Your name' + 'must be 200 characters or fewer' -> 'Your name must be 200 ...'; with no
    subject, the problem on its own with a capital letter (an API names the field itself)."""
    if not subject:
        return problem[:1].upper() + problem[1:]
    return f"{subject} {problem}"
