"""`continuum directory-seed`: load the seed directory (the family hubs and services named in
Blackpool's own documents) and, with `--generated N`, N generated local services for a demo.

    continuum directory-seed [--generated 3000] [--seed 1]

Safe to run again: seed records are updated in place; generated services are only added
when the directory has none yet. With generated services, the demo authority's recent
signposting decisions (if `continuum demo` has made them) get the directory's services.
"""

import random
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from continuum.directory import demo
from continuum.directory.models import RecordSource, Service
from continuum.directory.seed import load_seed


class Command(BaseCommand):
    help = "Load the seed services directory, and optionally generated demo services."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--generated", type=int, default=0, help="How many to generate")
        parser.add_argument("--seed", type=int, default=1, help="Random seed for generation")

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_seed()
        self.stdout.write(self.style.SUCCESS(f"Seed directory: {result.services} services."))
        count = options["generated"]
        if count <= 0:
            return
        if Service.objects.filter(source=RecordSource.GENERATED).exists():
            self.stdout.write("Generated services are already here; nothing generated.")
            return
        with tqdm(total=count, unit="service", disable=options["verbosity"] < 1) as bar:
            demo.generate(random.Random(options["seed"]), count=count, on_progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Generated {count:,} local services."))
        # The demo authority's Hub signposted families before the directory existed: record
        # the directory's services for its recent signposting decisions.
        from continuum.demo.signposting import record_demo_signposting

        families = record_demo_signposting()
        if families:
            self.stdout.write(
                f"Recorded signposting to directory services for {families} families."
            )
