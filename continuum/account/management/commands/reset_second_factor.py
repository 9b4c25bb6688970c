"""`continuum reset-second-factor USERNAME`: for someone who has lost the phone with their
authenticator app. Their app is forgotten, and the next time they sign in they set up a new
one (staff must; partner agencies' users may)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from continuum.account.actions import reset_second_factor
from continuum.organisation.models import User


class Command(BaseCommand):
    help = "Forget a user's authenticator app, so that they set up a new one at next sign-in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user has the username {options['username']!r}.")
        count = reset_second_factor(user)
        if count:
            self.stdout.write(
                f"Forgot {user.username}'s authenticator app. They will set up a new one the "
                "next time they sign in."
            )
        else:
            self.stdout.write(f"{user.username} has no authenticator app; nothing to forget.")
