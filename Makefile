# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements/dev.lock pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
UV_VERSION := 0.13.9

.PHONY: install run test lint format lock migrate seed clean secret-key audit audit-code audit-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs exactly what the lock file says; re-runs only when it or pyproject.toml changes.
$(STAMP): requirements/dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements/dev.lock
	rm -f $(VENV)/.installed-*
	touch $@

# The embedded default's SECRET_KEY: random, made once per machine, readable by its
# owner only; scheduler/settings.py reads it when SECRET_KEY is not set, so manage.py
# works after `make install` too.
VAR_DIR ?= var
SECRET_KEY_PATH := $(VAR_DIR)/secret-key
$(SECRET_KEY_PATH):
	mkdir -p $(VAR_DIR)
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@.tmp && mv $@.tmp $@

secret-key: $(SECRET_KEY_PATH)

install: $(STAMP) $(SECRET_KEY_PATH)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# Embedded default: SQLite, filesystem broker and file e-mail under var/; no server needed.
run: seed
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/nl/admin/"
	@echo "          organiser 'organisator' / 'openjeogen-demo'"
	@echo "          administrator 'beheerder' / 'openjeogen-beheer'   (local use only)"
	@echo "  Mail:   one .eml file per message in var/mail/"
	@echo ""
	PATH="$(abspath $(BIN)):$$PATH" HOST=$(HOST) PORT=$(PORT) $(BIN)/honcho --no-prefix -f Procfile start

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Security checks: bandit over our code (settings in pyproject.toml; fails on medium or
# high severity), pip-audit over the locked dependencies (needs the advisory database on
# the network; --strict fails when a package could not be checked, never a false "none").
audit: audit-code audit-deps

audit-code: install
	$(BIN)/bandit -c pyproject.toml -r scheduler accounts venues events notifications manage.py --severity-level medium --quiet

audit-deps: install
	$(BIN)/pip-audit -r requirements/base.lock --no-deps --disable-pip --strict --progress-spinner off

# Re-pin the dependencies after changing pyproject.toml.
lock: install
	$(BIN)/uv pip compile --quiet --python-version 3.11 pyproject.toml -o requirements/base.lock
	$(BIN)/uv pip compile --quiet --python-version 3.11 pyproject.toml --extra dev --extra bench -o requirements/dev.lock

clean:
	rm -rf var staticfiles
