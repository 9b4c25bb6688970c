"""Load benchmark: the demo authority served by gunicorn exactly as `make run` serves it, with
simulated Hub workers, social workers, partner systems and partner staff (locustfile.py).

    .venv/bin/python bench/load/run.py --database sqlite [--children 28000] [--users 50]
        [--duration 300] [--write]
    .venv/bin/python bench/load/run.py --database postgres --database-url postgres://... [...]

It prepares a database with `continuum demo` (SQLite under a temporary folder; PostgreSQL in
the database named by --database-url, which must be empty or hold this same demo), mints
the simulated users' sessions server-side, gets API tokens with `continuum api-token`,
starts gunicorn, runs locust headless, and then checks that no answer was a 5xx and that
every API submission that got an answer is in the database exactly once (and none twice).
With --write, the figures replace this database's table in BENCHMARKS.md.
Exit status 0 only if every check passed.
"""

import argparse
import csv
import datetime as dt
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# The same command as the last line of `make run` (a test keeps the two in step).
SERVE_COMMAND = ["gunicorn", "-c", "python:continuum.gunicorn_conf", "continuum.wsgi"]
STATIC_PATH = "/static/continuum.css"
READY = "Worker ready"
# The pages held to the target (p95 within 5 x the static endpoint's), then the rest measured.
TARGET_PAGES = ["Hub queue", "Screening page", "Team work page", "Child's record"]
PAGES = [
    *TARGET_PAGES,
    "API submission",
    "Autosave",
    "Static stylesheet",
]


def continuum(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own command, our own arguments)
        [str(BIN / "continuum"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"`continuum {' '.join(args)}` failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare_database(env: dict[str, str], children: int) -> float:
    started = time.monotonic()
    continuum(env, "migrate", "--no-input", "-v", "0")
    continuum(env, "configure")
    print(continuum(env, "demo", "--children", str(children), "--if-empty").strip())
    return time.monotonic() - started


def mint_plan(env: dict[str, str], users: int, run: str) -> dict:
    """Sessions, drafts and tokens for the simulated users, made server-side."""
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count
    from django.middleware.csrf import _get_new_csrf_string
    from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user

    from continuum.demo.staff import HUB
    from continuum.frontdoor import actions, submission
    from continuum.frontdoor.api import EXAMPLE
    from continuum.governance.access import caseload
    from continuum.organisation.models import Agency, Role, User
    from continuum.socialwork.models import Assessment, AssessmentStatus

    def session_for(user: User) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        # Past the second factor, as after the code step (staff must give one; partners with
        # no device are not asked).
        device = next(iter(devices_for_user(user)), None)
        if device is not None:
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        return session.session_key

    hub = list(User.objects.filter(role=Role.HUB_WORKER, team__slug=HUB, is_active=True))
    # Social workers in the teams with the most open assessments, each with a caseload.
    busy_teams = [
        row["team_id"]
        for row in Assessment.objects.filter(status=AssessmentStatus.OPEN)
        .values("team_id")
        .annotate(n=Count("id"))
        .order_by("-n")[:3]
    ]
    social = []
    for user in User.objects.filter(
        role=Role.PRACTITIONER, team_id__in=busy_teams, is_active=True
    ).select_related("team"):
        children = list(caseload(user).values_list("pk", flat=True)[:20])
        if children:
            social.append(
                {"session": session_for(user), "team": user.team.slug, "children": children}
            )
    partners = list(
        User.objects.filter(role=Role.PARTNER, is_active=True, agency__isnull=False).select_related(
            "agency"
        )
    )
    if not (hub and social and partners):
        sys.exit("The demo has no Hub workers, social workers with a caseload or partner staff.")
    # One draft per simulated typist, so that two of them never share a draft.
    autosave = []
    for number in range(users):
        user = partners[number % len(partners)]
        draft = actions.save_draft(
            submission.RequestDetails(children=[submission.NamedPerson()]), acting_user=user
        )
        autosave.append(
            {
                "session": session_for(user),
                "csrf": _get_new_csrf_string(),
                "draft": draft.pk,
                "version": draft.version,
            }
        )
    agencies = list(
        Agency.objects.filter(slug__in={u.agency.slug for u in partners}).order_by("slug")
    )[:5]
    api = [
        {
            "agency": a.slug,
            "token": continuum(env, "api-token", a.slug, "--rotate").strip().splitlines()[-1],
        }
        for a in agencies
    ]
    return {
        "run": run,
        "static": STATIC_PATH,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "hub": [{"session": session_for(u)} for u in hub],
        "social": social,
        "autosave": autosave,
        "api": api,
        "api_body": EXAMPLE,
        "draft_form": {
            "referrer_name": "Alex Example",
            "referrer_role": "Designated Safeguarding Lead",
            "family_postcode": "FY1 3LA",
            "claimed_level": "3",
            "worries": "Riley has come to school hungry most days this term.",
            "strengths": "Mum asks the school for help.",
            "child-TOTAL_FORMS": "1",
            "child-INITIAL_FORMS": "0",
            "child-0-given_name": "Riley",
            "child-0-family_name": "Sample",
            "child-0-sex": "M",
            "adult-TOTAL_FORMS": "0",
            "adult-INITIAL_FORMS": "0",
        },
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    command = [str(BIN / SERVE_COMMAND[0]), *SERVE_COMMAND[1:]]
    server = subprocess.Popen(  # noqa: S603
        command,
        env={**env, "PORT": str(port)},
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    workers = int(env.get("WEB_CONCURRENCY", "3"))
    for _ in range(480):
        time.sleep(0.5)
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start; see {log}")
        # Each worker logs "ready" once warmed (continuum/gunicorn_conf.py).
        if log.read_text(errors="replace").count(READY) >= workers:
            return server
    sys.exit(f"gunicorn's workers were not ready within four minutes; see {log}")


def sample_load(stop: threading.Event, samples: list[float]) -> None:
    while not stop.wait(10):
        samples.append(os.getloadavg()[0])


def read_stats(path: Path) -> dict[str, dict]:
    stats = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Name"] in PAGES:
                stats[row["Name"]] = {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50": float(row["50%"]),
                    "p95": float(row["95%"]),
                }
    return stats


SERVER_PATHS = {
    "Hub queue": r"/hub/",
    "Screening page": r"/hub/contacts/\d+/",
    "Team work page": r"/teams/[\w-]+/",
    "Child's record": r"/people/\d+/",
    "API submission": r"/api/v1/requests-for-support",
    "Autosave": r"/hub/requests/\d+/autosave",
    "Static stylesheet": re.escape(STATIC_PATH),
}


def server_times(log: Path) -> dict[str, tuple[float, float]]:
    """p50 and p95 of the time gunicorn spent on each page (its access log), without the
    time a request waited for a free thread or for the client machine's CPU."""
    times: dict[str, list[int]] = {name: [] for name in SERVER_PATHS}
    line = re.compile(r'"(?:GET|POST) (\S+) HTTP/[\d.]+" \d+ \S+ (\d+)ms')
    for found in line.finditer(log.read_text(errors="replace")):
        path = found.group(1).split("?", 1)[0]
        for name, pattern in SERVER_PATHS.items():
            if re.fullmatch(pattern, path):
                times[name].append(int(found.group(2)))
                break
    return {
        name: (statistics.median(t), statistics.quantiles(t, n=20)[-1])
        for name, t in times.items()
        if len(t) >= 2
    }


def check_submissions(outcomes: dict) -> tuple[dict, list[str]]:
    """Each answered submission exactly once in the database; none anywhere twice."""
    from continuum.core.models import IdempotencyRecord
    from continuum.frontdoor.models import Contact

    problems = []
    answered = created = unanswered = 0
    for key, sub in outcomes["submissions"].items():
        contacts = Contact.objects.filter(worries__contains=f"[load test {key}]").count()
        records = IdempotencyRecord.objects.filter(scope=f"agency:{sub['agency']}", key=key).count()
        if sub["answered"]:
            answered += 1
            if sub["status"] == 201:
                created += 1
                if contacts != 1 or records != 1:
                    problems.append(f"{key}: answered 201 but {contacts} contacts, {records} keys")
            else:
                problems.append(f"{key}: refused with {sub['status']}")
        else:
            unanswered += 1
            if contacts > 1 or records > 1:
                problems.append(f"{key}: no answer, and {contacts} contacts, {records} keys")
    figures = {
        "submissions": len(outcomes["submissions"]),
        "answered": answered,
        "created": created,
        "unanswered": unanswered,
        "retried": sum(1 for s in outcomes["submissions"].values() if s["attempts"] > 1),
    }
    return figures, problems


def server_errors(outcomes: dict) -> dict[str, int]:
    errors: dict[str, int] = {}
    for name_status, count in outcomes["status_counts"].items():
        name, status = name_status.rsplit("|", 1)
        if status.startswith("5"):
            errors[f"{name} {status}"] = errors.get(f"{name} {status}", 0) + count
    return errors


def table(result: dict) -> str:
    stats = result["stats"]
    static_p95 = stats.get("Static stylesheet", {}).get("p95") or 0
    rows = [
        f"- Command: `{result['command']}`",
        f"- Data: `continuum demo --children {result['children']:,}`; {result['users']} users "
        f"for {result['duration']} s; {result['database']}",
        f"- Machine: 2 cores, 24 GiB; load average (1 min) during the run: mean "
        f"{result['load_mean']:.1f}, max {result['load_max']:.1f}; gunicorn "
        f"{result['workers']} workers x {result['threads']} threads",
        f"- Result: {result['verdict']}. 5xx answers: {result['errors_total']}; API "
        f"submissions: {result['submissions']['submissions']:,}, answered "
        f"{result['submissions']['answered']:,}, retried {result['submissions']['retried']:,}, "
        f"lost 0 and duplicated 0 unless listed: {result['problems'] or 'none'}",
        "",
        "| page | requests | failures | p50 ms | p95 ms | p95 / static p95 | in gunicorn: p50 / p95 ms |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in PAGES:
        s = stats.get(name)
        if not s:
            continue
        ratio = f"{s['p95'] / static_p95:.1f}" if static_p95 else "n/a"
        inside = result["server"].get(name)
        inside = f"{inside[0]:.0f} / {inside[1]:.0f}" if inside else "n/a"
        rows.append(
            f"| {name} | {s['requests']:,} | {s['failures']:,} | {s['p50']:.0f} | "
            f"{s['p95']:.0f} | {ratio} | {inside} |"
        )
    return "\n".join(rows)


def write_benchmarks(result: dict) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    start, end = (
        f"<!-- load:{result['database_kind']} -->",
        f"<!-- /load:{result['database_kind']} -->",
    )
    block = f"{start}\n{result['date']} ({result['commit']}):\n\n{table(result)}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", help="for --database postgres")
    parser.add_argument("--children", type=int, default=28_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=300, help="seconds")
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument(
        "--var-dir", help="SQLite: reuse this folder (default: a new temporary one)"
    )
    parser.add_argument("--write", action="store_true", help="record the figures in BENCHMARKS.md")
    args = parser.parse_args()
    if args.users < 4:
        parser.error("--users must be at least 4 (one of each kind)")

    work = Path(tempfile.mkdtemp(prefix="continuum-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "continuum.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain http on 127.0.0.1, as `make run` serves: the https-only settings off.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_CSRF_COOKIE_SECURE": "0",
    }
    if args.database == "postgres":
        if not args.database_url:
            parser.error("--database postgres needs --database-url")
        env["DATABASE_URL"] = args.database_url
        env["CONTINUUM_VAR_DIR"] = str(work / "var")
        kind = "postgresql"
    else:
        env.pop("DATABASE_URL", None)
        env["CONTINUUM_VAR_DIR"] = args.var_dir or str(work / "var")
        kind = "sqlite"
    print(f"Working in {work}; preparing the demo ({args.children:,} children)...", flush=True)
    prepared_in = prepare_database(env, args.children)
    run = uuid.uuid4().hex[:8]
    plan = mint_plan(env, args.users, run)
    (work / "plan.json").write_text(json.dumps(plan), encoding="utf-8")

    port = free_port()
    server = start_server(env, port, work / "gunicorn.log")
    samples: list[float] = []
    stop = threading.Event()
    sampler = threading.Thread(target=sample_load, args=(stop, samples), daemon=True)
    try:
        sampler.start()
        print(
            f"Running locust: {args.users} users for {args.duration} s on port {port}", flush=True
        )
        subprocess.run(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.duration}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--stop-timeout",
                "30",
                "--exit-code-on-error",
                "0",
            ],
            env={
                **env,
                "LOAD_PLAN": str(work / "plan.json"),
                "LOAD_OUT": str(work / "outcomes.json"),
                "LOAD_USERS": str(args.users),
            },
            cwd=ROOT,
            check=True,
        )
    finally:
        stop.set()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)

    outcomes = json.loads((work / "outcomes.json").read_text(encoding="utf-8"))
    stats = read_stats(work / "locust_stats.csv")
    figures, problems = check_submissions(outcomes)
    errors = server_errors(outcomes)
    missing = [name for name in PAGES if not stats.get(name, {}).get("requests")]
    static_p95 = stats.get("Static stylesheet", {}).get("p95") or 0
    slow = [
        name
        for name, s in stats.items()
        if name in TARGET_PAGES and static_p95 and s["p95"] > 5 * static_p95
    ]
    checks = {
        "no 5xx": not errors,
        "nothing lost or duplicated": not problems,
        "every page measured": not missing,
        "no failed requests": not any(s.get("failures") for s in stats.values()),
        "every page's p95 within 5 x static": not slow,
    }
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    result = {
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "commit": commit + ("+changes" if dirty.stdout.strip() else ""),
        "command": "bench/load/run.py "
        + " ".join(sys.argv[1:]).replace(args.database_url or "\0", "postgres://…"),
        "children": args.children,
        "users": args.users,
        "duration": args.duration,
        "database": ("PostgreSQL" if kind == "postgresql" else "SQLite")
        + f" (demo prepared in {prepared_in:.0f} s)",
        "database_kind": kind,
        "load_mean": sum(samples) / len(samples) if samples else os.getloadavg()[0],
        "load_max": max(samples) if samples else os.getloadavg()[0],
        "workers": env.get("WEB_CONCURRENCY", "3"),
        "threads": env.get("GUNICORN_THREADS", "4"),
        "stats": stats,
        "server": server_times(work / "gunicorn.log"),
        "submissions": figures,
        "errors_total": sum(errors.values()),
        "problems": "; ".join(problems[:5])
        + (f" (+{len(problems) - 5})" if len(problems) > 5 else ""),
        "verdict": "; ".join(f"{name}: {'yes' if ok else 'NO'}" for name, ok in checks.items()),
    }
    print(table(result))
    if errors:
        print("5xx answers:", errors)
    if slow:
        print("Slower than 5 x static p95:", ", ".join(slow))
    if args.write:
        write_benchmarks(result)
        print("Written to BENCHMARKS.md")
    if not args.var_dir and kind == "sqlite":
        shutil.rmtree(work / "var", ignore_errors=True)
    print(f"Logs and locust CSVs: {work}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
