"""Rules about people's identifiers and details. Pure functions: no Django imports."""

import datetime as dt
import re

from stdnum import exceptions as stdnum_errors
from stdnum.gb import upn as stdnum_upn

# The UK postcode format (BS 7666), with the special GIR 0AA. Existence is a separate question,
# answered against the ONS postcode directory where it matters (statutory returns, distances).
POSTCODE_RE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def normalise_postcode(value: str) -> str:
    """Upper case, single space before the inward code: ' fy1  3la ' -> 'FY1 3LA'."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def is_valid_postcode(value: str) -> bool:
    return bool(POSTCODE_RE.match(normalise_postcode(value)))


def normalise_nhs_number(value: str) -> str:
    """Digits only: '943 476 5919' -> '9434765919'."""
    return re.sub(r"[\s-]", "", value or "")


def nhs_check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit for nine digits, or None where no valid number can end them."""
    total = sum(int(d) * w for d, w in zip(first_nine, NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_nhs_number(value: str) -> bool:
    """True for ten digits whose last is the Modulus 11 check digit of the first nine."""
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


def format_nhs_number(value: str) -> str:
    digits = normalise_nhs_number(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else value


def upn_problem(value: str) -> str:
    """What is wrong with a unique pupil number, in plain English ("" if nothing is).

    A UPN is a check letter, the three-digit DfE number of the local authority that issued
    it, nine more digits, and a final digit (a letter for a temporary UPN). The check
    (python-stdnum's `gb.upn`, which follows the DfE's rule) catches most mistyped
    characters and a local authority number that does not exist."""
    try:
        stdnum_upn.validate((value or "").strip().upper())
    except stdnum_errors.InvalidLength:
        return "Unique pupil number must be 13 characters long"
    except stdnum_errors.InvalidFormat:
        return "Unique pupil number must be a letter, 11 digits and a final digit or letter"
    except stdnum_errors.InvalidComponent:
        return "Unique pupil number must contain a real local authority number (characters 2 to 4)"
    except stdnum_errors.InvalidChecksum:
        return (
            "Unique pupil number's check letter does not match: check it for a mistyped character"
        )
    return ""


def is_valid_upn(value: str) -> bool:
    """A unique pupil number with a real local authority number and the right check letter."""
    return not upn_problem(value)


def upn_check_letter(last_twelve: str) -> str:
    """The check letter for the other twelve characters of a UPN."""
    return stdnum_upn.calc_check_digit(last_twelve)


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    """Whole years of age on a day."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def clean_name(value: str) -> str:
    """Collapse runs of whitespace; a name that is only spaces becomes ''."""
    return " ".join((value or "").split())


def changes_of_worker(workers_in_order: list[int | None]) -> int:
    """How many times a child lost a named worker ("reduce unnecessary transfers": every change
    of worker is counted). `workers_in_order` is the worker of each allocation in the order they
    started (None for a team allocation with no named worker yet). A named worker followed by
    anyone else is one change: a reallocation (A then B), or a transfer to another team (A then
    the new team, then B, which is one change, not two). A first allocation is not a change."""
    return sum(
        1
        for before, after in zip(workers_in_order, workers_in_order[1:], strict=False)
        if before is not None and after != before
    )
