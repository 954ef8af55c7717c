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
.PHONY: help venv run migrate test test-fast test-postgres lint format check-migrations check-deploy

help:
	@echo "make run             set up, load demo data and serve on http://localhost:$(PORT)/"
	@echo "make test            run the whole test suite on SQLite"
	@echo "make test-fast       the suite without the slow kinds (browser, Node SDK, schemathesis, PostgreSQL races)"
	@echo "make test-postgres   run it on PostgreSQL (POSTGRES_URL=$(POSTGRES_URL))"
	@echo "make lint            ruff check and ruff format --check"
	@echo "make format          ruff format and ruff check --fix"
	@echo "make check-deploy    manage.py check --deploy with production-like settings"
	@echo "make check-migrations  fail if a model change has no migration"

venv: $(INSTALLED)

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

run: $(INSTALLED) migrate
	$(MANAGE) demo_data
	$(MANAGE) runserver $(HOST):$(PORT)

migrate: $(INSTALLED)
	$(MANAGE) migrate --noinput

test: $(INSTALLED)
	DATABASE_URL=$(SQLITE_URL) $(BIN)/pytest $(PYTEST_ARGS)

# The fast lane while developing; `make test` and CI still run everything.
FAST_MARKERS := not e2e and not node and not schemathesis and not postgresql
test-fast: $(INSTALLED)
	DATABASE_URL=$(SQLITE_URL) $(BIN)/pytest -m "$(FAST_MARKERS)" $(PYTEST_ARGS)

test-postgres: $(INSTALLED)
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: $(INSTALLED)
	$(MANAGE) makemigrations --check --dry-run

# Production-like settings: DEBUG off, a throwaway 50+ character key, a real host name.
check-deploy: $(INSTALLED)
	DEBUG=false \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	ALLOWED_HOSTS=example.com \
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
