"""`continuum import-people FILE --user USERNAME`: add records from another system (a legacy
case record, a partner's list) to the live person index, as an administrator.

Input: UTF-8 CSV with a header row; an empty string is a missing value. Columns:
given_name,family_name,date_of_birth,sex,nhs_number,postcode,address_line and optionally
kind (child or adult; child if absent). Every row is checked before any is added; then all
are added in one transaction, each as a person added through the service is (audited, in the
chronology, in the matching index). A row whose NHS number another record already holds, or
that another row holds, is added and the records are listed for duplicate review at
/people/duplicates/ with the reason "Same NHS number" (see docs/matching.md).
"""

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from continuum.organisation.models import User
from continuum.people import actions, rules
from continuum.people.matching.duplicates import shared_nhs_numbers
from continuum.people.models import PersonKind

COLUMNS = ["given_name", "family_name", "date_of_birth", "sex", "nhs_number", "postcode"]
OPTIONAL = ["address_line", "kind"]


def parse_row(row: dict[str, str], where: str) -> dict[str, Any]:
    """One CSV row as `create_person`'s data, or a CommandError naming the problem."""
    given, family = row["given_name"], row["family_name"]
    if not given or not family:
        raise CommandError(f"{where}: needs a given name and a family name")
    born = None
    if row["date_of_birth"]:
        try:
            born = dt.date.fromisoformat(row["date_of_birth"])
        except ValueError as error:
            raise CommandError(
                f"{where}: date_of_birth {row['date_of_birth']!r} is not an ISO date"
            ) from error
    nhs = rules.normalise_nhs_number(row["nhs_number"])
    if nhs and not rules.is_valid_nhs_number(nhs):
        raise CommandError(f"{where}: {row['nhs_number']!r} is not a valid NHS number")
    kind = row.get("kind") or PersonKind.CHILD
    if kind not in PersonKind.values:
        raise CommandError(f"{where}: kind must be child or adult")
    data: dict[str, Any] = {
        "kind": kind,
        "given_name": given,
        "family_name": family,
        "date_of_birth": born,
        "sex": row["sex"] if row["sex"] in ("M", "F") else "U",
        "nhs_number": nhs,
    }
    if row["postcode"] and row.get("address_line"):
        data.update(address_line_1=row["address_line"], postcode=row["postcode"])
    return data


class Command(BaseCommand):
    help = "Import person records from a CSV file into the person index."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="the administrator importing them")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {options['user']!r}")
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(f"{path} lacks the column(s) {', '.join(missing)}")
            records = [
                parse_row({c: (row.get(c) or "").strip() for c in COLUMNS + OPTIONAL}, where)
                for where, row in ((f"row {n}", row) for n, row in enumerate(reader, 2))
            ]
        try:
            people = actions.import_people(records, acting_user=user)
        except actions.PeopleError as error:
            raise CommandError(str(error)) from error
        shared = shared_nhs_numbers(p.pk for p in people)
        self.stdout.write(f"Imported {len(people)} record(s)")
        if shared:
            held = sum(len(ids) for ids in shared.values())
            self.stdout.write(
                f"{len(shared)} NHS number(s) are held by more than one record ({held} records): "
                "listed for duplicate review at /people/duplicates/"
            )
