# Continuum: `make run` starts the service with a demo authority; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# gunicorn: processes and threads per process (continuum/gunicorn_conf.py, docs/serving.md)
export WEB_CONCURRENCY ?= 3
export GUNICORN_THREADS ?= 4
UV_VERSION := 0.13.8
export DJANGO_SETTINGS_MODULE := continuum.settings

# `make dev` is `make run` with DEBUG on (tracebacks in the browser: never in production).
.PHONY: run dev test test-browser test-backup mutation lint format setup assets demo bench clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: requirements/dev.lock pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements/dev.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

# The DfE validators (requirements/validators.in says why they have a virtualenv of their own).
VALIDATORS_VENV := .venv-validators
$(VALIDATORS_VENV)/.installed: requirements/validators.lock | $(BIN)/uv
	$(BIN)/uv venv --quiet --allow-existing --python $(BIN)/python $(VALIDATORS_VENV)
	$(BIN)/uv pip sync --quiet --python $(VALIDATORS_VENV)/bin/python requirements/validators.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/continuum.css: static/src/continuum.scss node_modules/.installed
	npm run --silent build

setup: $(VENV)/.installed $(VALIDATORS_VENV)/.installed static/build/continuum.css

assets: static/build/continuum.css

# --- Local serving over plain http (see docs/security.md) -------------------------------------
# DEBUG is off unless asked for, and then the settings need a real secret key: `make run` makes
# one in var/ on first use and keeps it. The https-only settings are turned off, because
# 127.0.0.1 is served over plain http; production keeps them on.
SECRET_KEY_FILE := var/secret-key
$(SECRET_KEY_FILE):
	mkdir -p $(dir $@)
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run dev: export DJANGO_SECRET_KEY_FILE = $(abspath $(SECRET_KEY_FILE))
run dev: export DJANGO_SECURE_SSL_REDIRECT = 0
run dev: export DJANGO_SECURE_HSTS_SECONDS = 0
run dev: export DJANGO_SESSION_COOKIE_SECURE = 0
run dev: export DJANGO_CSRF_COOKIE_SECURE = 0
dev: export DJANGO_DEBUG = 1
dev: run
# --- end local serving ------------------------------------------------------------------------

run: setup $(SECRET_KEY_FILE)
	$(BIN)/continuum migrate --no-input -v 0
	$(BIN)/continuum configure
	$(BIN)/continuum demo --if-empty
	$(BIN)/continuum directory-seed --generated 3000
	$(BIN)/continuum demo-sign-ins
	PORT=$(PORT) $(BIN)/gunicorn -c python:continuum.gunicorn_conf continuum.wsgi

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2 -q

test-browser: setup
	$(BIN)/pytest -q -m browser -p no:xdist tests/browser

# The backup and restore drill against PostgreSQL (docs/deploying.md); CI runs it too.
# DATABASE_URL=postgres://ROLE:PASSWORD@HOST:PORT/DATABASE make test-backup (ROLE needs CREATEDB).
test-backup: setup
	$(BIN)/python .ci/backup-restore

# Mutation testing of governance/, the access checks and the actions (tools/mutation.py);
# results in var/mutation/report.txt. MUTATION_JOBS=1 on a busy machine.
MUTATION_JOBS ?= 2
mutation: setup
	$(BIN)/python tools/mutation.py --jobs $(MUTATION_JOBS)

lint: setup
	$(BIN)/ruff check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements/bench.lock
	$(BIN)/python bench/demo_generator.py
	$(BIN)/python bench/advice_line/evaluate.py
	$(BIN)/python bench/directory/bench_search.py
	@echo "Person matching: see BENCHMARKS.md for bench/matching/generate.py and run.py"
	rm -f $(VENV)/.installed

clean:
	rm -rf $(VENV) $(VALIDATORS_VENV) node_modules static/build var
