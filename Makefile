# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint typecheck schema bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: create the environment, migrate and seed the database, and serve on HOST:PORT (127.0.0.1:8000)
run: $(STAMP)
	$(BIN)/register db upgrade
	$(BIN)/register seed --if-empty
	$(BIN)/register serve

## test: create the environment, then lint, type-check and run every test on SQLite and PostgreSQL
test: $(STAMP) lint typecheck
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy api schema db

## schema: rewrite the committed SDL (schema/schema.graphql) from the code
schema: $(STAMP)
	$(BIN)/register sdl > schema/schema.graphql

clean:
	rm -rf $(VENV) register.db register.db-shm register.db-wal
