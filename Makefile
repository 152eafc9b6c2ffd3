# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck schema graphiql-assets axe-assets browser-test bench bench-data bench-data-national clean

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

## graphiql-assets: fetch the pinned GraphiQL packages again with npm and rewrite api/graphiql/static and its hashes
graphiql-assets: $(STAMP)
	$(BIN)/python -m api.graphiql.refresh

## axe-assets: fetch the pinned axe-core again with npm (tests/browser/axe; the browser tests inject it, the register never serves it)
axe-assets: $(STAMP)
	$(BIN)/python -m tests.browser.axe.refresh

## browser-test: only the tests in headless Chromium (Debian's chromium package; screenshots in tests/browser/screenshots)
browser-test: $(STAMP)
	$(BIN)/pytest tests/browser

BENCH_URL ?= postgresql://postgres@127.0.0.1:5432/register_bench
BENCH_NATIONAL_URL ?= postgresql://postgres@127.0.0.1:5432/register_bench_national

## bench-data: generate the 100,000-contract register for the benchmark (seed 1) at BENCH_URL
bench-data: $(STAMP)
	$(BIN)/python -m bench.generate --url $(BENCH_URL) --seed 1

## bench-data-national: generate the 1,000,000-contract national register (seed 1) at BENCH_NATIONAL_URL (~18 min)
bench-data-national: $(STAMP)
	$(BIN)/python -m bench.generate --url $(BENCH_NATIONAL_URL) --seed 1 --scale national

## bench: drive the register (warm and cold), PostGraphile, the bare-Starlette floor and pgbench with 8 clients on
## the council's register and then the national one (BENCH_NATIONAL_URL= leaves it out), hold a register under a
## 10-minute mixed read/write load for its memory, then time a 100,000-row import; figures in bench/README.md
bench: $(STAMP)
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) || true
	$(BIN)/python -m bench.peer
	$(BIN)/python -m bench.run --url $(BENCH_URL) $(if $(BENCH_NATIONAL_URL),--national-url $(BENCH_NATIONAL_URL)) \
		--duration 10 --connections 8
	$(BIN)/python -m bench.memory --url $(BENCH_URL) --minutes 10
	$(BIN)/python -m bench.import_speed

clean:
	rm -rf $(VENV) register.db register.db-shm register.db-wal
