"""NHS numbers and unique pupil numbers (UPNs) for demo people.

Pure functions and small generators, no Django. Every number is valid by its check digit or
letter, unique within the demo, and cannot belong to a real person where a safe range exists:
NHS numbers come from the range starting 999, which NHS England does not issue to patients
and keeps for test data.
"""

import random
from collections.abc import Iterable

from continuum.people.rules import nhs_check_digit, upn_check_letter

NHS_TEST_PREFIX = "999"


def make_upn(la_number: str, establishment: int, year: int, serial: int) -> str:
    """A permanent UPN: check letter, DfE LA number, establishment, year of allocation (two
    digits) and a serial number within that establishment and year."""
    body = f"{la_number}{establishment:04d}{year % 100:02d}{serial:03d}"
    return upn_check_letter(body) + body


class NhsNumbers:
    """Hands out valid, unused NHS numbers from the test range, in a seeded order."""

    def __init__(self, rng: random.Random, used: Iterable[str] = ()) -> None:
        self._rng = rng
        self._used = set(used)

    def next(self) -> str:
        while True:
            first_nine = f"{NHS_TEST_PREFIX}{self._rng.randrange(1_000_000):06d}"
            check = nhs_check_digit(first_nine)
            if check is None:
                continue
            number = f"{first_nine}{check}"
            if number not in self._used:
                self._used.add(number)
                return number


class Upns:
    """Hands out UPNs: each establishment and year of allocation has its own serial numbers."""

    def __init__(self, la_number: str, used: Iterable[str] = ()) -> None:
        self.la_number = la_number
        self._used = set(used)
        self._serials: dict[tuple[int, int], int] = {}

    def next(self, establishment: int, year: int) -> str:
        while True:
            key = (establishment, year % 100)
            serial = self._serials.get(key, 0)
            if serial > 999:
                establishment = 2000 + (establishment + 1) % 1000
                continue
            self._serials[key] = serial + 1
            upn = make_upn(self.la_number, establishment, year, serial)
            if upn not in self._used:
                self._used.add(upn)
                return upn
