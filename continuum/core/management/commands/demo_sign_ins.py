"""`continuum demo-sign-ins`: the demo's fixed sign-ins, one per role, and where to use them.

Django names commands after their module, which cannot contain a hyphen, so this module is
`demo_sign_ins` and `continuum.cli` maps `demo-sign-ins` to it.
"""

import os
from typing import Any

from django.core.management.base import BaseCommand

from continuum.account.models import DEMO_CODE, DemoDevice
from continuum.demo.staff import DEMO_PASSWORD, DEMO_SIGN_INS, SignIn
from continuum.organisation.models import Agency, Role, Team, User


def code_column(sign_in: SignIn, with_code: set[str]) -> str:
    """What to type at the code step: the demo code, or nothing for a partner who is not asked."""
    if sign_in.username in with_code:
        return DEMO_CODE
    if sign_in.role == Role.PARTNER:
        return "not asked"
    return "from an app"


class Command(BaseCommand):
    help = (
        "Print the demo sign-ins (username, role, team or agency, password, second-factor code) "
        "and the address."
    )
    requires_system_checks: list[str] = []  # prints a table; nothing here depends on them

    def handle(self, *args: Any, **options: Any) -> None:
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[s.username for s in DEMO_SIGN_INS])
        }
        teams = {t.slug: t.name for t in Team.objects.all()}
        agencies = {a.slug: a.name for a in Agency.objects.all()}
        with_code = set(
            DemoDevice.objects.filter(user__in=users.values()).values_list(
                "user__username", flat=True
            )
        )
        rows = [("Username", "Role", "Team or agency", "Password", "Code")]
        for sign_in in DEMO_SIGN_INS:
            if sign_in.team:
                where = teams.get(sign_in.team, sign_in.team)
            elif sign_in.agency:
                where = agencies.get(sign_in.agency, sign_in.agency)
            else:
                where = ""
            rows.append(
                (
                    sign_in.username,
                    Role(sign_in.role).label,
                    where,
                    DEMO_PASSWORD,
                    code_column(sign_in, with_code),
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for number, row in enumerate(rows):
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write(
            f"\nCode: the second step of signing in asks for a code from an authenticator app; "
            f"the demo's accounts also accept {DEMO_CODE}. Partner agencies' users are not "
            "asked unless they set up an app."
        )
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"\nSign in at http://127.0.0.1:{port}/")
        missing = [s.username for s in DEMO_SIGN_INS if s.username not in users]
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    f"Not in this database yet: {', '.join(missing)} (run `continuum demo`)."
                )
            )
