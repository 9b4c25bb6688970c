"""Load a local authority's configuration file (teams, agencies) into the database.

The file is TOML, versioned with the code (config/blackpool.toml). Loading is idempotent:
rows are matched on their slug and updated; rows no longer listed are disabled, never deleted.
"""

import tomllib
from pathlib import Path
from typing import Any

from django.db import transaction

from continuum.organisation.models import Agency, AgencyKind, Team


def read_config(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@transaction.atomic
def load_config(path: Path) -> dict[str, int]:
    """Create or update the authority, its teams and partner agencies. Returns counts."""
    config = read_config(path)
    authority = config["authority"]
    la, _ = Agency.objects.update_or_create(
        slug=authority["slug"],
        defaults={"name": authority["name"], "kind": AgencyKind.LOCAL_AUTHORITY, "is_active": True},
    )
    team_slugs = []
    for team in config["teams"]:
        Team.objects.update_or_create(
            slug=team["slug"],
            defaults={
                "name": team["name"],
                "description": team.get("description", ""),
                "agency": la,
                "is_active": True,
            },
        )
        team_slugs.append(team["slug"])
    Team.objects.exclude(slug__in=team_slugs).update(is_active=False)
    agency_slugs = [la.slug]
    for agency in config["agencies"]:
        Agency.objects.update_or_create(
            slug=agency["slug"],
            defaults={"name": agency["name"], "kind": agency["kind"], "is_active": True},
        )
        agency_slugs.append(agency["slug"])
    Agency.objects.exclude(slug__in=agency_slugs).update(is_active=False)
    return {"teams": len(team_slugs), "agencies": len(agency_slugs)}
