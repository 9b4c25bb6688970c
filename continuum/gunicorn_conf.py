"""Gunicorn settings for `make run` and production: `gunicorn -c python:continuum.gunicorn_conf
continuum.wsgi`. Anything here can be overridden on the command line (`--bind unix:/run/...`)
or with `GUNICORN_CMD_ARGS`; the figures behind the choices are in docs/serving.md.
"""

import gc
import os
from typing import Any


def _whole_number(name: str, default: int) -> int:
    value = os.environ.get(name, "") or str(default)
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name} must be a whole number of at least 1 (it is {value!r}).")
    return int(value)


# `PORT=8080 make run` still works; production usually binds a local port behind its proxy.
bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# Processes, so pages render on every core; each holds its own database connection.
workers = _whole_number("WEB_CONCURRENCY", 3)
# Threads let a worker serve a stylesheet or a quick page while another request in the same
# process waits on the database (SQLite's single writer, or a slow query).
worker_class = "gthread"
threads = _whole_number("GUNICORN_THREADS", 4)
# A request that takes longer than this is killed and logged rather than left hanging.
timeout = 60
graceful_timeout = 20
# Keep an idle connection open longer than a client or proxy keeps it (nginx: 75 s). With
# gunicorn's 2 s, a browser or proxy that reused a connection just as gunicorn closed it got
# a reset connection instead of a page.
keepalive = 75
# One line per request on standard output, as the development server printed.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# No control socket: it lives at one path per machine user, so a second server would collide.
control_socket_disable = True


def post_worker_init(worker: Any) -> None:
    """Import every view (the URL map) and compile the page shell before taking requests, so
    the first people to use a fresh worker do not wait a second or more for it."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (importing the URL map is the point)
    get_template("base.html")
    # What was just loaded lives as long as the worker: keep it out of the garbage
    # collector's full sweeps, which otherwise walk it all and pause every thread.
    gc.collect()
    gc.freeze()
    worker.log.info("Worker ready")
