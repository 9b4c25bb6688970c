"""Directory search latency at 10,000 services (issue 5's target: p95 <= 20 ms).

    .venv/bin/python bench/directory/bench_search.py [--services 10000] [--queries 500]

Builds a fresh SQLite database in a temporary folder (set DATABASE_URL to measure PostgreSQL
instead), migrates it, loads the seed directory and generates the rest of the services
deterministically at real Blackpool postcodes (continuum.directory.demo), times loading the
in-memory search index (what the first search after a change pays), then runs a fixed,
seeded mix of searches the way the search page does: a postcode (nearest first, within 5
miles), and some of activity type, child's age, day, time and words; each timing covers
`search_service_at_locations` and `add_details` (distances, schedules, hub timetables), i.e.
every query the results page makes (wall-clock, and this process's CPU time, which is what a
busy shared machine inflates least). It also times the whole public page through Django's
test client, and the ORUK API's `/service_at_locations`.
"""

import argparse
import os
import platform
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def describe(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"{name:<34} p50 {statistics.median(ms):6.2f} ms  p95 {percentile(ms, 0.95):6.2f} ms  "
        f"p99 {percentile(ms, 0.99):6.2f} ms  max {max(ms):6.2f} ms  (n={len(ms)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="continuum-bench-directory-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "continuum.settings")
    # As in production: with DEBUG on, Django records every query and its SQL text.
    os.environ["DJANGO_DEBUG"] = "0"
    # DEBUG off needs a real secret key: a throwaway one will do for a bench.
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + secrets.token_urlsafe(48))
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")  # the test client speaks http
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from continuum.directory import demo, search_index
    from continuum.directory.models import Service, ServiceAtLocation, TaxonomyTerm
    from continuum.directory.postcodes import authority_postcodes
    from continuum.directory.search import (
        SearchQuery,
        add_details,
        search_service_at_locations,
    )
    from continuum.directory.seed import load_seed

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_seed()
    seeded = Service.objects.count()
    demo.generate(random.Random(args.seed), count=args.services - seeded)
    built = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would soon give
    services = Service.objects.count()
    places = ServiceAtLocation.objects.count()

    rng = random.Random(args.seed)
    postcodes = authority_postcodes()
    terms = list(TaxonomyTerm.objects.filter(taxonomy__name="FYI activity types"))
    words = ["parenting", "play", "baby", "food", "youth club", "support", "wellbeing", "job"]
    queries = []
    for _ in range(args.queries):
        queries.append(
            SearchQuery(
                postcode=rng.choice(postcodes).postcode,
                proximity_m=8047,
                taxonomy_term_ids=(rng.choice(terms).pk,) if rng.random() < 0.5 else (),
                age=rng.randint(0, 17) if rng.random() < 0.5 else None,
                day=rng.randint(0, 6) if rng.random() < 0.4 else None,
                open_at=rng.choice([None, None, None, dt_time(10), dt_time(18)]),
                text=rng.choice(words) if rng.random() < 0.3 else "",
            )
        )
    # The in-memory index is loaded on the first search after any change to the directory,
    # once per process: time that load on its own.
    loads = []
    for _ in range(3):
        begin = time.perf_counter()
        search_index.Snapshot(search_index.current_token())
        loads.append(time.perf_counter() - begin)
    for query in queries[:20]:  # warm the caches (postcode index, SQLite pages)
        add_details(search_service_at_locations(query).items)

    search_times = []
    cpu_times = []
    totals = []
    for query in queries:
        begin, begin_cpu = time.perf_counter(), time.process_time()
        page = search_service_at_locations(query)
        add_details(page.items)
        search_times.append(time.perf_counter() - begin)
        cpu_times.append(time.process_time() - begin_cpu)
        totals.append(page.total)

    client = Client(SERVER_NAME="localhost")
    client.get("/services/")
    page_times = []
    api_times = []
    for query in queries[:200]:
        params = {"postcode": query.postcode, "distance": "5", "q": query.text}
        if query.age is not None:
            params["age"] = str(query.age)
        begin = time.perf_counter()
        response = client.get("/services/", params)
        page_times.append(time.perf_counter() - begin)
        assert response.status_code == 200, response.status_code
        begin = time.perf_counter()
        response = client.get(
            "/api/v1/directory/service_at_locations",
            {"postcode": query.postcode, "proximity": "8047", "search": query.text},
        )
        api_times.append(time.perf_counter() - begin)
        assert response.status_code == 200, response.status_code

    print(
        f"Database: {connection.vendor}; {services:,} services at {places:,} places "
        f"(built in {built:.0f} s)"
    )
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"Results per query: median {statistics.median(totals):.0f}, max {max(totals)}")
    print(f"Load average while measuring: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"Loading the in-memory search index: best of 3 {min(loads) * 1000:.0f} ms")
    print(describe("search + details (page's queries)", search_times))
    print(describe("  the same, CPU time of this process", cpu_times))
    print(describe("whole page GET /services/", page_times))
    print(describe("API GET /service_at_locations", api_times))


def dt_time(hour: int):
    import datetime

    return datetime.time(hour)


if __name__ == "__main__":
    main()
