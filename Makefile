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

# What is installed comes from the lock files (exact versions with their hashes), made from the pins in the
# hand-edited requirements*.txt by `make lock`; so a fresh clone installs exactly what CI tested.
LOCK := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
  --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
# The hooks' own state (pre-commit's cache) stays in the virtualenv; the hooks are local, so nothing is fetched.
HOOKS := PRE_COMMIT_HOME=$(CURDIR)/$(VENV)/pre-commit $(PY) -m pre_commit run --all-files --show-diff-on-failure

.PHONY: run test setup lint lock lock-check chromium bench clean-venv

$(PY):
	$(PYTHON) -m venv $(VENV)

# Local development settings, never committed; production sets real environment variables instead.
.env:
	printf '# Local development settings (git-ignored). Production sets real environment variables instead.\nDJANGO_DEBUG=1\n' > $@

$(RUNTIME_STAMP): requirements.lock | $(PY)
	$(PIP) --require-hashes -r requirements.lock
	touch $@

# The dev lock holds the runtime lock's versions too (it is compiled with requirements.lock as a constraint).
$(DEV_STAMP): requirements.lock requirements-dev.lock | $(PY)
	$(PIP) --require-hashes -r requirements-dev.lock
	touch $@ $(RUNTIME_STAMP)

## lock: regenerate requirements.lock and requirements-dev.lock from requirements*.txt (LOCK_ARGS=--upgrade to bump)
lock: $(DEV_STAMP)
	$(LOCK) --output-file requirements.lock requirements.txt
	$(LOCK) --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt

# Every pin in requirements*.txt is in its lock file at the same version (a pin edited without `make lock` fails).
lock-check:
	@for pair in requirements.txt:requirements.lock requirements-dev.txt:requirements-dev.lock; do \
	  awk -v lock="$${pair##*:}" ' \
	    BEGIN { while ((getline line < lock) > 0) if (line ~ /^[a-z0-9]/) { split(line, f, " "); locked[f[1]] = 1 } } \
	    { sub(/[#;].*/, ""); gsub(/[ \t]/, "") } \
	    $$0 == "" || /^-/ { next } \
	    { split($$0, p, "=="); name = tolower(p[1]); sub(/\[.*\]/, "", name); gsub(/[-_.]+/, "-", name); \
	      if (!((name "==" p[2]) in locked)) { print FILENAME ": " $$0 " is not in " lock ": run make lock"; bad = 1 } } \
	    END { exit bad }' "$${pair%%:*}" || exit 1; \
	done

## run: set up (venv, requirements, migrations, catalog, demo data) and serve on http://127.0.0.1:8000
run: export DJANGO_DEBUG ?= 1
run: $(RUNTIME_STAMP) .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_catalog
	$(PY) manage.py load_demo
	@echo "Harmony is starting on http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: set up and run the hooks, mypy, Django checks, the migrations check and the whole pytest suite (browser too)
test: export DJANGO_DEBUG ?= 1
test: $(DEV_STAMP) .env chromium
	$(HOOKS)
	$(PY) -m mypy
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
