# backspasm: `make run` serves the site, `make test` runs the whole suite. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run dev test test-postgres lint migrate content static chromium clean help bench wrk

help:
	@echo "make run   - set up and serve the site on http://127.0.0.1:$(PORT)"
	@echo "make test  - set up and run the whole test suite (browser tests included)"
	@echo "make bench - measure the site against a bare WSGI hello-world (bench/results.md)"

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput

content: migrate
	$(PY) manage.py load_content

static: $(VENV)/.runtime
	$(PY) manage.py collectstatic --noinput --verbosity 0

run: content static
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl+C stops)"
	HOST=127.0.0.1 $(VENV)/bin/gunicorn backspasm_site.wsgi:application

dev: content
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's chromium for the browser tests (Playwright's own browser download does not work here).
chromium:
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's wrk for `make bench`.
wrk:
	@command -v wrk >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

# The site as `make run` serves it, against a bare WSGI hello-world under the same gunicorn (bench/run.py).
bench: content static wrk
	$(PY) bench/run.py

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/hadolint Dockerfile

test: $(VENV)/.dev chromium lint static
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The same suite against the PostgreSQL on 127.0.0.1 (CI runs both).
test-postgres: $(VENV)/.dev chromium static
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
