"""The `continuum` console command: Django's management commands with Continuum's settings.

Command names may be written with hyphens (`continuum api-token`, `continuum demo-sign-ins`);
Django's own modules use underscores, so the first argument is translated.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "continuum.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - loads the settings, which check the environment
    except ImproperlyConfigured as error:
        # A set-up mistake (no secret key, a bad flag): say what to do, without a traceback.
        sys.stderr.write(f"continuum: {error}\n")
        sys.exit(1)

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["continuum", *args])


if __name__ == "__main__":
    main()
