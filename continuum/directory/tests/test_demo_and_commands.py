"""The demo generator (deterministic, at real Blackpool postcodes) and the import, export and
seed commands."""

import json
import random

import pytest
from django.core.management import CommandError, call_command

from continuum.directory import demo
from continuum.directory.models import Location, RecordSource, Service
from continuum.directory.postcodes import Centroid
from continuum.directory.tests.factories import POSTCODES, empty_directory

pytestmark = pytest.mark.django_db
PLACES = [Centroid(pc, e, n) for pc, (e, n) in POSTCODES.items()]


def test_the_generator_is_deterministic_and_marks_what_it_made():
    first = demo.build_document(random.Random(7), count=30, postcodes=PLACES, terms={})
    again = demo.build_document(random.Random(7), count=30, postcodes=PLACES, terms={})
    assert first == again
    assert demo.build_document(random.Random(8), count=30, postcodes=PLACES, terms={}) != first
    assert demo.generate(random.Random(7), count=30, postcodes=PLACES) == 30
    generated = Service.objects.filter(source=RecordSource.GENERATED)
    assert generated.count() == 30
    assert Service.objects.filter(source=RecordSource.SEED).count() == 26
    assert not Location.objects.filter(easting__isnull=True).exists()
    phones = [p["number"] for s in first["services"] for p in s["phones"]]
    assert all(p.startswith("07700 9") for p in phones)


def test_export_and_import_commands_round_trip(tmp_path):
    demo.generate(random.Random(3), count=10, postcodes=PLACES)
    out = tmp_path / "directory.json"
    call_command("directory_export", str(out))
    before = json.loads(out.read_text())
    empty_directory()
    call_command("directory_import", str(out), verbosity=0)
    again = tmp_path / "again.json"
    call_command("directory_export", str(again))
    assert json.loads(again.read_text()) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"services": [{"id": "x", "name": ""}]}', "Nothing was imported"),
        (b"\xff\xfe", "is not UTF-8"),
    ],
)
def test_import_command_explains_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(CommandError, match=message):
        call_command("directory_import", str(path), verbosity=0)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("directory_import", str(tmp_path / "missing.json"), verbosity=0)


def test_seed_command_is_safe_to_run_twice():
    call_command("directory_seed", verbosity=0)
    call_command("directory_seed", verbosity=0)
    assert Service.objects.count() == 26
