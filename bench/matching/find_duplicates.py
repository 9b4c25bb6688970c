"""Time `find-duplicates`' matcher pass on a loaded benchmark database, and compare it with
one Hub look-up per record on a sample.

    python bench/matching/find_duplicates.py --database sqlite:///DIR/bench.sqlite3 \
        [--workers N] [--sample 5000]

Load the database first with `continuum match-file --index DIR/index.csv --queries ...
--database sqlite:///DIR/bench.sqlite3` (it builds the matching index). Nothing is written
to the database: the pairs are found, counted and dropped. Prints one JSON document: records,
pairs, seconds (wall and this process's CPU) for reading the index into memory and for the
sweep; with --sample, the first N records looked up one at a time (the way find-duplicates
worked before the sweep) and whether both ways gave the same pairs for them.
"""

import argparse
import json
import os
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--sample", type=int, default=0)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "continuum.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # a throwaway benchmark copy, never served
    import django

    django.setup()
    from continuum.people.matching import rules, sweep
    from continuum.people.matching.duplicates import describe
    from continuum.people.matching.service import parameters, score_description

    cutoff = parameters().threshold
    result: dict = {}
    wall, cpu = time.perf_counter(), time.process_time()
    records = sweep.load()
    result["records"] = len(records.pids)
    result["keys"] = len(records.key_hashes)
    result["load_s"] = round(time.perf_counter() - wall, 1)
    result["load_cpu_s"] = round(time.process_time() - cpu, 1)
    wall = time.perf_counter()
    swept = list(sweep.sweep(records, cutoff, workers=args.workers))
    result["sweep_s"] = round(time.perf_counter() - wall, 1)
    result["pairs"] = len({pair for found in swept for pair, _, _ in found})
    if args.sample:
        wall = time.perf_counter()
        one_by_one = []
        for i in range(min(args.sample, len(records.pids))):
            pid = int(records.pids[i])
            description = describe(rules.Profile.from_json(pid, json.loads(records.texts[i])))
            found = []
            for scored, other in score_description(description, kind=records.kinds[i], exclude=pid)[
                :3
            ]:
                if scored.probability < cutoff or scored.ruled_out:
                    break
                pair = (min(pid, other.person_id), max(pid, other.person_id))
                found.append((pair, scored.probability, rules.explain(description, other, scored)))
            one_by_one.append(found)
        seconds = time.perf_counter() - wall
        result["sample"] = len(one_by_one)
        result["sample_one_by_one_s"] = round(seconds, 1)
        result["sample_same_pairs"] = one_by_one == list(islice(iter(swept), len(one_by_one)))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
