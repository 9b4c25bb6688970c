"""`continuum matching-index`: build or refresh the whole matching index (blocking keys and
normalised profiles) from the person index. Run it after bulk imports or the demo generator;
ordinary changes keep it current by themselves."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from continuum.people.matching.index import build_index
from continuum.people.models import Person


class Command(BaseCommand):
    help = "Rebuild the matching index from the person index."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        total = Person.objects.filter(merged_into__isnull=True).count()
        with tqdm(total=total, unit="people", disable=options["quiet"]) as bar:
            report = build_index(progress=bar.update)
        self.stdout.write(
            f"Matching index: {report.records} records, {report.keys} keys, "
            f"built in {report.seconds:.1f} s"
        )
