"""Which given names are forms of one another (Liam and William, Alfie and Alfred).

The `nicknames` package is a maintained, hand-curated dataset of English given names and their
diminutives; it is American in emphasis, so `data/diminutives.csv` adds the British forms a
Blackpool Hub sees every day. No Django here: the matcher's pure rules call `name_forms`.
"""

import csv
import functools
from pathlib import Path

from nicknames import NickNamer

DIMINUTIVES = Path(__file__).with_name("data") / "diminutives.csv"


@functools.cache
def _lookups() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(name -> canonical names it is a form of, canonical -> its forms), both lower case."""
    namer = NickNamer()
    canonicals = {k: set(v) for k, v in namer.canonical_lookup.items()}
    forms = {k: set(v) for k, v in namer.nickname_lookup.items()}
    with DIMINUTIVES.open(encoding="utf-8") as handle:
        rows = csv.reader(line for line in handle if line.strip() and not line.startswith("#"))
        next(rows)  # header
        for name, canonical in rows:
            canonicals.setdefault(name, set()).add(canonical)
            forms.setdefault(canonical, set()).add(name)
    return canonicals, forms


@functools.lru_cache(maxsize=65536)
def name_forms(name: str) -> frozenset[str]:
    """The name and every canonical name it is a form of: 'liam' -> {'liam', 'william'}.

    Two given names are forms of one another when their `name_forms` intersect: Liam and Will
    share 'william'. Canonical names are not expanded to all their diminutives, so that Bill and
    Liam (both forms of William) meet through 'william' without every William meeting every
    form of every other name.
    """
    canonicals, _ = _lookups()
    return frozenset({name, *canonicals.get(name, ())})
