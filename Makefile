# Tremplin — the two commands of the README, and the steps they share.
#   make run     set up, then start web + Celery worker + Celery beat on http://127.0.0.1:8000
#                (TREMPLIN_PORT=8010 make run: another port)
#   make test    set up, then lint, check migrations and run every test (browser tests included)
#   make install set up only: .venv with the pinned dependencies of requirements.lock

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)

.PHONY: install run test lint browser migrate lock messages clean

install: $(STAMP)

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Tremplin needs Python 3.11 or newer ($(PYTHON) is older)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@
	@echo "Dependencies installed in $(VENV)."

migrate: install
	$(BIN)/python manage.py migrate --noinput

run: migrate
	$(BIN)/python manage.py seed_demo
	@echo "Tremplin: http://127.0.0.1:$${TREMPLIN_PORT:-8000} (web, worker and beat; Ctrl-C stops all three)"
	$(BIN)/honcho --procfile Procfile.dev start

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# TREMPLIN_SKIP_BROWSER=1 make test: no Chromium installed, the browser tests left out.
browser: install
	@if [ -n "$(TREMPLIN_SKIP_BROWSER)" ]; then echo "Browser tests skipped (TREMPLIN_SKIP_BROWSER)."; \
	else sh scripts/ensure-chromium.sh; fi

test: lint browser
	$(BIN)/pytest $(if $(TREMPLIN_SKIP_BROWSER),-m "not browser")

# Regenerate the lock file after editing pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --group dev --generate-hashes --python-version 3.11 -o requirements.lock

messages: install
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=var --ignore=tests --no-location
	$(BIN)/python manage.py compilemessages -l fr --ignore=.venv

clean:
	rm -rf $(VENV) var
