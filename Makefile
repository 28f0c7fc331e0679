# backspasm: `make run` serves the site, `make test` runs the whole suite. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT
# Test processes (pytest-xdist), handed tests one by one (README, Tests); most tests wait on a browser,
# a server or Varnish, so two processes on two cores take about 60% of the time of one.
TEST_WORKERS ?= 2
PYTEST := $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist load

.PHONY: run dev edge varnish promtool nginx test test-fast test-postgres lint pre-commit migrate content static chromium clean help bench bench-growth profile wrk check-deploy bandit backup restore lighthouse screenshots

help:
	@echo "make run   - set up and serve the site on http://127.0.0.1:$(PORT)"
	@echo "make test  - set up and run the whole test suite (browser tests included)"
	@echo "make test-fast - the unit tests only, about a minute (no browser, servers or Varnish)"
	@echo "make bench - measure the site against a bare WSGI hello-world (bench/results.md)"
	@echo "make bench-growth - how costs grow from 100 to 10,000 articles (GROWTH_SIZES=100,1000 for a quick run)"

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt requirements-observatory.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-observatory.txt
	touch $@

# What settings.py never writes itself: the local secret key (kept, so sessions survive a restart) and var/,
# where the SQLite database lives, both readable by this user only. Production sets DJANGO_SECRET_KEY.
.local-secret-key:
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

var:
	mkdir -p -m 700 var

migrate: $(VENV)/.runtime .local-secret-key var
	$(PY) manage.py migrate --noinput

content: migrate
	$(PY) manage.py load_content

static: $(VENV)/.runtime
	$(PY) manage.py collectstatic --noinput --verbosity 0

run: static content
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl+C stops)"
	HOST=127.0.0.1 $(VENV)/bin/gunicorn backspasm_site.wsgi:application

dev: content
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's chromium for the browser tests (Playwright's own browser download does not work here).
chromium:
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's prometheus package, for its promtool: tests/test_prometheus_rules.py checks deploy/prometheus with it.
# The package may start its own prometheus (and node exporter): stopped by their pid files, we need neither.
promtool:
	@command -v promtool >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq prometheus >/dev/null; \
		for pidfile in /run/prometheus/prometheus.pid /run/prometheus.pid /run/prometheus-node-exporter.pid; do \
			test -f $$pidfile && $$SUDO kill "$$(cat $$pidfile)" 2>/dev/null || true; done; }

# Debian's Varnish with varnish-modules (xkey) for the edge cache (`make edge`, tests/test_edge_cache.py). The
# package may start its own varnishd on port 6081: it is stopped by its pid file, since we run our own.
varnish:
	@{ test -x /usr/sbin/varnishd && ls /usr/lib/*/varnish/vmods/libvmod_xkey.so; } >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq varnish varnish-modules >/dev/null; \
		for pidfile in /run/varnishd.pid /var/run/varnishd.pid /run/varnish/varnishd.pid; do \
			test -f $$pidfile && $$SUDO kill "$$(cat $$pidfile)" 2>/dev/null || true; done; }

# The site behind Varnish as production runs it: gunicorn on $(PORT), Varnish on $(EDGE_PORT), edits purged.
# The VCL is written by `manage.py render_vcl` (backend, emergency wording, purge rules); the purge token is
# EDGE_PURGE_TOKEN, or a new random one for this run.
EDGE_PORT ?= 6081
edge: static content varnish
	@mkdir -p var/varnish
	@export EDGE_PURGE_TOKEN=$${EDGE_PURGE_TOKEN:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))')}; \
	$(PY) manage.py render_vcl --backend 127.0.0.1:$(PORT) --output var/varnish/backspasm.vcl || exit 1; \
	echo "Serving on http://127.0.0.1:$(EDGE_PORT) through Varnish (gunicorn on $(PORT)); Ctrl+C stops both"; \
	HOST=127.0.0.1 DJANGO_TRUSTED_PROXIES=127.0.0.1 EDGE_PURGE=varnish:http://127.0.0.1:$(EDGE_PORT) \
		$(VENV)/bin/gunicorn backspasm_site.wsgi:application & gunicorn_pid=$$!; \
		trap 'kill $$gunicorn_pid' EXIT INT TERM; \
		/usr/sbin/varnishd -F -j none -n $(CURDIR)/var/varnish -a 127.0.0.1:$(EDGE_PORT) \
			-f $(CURDIR)/var/varnish/backspasm.vcl -s malloc,256m -T none \
			$$(grep -v '^#' deploy/varnish/varnishd.params)

# Debian's nginx for `make bench` (the static-file baseline for the edge cache). Its own service is stopped.
nginx:
	@test -x /usr/sbin/nginx || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx >/dev/null; \
		for pidfile in /run/nginx.pid /var/run/nginx.pid; do \
			test -f $$pidfile && $$SUDO kill "$$(cat $$pidfile)" 2>/dev/null || true; done; }

# Debian's wrk for `make bench`.
wrk:
	@command -v wrk >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

# The site as `make run` serves it, against a bare WSGI hello-world under the same gunicorn (bench/run.py),
# and first paint on emulated slow 3G in Chromium (bench/first_paint.py).
bench: static content wrk varnish nginx chromium
	$(PY) bench/run.py
	$(PY) bench/first_paint.py

# How the site's costs grow with the number of articles (issue 16): throwaway sites of GROWTH_SIZES articles
# (default 100,1000,10000; SQLite, and PostgreSQL at GROWTH_POSTGRES for search), bench/growth.py.
bench-growth: static wrk varnish nginx
	$(PY) bench/growth.py

# Where a worker's time goes on each benchmarked page: py-spy samples under wrk load (bench/profile.py).
profile: $(VENV)/.dev static content wrk
	$(PY) bench/profile.py

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/xenon --max-absolute B --exclude 'backspasm_site/*/migrations/*,backspasm_site/*/tests/*' backspasm_site
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/hadolint Dockerfile
	@$(PY) -m tools.commit_subjects

# The fast checks as a git hook on every commit (.pre-commit-config.yaml), for contributors.
pre-commit: $(VENV)/.dev
	$(VENV)/bin/pre-commit install
	$(VENV)/bin/pre-commit run --all-files

# Django's deployment checklist under the production environment (a throwaway key, never a real one).
check-deploy: $(VENV)/.runtime
	DJANGO_ENV=production DJANGO_ALLOWED_HOSTS=backspasm.example.org \
		DJANGO_SECRET_KEY=check-deploy-only-$$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=') \
		$(PY) manage.py check --deploy --fail-level WARNING

# Static security analysis of the app: no medium or high finding.
bandit: $(VENV)/.dev
	$(VENV)/bin/bandit --quiet --recursive backspasm_site gunicorn.conf.py manage.py --severity-level medium \
		--exclude '*/tests/*'

# The database (SQLite online backup or pg_dump, whichever DATABASE_URL names) and media/ into
# var/backups/<timestamp>/; `make restore` loads the newest one (or BACKUP=var/backups/<timestamp>). Over a
# database that holds data it asks first, and without a terminal (CI) it refuses unless FORCE=1.
backup: $(VENV)/.runtime
	$(PY) manage.py backup

restore: $(VENV)/.runtime
	$(PY) manage.py restore $(BACKUP) $(if $(FORCE),--force)

test: $(VENV)/.dev chromium varnish promtool lint check-deploy bandit static
	$(PYTEST) $(PYTEST_ARGS)

# The unit tests beside the code: no browser, no gunicorn, no Varnish (about a minute). `make test` is the whole check.
test-fast: $(VENV)/.dev
	$(PYTEST) -q -m "not browser and not server and not edge" backspasm_site $(PYTEST_ARGS)

# The same suite against the PostgreSQL on 127.0.0.1 (CI runs both).
test-postgres: $(VENV)/.dev chromium varnish promtool static
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PYTEST) $(PYTEST_ARGS)

# Lighthouse from npm (version pinned in package-lock.json), run with Debian's Chromium. Not part of `make test`.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

lighthouse: $(VENV)/.dev chromium node_modules/.package-lock.json
	CHROME_PATH=$${CHROME_PATH:-$$(command -v chromium)} $(PY) -m tools.lighthouse

# PNGs of the main pages at phone and desktop widths, into docs/screenshots/.
screenshots: $(VENV)/.dev chromium
	$(PY) -m tools.screenshots

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
