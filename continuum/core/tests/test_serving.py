"""How the service is served: gunicorn's settings, and the load benchmark serving it the same
way as `make run`."""

import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _conf(monkeypatch: pytest.MonkeyPatch, **env: str):
    for name in ("PORT", "WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("continuum.gunicorn_conf", None)
    return importlib.import_module("continuum.gunicorn_conf")


@pytest.mark.parametrize(
    ("env", "bind", "workers", "threads"),
    [
        ({}, "127.0.0.1:8000", 3, 4),
        ({"PORT": "8080"}, "127.0.0.1:8080", 3, 4),
        ({"WEB_CONCURRENCY": "5", "GUNICORN_THREADS": "1"}, "127.0.0.1:8000", 5, 1),
    ],
)
def test_gunicorn_settings_follow_the_environment(monkeypatch, env, bind, workers, threads):
    conf = _conf(monkeypatch, **env)
    assert (conf.bind, conf.workers, conf.worker_class, conf.threads) == (
        bind,
        workers,
        "gthread",
        threads,
    )


@pytest.mark.parametrize("value", ["0", "three", "-1", "2.5"])
def test_a_bad_worker_count_stops_gunicorn_with_a_plain_message(monkeypatch, value):
    with pytest.raises(SystemExit) as stopped:
        _conf(monkeypatch, WEB_CONCURRENCY=value)
    assert str(stopped.value) == (
        f"WEB_CONCURRENCY must be a whole number of at least 1 (it is {value!r})."
    )


def test_make_run_and_the_load_benchmark_start_gunicorn_the_same_way():
    sys.path.insert(0, str(ROOT))
    try:
        from bench.load.run import SERVE_COMMAND
    finally:
        sys.path.remove(str(ROOT))
    run_recipe = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    last_line = run_recipe.strip().splitlines()[-1]
    assert last_line.endswith("$(BIN)/" + " ".join(SERVE_COMMAND))
    assert "gunicorn" in last_line


def test_each_worker_is_warmed_before_it_takes_requests_and_says_so(monkeypatch):
    import gc
    from types import SimpleNamespace

    conf = _conf(monkeypatch)
    said: list[str] = []
    try:
        conf.post_worker_init(SimpleNamespace(log=SimpleNamespace(info=said.append)))
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert said == ["Worker ready"]
    assert "continuum.frontdoor.views" in sys.modules
