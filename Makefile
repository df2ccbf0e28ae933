# Panal: `make run` serves the platform on http://127.0.0.1:$(PORT); `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run dev test test-fast test-e2e lint format check-migrations setup bench bench-import bench-register bench-eligibility bench-submit bench-figures bench-rueda bench-outcomes bench-pages clean help

help:
	@echo "make run | make test | make test-fast | make dev | make lint | make check-migrations | make bench-*"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The stamp files make reinstalling happen only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

setup: $(VENV)/.installed
	$(BIN)/panal setup

run: setup
	$(BIN)/panal serve --port $(PORT)

dev: setup
	DEBUG=1 $(BIN)/panal runserver 127.0.0.1:$(PORT)

# The tests run on every core (pytest-xdist); WORKERS=0 runs them in one process (to debug with -s or pdb).
WORKERS ?= auto
# The tests keep Python's bytecode caches (__pycache__, ignored by git) even where PYTHONDONTWRITEBYTECODE is set:
# without them every pytest worker and every `panal` process a test starts compiles Panal again, and pytest
# rewrites the asserts of every test module again (~4 s of CPU per worker).
test test-fast: export PYTHONDONTWRITEBYTECODE :=
test: $(VENV)/.installed-dev
	$(BIN)/pytest -n $(WORKERS) --dist worksteal $(PYTEST_ARGS)

# Everything but the browser journeys (tests/e2e): the loop to run while working; the property tests that leave
# their size to the profile run a quarter of their examples (tests/conftest.py).
test-fast: $(VENV)/.installed-dev
	$(BIN)/pytest -n $(WORKERS) --dist worksteal -m "not e2e" --hypothesis-profile=fast -q $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: $(VENV)/.installed
	$(BIN)/panal makemigrations --check --dry-run

bench: bench-import bench-eligibility bench-register bench-submit bench-figures bench-rueda bench-outcomes bench-pages

bench-import: $(VENV)/.installed-dev
	$(BIN)/python bench/import_bench.py

# Runs in its own temporary PANAL_VAR_DIR (or the DATABASE_URL database); prints `eligibility-bench: ...` last.
bench-eligibility: $(VENV)/.installed-dev
	$(BIN)/python bench/eligibility_bench.py

# NODES=2: two `panal serve` nodes (one with the job worker) on the same database, clients alternating.
bench-register: $(VENV)/.installed-dev
	NODES=$(NODES) $(BIN)/python bench/register_bench.py

# 500 concurrent submissions + 100 repeats + 50 after closing against `panal serve`; prints `submit-bench: ...` last.
# NODES=2: two `panal serve` nodes (one with the job worker) on the same database, clients alternating.
bench-submit: $(VENV)/.installed-dev
	NODES=$(NODES) $(BIN)/python bench/submit_bench.py

# 1,000,000 ledger rows over 100,000 projects (own temporary SQLite, or the DATABASE_URL database);
# times every aggregation of /cifras and the 360Giving export; prints `figures-bench: ...` last.
bench-figures: $(VENV)/.installed-dev
	$(BIN)/python bench/figures_bench.py

# The rueda scheduler on a seeded 300-participant, 2,000-request instance (30 s limit); prints `rueda-bench: ...` last.
bench-rueda: $(VENV)/.installed-dev
	$(BIN)/python bench/rueda_bench.py

# 100,000 firms × 6 years through import-call-results and import-firm-panel (own temporary SQLite, or a temporary
# PostgreSQL database next to DATABASE_URL); times DiD, RD and /resultados/; prints `outcomes-bench: ...` last.
bench-outcomes: $(VENV)/.installed-dev
	$(BIN)/python bench/outcomes_bench.py

# Public pages against a bare "ok" view of the same server (`panal setup` + `panal serve`, demo data);
# prints `pages-bench: ceiling_rps=… home=… … min_ratio=R db=…` last.
bench-pages: $(VENV)/.installed-dev
	$(BIN)/python bench/pages_bench.py

clean:
	rm -rf var/static .pytest_cache
