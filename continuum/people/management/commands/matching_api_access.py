"""`continuum matching-api-access AGENCY-SLUG --reason "..."` grants a partner agency's systems
`POST /api/v1/person-matches`; `--revoke` ends it. Grants are kept, not deleted."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from continuum.core import clock
from continuum.organisation.models import Agency
from continuum.people.models import MatchingApiGrant


class Command(BaseCommand):
    help = "Grant or revoke a partner agency's use of the person-matching API."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("agency", help="the agency's slug")
        parser.add_argument("--reason", default="", help="why the agency needs it (to grant)")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency called {options['agency']!r}")
        live = MatchingApiGrant.objects.filter(agency=agency, revoked_at__isnull=True)
        if options["revoke"]:
            count = live.update(revoked_at=clock.now())
            self.stdout.write(f"Revoked {count} grant(s) for {agency}")
            return
        if live.exists():
            self.stdout.write(f"{agency} already may use person matching")
            return
        if len(options["reason"].strip()) < 10:
            raise CommandError(
                "Say why the agency needs person matching (--reason, 10+ characters)"
            )
        MatchingApiGrant.objects.create(
            agency=agency, reason=options["reason"].strip(), granted_at=clock.now()
        )
        self.stdout.write(f"{agency} may now use POST /api/v1/person-matches")
