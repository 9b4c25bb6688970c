"""Time look-ups again against a database a benchmark run has already loaded, without
loading it again: every query of a queries.csv through `find_candidates`, the Hub's service,
exactly as `continuum match-file` answers them (one candidate, children only).

    DATABASE_URL=postgres://... python bench/matching/retime.py --queries DIR/queries.csv

Use it to re-time latency on a quiet machine after a run whose timings were taken while
something else was busy (for example PostgreSQL's autovacuum working through the million
rows the run had just loaded). It reads only; the database is left as it was.
"""

import argparse
import csv
import datetime as dt
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--warm", type=int, default=100, help="queries answered first, untimed")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "continuum.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    # DEBUG off needs a real secret key: a throwaway one will do for a bench.
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + secrets.token_urlsafe(48))
    import django

    django.setup()
    from django.db import connection

    from continuum.people.matching import MatchQuery, find_candidates
    from continuum.people.matching.index import index_size
    from continuum.people.models import PersonKind

    with args.queries.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    queries = [
        MatchQuery(
            given_name=row["given_name"],
            family_name=row["family_name"],
            date_of_birth=dt.date.fromisoformat(row["date_of_birth"])
            if row["date_of_birth"]
            else None,
            sex=row["sex"],
            postcode=row["postcode"],
            address_line=row["address_line"],
            nhs_number=row["nhs_number"],
            carer_names=tuple(n.strip() for n in row["carer_names"].split(";") if n.strip()),
            kind=PersonKind.CHILD,
        )
        for row in rows
    ]
    for query in queries[: args.warm]:
        find_candidates(query, limit=1, show_from=0.0)
    load = os.getloadavg()
    times = []
    for query in queries:
        started = time.perf_counter()
        find_candidates(query, limit=1, show_from=0.0)
        times.append((time.perf_counter() - started) * 1000)
    ordered = sorted(times)
    print(
        f"{connection.vendor}, {index_size():,} records in the index, {len(times):,} queries; "
        f"load average before {load[0]:.2f}, after {os.getloadavg()[0]:.2f}"
    )
    print(
        f"p50 {statistics.median(times):.1f} ms, p95 {ordered[int(0.95 * (len(ordered) - 1))]:.1f} ms, "
        f"max {ordered[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
