# Quick start: `make run` (demo on http://127.0.0.1:8000) and `make test`.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The first Python >= 3.11 on the PATH.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && { echo $$p; break; }; done)

.PHONY: run test lint check clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is required."; exit 1; }
	@echo "==> Creating $(VENV) with $(PYTHON) and installing the platform (a minute or two)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python manage.py demo_setup --port $(PORT)
	@echo "==> Serving on http://127.0.0.1:$(PORT)/  (Ctrl-C stops)"
	@mkdir -p var; $(BIN)/python manage.py db_worker >var/worker.log 2>&1 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver --noreload 127.0.0.1:$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -n auto -p no:cacheprovider $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var
