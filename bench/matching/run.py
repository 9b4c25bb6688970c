"""The person-matching benchmark: Continuum's matcher (through `continuum match-file`, on
SQLite and optionally PostgreSQL) and Splink's own matcher, on the same synthetic data in the
same run.

    python bench/matching/run.py --people 100000 --queries 3000 --seed 1 --work DIR \
        [--postgres postgres://USER:PASSWORD@HOST:PORT/EMPTY_DB] [--splink-latency 50]

Prints one JSON document with, for each engine, precision, recall and F1 of the top-1
decision, the wrong-link rate for absent twins and siblings, and p50/p95 latency per lookup,
plus the time to load and to build the matching index.
"""

import argparse
import csv
import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.matching.evaluate import evaluate, percentile, read_answers  # noqa: E402
from bench.matching.generate import generate  # noqa: E402


def continuum(work: Path, database: str, label: str) -> dict:
    out = work / f"answers-{label}.csv"
    command = [
        str(ROOT / ".venv/bin/continuum"),
        "match-file",
        "--index",
        str(work / "index.csv"),
        "--queries",
        str(work / "queries.csv"),
        "--out",
        str(out),
    ]
    if database:
        command += ["--database", database]
    started = time.perf_counter()
    # match-file reads files and, at most, a database of the bench's own: a throwaway key will
    # do where none is set (DEBUG off needs one).
    env = {**os.environ}
    env.setdefault("DJANGO_SECRET_KEY", "bench-only-" + secrets.token_urlsafe(48))
    log = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True, env=env
    ).stdout
    answers, latencies = read_answers(out)
    result = evaluate(work / "truth.csv", answers, latencies)
    load = re.search(r"Loaded \d+ people in ([\d.]+) s", log)
    build = re.search(r"built in ([\d.]+) s", log)
    result["load_s"] = float(load.group(1)) if load else None
    result["index_build_s"] = float(build.group(1)) if build else None
    result["total_s"] = round(time.perf_counter() - started, 1)
    result["log"] = log.strip()
    return result


def splink(work: Path, sample: int) -> dict:
    from bench.matching.splink_models import SplinkReference, features

    def read(name: str) -> list[dict]:
        with (work / name).open(encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    started = time.perf_counter()
    index = features(read("index.csv"), "person_id", "index")
    training = features(read("train_queries.csv"), "query_id", "queries")
    queries = features(read("queries.csv"), "query_id", "queries")
    reference = SplinkReference(index, training)
    trained = time.perf_counter()
    best = reference.best(queries)
    batch = time.perf_counter()
    answers = {q: pid for q, (pid, p) in best.items() if p >= 0.5}
    result = evaluate(work / "truth.csv", answers)
    latencies = []
    for query in queries[:sample]:
        one = time.perf_counter()
        reference.best([query])
        latencies.append((time.perf_counter() - one) * 1000)
    result["p50_ms"] = round(percentile(latencies, 0.5), 1)
    result["p95_ms"] = round(percentile(latencies, 0.95), 1)
    result["latency_sample"] = len(latencies)
    result["train_s"] = round(trained - started, 1)
    result["batch_predict_s"] = round(batch - trained, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--postgres", default="", help="an empty PostgreSQL database URL")
    parser.add_argument("--splink-latency", type=int, default=50, help="single lookups to time")
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not (args.work / "index.csv").exists():
        generate(args.people, args.queries, args.seed, args.work)
    with (args.work / "index.csv").open(encoding="utf-8") as handle:
        people = sum(1 for _ in handle) - 1
    results: dict = {"people": people, "work": str(args.work)}
    if not args.skip_sqlite:
        results["continuum_sqlite"] = continuum(args.work, "", "sqlite")
    if args.postgres:
        results["continuum_postgresql"] = continuum(args.work, args.postgres, "postgresql")
    if not args.skip_splink:
        results["splink"] = splink(args.work, args.splink_latency)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
