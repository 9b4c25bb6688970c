"""`continuum api-token AGENCY-SLUG [--rotate]`: issue a partner agency a new API token.

The token is printed once, alone on stdout, so that `TOKEN=$(continuum api-token SLUG)` works;
only its hash is kept, so it cannot be printed again. `--rotate` also revokes the agency's
other tokens. `--list [AGENCY-SLUG]` shows tokens (never the tokens themselves) and
`--revoke ID` revokes one.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.timezone import localtime

from continuum.organisation.models import Agency, ApiToken
from continuum.organisation.tokens import ApiTokenError, issue_token, revoke_token


class Command(BaseCommand):
    help = (
        "Issue a partner agency a new API token and print it once. --rotate also revokes the "
        "agency's other tokens; --list shows tokens; --revoke ID revokes one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("agency", nargs="?", help="the agency's slug, e.g. demo-primary-school")
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--rotate", action="store_true", help="also revoke the agency's other tokens"
        )
        action.add_argument(
            "--list", action="store_true", help="list tokens (all agencies', or one's)"
        )
        action.add_argument("--revoke", type=int, metavar="ID", help="revoke the token numbered ID")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["revoke"] is not None:
                token = revoke_token(options["revoke"], acting_user=None)
                self.stderr.write(f"Revoked token {token.pk} ({token.prefix}…) for {token.agency}.")
            elif options["list"]:
                self._list(self._agency(options["agency"]) if options["agency"] else None)
            else:
                if not options["agency"]:
                    raise CommandError(
                        "Name the agency, e.g. continuum api-token demo-primary-school"
                    )
                agency = self._agency(options["agency"])
                self.stdout.write(issue_token(agency, rotate=options["rotate"]))
        except ApiTokenError as error:
            raise CommandError(str(error)) from None

    def _agency(self, slug: str) -> Agency:
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            slugs = ", ".join(Agency.objects.values_list("slug", flat=True)[:20])
            raise CommandError(f"No agency called {slug!r}. Known agencies: {slugs}")
        return agency

    def _list(self, agency: Agency | None) -> None:
        tokens = ApiToken.objects.select_related("agency", "revoked_by")
        if agency is not None:
            tokens = tokens.filter(agency=agency)
        self.stdout.write("id\tagency\tprefix\tcreated\tlast used\trevoked")
        for t in tokens:
            revoked = "-"
            if t.revoked_at:
                revoked = f"{localtime(t.revoked_at):%Y-%m-%d %H:%M} by {t.revoked_by or 'the command line'}"
            last_used = f"{localtime(t.last_used_at):%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            self.stdout.write(
                f"{t.pk}\t{t.agency.slug}\t{t.prefix or '(old)'}…\t{localtime(t.created_at):%Y-%m-%d %H:%M}\t"
                f"{last_used}\t{revoked}"
            )
