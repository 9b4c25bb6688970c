"""`continuum demo-sign-ins`: the demo's fixed sign-ins, one per role, and where to use them.

Django names commands after their module, which cannot contain a hyphen, so this module is
`demo_sign_ins` and `continuum.cli` maps `demo-sign-ins` to it.
"""

import os
from typing import Any

from django.core.management.base import BaseCommand

from continuum.demo.staff import DEMO_PASSWORD, DEMO_SIGN_INS
from continuum.organisation.models import Agency, Role, Team, User


class Command(BaseCommand):
    help = "Print the demo sign-ins (username, role, team or agency, password) and the address."
    requires_system_checks: list[str] = []  # prints a table; nothing here depends on them

    def handle(self, *args: Any, **options: Any) -> None:
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[s.username for s in DEMO_SIGN_INS])
        }
        teams = {t.slug: t.name for t in Team.objects.all()}
        agencies = {a.slug: a.name for a in Agency.objects.all()}
        rows = [("Username", "Role", "Team or agency", "Password")]
        for sign_in in DEMO_SIGN_INS:
            if sign_in.team:
                where = teams.get(sign_in.team, sign_in.team)
            elif sign_in.agency:
                where = agencies.get(sign_in.agency, sign_in.agency)
            else:
                where = ""
            rows.append((sign_in.username, Role(sign_in.role).label, where, DEMO_PASSWORD))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for number, row in enumerate(rows):
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"\nSign in at http://127.0.0.1:{port}/")
        missing = [s.username for s in DEMO_SIGN_INS if s.username not in users]
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    f"Not in this database yet: {', '.join(missing)} (run `continuum demo`)."
                )
            )
