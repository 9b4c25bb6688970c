"""The seed directory: the family hubs and services Blackpool's own documents name.

`data/seed.json` is an Open Referral UK document, loaded through the same import as any other
directory and marked as seed data (`RecordSource.SEED`), so it is told apart from generated
demo services and imports. Loading it again updates the same records (ids are fixed).
"""

import json
from pathlib import Path
from typing import Any

from continuum.directory.models import RecordSource
from continuum.directory.oruk import ImportResult, import_document
from continuum.directory.postcodes import PostcodeLookup

SEED_FILE = Path(__file__).resolve().parent / "data" / "seed.json"


def seed_document() -> dict[str, Any]:
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def load_seed(*, lookup: PostcodeLookup | None = None) -> ImportResult:
    """Put the seed services into the directory (or bring them back to the seed's version)."""
    return import_document(seed_document(), source=RecordSource.SEED, lookup=lookup)
