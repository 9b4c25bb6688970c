"""`continuum configure [--file PATH]`: load the local authority's teams and agencies."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from continuum.organisation.config import load_config


class Command(BaseCommand):
    help = "Load the local authority configuration (teams, partner agencies). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=settings.CONTINUUM_AUTHORITY_CONFIG)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_config(options["file"])
        self.stdout.write(f"Loaded {counts['teams']} teams and {counts['agencies']} agencies.")
