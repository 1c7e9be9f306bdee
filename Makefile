# Hiwar: `make run` serves the demo, `make test` runs the whole suite. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export FLASK_APP := wsgi
# XStatic-Bootstrap builds from source with a setup.py that needs setuptools < 81.
export PIP_CONSTRAINT := $(CURDIR)/constraints.txt
export PIP_BUILD_CONSTRAINT := $(CURDIR)/constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-sqlite test-postgres install install-dev translations extract-messages lint format bench bench-import mutate serve loadtest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(VENV)/.installed-redis: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[redis]'
	touch $@

$(VENV)/.installed-load: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[load]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: install
	$(BIN)/pybabel compile --use-fuzzy -d app/translations

extract-messages: install
	# --ignore-dirs: the default skips folders starting with _, and templates/_macros holds strings.
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs '.*' -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching

run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	@echo
	@echo "  Hiwar is running on http://$(HOST):$(PORT)"
	@$(BIN)/flask demo --logins
	@echo
	@# The demo needs nothing from another host: no map tiles unless asked for
	@# (HIWAR_MAP_TILES=openstreetmap make run); the map draws its own outline of Syria.
	HIWAR_MAP_TILES=$${HIWAR_MAP_TILES:-none} $(BIN)/flask run --host $(HOST) --port $(PORT)

test: install-dev translations test-sqlite test-postgres

test-sqlite: install-dev translations
	@echo "== The suite on SQLite (browser tests included)"
	@# Empty, not inherited: `make test TEST_DATABASE_URL=...` exports it to every recipe.
	TEST_DATABASE_URL= $(BIN)/pytest -p no:cacheprovider

test-postgres: install-dev translations
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(TEST_DATABASE_URL)'.replace('+psycopg',''), connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== The suite on PostgreSQL ($(TEST_DATABASE_URL))"; \
	  TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -p no:cacheprovider -m "not browser"; \
	elif [ -n "$$CI" ]; then \
	  echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL); CI needs it." >&2; exit 1; \
	else \
	  echo "== Skipping the PostgreSQL run: nothing answers at $(TEST_DATABASE_URL)"; \
	fi

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The production server: gunicorn (gunicorn.conf.py) on the database in DATABASE_URL, migrated
# first. Needs HIWAR_ENV=production, SECRET_KEY and HIWAR_BASE_URL; see "Running in production" in README.md.
serve: translations $(VENV)/.installed-redis
	@if [ -z "$$DATABASE_URL" ]; then \
	  echo "make serve runs the production server: set DATABASE_URL (PostgreSQL), SECRET_KEY, HIWAR_BASE_URL and HIWAR_ENV=production (make run serves the demo on SQLite)." >&2; exit 1; \
	fi
	$(BIN)/flask db upgrade
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# Two gunicorn instances (ports 8101, 8102) on one PostgreSQL database and one Redis database
# under mixed traffic, then the database checked against what they acknowledged. It DROPS and
# recreates LOADTEST_DATABASE_URL's database and flushes LOADTEST_REDIS_URL's. A script, not a test.
LOADTEST_SECONDS ?= 120
loadtest: translations $(VENV)/.installed-load
	$(BIN)/python -m loadtest.run --duration $(LOADTEST_SECONDS)

# Median page times at 1,000 and 20,000 dialogues (builds its own SQLite databases; a few minutes).
bench: install
	$(BIN)/python bench/pages.py

# Mutation testing of the rule modules against their own tests (mutation/; several minutes, on
# SQLite, at low priority). Not part of `make test` nor CI. MUTATE_ARGS="--module NAME --verbose".
MUTATE_ARGS ?=
mutate: install-dev translations
	nice -n 10 $(BIN)/python -m mutation.run --survivors $(MUTATE_ARGS)

# "Start from a report": precision and recall per field over tests/fixtures/reports (gold
# annotations), the time per report and for a 2,000-word report. Prints, never asserts timing.
bench-import: install
	$(BIN)/python bench/import_reports.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
