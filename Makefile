# Strom: `make run` serves it with its services, `make test` runs the whole suite.
# Both do every set-up step a fresh machine needs, and repeat none that is already done.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export STROM_DEV ?= 1

.PHONY: run test unit bench setup venv kafka redis chromium services stop-services migrate

setup: venv kafka redis

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

kafka:
	platform/kafka/install

redis:
	@command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }

chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Start the broker and Redis in the background (reusing running ones) for tests and benchmarks.
services: setup
	platform/kafka/start
	platform/redis/start

stop-services:
	platform/kafka/stop
	platform/redis/stop

# honcho runs platform/Procfile: broker, Redis, setup + web, Celery worker and beat; Ctrl-C stops them all.
run: setup
	PYTHONUNBUFFERED=1 $(VENV)/bin/honcho -f platform/Procfile start

# The pure-code tests alone: seconds, no services.
unit: venv
	$(VENV)/bin/pytest tests/unit -q

test: setup chromium services
	$(VENV)/bin/pytest

bench: setup services
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done
