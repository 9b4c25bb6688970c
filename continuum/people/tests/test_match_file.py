"""`continuum match-file` end to end, on a handful of rows: loads a separate database (never
the live one), answers through the Hub's service, and writes the documented columns."""

import csv
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

INDEX = """person_id,given_name,family_name,date_of_birth,sex,postcode,address_line,nhs_number,carer_names
A1,Kayleigh,Smith,2016-03-04,F,FY1 3LA,12 Example Road,,Dean Smith; Dawn Smith
A2,Chloe,Smith,2016-03-04,F,FY1 3LA,12 Example Road,,Dean Smith; Dawn Smith
A3,Jack,Hart,2012-11-20,M,FY2 9AB,4 Old Lane,9434765919,
"""
QUERIES = """query_id,given_name,family_name,date_of_birth,sex,postcode,address_line,nhs_number,carer_names
Q1,Kayley,Smith,2016-04-03,,,,,Dean Smith
Q2,Ruby,Smith,2016-03-04,F,FY1 3LA,12 Example Road,,Dawn Smith
Q3,,,,,,,9434765919,
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "continuum.cli", "match-file", *args],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=300,
    )


def test_match_file_answers_every_query(tmp_path: Path):
    (tmp_path / "index.csv").write_text(INDEX, encoding="utf-8")
    (tmp_path / "queries.csv").write_text(QUERIES, encoding="utf-8")
    out = tmp_path / "answers.csv"
    result = run(
        "--index",
        str(tmp_path / "index.csv"),
        "--queries",
        str(tmp_path / "queries.csv"),
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert "Loaded 3 people" in result.stdout and "p95" in result.stdout
    with out.open(encoding="utf-8") as handle:
        rows = {r["query_id"]: r for r in csv.DictReader(handle)}
    assert list(next(iter(rows.values())).keys()) == [
        "query_id",
        "person_id",
        "score",
        "candidate_person_id",
        "candidate_score",
        "latency_ms",
    ]
    assert rows["Q1"]["person_id"] == "A1"  # nickname spelling, day and month swapped
    assert rows["Q2"]["person_id"] == ""  # an unrecorded triplet: never linked
    assert rows["Q2"]["candidate_person_id"] in ("A1", "A2")  # but the best candidate is shown
    assert rows["Q3"]["person_id"] == "A3"  # the NHS number alone
    assert all(float(r["latency_ms"]) >= 0 for r in rows.values())


def test_match_file_refuses_the_live_database(tmp_path: Path):
    (tmp_path / "index.csv").write_text(INDEX, encoding="utf-8")
    (tmp_path / "queries.csv").write_text(QUERIES, encoding="utf-8")
    # The database the command itself calls live (pytest's own connection is a test copy).
    live = os.environ.get("DATABASE_URL") or f"sqlite:///{settings.VAR_DIR / 'continuum.sqlite3'}"
    result = run(
        "--index",
        str(tmp_path / "index.csv"),
        "--queries",
        str(tmp_path / "queries.csv"),
        "--out",
        str(tmp_path / "a.csv"),
        "--database",
        live,
    )
    assert result.returncode != 0
    assert "live database" in result.stderr
