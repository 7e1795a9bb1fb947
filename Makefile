# Two commands: `make demo` and `make test`. Both set up .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck docs bench bench-floor clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/tellers demo --serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# The documentation site, built strictly (a broken link or reference fails): build/site.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# The store's tests also run against PostgreSQL when a server can be started here
# (.ci/postgres.sh; CI installs Debian's postgresql first).
test: lint typecheck docs
	eval "$$(TELLERS_PG_INSTALL=0 bash .ci/postgres.sh)"; $(BIN)/python -m pytest -q

# Against the reading floor (issue 13's goals), then against the peers.
bench: $(STAMP)
	$(BIN)/python bench/speed.py
	$(BIN)/python bench/run.py

bench-floor: $(STAMP)
	$(BIN)/python bench/speed.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build/site
