"""The Continuum of Need catalogue: levels, domains and indicators, read from a data file.

The catalogue is configuration, not code (ARCHITECTURE.md, "Configuration as data"): an
authority edits `data/continuum_of_need.toml`, and this module reads it into frozen
dataclasses that the rest of the system can trust. It has no Django imports, so the rules and
their tests use it directly; the thresholds app's models, when they come, load from the same
file.

A broken catalogue must never reach a referrer: an indicator filed under the wrong level
would quietly skew every level suggestion. So the loader checks everything it can and raises
`CatalogueError` listing every problem at once, rather than stopping at the first.
"""

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).parent / "data" / "continuum_of_need.toml"

LEVEL_NUMBERS = (1, 2, 3, 4)
INDICATOR_LEVELS = (2, 3, 4)
"""Level 1 (Universal) has no indicators: it is where needs are met by everyday services."""

_CODE = re.compile(r"^(?P<prefix>[A-Z]{2,5})-(?P<level>[1-9])-(?P<number>\d{2})$")

_CATALOGUE_KEYS = {"name", "version", "authority"}
_LEVEL_KEYS = {"number", "name", "summary", "description", "response", "referrer_may_choose"}
_DOMAIN_KEYS = {"slug", "prefix", "name", "areas"}
_INDICATOR_KEYS = {"code", "domain", "level", "area", "text", "retired"}
_TOP_KEYS = {"catalogue", "levels", "domains", "indicators"}


class CatalogueError(ValueError):
    """The catalogue file is not usable; `problems` lists every reason."""

    def __init__(self, problems: list[str], source: str = "") -> None:
        self.problems = problems
        named = (
            f"The Continuum of Need catalogue {source}"
            if source
            else "The Continuum of Need catalogue"
        )
        heading = f"{named} has {len(problems)} problem(s):"
        super().__init__("\n  - ".join([heading, *problems]))


@dataclass(frozen=True)
class Level:
    """A level of need: 1 Universal, 2 Universal Plus, 3 Intensive, 4 Safeguarding."""

    number: int
    name: str
    summary: str
    description: str
    response: str
    referrer_may_choose: bool

    @property
    def label(self) -> str:
        """How the seeds write a level: "Level 2 Universal Plus"."""
        return f"Level {self.number} {self.name}"


@dataclass(frozen=True)
class Domain:
    """A side of the Assessment Framework triangle, with the areas its indicators fall under."""

    slug: str
    prefix: str
    name: str
    areas: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    """One thing a referrer may tick, at one level, in one domain."""

    code: str
    domain: str
    level: int
    area: str
    text: str
    retired: bool = False


@dataclass(frozen=True)
class Catalogue:
    """The whole Continuum of Need, as loaded and checked."""

    name: str
    version: str
    authority: str
    levels: tuple[Level, ...]
    domains: tuple[Domain, ...]
    indicators: tuple[Indicator, ...]

    def level(self, number: int) -> Level:
        """The level with this number; KeyError if there is none."""
        for level in self.levels:
            if level.number == number:
                return level
        raise KeyError(f"No level {number} in the Continuum of Need")

    def domain(self, slug: str) -> Domain:
        """The domain with this slug; KeyError if there is none."""
        for domain in self.domains:
            if domain.slug == slug:
                return domain
        raise KeyError(f"No domain {slug!r} in the Continuum of Need")

    def indicator(self, code: str) -> Indicator:
        """The indicator with this code, retired or not, so old requests still read."""
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(f"No indicator {code!r} in the Continuum of Need")

    def current_indicators(
        self, *, domain: str | None = None, level: int | None = None
    ) -> tuple[Indicator, ...]:
        """Indicators a referrer may tick today, optionally for one domain and/or level."""
        return tuple(
            indicator
            for indicator in self.indicators
            if not indicator.retired
            and (domain is None or indicator.domain == domain)
            and (level is None or indicator.level == level)
        )

    @property
    def level_names(self) -> dict[int, str]:
        """Level number to name, as `thresholds.rules` takes it for its explanations."""
        return {level.number: level.name for level in self.levels}

    @property
    def referrer_levels(self) -> tuple[Level, ...]:
        """The levels a referrer chooses between on a Request for Support (2, 3 and 4)."""
        return tuple(level for level in self.levels if level.referrer_may_choose)


def parse_catalogue(data: Mapping[str, Any], *, source: str = "") -> Catalogue:
    """Check raw catalogue data (as read from TOML or JSON) and build the `Catalogue`.

    Raises `CatalogueError` naming every problem, so whoever edits the file fixes it in one go.
    """
    if not isinstance(data, Mapping):
        raise CatalogueError(
            ["the file must hold a table of catalogue, levels, domains and indicators"], source
        )
    problems: list[str] = []
    _unknown_keys(problems, "the file", data, _TOP_KEYS)

    header = data.get("catalogue", {})
    _unknown_keys(problems, "[catalogue]", header, _CATALOGUE_KEYS)
    if not isinstance(header, Mapping):
        header = {}
    name = _text(problems, "[catalogue]", header, "name")
    version = _text(problems, "[catalogue]", header, "version")
    authority = _text(problems, "[catalogue]", header, "authority")

    levels = _parse_levels(problems, data.get("levels", []))
    domains = _parse_domains(problems, data.get("domains", []))
    indicators = _parse_indicators(problems, data.get("indicators", []), domains)

    if problems:
        raise CatalogueError(problems, source)
    return Catalogue(
        name=name,
        version=version,
        authority=authority,
        levels=levels,
        domains=domains,
        indicators=indicators,
    )


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """Read and check a catalogue file (TOML, or JSON if the name ends in .json)."""
    path = Path(path) if path is not None else DEFAULT_PATH
    raw = path.read_bytes()
    data = json.loads(raw) if path.suffix == ".json" else tomllib.loads(raw.decode("utf-8"))
    return parse_catalogue(data, source=f"({path.name})")


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The shipped catalogue, read once per process."""
    return load_catalogue(DEFAULT_PATH)


def _parse_levels(problems: list[str], rows: Any) -> tuple[Level, ...]:
    levels: list[Level] = []
    seen: set[int] = set()
    for index, row in enumerate(_rows(problems, "levels", rows), start=1):
        where = f"level entry {index}"
        _unknown_keys(problems, where, row, _LEVEL_KEYS)
        number = row.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number not in LEVEL_NUMBERS:
            problems.append(f"{where}: number must be one of {LEVEL_NUMBERS}, not {number!r}")
            continue
        if number in seen:
            problems.append(f"{where}: level {number} is listed twice")
            continue
        seen.add(number)
        where = f"level {number}"
        may_choose = row.get("referrer_may_choose", False)
        if not isinstance(may_choose, bool):
            problems.append(f"{where}: referrer_may_choose must be true or false")
            may_choose = False
        levels.append(
            Level(
                number=number,
                name=_text(problems, where, row, "name"),
                summary=_text(problems, where, row, "summary"),
                description=_text(problems, where, row, "description"),
                response=_text(problems, where, row, "response"),
                referrer_may_choose=may_choose,
            )
        )
    missing = sorted(set(LEVEL_NUMBERS) - seen)
    if missing:
        problems.append(f"levels: missing level(s) {', '.join(map(str, missing))}")
    return tuple(sorted(levels, key=lambda level: level.number))


def _parse_domains(problems: list[str], rows: Any) -> tuple[Domain, ...]:
    domains: list[Domain] = []
    slugs: set[str] = set()
    prefixes: set[str] = set()
    for index, row in enumerate(_rows(problems, "domains", rows), start=1):
        where = f"domain entry {index}"
        _unknown_keys(problems, where, row, _DOMAIN_KEYS)
        slug = _text(problems, where, row, "slug")
        prefix = _text(problems, where, row, "prefix")
        if slug in slugs:
            problems.append(f"{where}: slug {slug!r} is used twice")
        if prefix in prefixes:
            problems.append(f"{where}: prefix {prefix!r} is used twice")
        if prefix and not re.fullmatch(r"[A-Z]{2,5}", prefix):
            problems.append(f"{where}: prefix {prefix!r} must be 2 to 5 capital letters")
        slugs.add(slug)
        prefixes.add(prefix)
        areas = row.get("areas")
        if (
            not isinstance(areas, list)
            or not areas
            or not all(isinstance(area, str) and area.strip() for area in areas)
        ):
            problems.append(f"{where}: areas must be a non-empty list of names")
            areas = []
        domains.append(
            Domain(
                slug=slug,
                prefix=prefix,
                name=_text(problems, where, row, "name"),
                areas=tuple(areas),
            )
        )
    if not domains:
        problems.append("domains: there must be at least one domain")
    return tuple(domains)


def _parse_indicators(
    problems: list[str], rows: Any, domains: tuple[Domain, ...]
) -> tuple[Indicator, ...]:
    by_slug = {domain.slug: domain for domain in domains}
    indicators: list[Indicator] = []
    codes: set[str] = set()
    for index, row in enumerate(_rows(problems, "indicators", rows), start=1):
        code = row.get("code") if isinstance(row.get("code"), str) else None
        where = f"indicator {code}" if code else f"indicator entry {index}"
        _unknown_keys(problems, where, row, _INDICATOR_KEYS)
        code = _text(problems, where, row, "code")
        domain_slug = _text(problems, where, row, "domain")
        area = _text(problems, where, row, "area")
        text = _text(problems, where, row, "text")
        level = row.get("level")
        retired = row.get("retired", False)
        if not isinstance(retired, bool):
            problems.append(f"{where}: retired must be true or false")
            retired = False

        if code in codes:
            problems.append(f"{where}: code is used more than once")
        codes.add(code)

        level_ok = isinstance(level, int) and not isinstance(level, bool)
        if not level_ok or level not in INDICATOR_LEVELS:
            problems.append(
                f"{where}: level must be one of {INDICATOR_LEVELS} (Level 1 Universal has no "
                f"indicators), not {level!r}"
            )
            level_ok = False

        domain = by_slug.get(domain_slug)
        if domain is None:
            if domain_slug:
                problems.append(f"{where}: unknown domain {domain_slug!r}")
        elif area and area not in domain.areas:
            problems.append(f"{where}: area {area!r} is not one of the areas of {domain.slug}")

        match = _CODE.match(code) if code else None
        if code and match is None:
            problems.append(f"{where}: code must read like DEV-3-04 (domain-level-number)")
        elif match and domain is not None and match["prefix"] != domain.prefix:
            problems.append(
                f"{where}: code starts {match['prefix']} but the domain {domain.slug} "
                f"uses {domain.prefix}"
            )
        if match and level_ok and int(match["level"]) != level:
            problems.append(f"{where}: code says level {match['level']} but level is {level}")

        indicators.append(
            Indicator(
                code=code,
                domain=domain_slug,
                level=level if level_ok else 0,
                area=area,
                text=text,
                retired=retired,
            )
        )
    return tuple(indicators)


def _rows(problems: list[str], name: str, rows: Any) -> list[Mapping[str, Any]]:
    if not isinstance(rows, list):
        problems.append(f"{name}: must be a list of tables ([[{name}]])")
        return []
    good = [row for row in rows if isinstance(row, Mapping)]
    if len(good) != len(rows):
        problems.append(f"{name}: every entry must be a table")
    return good


def _text(problems: list[str], where: str, row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {key} is missing or empty")
        return ""
    return value.strip()


def _unknown_keys(problems: list[str], where: str, row: Any, allowed: set[str]) -> None:
    if not isinstance(row, Mapping):
        problems.append(f"{where}: must be a table")
        return
    unknown = sorted(set(row) - allowed)
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(unknown)}")
