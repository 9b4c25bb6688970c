"""`continuum match-file --index index.csv --queries queries.csv --out answers.csv
[--database URL]`: benchmark the matching service on anyone's data.

The index is loaded into a separate database (a new SQLite file in a temporary folder unless
`--database` names another, e.g. an empty PostgreSQL database), never the live one. Every row
of the index file becomes a child's record, with its address and, for each carer named, an
adult's record related to the child as parent (carers with the same name at the same address
are one person, as in a family). The matching index is built as `continuum matching-index`
builds it. Each query is then answered by `find_candidates`, the function Hub screening
calls, and timed.

Input CSVs: UTF-8 with a header row; an empty string is a missing value. Index:
person_id,given_name,family_name,date_of_birth,sex,postcode,address_line,nhs_number,carer_names
(ISO dates, sex M/F/U, carer names separated by "; "); queries: the same with query_id first.
Output: query_id,person_id,score,candidate_person_id,candidate_score,latency_ms: `person_id`
is the decision (empty for "not known"), `candidate_*` the best candidate even below it.

The index may hold the same NHS number on several rows (a legacy system's duplicates): they
are all loaded, the command says how many numbers are shared, and lists them with the rows
holding each in `--duplicates` (default: beside the answers, `<out>-shared-nhs-numbers.csv`,
columns nhs_number,person_ids with the ids separated by "; ").
"""

import csv
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections, transaction

from continuum.core import clock
from continuum.people.matching import MatchQuery, find_candidates
from continuum.people.matching.duplicates import shared_nhs_numbers
from continuum.people.matching.index import build_index
from continuum.people.models import (
    Person,
    PersonAddress,
    PersonKind,
    Relationship,
    RelationshipKind,
)

INDEX_COLUMNS = [
    "person_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "address_line",
    "nhs_number",
    "carer_names",
]
QUERY_COLUMNS = ["query_id", *INDEX_COLUMNS[1:]]
OUT_COLUMNS = [
    "query_id",
    "person_id",
    "score",
    "candidate_person_id",
    "candidate_score",
    "latency_ms",
]
BATCH = 5000


def _date(value: str, where: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{where}: date_of_birth {value!r} is not an ISO date") from error


def _read(path: Path, columns: list[str]) -> list[dict[str, str]]:
    if not path.exists():
        raise CommandError(f"{path} does not exist")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"{path} lacks the column(s) {', '.join(missing)}")
        return [{c: (row.get(c) or "").strip() for c in columns} for row in reader]


def _same_database(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("ENGINE", "NAME", "HOST", "PORT")
    return all(str(a.get(k) or "") == str(b.get(k) or "") for k in keys)


class Command(BaseCommand):
    help = (
        "Load an index CSV into a separate database and answer a queries CSV through the matcher."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--index", type=Path, required=True)
        parser.add_argument("--queries", type=Path, required=True)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument(
            "--database",
            default="",
            help="an empty database to load into (default: a new SQLite file in a temporary folder)",
        )
        parser.add_argument(
            "--duplicates",
            type=Path,
            default=None,
            help="where to list NHS numbers held by more than one index row "
            "(default: <out>-shared-nhs-numbers.csv)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        index_rows = _read(options["index"], INDEX_COLUMNS)
        query_rows = _read(options["queries"], QUERY_COLUMNS)
        with tempfile.TemporaryDirectory(prefix="continuum-match-") as folder:
            url = options["database"] or f"sqlite:///{Path(folder) / 'match.sqlite3'}"
            self._use_database(url)
            started = time.perf_counter()
            call_command("migrate", verbosity=0, interactive=False)
            migrated = time.perf_counter()
            ids = self._load(index_rows)
            loaded = time.perf_counter()
            report = build_index()
            built = time.perf_counter()
            self.stdout.write(
                f"Loaded {len(index_rows)} people in {loaded - migrated:.1f} s "
                f"(database set up in {migrated - started:.1f} s); "
                f"matching index of {report.keys} keys built in {built - loaded:.1f} s"
            )
            self._report_shared(ids, options["duplicates"] or self._beside(options["out"]))
            latencies = self._answer(query_rows, ids, options["out"])
            connections["default"].close()
        ordered = sorted(latencies)
        p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)] if ordered else 0.0
        self.stdout.write(
            f"Answered {len(latencies)} queries: p50 {statistics.median(ordered) if ordered else 0:.1f} ms, "
            f"p95 {p95:.1f} ms, max {ordered[-1] if ordered else 0:.1f} ms; answers in {options['out']}"
        )

    @staticmethod
    def _beside(out: Path) -> Path:
        return out.with_name(f"{out.stem}-shared-nhs-numbers.csv")

    def _report_shared(self, ids: dict[int, str], path: Path) -> None:
        """Say how many NHS numbers the index holds more than once, and list them."""
        shared = shared_nhs_numbers()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["nhs_number", "person_ids"])
            for nhs, pks in sorted(shared.items()):
                writer.writerow([nhs, "; ".join(ids.get(pk, str(pk)) for pk in pks)])
        rows = sum(len(pks) for pks in shared.values())
        self.stdout.write(
            f"{len(shared)} NHS number(s) held by more than one record ({rows} records), "
            f"likely duplicates: listed in {path}"
        )

    def _use_database(self, url: str) -> None:
        """Point this process's default connection at the benchmark database, refusing the
        live one."""
        target = dj_database_url.parse(url)
        live = settings.DATABASES["default"]
        if _same_database(target, live):
            raise CommandError("--database names the live database; give a separate, empty one")
        if target["ENGINE"] == live["ENGINE"]:
            # The same connection options as the service (SQLite: WAL and its pragmas), so the
            # benchmark measures the database as the Hub uses it.
            target["OPTIONS"] = dict(live.get("OPTIONS", {}))
        connections["default"].close()
        connections.settings["default"] = connections.configure_settings({"default": target})[
            "default"
        ]
        del connections["default"]

    def _load(self, rows: list[dict[str, str]]) -> dict[int, str]:
        """Write people, addresses, carers and relationships with bulk inserts (no history
        rows: this is a benchmark copy, not the record). Returns pk -> the file's person_id."""
        if Person.objects.exists():
            raise CommandError("The benchmark database already holds people; give an empty one")
        today = clock.today()
        ids: dict[int, str] = {}
        carers: dict[tuple[str, str, str], Person] = {}
        with transaction.atomic():
            for start in range(0, len(rows), BATCH):
                batch = rows[start : start + BATCH]
                people = []
                for n, row in enumerate(batch, start + 1):
                    where = f"index row {n}"
                    if not row["person_id"] or not (row["given_name"] or row["family_name"]):
                        raise CommandError(f"{where}: needs a person_id and a name")
                    people.append(
                        Person(
                            kind=PersonKind.CHILD,
                            given_name=row["given_name"] or "Unknown",
                            family_name=row["family_name"] or "Unknown",
                            date_of_birth=_date(row["date_of_birth"], where),
                            sex=row["sex"] if row["sex"] in ("M", "F") else "U",
                            nhs_number=row["nhs_number"],
                        )
                    )
                created = Person.objects.bulk_create(people)
                addresses = []
                links: list[tuple[tuple[str, str, str], Person]] = []
                for person, row in zip(created, batch, strict=True):
                    ids[person.pk] = row["person_id"]
                    if row["postcode"] or row["address_line"]:
                        addresses.append(
                            PersonAddress(
                                person=person,
                                line_1=row["address_line"] or "Unknown",
                                postcode=row["postcode"],
                                start_date=today,
                            )
                        )
                    for name in filter(None, (n.strip() for n in row["carer_names"].split(";"))):
                        key = (name.lower(), row["postcode"], row["address_line"].lower())
                        if key not in carers:
                            given, _, family = name.partition(" ")
                            carers[key] = Person(
                                kind=PersonKind.ADULT,
                                given_name=given or "Unknown",
                                family_name=family or row["family_name"] or "Unknown",
                            )
                        links.append((key, person))
                PersonAddress.objects.bulk_create(addresses)
                new_carers = [c for c in carers.values() if c.pk is None]
                Person.objects.bulk_create(new_carers)
                Relationship.objects.bulk_create(
                    Relationship(person=carers[key], other=child, kind=RelationshipKind.PARENT)
                    for key, child in links
                )
        return ids

    def _answer(self, rows: list[dict[str, str]], ids: dict[int, str], out: Path) -> list[float]:
        latencies = []
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(OUT_COLUMNS)
            for n, row in enumerate(rows, 1):
                query = MatchQuery(
                    given_name=row["given_name"],
                    family_name=row["family_name"],
                    date_of_birth=_date(row["date_of_birth"], f"query row {n}"),
                    sex=row["sex"],
                    postcode=row["postcode"],
                    address_line=row["address_line"],
                    nhs_number=row["nhs_number"],
                    carer_names=tuple(
                        n.strip() for n in row["carer_names"].split(";") if n.strip()
                    ),
                    kind=PersonKind.CHILD,
                )
                started = time.perf_counter()
                candidates = find_candidates(query, limit=1, show_from=0.0)
                latency = (time.perf_counter() - started) * 1000
                latencies.append(latency)
                best = candidates[0] if candidates else None
                decided = best is not None and best.is_match
                writer.writerow(
                    [
                        row["query_id"],
                        ids.get(best.person.pk, "") if decided and best else "",
                        f"{best.score:.4f}" if decided and best else "",
                        ids.get(best.person.pk, "") if best else "",
                        f"{best.score:.4f}" if best else "",
                        f"{latency:.2f}",
                    ]
                )
        return latencies
