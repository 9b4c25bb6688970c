"""Train Continuum's matching model with Splink and write parameters.json.

    python bench/matching/train.py --index DIR/index.csv --queries DIR/train_queries.csv \
        [--out continuum/people/matching/parameters.json]

The training descriptions are a separate set from the ones the benchmark scores (the
generator writes both), so the benchmark never tests on what the model was trained on. On a
live index, the descriptions would be past contacts' named people.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.matching.splink_models import features, train_continuum

PARAMETERS = Path(__file__).resolve().parents[2] / "continuum/people/matching/parameters.json"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=PARAMETERS)
    args = parser.parse_args()
    index = features(read(args.index), "person_id", "index")
    queries = features(read(args.queries), "query_id", "queries")
    parameters = train_continuum(index, queries)
    args.out.write_text(json.dumps(parameters, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(parameters, indent=2))


if __name__ == "__main__":
    main()
