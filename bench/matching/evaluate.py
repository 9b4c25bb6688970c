"""Score an answers.csv against the ground truth: precision, recall and F1 of the top-1
decision, the wrong-link rate for absent twins and siblings, and latency percentiles.

    python bench/matching/evaluate.py --truth DIR/truth.csv --answers answers.csv

Definitions: a true positive is a decision naming the right person; a false positive is a
decision naming anyone else (a wrong person for a known query, or anyone for an absent one);
a false negative is a known query whose decision is not the right person. So a wrong person
for a known query counts against both precision and recall.
"""

import argparse
import csv
import json
from collections import Counter
from pathlib import Path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = share * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def evaluate(
    truth_path: Path, answers: dict[str, str], latencies: list[float] | None = None
) -> dict:
    with truth_path.open(encoding="utf-8") as handle:
        truth = list(csv.DictReader(handle))
    tp = fp = fn = 0
    by_category: Counter = Counter()
    wrong_by_category: Counter = Counter()
    misses_by_change: Counter = Counter()
    known_by_change: Counter = Counter()
    for row in truth:
        decided = answers.get(row["query_id"], "")
        expected = row["person_id"]
        category = row["category"]
        by_category[category] += 1
        if expected:
            for change in row["changes"].split("|"):
                known_by_change[change or "none"] += 1
            if decided == expected:
                tp += 1
            else:
                fn += 1
                for change in row["changes"].split("|") or ["none"]:
                    misses_by_change[change or "none"] += 1
                if decided:
                    fp += 1
                    wrong_by_category[category] += 1
        elif decided:
            fp += 1
            wrong_by_category[category] += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    family = by_category["absent twin"] + by_category["absent sibling"]
    family_wrong = wrong_by_category["absent twin"] + wrong_by_category["absent sibling"]
    result = {
        "queries": len(truth),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "absent_twin_or_sibling": family,
        "twin_sibling_wrong_link_rate": round(family_wrong / family, 4) if family else 0.0,
        "absent_twin_wrong_link_rate": round(
            wrong_by_category["absent twin"] / by_category["absent twin"], 4
        )
        if by_category["absent twin"]
        else 0.0,
        "wrong_links_by_category": dict(wrong_by_category),
        "misses_by_change": dict(misses_by_change.most_common()),
        # Known queries with each kind of change: found / all, and the share found.
        "recall_by_change": {
            change: f"{n - misses_by_change[change]}/{n} = {(n - misses_by_change[change]) / n:.3f}"
            for change, n in sorted(known_by_change.items())
        },
    }
    if latencies:
        result["p50_ms"] = round(percentile(latencies, 0.5), 2)
        result["p95_ms"] = round(percentile(latencies, 0.95), 2)
        result["max_ms"] = round(max(latencies), 2)
    return result


def read_answers(path: Path) -> tuple[dict[str, str], list[float]]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return (
        {r["query_id"]: r["person_id"] for r in rows},
        [float(r["latency_ms"]) for r in rows if r.get("latency_ms")],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--answers", type=Path, required=True)
    args = parser.parse_args()
    answers, latencies = read_answers(args.answers)
    print(json.dumps(evaluate(args.truth, answers, latencies), indent=2))


if __name__ == "__main__":
    main()
