# orgsite: `make run` sets up and runs the site with demo data, `make test` runs the tests.
# Both create the virtualenv (.venv) and install the pinned requirements on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
INSTALLED := $(VENV)/.requirements-installed

HOST ?= 0.0.0.0
PORT ?= 8000
# The embedded default database; `make test` always uses SQLite, whatever the environment says.
SQLITE_URL ?= sqlite:///$(CURDIR)/var/db.sqlite3
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv system-deps lock run migrate test test-fast test-postgres lint format check-migrations check-deploy screenshots

help:
	@echo "make run             set up, load demo data and serve on http://localhost:$(PORT)/"
	@echo "make test            run the whole test suite on SQLite"
	@echo "make test-fast       the suite without the slow kinds (browser, Node SDK, schemathesis, PostgreSQL races, Redis worker)"
	@echo "make test-postgres   run it on PostgreSQL (POSTGRES_URL=$(POSTGRES_URL))"
	@echo "make lint            ruff check and ruff format --check"
	@echo "make format          ruff format and ruff check --fix"
	@echo "make check-deploy    manage.py check --deploy with production-like settings"
	@echo "make check-migrations  fail if a model change has no migration"
	@echo "make system-deps     install the system packages the tests need (or name them)"
	@echo "make lock            recompile requirements*.txt (with hashes) from requirements*.in"
	@echo "make screenshots     the main pages at desktop and phone sizes, with axe counts, in var/screenshots/"

venv: $(INSTALLED)

# The lock files pin every package with its hashes (pip then requires them all).
# Debian's python3 without python3-venv can't run ensurepip: then the venv is made without
# pip and the system pip installs pip into it.
$(INSTALLED): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "orgsite needs Python 3.11 or newer: make PYTHON=python3.11 ..." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
		{ rm -rf $(VENV) && $(PYTHON) -m venv --without-pip $(VENV) && \
		  $(PYTHON) -m pip --python $(BIN)/python install --quiet pip; }
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || \
		{ echo "No pip in $(VENV): install python3-venv (apt-get install python3-venv)," \
		       "then rm -rf $(VENV) and try again." >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# The web server and the Celery worker (with beat) that delivers e-mails, in one command: the
# broker is a folder of var/, so nothing else is needed. Ctrl-C stops both.
run: $(INSTALLED) migrate
	$(MANAGE) demo_data --site-url http://localhost:$(PORT)
	@trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/celery -A orgsite worker --beat --pool solo --loglevel INFO & worker=$$!; \
	$(MANAGE) runserver $(HOST):$(PORT)

migrate: $(INSTALLED)
	$(MANAGE) migrate --noinput

# Chromium, gettext, Node.js with npm, Redis (scripts/system-deps.sh says which and why):
# installed with apt-get when root, else named, and the suite is not started.
system-deps:
	@scripts/system-deps.sh

# After editing requirements.in or requirements-dev.in. Pins already in the locks stay;
# LOCK_ARGS="--upgrade-package django" (or --upgrade) moves them.
LOCK_ARGS ?=
UV_COMPILE = $(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11
lock: $(INSTALLED)
	$(UV_COMPILE) $(LOCK_ARGS) requirements.in -o requirements.txt
	$(UV_COMPILE) $(LOCK_ARGS) requirements-dev.in -o requirements-dev.txt

test: $(INSTALLED) system-deps
	DATABASE_URL=$(SQLITE_URL) $(BIN)/pytest $(PYTEST_ARGS)

# The fast lane while developing; `make test` and CI still run everything.
FAST_MARKERS := not e2e and not node and not schemathesis and not postgresql and not redis
test-fast: $(INSTALLED) system-deps
	DATABASE_URL=$(SQLITE_URL) $(BIN)/pytest -m "$(FAST_MARKERS)" $(PYTEST_ARGS)

test-postgres: $(INSTALLED) system-deps
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: $(INSTALLED)
	$(MANAGE) makemigrations --check --dry-run

# Production-like settings: DEBUG off, a throwaway 50+ character key, a real host name, a
# shared cache (named only: the checks don't connect to it).
check-deploy: $(INSTALLED)
	DEBUG=false CACHE_URL=redis://127.0.0.1:6379/0 \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	ALLOWED_HOSTS=example.com SITE_URL=https://example.com \
	DATABASE_URL=sqlite:///$(CURDIR)/var/check-deploy.sqlite3 \
	$(MANAGE) check --deploy --fail-level WARNING

# The REST API benchmark (bench/api_bench.py): a 10,000-member organization in DATABASE_URL's
# database or var/bench.sqlite3, served by gunicorn, driven by wrk (apt-get install -y wrk)
# or a Python load generator. BENCH_ARGS="--duration 20 --rebuild" for options.
BENCH_ARGS ?=
.PHONY: bench
bench: $(INSTALLED)
	$(BIN)/python bench/api_bench.py $(BENCH_ARGS)

# What usage metering costs (bench/metering_bench.py): the organization detail endpoint served
# with metering off and on, alternately; prints the ratio. Same database and BENCH_ARGS.
.PHONY: bench-metering
bench-metering: $(INSTALLED)
	$(BIN)/python bench/metering_bench.py $(BENCH_ARGS)

# Organization size side by side (bench/scale_bench.py): 1k, 10k and 50k members and the
# 100k-securables data in a PostgreSQL database, orgsite, the SELECT 1 floor and
# django-organizations (bench/peer/) under gunicorn, driven by wrk in interleaved rounds.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/orgsite_bench
.PHONY: bench-scale
bench-scale: $(INSTALLED)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/scale_bench.py $(BENCH_ARGS)

# Translations (README, "Translations"): gathers the strings of the code into the nl and fr
# catalogues of locale/ (new ones come out empty or fuzzy: translate them), then compiles the
# .mo files. Run it again after translating; commit the .po and .mo files.
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=var --ignore=staticfiles
.PHONY: messages
messages: $(INSTALLED)
	$(MANAGE) makemessages -l nl -l fr $(MESSAGES_IGNORE) --add-location=file --no-obsolete
	$(MANAGE) compilemessages $(MESSAGES_IGNORE)

# The main pages at 1280x800 and 390x844 into var/screenshots/, with axe-core's counts.
screenshots: $(INSTALLED)
	@test -f e2e/axe/node_modules/axe-core/axe.min.js || (cd e2e/axe && npm ci --no-audit --no-fund)
	$(BIN)/python e2e/screenshots.py
