# Harmony's two commands: `make run` and `make test`. Both are idempotent and work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint chromium bench clean-venv

$(PY):
	$(PYTHON) -m venv $(VENV)

# Local development settings, never committed; production sets real environment variables instead.
.env:
	printf '# Local development settings (git-ignored). Production sets real environment variables instead.\nDJANGO_DEBUG=1\n' > $@

$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PIP) -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PIP) -r requirements-dev.txt
	touch $@ $(RUNTIME_STAMP)

## run: set up (venv, requirements, migrations, catalog, demo data) and serve on http://127.0.0.1:8000
run: export DJANGO_DEBUG ?= 1
run: $(RUNTIME_STAMP) .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_catalog
	$(PY) manage.py load_demo
	@echo "Harmony is starting on http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: set up and run lint, Django checks, the migrations check and the whole pytest suite (browser tests too)
test: export DJANGO_DEBUG ?= 1
test: $(DEV_STAMP) .env chromium
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

## chromium: install Debian's Chromium for the browser tests when it is missing and apt can install it
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's Chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "NOTE: /usr/bin/chromium is missing; browser tests will be skipped (sudo apt-get install chromium)."; \
	  fi; \
	fi

## bench: print the benchmark figures (photo processing, patient search)
bench: export DJANGO_DEBUG ?= 1
bench: $(DEV_STAMP) .env
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

lint: $(DEV_STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean-venv:
	rm -rf $(VENV)
