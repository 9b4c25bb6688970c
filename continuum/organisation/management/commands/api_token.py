"""`continuum api-token AGENCY-SLUG [--rotate]`: print the agency's API bearer token."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from continuum.organisation.models import Agency
from continuum.organisation.tokens import issue_token


class Command(BaseCommand):
    help = "Print a partner agency's API token (created on first use). --rotate issues a new one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("agency", help="the agency's slug, e.g. demo-primary-school")
        parser.add_argument("--rotate", action="store_true", help="revoke the current token first")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            slugs = ", ".join(Agency.objects.values_list("slug", flat=True)[:20])
            raise CommandError(f"No agency called {options['agency']!r}. Known agencies: {slugs}")
        self.stdout.write(issue_token(agency, rotate=options["rotate"]))
