"""Processes for `test_sqlite_concurrency`: each is a separate Python with the real settings on
a file-based SQLite database (the folder in CONTINUUM_VAR_DIR), as gunicorn's workers are.

    python -m continuum.core.tests.sqlite_writers prepare           -> JSON of ids and a token
    python -m continuum.core.tests.sqlite_writers hold SECONDS      -> holds the write lock
    python -m continuum.core.tests.sqlite_writers write NUMBER ROUNDS -> JSON of what happened

`hold` and `write` say "ready" (a file in the folder) once Django is loaded and wait for
"go", so that every process starts writing at the same moment; the writers also wait until
`hold` has the lock, so that their first writes must wait longer than SQLite's default
five seconds.
"""

import io
import json
import os
import sys
import time
import traceback
from pathlib import Path

import django

FOLDER = Path(os.environ["CONTINUUM_VAR_DIR"])


def _signal(name: str) -> None:
    (FOLDER / name).touch()


def _wait_for(name: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not (FOLDER / name).exists():
        if time.monotonic() > deadline:
            sys.exit(f"{name} never came")
        time.sleep(0.05)


def prepare() -> dict:
    from django.core.management import call_command

    from continuum.organisation.tests.factories import (
        PartnerUserFactory,
        UserFactory,
    )
    from continuum.people.tests.factories import AllocationFactory

    call_command("migrate", verbosity=0)
    partner = PartnerUserFactory(username="partner")
    worker = UserFactory(username="worker")
    child = AllocationFactory(worker=worker, team=worker.team).person
    out = io.StringIO()
    call_command("api_token", partner.agency.slug, stdout=out)
    return {
        "partner": partner.pk,
        "worker": worker.pk,
        "child": child.pk,
        "token": out.getvalue().strip().splitlines()[-1],
    }


def hold(seconds: float) -> None:
    from django.db import transaction

    from continuum.governance.models import AuditAction, AuditEntry
    from continuum.organisation.models import User
    from continuum.people.models import Person

    user = User.objects.get(username="worker")
    person = Person.objects.get()
    _signal("ready-hold")
    _wait_for("go")
    with transaction.atomic():
        AuditEntry.objects.create(
            actor=user, person=person, action=AuditAction.VIEW, basis="holding the lock"
        )
        _signal("held")
        time.sleep(seconds)


def write(number: int, rounds: int, ids: dict) -> dict:
    """Autosave a draft, submit through the API (and retry with the same key), and open a
    child's record (an audit entry) `rounds` times, as fast as possible."""
    from django.test import Client

    from continuum.account.testing import force_login
    from continuum.frontdoor.api import EXAMPLE
    from continuum.frontdoor.models import Contact
    from continuum.organisation.models import User

    partner, worker, api = Client(), Client(), Client()
    # Signed in the whole way, second factor included, as conftest.py does for every test.
    force_login(partner, User.objects.get(pk=ids["partner"]))
    force_login(worker, User.objects.get(pk=ids["worker"]))
    form = {
        "worries": "",
        "child-TOTAL_FORMS": "1",
        "child-INITIAL_FORMS": "0",
        "child-0-family_name": "Sample",
        "child-0-sex": "F",
        "adult-TOTAL_FORMS": "0",
        "adult-INITIAL_FORMS": "0",
    }
    # A new request is stored on its first save (the form itself stores nothing).
    draft = (
        partner.post("/hub/requests/new/autosave", {**form, "worries": "first"})
        .json()["edit_url"]
        .split("/")[-2]
    )
    version = Contact.objects.get(pk=draft).version
    problems: list[str] = []
    keys = []
    _signal(f"ready-{number}")
    _wait_for("go")
    _wait_for("held")
    for round_ in range(rounds):
        try:
            saved = partner.post(
                f"/hub/requests/{draft}/autosave",
                {**form, "worries": f"round {round_}", "version": version},
            )
            if saved.status_code != 200 or not saved.json()["saved"]:
                problems.append(f"autosave {saved.status_code} {saved.content[:200]!r}")
            else:
                version = saved.json()["version"]
            key = f"writer-{number}-{round_}"
            body = {**EXAMPLE, "worries": key}
            for _attempt in range(2):  # the second is a retry with the same key
                sent = api.post(
                    "/api/v1/requests-for-support",
                    body,
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {ids['token']}", "Idempotency-Key": key},
                )
                if sent.status_code != 201:
                    problems.append(f"API {sent.status_code} {sent.content[:200]!r}")
            keys.append(key)
            opened = worker.get(f"/people/{ids['child']}/")
            if opened.status_code != 200:
                problems.append(f"record {opened.status_code}")
        except Exception:  # the test reports what went wrong, e.g. "database is locked"
            problems.append(traceback.format_exc(limit=3))
    return {"problems": problems, "keys": keys, "draft": int(draft), "version": version}


def main() -> None:
    django.setup()
    command = sys.argv[1]
    if command == "prepare":
        print(json.dumps(prepare()))
    elif command == "hold":
        hold(float(sys.argv[2]))
    elif command == "write":
        ids = json.loads((FOLDER / "ids.json").read_text())
        print(json.dumps(write(int(sys.argv[2]), int(sys.argv[3]), ids)))


if __name__ == "__main__":
    main()
