"""`continuum directory-import FILE`: load an Open Referral UK JSON document.

    continuum directory-import services.json [--source imported|seed|entered]

FILE may be our export (`{"taxonomies": [...], "services": [...]}`), a bare list of fully
nested services, a paged ORUK API response (`contents`) or one service; `-` reads standard
input. Services already here (matched by id) are replaced by the file's version. Nothing is
written unless the whole file is valid; each problem is listed with where it is.
"""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from continuum.directory.models import RecordSource
from continuum.directory.oruk import OrukImportError, import_document, services_in


class Command(BaseCommand):
    help = "Import an Open Referral UK JSON document into the services directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The JSON file, or - for standard input")
        parser.add_argument(
            "--source",
            choices=[RecordSource.IMPORTED, RecordSource.SEED, RecordSource.ENTERED],
            default=RecordSource.IMPORTED,
            help="What to mark new records as (default: imported)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{name} is not UTF-8 text") from error
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{name} is not valid JSON (line {error.lineno}, column {error.colno})"
            ) from error
        try:
            total = len(services_in(document)[2])
            with tqdm(total=total, unit="service", disable=options["verbosity"] < 1) as bar:
                result = import_document(document, source=options["source"], on_progress=bar.update)
        except OrukImportError as error:
            lines = "\n".join(f"  {p}" for p in error.problems[:50])
            more = len(error.problems) - 50
            raise CommandError(
                f"Nothing was imported. {len(error.problems)} problem(s):\n{lines}"
                + (f"\n  ...and {more} more" if more > 0 else "")
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.services:,} services, {result.organizations:,} organisations, "
                f"{result.locations:,} locations and {result.taxonomy_terms:,} taxonomy terms."
            )
        )
        if result.locations_without_coordinates:
            names = ", ".join(result.locations_without_coordinates[:10])
            self.stdout.write(
                self.style.WARNING(
                    f"{len(result.locations_without_coordinates)} place(s) have no known "
                    f"postcode, so distance search cannot find them: {names}"
                )
            )
