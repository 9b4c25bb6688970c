"""Concurrent writers on a file-based SQLite database, as under gunicorn: they wait for each
other instead of failing with "database is locked" (issue 9, finding 13).

The processes (sqlite_writers.py) use the project's real settings on a database of their own
in a temporary folder, whatever database the rest of the suite uses. One of them holds the
write lock for longer than SQLite's default wait of five seconds while the others autosave
drafts, submit through the API with retries and open a child's record (an audit entry):
without the busy timeout they fail; without immediate transactions, a save that read its
draft first could not take the lock at all.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

WRITERS = 4
ROUNDS = 5
HOLD_SECONDS = 7  # longer than sqlite3's default timeout of 5 s, well within ours of 20 s


def _env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        CONTINUUM_VAR_DIR=str(folder),
        DJANGO_SETTINGS_MODULE="continuum.settings",
        DJANGO_DEBUG="1",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECRET_KEY="sqlite-concurrency-test-" + "k" * 40,
    )
    return env


def _python(*args: str) -> list[str]:
    return [sys.executable, "-m", "continuum.core.tests.sqlite_writers", *args]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("sqlite-writers")
    env = _env(folder)
    done = subprocess.run(_python("prepare"), env=env, capture_output=True, text=True, check=True)  # noqa: S603
    (folder / "ids.json").write_text(done.stdout.strip().splitlines()[-1])
    return folder, env


def test_the_database_is_a_file_in_wal_mode_with_a_busy_timeout(prepared):
    folder, env = prepared
    code = (
        "import django; django.setup(); from django.db import connection as c; "
        "cur = c.cursor(); print(c.vendor, c.settings_dict['NAME'], "
        "cur.execute('PRAGMA journal_mode').fetchone()[0], "
        "cur.execute('PRAGMA busy_timeout').fetchone()[0], c.transaction_mode)"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["sqlite", str(folder / "continuum.sqlite3"), "wal", "20000", "IMMEDIATE"]


def test_concurrent_writers_wait_for_the_lock_and_none_fails(prepared):
    folder, env = prepared
    holder = subprocess.Popen(_python("hold", str(HOLD_SECONDS)), env=env)  # noqa: S603
    writers = [
        subprocess.Popen(  # noqa: S603
            _python("write", str(n), str(ROUNDS)), env=env, stdout=subprocess.PIPE, text=True
        )
        for n in range(WRITERS)
    ]
    names = ["ready-hold", *(f"ready-{n}" for n in range(WRITERS))]
    try:
        for _ in range(1200):
            if all((folder / name).exists() for name in names):
                break
            assert holder.poll() is None, "the lock holder stopped before starting"
            time.sleep(0.1)
        (folder / "go").touch()
        results = [
            json.loads(w.communicate(timeout=240)[0].strip().splitlines()[-1]) for w in writers
        ]
        assert holder.wait(timeout=60) == 0
    finally:
        for process in [holder, *writers]:
            if process.poll() is None:
                process.kill()

    problems = [p for r in results for p in r["problems"]]
    assert problems == []
    check = (
        "import django, json, sys; django.setup()\n"
        "from continuum.frontdoor.models import Contact\n"
        "from continuum.governance.models import AuditEntry\n"
        "r = json.load(sys.stdin)\n"
        "print(json.dumps({'submitted': [Contact.objects.filter(worries=k).count() "
        "for x in r for k in x['keys']], 'versions': [Contact.objects.get(pk=x['draft']).version "
        "- x['version'] for x in r], 'opened': AuditEntry.objects.filter(path__startswith='/people/').count()}))"
    )
    counts = json.loads(
        subprocess.run(  # noqa: S603
            [sys.executable, "-c", check],
            input=json.dumps(results),
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    # Every submission exactly once despite its retry; every draft as last saved; every look
    # at the record audited.
    assert counts == {
        "submitted": [1] * (WRITERS * ROUNDS),
        "versions": [0] * WRITERS,
        "opened": WRITERS * ROUNDS,
    }
