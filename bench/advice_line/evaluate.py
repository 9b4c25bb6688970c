"""Measure the Advice Line identifying-detail detector on the labelled synthetic notes.

    python bench/advice_line/evaluate.py            # print the table
    python bench/advice_line/evaluate.py --write    # and update BENCHMARKS.md
    python bench/advice_line/evaluate.py --errors tune   # list misses and false alarms

Span level: a labelled span is found (recall) if any finding overlaps it; a finding is
correct (precision) if it overlaps any labelled span. Note level: a note is refused when
there is any finding; a clean note refused is a false refusal. Latency is the wall time of
``find_identifying_details`` per note after the detector has been built, over every note
three times, plus a fixed 500-character note.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from continuum.frontdoor.identifying import (  # noqa: E402
    KINDS,
    Lexicon,
    find_identifying_details,
    get_detector,
)

SPLITS = ("tune", "validation", "heldout")
ERROR_SPLITS = ("tune", "validation")  # never print the held-out errors: it stays unseen
SECTION = "## Advice Line: identifying-detail detection"
NOTE_500 = (
    "Health visitor calling about a 2-year-old. Mum says Dad has been violent since May "
    "half-term and Nan is helping out. Young person (older sibling, Year 9) seen near Squires "
    "Gate late at night; there is little hope Dad will engage. Advised to speak to the DSL, "
    "CAMHS and Families in Need, and to submit a Request for Support if things escalate. "
    "Meeting with the SENCO on 3 March at 10:30. Hub line 01253 477299 given. Stanley Park "
    "incident reported to police; no injuries. Grace period agreed with the landlord."
)


def load(split: str) -> list[dict]:
    path = HERE / "data" / f"{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(notes: list[dict], lexicon: Lexicon) -> dict:
    labels = found = predictions = correct = 0
    per_kind = {k: [0, 0] for k in KINDS}
    oov = [0, 0]
    kind_match = 0
    refused = {True: 0, False: 0}
    totals = {True: 0, False: 0}
    misses, false_alarms = [], []
    for note in notes:
        text = note["text"]
        findings = find_identifying_details(text)
        spans = [(s["start"], s["end"], s["kind"]) for s in note["spans"]]
        for s, e, kind in spans:
            labels += 1
            per_kind[kind][1] += 1
            hits = [f for f in findings if overlaps((s, e), (f.start, f.end))]
            if hits:
                found += 1
                per_kind[kind][0] += 1
                kind_match += any(f.kind == kind for f in hits)
            else:
                misses.append((note["id"], kind, text[s:e], text))
            if kind == "name":
                words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text[s:e])
                known = {w.title() for w in words} & (lexicon.first_names | lexicon.surnames)
                if len(known) < len(
                    [w for w in words if w not in ("Mr", "Mrs", "Ms", "Miss", "Dr")]
                ):
                    oov[1] += 1
                    oov[0] += bool(hits)
        for f in findings:
            predictions += 1
            if any(overlaps((s, e), (f.start, f.end)) for s, e, _ in spans):
                correct += 1
            else:
                false_alarms.append((note["id"], f.kind, f.text, text))
        totals[note["identifying"]] += 1
        refused[note["identifying"]] += bool(findings)
    return {
        "notes": len(notes),
        "labels": labels,
        "recall": found / labels if labels else 1.0,
        "precision": correct / predictions if predictions else 1.0,
        "predictions": predictions,
        "kind_agreement": kind_match / found if found else 1.0,
        "per_kind": per_kind,
        "oov_names": oov,
        "identifying_notes": totals[True],
        "clean_notes": totals[False],
        "refused_identifying": refused[True],
        "refused_clean": refused[False],
        "misses": misses,
        "false_alarms": false_alarms,
    }


def latency(notes: list[dict]) -> dict:
    times = []
    for _ in range(3):
        for note in notes:
            t = time.perf_counter()
            find_identifying_details(note["text"])
            times.append((time.perf_counter() - t) * 1000)
    fixed = []
    for _ in range(200):
        t = time.perf_counter()
        find_identifying_details(NOTE_500)
        fixed.append((time.perf_counter() - t) * 1000)
    q = statistics.quantiles
    return {
        "p50": statistics.median(times),
        "p95": q(times, n=20)[18],
        "p50_500": statistics.median(fixed),
        "p95_500": q(fixed, n=20)[18],
        "mean_chars": statistics.mean(len(n["text"]) for n in notes),
    }


def table(results: dict[str, dict], lat: dict, build_s: float) -> str:
    rows = [
        "| split | notes (identifying / clean) | labelled spans | span recall | span precision "
        "| notes refused: identifying | clean notes falsely refused | unlisted-name recall |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for split, r in results.items():
        oov_found, oov_total = r["oov_names"]
        oov = f"{oov_found}/{oov_total}" if oov_total else "n/a"
        rows.append(
            f"| {split} | {r['notes']} ({r['identifying_notes']} / {r['clean_notes']}) "
            f"| {r['labels']} | {r['recall']:.3f} | {r['precision']:.3f} "
            f"| {r['refused_identifying']}/{r['identifying_notes']} "
            f"| {r['refused_clean']}/{r['clean_notes']} ({r['refused_clean'] / r['clean_notes']:.1%}) "
            f"| {oov} |"
        )
    rows.append("")
    rows.append("Recall by kind (found / labelled):")
    rows.append("")
    rows.append("| kind | " + " | ".join(results) + " |")
    rows.append("| --- |" + " --- |" * len(results))
    for kind in KINDS:
        cells = []
        for r in results.values():
            got, total = r["per_kind"][kind]
            cells.append(f"{got}/{total}" if total else "-")
        rows.append(f"| {kind} | " + " | ".join(cells) + " |")
    rows.append("")
    rows.append(
        f"Latency per note (mean {lat['mean_chars']:.0f} characters): p50 {lat['p50']:.1f} ms, "
        f"p95 {lat['p95']:.1f} ms; fixed 500-character note: p50 {lat['p50_500']:.1f} ms, "
        f"p95 {lat['p95_500']:.1f} ms. Cold start (import and build the detector in a new "
        f"process, once per process): {build_s:.1f} s."
    )
    return "\n".join(rows)


def cold_start() -> float:
    """Seconds to import the module and build the detector in a fresh process."""
    code = (
        "import time; t = time.perf_counter(); "
        "from continuum.frontdoor.identifying import get_detector; get_detector(); "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def write_section(body: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = f"{SECTION}\n\n{body.rstrip()}\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: section + "\n", current, count=1).rstrip() + "\n"
    else:
        updated = current.rstrip() + "\n\n" + section
    path.write_text(updated, encoding="utf-8")


SECTION_TEXT = """\
What it measures: whether `continuum.frontdoor.identifying.find_identifying_details` finds
the details that identify a child or family in Advice Line notes (names, dates of birth,
street addresses, postcodes, phone numbers, email addresses, NHS and National Insurance
numbers, school names) without refusing clean notes. The notes are synthetic and labelled
by `bench/advice_line/generate.py` (labelling rules in its docstring); every name and number
in them is invented.

- Command: `.venv/bin/python bench/advice_line/evaluate.py --write`
- Data: {data}
- Machine: {machine}
- Three splits, each with its own seed, separately written sentence bank, name lists, street
  and school names, postcodes and date and phone formats (see `generate.py`):
  - `tune`: what the rules and word lists were tuned on; its names come from the same lists
    as the detector's.
  - `validation`: names from Faker en_NZ, pl_PL, ro_RO, lt_LT and en_IN and a separate
    children's list. Its errors were studied during development (see below), so it is a
    development set, not a test.
  - `heldout`: names from Faker en_PK, cs_CZ, hu_HU, it_IT, pt_BR, lv_LV, en_KE and sk_SK and
    another children's list. Its errors are never printed (`--errors` refuses it).
- Span recall: labelled spans overlapped by a finding. Span precision: findings that overlap
  a labelled span. "Unlisted-name recall": labelled names with a word in neither of the
  detector's name lists.

{table}

Development record (figures seen along the way, not re-measured by this command):

- `validation` was first generated as the only held-out split. Its first measurement, with
  the first working detector: span recall 0.983, precision 0.843, 35/200 clean notes falsely
  refused. Its errors were then studied (an unknown service name after "involved with",
  names in capitals, names before "b." and a date), so it became a development set, and
  `heldout` was written to replace it.
- `heldout`, first measurement (after tuning on `tune` only): recall 0.993, precision 0.711,
  52/200 clean notes falsely refused. After general rules suggested by `validation`'s errors
  (unknown capitalised words after "speaks", "uses", "referred to", "involved with"; words
  built from two English words such as "Nightstop"; a stricter everyday-word list; names in
  capitals and before a date of birth; academy trusts are not schools): recall 0.997,
  precision 0.938, 9/200. Its aggregate figures were printed while developing, its errors
  never. One of its clean sentences was corrected by hand because its own label was wrong
  ("Nanna Jean" does name a person); nothing else in it was changed.
- Read the perfect `heldout` row with care: one person wrote all three sentence banks and
  the rules, and some general rules (languages after "speaks", medicines after "uses",
  academy trusts) were written knowing what kinds of sentence `heldout` holds. A spot check
  on 31 sentences written after tuning ended found 3 of 16 clean sentences refused (a
  medicine brand after "is on", a phone brand, a named sixth-form college, which the rules
  count as a school) and 1 of 15 identifying sentences accepted (a given name that is an
  everyday word, "Mum, Precious, has ..."). Expect real notes to do worse than these tables
  until it is measured on notes written by practitioners.
- Synthetic notes repeat their sentence templates, so one sentence the detector gets wrong
  recurs in about one note in twenty: the note-level figures move in steps of that size.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument("--errors", choices=ERROR_SPLITS, help="list misses and false alarms")
    args = parser.parse_args()

    build_s = cold_start()
    get_detector()
    lexicon = Lexicon.load()
    data = {split: load(split) for split in SPLITS}
    results = {split: evaluate(notes, lexicon) for split, notes in data.items()}
    if args.errors:
        r = results[args.errors]
        for note_id, kind, text, _ in r["misses"]:
            print(f"MISS  {note_id} {kind:14} {text!r}")
        for note_id, kind, text, note in r["false_alarms"]:
            print(f"FALSE {note_id} {kind:14} {text!r}  <- {note[:140]!r}")
        return
    lat = latency(data["tune"] + data["heldout"])
    out = table(results, lat, build_s)
    print(out)
    if args.write:
        sizes = ", ".join(
            f"{s}: {r['notes']} notes, {r['labels']} labelled spans" for s, r in results.items()
        )
        write_section(SECTION_TEXT.format(data=sizes, machine=machine(), table=out))
        print("\nBENCHMARKS.md updated.")


if __name__ == "__main__":
    main()
