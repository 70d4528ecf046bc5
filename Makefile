# `make run` and `make test` work on a fresh machine with only Python 3.11:
# they create .venv, install what is missing, and go.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Reinstall when either requirements file changes.
DEPS := $(VENV)/.deps-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
export FLASK_APP := wsgi
# pytest keeps its assertion-rewritten test modules (and Python its bytecode) in __pycache__;
# with PYTHONDONTWRITEBYTECODE set, every test run and every xdist worker rewrites and compiles
# them all again: 9 of the 17 s it takes to collect the suite.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-fast bench lint chromium tesseract bench-tools clean help

help:
	@echo "make run    - serve the demo page, the API, the moderator console and a worker"
	@echo "make test   - run the whole test suite (unit, integration, browser)"
	@echo "make test-fast - the tests without a browser or worker processes, on SQLite, for the edit-run loop"
	@echo "make bench  - run the benchmarks and print their tables"
	@echo "make lint   - ruff"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(DEPS): requirements.txt requirements-dev.txt | $(BIN)/python
	rm -f $(VENV)/.deps-*
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Browser tests drive Debian's Chromium. Installed here when we are root;
# otherwise the browser tests say which package is missing.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Chromium for the browser tests (apt-get install -y chromium)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: browser tests need it (as root: apt-get install -y chromium)"; \
	  fi; \
	fi

# The CAPTCHA benchmark attacks the images with Debian's Tesseract as well as ddddocr.
tesseract:
	@if ! command -v tesseract >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Tesseract for bench/captcha.py (apt-get install -y tesseract-ocr)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr >/dev/null; \
	  else \
	    echo "Tesseract is missing: bench/captcha.py skips it (as root: apt-get install -y tesseract-ocr)"; \
	  fi; \
	fi

# bench/api.py drives the servers with wrk; bench/pow.py builds a C solver on OpenSSL and
# measures the widget's solver in Chromium.
bench-tools: chromium
	@missing=""; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	command -v cc >/dev/null 2>&1 || missing="$$missing gcc"; \
	[ -f /usr/include/openssl/sha.h ] || missing="$$missing libssl-dev"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing$$missing for the benchmarks (apt-get install -y$$missing)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing:$$missing; the benchmarks that need them say so (as root: apt-get install -y$$missing)"; \
	  fi; \
	fi

run: $(DEPS)
	@bash scripts/run.sh

test: $(DEPS) chromium
	@# axe-core (package.json) for the browser tests' accessibility check.
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	  else echo "npm is missing: the accessibility test will skip (and fail under CI=true)"; fi
	@# Tests that start no process run spread over the cores; then integration and browser tests,
	@# two at a time: they spend most of their time waiting on the servers, workers and browsers
	@# they start (4 min of CPU in 9.5 min serially), and each xdist worker has its own ports,
	@# databases and Redis database. Both halves always run.
	@status=0; \
	$(BIN)/pytest -n auto -m "not browser and not integration" || status=$$?; \
	$(BIN)/pytest -n 2 -m "browser or integration" || status=$$?; \
	exit $$status

# The edit-run loop, in under a minute: everything but tests/browser and tests/integration
# (conftest marks them by folder) and the checks over whole data sets (marked slow), on SQLite
# only, spread over the cores, with fewer Hypothesis examples. `make test` (both databases, every
# test) before pushing.
test-fast: $(DEPS)
	HYPOTHESIS_PROFILE=fast $(BIN)/pytest -q -n auto --db sqlite -m "not browser and not integration and not slow"

bench: $(DEPS) tesseract bench-tools
	$(BIN)/python -m bench

lint: $(DEPS)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache
