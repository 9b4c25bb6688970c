"""Benchmark: `continuum demo` at Blackpool's size (28,000 children) into a fresh SQLite file.

    .venv/bin/python bench/demo_generator.py [--children N] [--seed S] [--no-record]

Runs `continuum migrate` and then `continuum demo` as child processes in a temporary folder
(CONTINUUM_VAR_DIR and DATABASE_URL point there, so the project's own var/ is untouched),
times the demo step, reads the peak memory of the child processes, counts the rows the demo
wrote, prints the figures and appends a dated row to BENCHMARKS.md. Exits non-zero when the
demo takes longer than the 2-minute budget, so a slowdown is noticed.
"""

import argparse
import datetime as dt
import os
import resource
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
SECTION = "## Demo generator (`continuum demo`)"
BUDGET_SECONDS = 120
TABLE_HEADER = (
    "| date | commit | command | children | adults | rows written | machine | peak RSS | seconds |\n"
    "| --- | --- | --- | ---: | ---: | ---: | --- | ---: | ---: |\n"
)
SECTION_TEXT = f"""{SECTION}

`bench/demo_generator.py` (`make bench`): a fresh SQLite database in a temporary folder,
`continuum migrate`, then `continuum demo` timed on its own. "Rows written" counts every row
the demo added (people, names, addresses, relationships, households, allocations, chronology
events and users). Peak RSS is the largest child process (the demo). Budget: 2 minutes.

{TABLE_HEADER}"""


def continuum(*args: str, env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "continuum.cli", *args]
    subprocess.run(command, env=env, cwd=ROOT, check=True)  # noqa: S603 (our own arguments)


def table_rows(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608


def query(database: Path, sql: str) -> int:
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchone()[0]


def machine() -> str:
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} CPUs, {ram:.0f} GB RAM, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}"


def git(*args: str) -> str:
    try:
        found = subprocess.run(  # noqa: S603 (fixed git arguments)
            ["git", *args],  # noqa: S607 (git from PATH, as a developer runs it)
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    except OSError:
        return ""
    return found.stdout.strip()


def commit() -> str:
    """The commit measured; "+changes" when the working tree differs from it."""
    sha = git("rev-parse", "--short", "HEAD") or "?"
    return f"{sha}+changes" if git("status", "--porcelain") else sha


def record(row: str) -> None:
    """Append the row to this benchmark's table, creating the file or section if needed."""
    if not BENCHMARKS.exists():
        BENCHMARKS.write_text(
            "# Benchmarks\n\nFigures recorded by the scripts in `bench/` (`make bench`), newest last.\n\n"
            + SECTION_TEXT
        )
    text = BENCHMARKS.read_text()
    if SECTION not in text:
        text = text.rstrip("\n") + "\n\n" + SECTION_TEXT
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(SECTION))
    header = next(i for i in range(start, len(lines)) if lines[i].startswith("| date |"))
    end = header
    while end + 1 < len(lines) and lines[end + 1].startswith("|"):
        end += 1
    lines.insert(end + 1, row + "\n")
    BENCHMARKS.write_text("".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=28_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-record", action="store_true", help="print only; leave BENCHMARKS.md")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="continuum-bench-") as folder:
        database = Path(folder) / "bench.sqlite3"
        env = {
            **os.environ,
            "CONTINUUM_VAR_DIR": folder,
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_SETTINGS_MODULE": "continuum.settings",
            # A throwaway database, so a throwaway key (DEBUG off needs one).
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY")
            or "bench-only-" + secrets.token_urlsafe(48),
        }
        continuum("migrate", "--no-input", "-v", "0", env=env)
        before = table_rows(database)
        command = ["demo", "--children", str(options.children), "--seed", str(options.seed)]
        started = time.perf_counter()
        continuum(*command, env=env)
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        after = table_rows(database)
        written = sum(after[t] - before.get(t, 0) for t in after)
        children = query(database, "SELECT COUNT(*) FROM people_person WHERE kind = 'child'")
        adults = query(database, "SELECT COUNT(*) FROM people_person WHERE kind = 'adult'")
        caseload = query(
            database,
            "SELECT COUNT(*) FROM people_allocation a JOIN organisation_user u ON a.worker_id = u.id"
            " WHERE u.username = 'sw.demo' AND a.end_date IS NULL",
        )

    today = dt.datetime.now(tz=dt.UTC).date().isoformat()
    shown = f"`continuum {' '.join(command)}`"
    row = (
        f"| {today} | {commit()} | {shown} | {children:,} | {adults:,} | {written:,} | "
        f"{machine()} | {peak_mb:,.0f} MB | {seconds:.1f} |"
    )
    print(f"continuum {' '.join(command)}: {seconds:.1f} s, peak RSS {peak_mb:,.0f} MB")
    print(
        f"{children:,} children, {adults:,} adults, {written:,} rows; sw.demo caseload {caseload}"
    )
    print(f"machine: {machine()}")
    if not options.no_record:
        record(row)
        print(f"recorded in {BENCHMARKS.name}")
    if seconds > BUDGET_SECONDS:
        print(f"over the {BUDGET_SECONDS} s budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
