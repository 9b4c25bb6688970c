"""`make mutation`: mutation testing (mutmut) of the access policy, the audit and the actions.

    python tools/mutation.py [--jobs N] [--fresh] [--report-only] [MUTANT_GLOB ...]

MUTANT_GLOB re-tests only those mutants, e.g. "continuum.people.actions.x_merge_people*"
after adding a test. Results are kept between runs (var/mutation/mutants/): a function whose
code did not change is not tested again unless named.

mutmut is configured in pyproject.toml ([tool.mutmut]). It skips every decorated function,
and nearly every action is decorated with `@transaction.atomic`, so run directly it would
report nothing about the checks that matter and look clean. This script therefore:

1. stages a copy of the project in var/mutation/ (only files that changed are rewritten, so
   mutmut's cache of earlier results stays valid);
2. in the staged copy of each file to mutate, moves `@transaction.atomic` (and the view
   decorators below) from above each top-level function to an assignment at the end of the
   module (`decide = transaction.atomic(decide)`): the same behaviour, and the decorator's
   line left blank so every other line keeps its number;
3. runs `mutmut run` there;
4. prints every mutant that was not killed, grouped by file and function, with its line in
   the real source and the mutation, and writes the same to var/mutation/report.txt.

The closing line counts the outcomes ("mutation: 612 killed, 14 survived, ...").
"""

import argparse
import ast
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections import defaultdict
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE = ROOT / "var" / "mutation"
# What the tests need beside the package (mutmut copies tests/ and pyproject.toml itself).
STAGED = ["continuum", "tests", "conftest.py", "config", "pyproject.toml"]
SKIP_NAMES = {"__pycache__", ".pytest_cache"}
# Decorators that may run at the end of the module instead of above the function: they only
# wrap it, and nothing in these modules calls the function while the module is loading.
MOVABLE_DECORATORS = {
    "transaction.atomic",
    "require_POST",
    "require_GET",
    "login_required",
}


def mutmut_config() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["tool"]["mutmut"]


def should_mutate(path: str, config: dict) -> bool:
    """The same test mutmut applies (configuration.Config.should_mutate)."""
    if not path.endswith(".py"):
        return False
    only = config.get("only_mutate", [])
    if only and not any(fnmatch(path, p) for p in only):
        return False
    return not any(fnmatch(path, p) for p in config.get("do_not_mutate", []))


def files_to_stage() -> list[Path]:
    found = []
    for name in STAGED:
        path = ROOT / name
        if path.is_file():
            found.append(path.relative_to(ROOT))
            continue
        for file in path.rglob("*"):
            if file.is_file() and not SKIP_NAMES & set(file.relative_to(ROOT).parts):
                found.append(file.relative_to(ROOT))
    return sorted(found)


def decorator_name(node: ast.expr) -> str:
    return ast.unparse(node)


def move_decorators(source: str) -> tuple[str, list[str], list[str]]:
    """Move movable decorators of top-level functions to the end of the module.

    Returns the new source, the functions whose decorators were moved, and the functions that
    keep a decorator (mutmut will not mutate those: they are reported as such)."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    moved: list[str] = []
    kept: list[str] = []
    tail: list[str] = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or not node.decorator_list:
            continue
        names = [decorator_name(d) for d in node.decorator_list]
        if not all(n in MOVABLE_DECORATORS for n in names):
            kept.append(node.name)
            continue
        for decorator in node.decorator_list:
            for number in range(decorator.lineno, decorator.end_lineno + 1):
                lines[number - 1] = "\n"
        wrapped = node.name
        for name in reversed(names):
            wrapped = f"{name}({wrapped})"
        tail.append(f"{node.name} = {wrapped}\n")
        moved.append(node.name)
    if tail:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.append(
            "\n# Decorators moved here by tools/mutation.py: mutmut skips decorated functions.\n"
        )
        lines.extend(tail)
    return "".join(lines), moved, kept


def stage(config: dict) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Bring var/mutation/ up to date with the project; rewrite only what changed."""
    STAGE.mkdir(parents=True, exist_ok=True)
    wanted = set()
    moved_by_file: dict[str, list[str]] = {}
    kept_by_file: dict[str, list[str]] = {}
    for relative in files_to_stage():
        wanted.add(relative)
        source_path = ROOT / relative
        target = STAGE / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if should_mutate(str(relative), config):
            text, moved, kept = move_decorators(source_path.read_text())
            moved_by_file[str(relative)] = moved
            kept_by_file[str(relative)] = kept
            if not target.exists() or target.read_text() != text:
                target.write_text(text)
        elif not target.exists() or not filecmp.cmp(source_path, target, shallow=False):
            shutil.copy2(source_path, target)
    # Files deleted from the project leave the staged copy too (mutmut's own output stays).
    for name in STAGED:
        root = STAGE / name
        files = [root] if root.is_file() else root.rglob("*") if root.exists() else []
        for file in files:
            relative = file.relative_to(STAGE)
            if file.is_file() and relative not in wanted and not SKIP_NAMES & set(relative.parts):
                file.unlink()
    return moved_by_file, kept_by_file


def function_of(mutant: str) -> str:
    """`continuum.frontdoor.actions.x_decide__mutmut_12` -> `decide`."""
    name = mutant.rsplit(".", 1)[1]
    name = re.sub(r"__mutmut_\d+$", "", name)
    name = name.removeprefix("x_")
    if "ǁ" in name:  # a method: xǁClassǁmethod
        name = ".".join(part for part in name.split("ǁ") if part)
    return name


def locate(diff: str, source_lines: list[str], function: str) -> tuple[int | None, str, str]:
    """The line in the real source a mutant changes, and the line before and after."""
    removed = [
        line[1:]
        for line in diff.splitlines()
        if line.startswith("-") and not line.startswith("---")
    ]
    added = [
        line[1:]
        for line in diff.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    before = removed[0] if removed else ""
    after = added[0] if added else ""
    tree = ast.parse("".join(source_lines))
    start, end = 1, len(source_lines)
    short = function.rsplit(".", 1)[-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == short:
            start, end = node.lineno, node.end_lineno or node.lineno
            break
    hunk = re.search(r"^@@ -(\d+)", diff, re.MULTILINE)
    guess = start + (int(hunk.group(1)) - 1) if hunk else start
    matches = [n for n in range(start, end + 1) if source_lines[n - 1].rstrip("\n") == before]
    if not matches:
        return None, before.strip(), after.strip()
    # The hunk starts a few lines above the change: take the matching line nearest below it.
    line = min(matches, key=lambda n: (n < guess, abs(n - guess)))
    return line, before.strip(), after.strip()


def report(config: dict, kept_by_file: dict[str, list[str]], took: float) -> int:
    sys.path.insert(0, str(STAGE))
    os.chdir(STAGE)
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code

    counts: dict[str, int] = defaultdict(int)
    out: list[str] = []
    by_function: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for path in sorted(p for p in kept_by_file):
        meta = STAGE / "mutants" / f"{path}.meta"
        if not meta.exists():
            continue
        exit_codes = json.loads(meta.read_text())["exit_code_by_key"]
        source_lines = (ROOT / path).read_text().splitlines(keepends=True)
        alive = []
        for mutant, code in exit_codes.items():
            status = status_by_exit_code[code]
            counts[status] += 1
            function = function_of(mutant)
            by_function[(path, function)][status] += 1
            if status not in ("killed", "not checked"):
                alive.append((function, mutant, status))
        if kept_by_file[path]:
            out.append(f"{path}: not mutated (decorated): {', '.join(kept_by_file[path])}")
        for function, mutant, status in sorted(alive):
            diff = get_diff_for_mutant(mutant, path=path)
            line, before, after = locate(diff, source_lines, function)
            where = f"{path}:{line}" if line else f"{path}:?"
            out.append(f"{where} {function} [{status}] {mutant.rsplit('.', 1)[1]}")
            out.append(f"    - {before}")
            out.append(f"    + {after}")
    out.append("")
    out.append("Per function (killed / not killed):")
    for (path, function), statuses in sorted(by_function.items()):
        killed = statuses.get("killed", 0)
        rest = sum(statuses.values()) - killed
        if rest:
            detail = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()) if s != "killed")
            out.append(f"  {path} {function}: {killed} killed; {detail}")
    out.append("")
    order = ["killed", "survived", "no tests", "timeout", "suspicious", "not checked"]
    summary = ", ".join(f"{counts.get(s, 0)} {s}" for s in order)
    others = ", ".join(f"{n} {s}" for s, n in counts.items() if s not in order)
    closing = f"mutation: {summary}{', ' + others if others else ''} in {took:.0f}s"
    out.append(closing)
    text = "\n".join(out) + "\n"
    (STAGE / "report.txt").write_text(text)
    print(text, end="")
    print(f"(also written to {STAGE.relative_to(ROOT)}/report.txt)")
    return 0 if not counts.get("not checked") else 1


def not_killed(files: dict[str, list[str]], patterns: list[str]) -> list[str]:
    """The mutants of the last run that were not killed, among those matching `patterns`."""
    names = []
    for path in files:
        meta = STAGE / "mutants" / f"{path}.meta"
        if not meta.exists():
            continue
        for mutant, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            wanted = not patterns or any(fnmatch(mutant, p) for p in patterns)
            if wanted and code not in (1, 3):  # mutmut's exit codes for a killed mutant
                names.append(mutant)
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results")
    parser.add_argument("--report-only", action="store_true", help="report the last run")
    parser.add_argument(
        "mutants", nargs="*", help="only these mutants (globs), e.g. after a new test"
    )
    parser.add_argument(
        "--survivors",
        action="store_true",
        help="re-test only the mutants the last run did not kill (of those named, if any)",
    )
    args = parser.parse_args()
    config = mutmut_config()
    if args.fresh and (STAGE / "mutants").exists():
        shutil.rmtree(STAGE / "mutants")
    started = time.monotonic()
    moved, kept = stage(config)
    n_moved = sum(len(v) for v in moved.values())
    print(
        f"Staged in {STAGE.relative_to(ROOT)}/: {len(moved)} files to mutate, {n_moved} decorated functions unwrapped"
    )
    if args.survivors:
        args.mutants = not_killed(kept, args.mutants)
        print(f"Re-testing {len(args.mutants)} mutants the last run did not kill")
        if not args.mutants:
            return report(config, kept, time.monotonic() - started)
    if not args.report_only:
        mutmut = Path(sys.executable).parent / "mutmut"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "continuum.settings"}
        env.pop("DATABASE_URL", None)  # the tests' own SQLite database, in memory
        result = subprocess.run(
            [str(mutmut), "run", "--max-children", str(args.jobs), *args.mutants],
            cwd=STAGE,
            env=env,
            check=False,
        )
        if result.returncode != 0:
            print(f"mutmut run failed (exit {result.returncode})")
            return result.returncode
    return report(config, kept, time.monotonic() - started)


if __name__ == "__main__":
    sys.exit(main())
