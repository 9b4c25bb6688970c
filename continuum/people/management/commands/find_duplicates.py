"""`continuum find-duplicates`: look across the whole person index for records that are
probably the same person, and list them for a manager to review at /people/duplicates/."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from continuum.people.matching.duplicates import find_duplicates
from continuum.people.models import PersonMatchRecord


class Command(BaseCommand):
    help = "Find likely duplicate person records for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--threshold", type=float, default=None, help="0..1 (default: the model's)"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="worker processes (default: 2 from 20,000 records, else 1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        total = PersonMatchRecord.objects.count()
        with tqdm(total=total, unit="records", disable=options["quiet"]) as bar:
            new = find_duplicates(
                threshold=options["threshold"], progress=bar.update, workers=options["workers"]
            )
        self.stdout.write(f"{new} new likely duplicate pair(s) to review at /people/duplicates/")
