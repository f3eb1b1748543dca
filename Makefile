# Two commands for a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DAGSTER_HOME ?= $(CURDIR)/.dagster_home
DAGSTER_HOST ?= 127.0.0.1
DAGSTER_PORT ?= 3000

.PHONY: run test test-fast lint format ui install clean bench tesseract

install: $(INSTALLED) tesseract

# Tesseract's Swedish model for scanned PDFs: apt-get on Debian as root, else one line saying how.
tesseract:
	@bash scripts/ensure_tesseract.sh

# --compile-bytecode: with PYTHONDONTWRITEBYTECODE set (as on this machine) Python never caches
# bytecode, and every process (refresh, dbt, workers, tests) compiled dagster, dbt and GX again:
# importing the Dagster definitions took 5.4 s against 3.5 s with the bytecode written at install.
$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip --upgrade >/dev/null
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e ".[dev]"
	touch $(INSTALLED)

# exit 2 means: published, with quarantined input or warnings (listed); only 1 is a failure.
# The run is recorded in DAGSTER_HOME, where `make ui` shows it.
run: $(INSTALLED) tesseract
	DAGSTER_HOME=$(DAGSTER_HOME) $(BIN)/finsam refresh || [ $$? -eq 2 ]

# One test file per worker, a worker per core: a file's module fixtures (one refresh each) stay together.
TEST_WORKERS ?= auto
test: $(INSTALLED) tesseract
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

# The unit tests, in under a minute: no whole refresh (e2e), nothing that takes seconds on its own (slow),
# no browser (pyproject.toml says what each mark means). The five slowest are listed, so one that grew is seen.
FAST_TESTS := not e2e and not slow and not browser
test-fast: $(INSTALLED) tesseract
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile -m "$(FAST_TESTS)" --durations=5

lint: $(INSTALLED)
	$(BIN)/ruff check pipelines tests bench
	$(BIN)/ruff format --check pipelines tests bench
	$(BIN)/sqlfluff lint dbt_project/models

format: $(INSTALLED)
	$(BIN)/ruff format pipelines tests
	$(BIN)/ruff check --fix pipelines tests

# Not one of the two commands: the sample and a generated national landing, timed (bench/national.py).
bench: $(INSTALLED)
	$(BIN)/python bench/national.py

# The webserver and dagster-daemon (queued runs, backfills, schedule, sensors) on DAGSTER_HOME, the
# history `finsam refresh` records in too; Ctrl-C or SIGTERM stops both within 10 s (pipelines/ui.py).
ui: $(INSTALLED)
	DAGSTER_HOME=$(DAGSTER_HOME) exec $(BIN)/python -m pipelines.ui --host $(DAGSTER_HOST) --port $(DAGSTER_PORT)

clean:
	rm -rf warehouse exports/nns exports/report exports/docs exports/.published* exports/.publish-next dbt_project/target dbt_project/logs
