# Strom: `make run` serves it with its services, `make test` runs the whole suite (`make test-postgres`
# once more on PostgreSQL, as docker-compose runs it).
# Both do every set-up step a fresh machine needs, and repeat none that is already done.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export STROM_DEV ?= 1
# The server platform/postgres/start runs, with its role and database.
POSTGRES_URL := postgres://strom:strom@127.0.0.1:5433/strom

.PHONY: run test unit bench setup venv kafka connect redis chromium services stop-services migrate postgres test-postgres test-database lint

setup: venv kafka connect redis

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

kafka:
	platform/kafka/install

connect: kafka
	platform/connect/install

redis:
	@command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }

chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Start the broker, the Connect worker and Redis in the background (reusing running ones) for tests and benchmarks.
services: setup
	platform/kafka/start
	platform/connect/start
	platform/redis/start

stop-services:
	platform/connect/stop
	platform/kafka/stop
	platform/redis/stop
	platform/postgres/stop

# PostgreSQL on 127.0.0.1:5433, installed from Debian's packages when missing (reusing a running one).
postgres:
	platform/postgres/start

# honcho runs platform/Procfile: broker, Redis, setup + web, Celery worker and beat; Ctrl-C stops them all.
run: setup
	PYTHONUNBUFFERED=1 $(VENV)/bin/honcho -f platform/Procfile start

# The pure-code tests alone: seconds, no services.
unit: venv
	$(VENV)/bin/pytest tests/unit -q

test: setup chromium services
	$(VENV)/bin/pytest

test-postgres: setup chromium services postgres
	DATABASE_URL=$(POSTGRES_URL) $(VENV)/bin/pytest

# On PostgreSQL, the tests whose outcome the database decides: jobs, their claims, parts and schedules
# (row locks, transactions), the audit log, lag history, users, roles and logins, the Django admin.
# CI runs these after the whole suite on SQLite; the rest only talk to Kafka, Redis and the browser.
DATABASE_TESTS := $(filter-out tests/test_failover_%,$(sort $(wildcard \
	tests/test_*job*.py tests/test_*schedule*.py tests/test_*replay*.py tests/test_*ingest*.py \
	tests/test_*audit*.py tests/test_lag_history.py tests/test_*role*.py tests/test_login*.py \
	tests/test_*admin*.py tests/test_a_kept_upload*.py tests/test_*password*.py \
	tests/test_*alert*.py tests/test_*_rule_*.py tests/test_a_delivery_*.py tests/test_a_webhook_*.py \
	tests/test_rates_in_and_consumed_*.py)))

test-database: setup chromium services postgres
	DATABASE_URL=$(POSTGRES_URL) $(VENV)/bin/pytest $(DATABASE_TESTS)

# Style and import order (ruff), no model change without its migration, and Django's deployment checks
# on the production settings (no STROM_DEV; a throwaway key, since production sets its own).
lint: venv
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	env -u STROM_DEV -u DEBUG SECRET_KEY=check-deploy-only-a-key-that-signs-nothing-0123456789abcdef \
		$(PY) manage.py check --deploy --fail-level WARNING

bench: setup services
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done
