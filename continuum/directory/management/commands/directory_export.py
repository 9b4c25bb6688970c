"""`continuum directory-export FILE`: write the whole directory as Open Referral UK JSON.

    continuum directory-export services.json     (or - for standard output)

The file is `{"version", "taxonomies": [...], "services": [fully nested service, ...]}`;
`continuum directory-import` reads it back into an identical directory.
"""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from continuum.directory.oruk import export_directory


class Command(BaseCommand):
    help = "Export the services directory as an Open Referral UK JSON document."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Where to write the JSON, or - for standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        document = export_directory()
        text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
        if options["file"] == "-":
            sys.stdout.write(text)
            return
        try:
            Path(options["file"]).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {options['file']}: {error.strerror}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(document['services']):,} services to {options['file']}."
            )
        )
