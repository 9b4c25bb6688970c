"""`continuum demo`: create the synthetic demo authority (28,000 children by default).

    continuum demo [--children N] [--seed S] [--as-of YYYY-MM-DD] [--if-empty]

Deterministic: the same seed, size and as-of date give the same children, families, workers
and histories (the as-of date defaults to today, so pass it to reproduce a demo exactly).

Idempotent, without a model of its own: a demo is "already here" when all the fixed demo
sign-ins (sw.demo, tm.demo... see `continuum demo-sign-ins`) exist, and then the command does
nothing. That marker lives in the database itself, so it works on SQLite and PostgreSQL alike
(a marker file under var/ would not follow a PostgreSQL database), and the whole demo is
written in one transaction, so the sign-ins exist only if everything else does too. Some but
not all of the sign-ins is an error: the database holds something other than a demo. One demo
per database: a second seed would need the same usernames.

`--if-empty` does nothing if anyone is in the person index at all; `make run` uses it so that
later runs reuse the database.
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from continuum.demo.generator import DEFAULT_CHILDREN, DEFAULT_SEED, DemoError, generate_demo


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value} is not a date like 2026-03-31") from error


class Command(BaseCommand):
    help = "Create a synthetic demo local authority (children, families, staff, histories)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, default=DEFAULT_CHILDREN)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--as-of", type=_date, default=None, help="YYYY-MM-DD; default today")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if anyone is in the person index"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = generate_demo(
                children=options["children"],
                seed=options["seed"],
                as_of=options["as_of"],
                if_empty=options["if_empty"],
                progress=True,
            )
        except DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(result.message) if result.created else result.message)
        if result.created:
            # The generator writes with bulk inserts, which do not update the matching index.
            from continuum.people.matching.index import build_index

            report = build_index()
            self.stdout.write(f"Matching index built: {report.records:,} records")
            from continuum.demo.legacy import add_legacy_duplicates

            twice = add_legacy_duplicates(options["seed"])
            self.stdout.write(
                f"{twice} children recorded again by a legacy import, with the same NHS "
                "number: listed for duplicate review"
            )
        if result.created and options["verbosity"] > 1:
            for name, count in result.counts.items():
                self.stdout.write(f"  {name}: {count:,}")
