"""Load a local authority's configuration file (teams, agencies) into the database.

The file is TOML, versioned with the code (config/blackpool.toml). Loading is idempotent:
rows are matched on their slug and updated; rows no longer listed are disabled, never deleted.
"""

import functools
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


# -- What the rules read ------------------------------------------------------------------------
# The timescales, the Hub's opening hours and the routing choices are read from the same file at
# the moment they are used (cached until the file changes), so editing config/blackpool.toml
# moves the due dates without a code change. A value the file leaves out takes the statutory or
# DOMAIN.md default below.

DEFAULT_TIMESCALES: dict[str, int] = {
    "contact_decision": 1,
    "child_and_family_assessment": 45,
    "initial_child_protection_conference": 15,
    "first_core_group": 10,
    "looked_after_first_review": 20,
    "return_home_interview_hours": 72,
    "child_protection_visit": 10,
    "child_in_need_visit": 20,
    "child_in_need_review_months": 3,
    "assessment_and_support_child_in_need_months": 3,
    "early_help_review_weeks": 6,
    # child protection (socialwork.rules_protection)
    "strategy_discussion": 1,
    "core_group_interval": 30,
    "first_review_conference_months": 3,
    "review_conference_months": 6,
}
"""Working days unless the name says otherwise (DOMAIN.md "Rules the system keeps")."""

DEFAULT_ROUTING: dict[str, bool] = {"ssf_leads_section_47": False}


def authority_config() -> dict[str, Any]:
    """The authority's configuration file as read now (settings.CONTINUUM_AUTHORITY_CONFIG)."""
    from django.conf import settings

    path = Path(settings.CONTINUUM_AUTHORITY_CONFIG)
    return _read_cached(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _read_cached(path: str, mtime_ns: int) -> dict[str, Any]:
    return read_config(Path(path))


def timescale(name: str) -> int:
    """A timescale from `[timescales]`, or its default. An unknown name is a programming error."""
    if name not in DEFAULT_TIMESCALES:
        raise KeyError(f"No timescale called {name!r}")
    value = authority_config().get("timescales", {}).get(name, DEFAULT_TIMESCALES[name])
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"Timescale {name!r} must be a whole number of days, not {value!r}")
    return value


def routing(name: str) -> bool:
    """A routing choice from `[routing]` (for example `ssf_leads_section_47`), or its default."""
    if name not in DEFAULT_ROUTING:
        raise KeyError(f"No routing choice called {name!r}")
    value = authority_config().get("routing", {}).get(name, DEFAULT_ROUTING[name])
    if not isinstance(value, bool):
        raise ValueError(f"Routing choice {name!r} must be true or false, not {value!r}")
    return value


def hub_opening_hours_table() -> dict[str, list[str]]:
    """`[hub_opening_hours]` as written: {"monday": ["09:00", "17:00"], ...}."""
    return dict(authority_config().get("hub_opening_hours", {}))
