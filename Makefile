# Kompensation: `make demo` starts the product with demo data on SQLite; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
export PYTHONPATH := src
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kompensation
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test lint typecheck test-fast test-sqlite e2e bench clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	DJANGO_SETTINGS_MODULE=kompensation.settings.dev $(PY) -m kompensation.manage migrate --noinput
	DJANGO_SETTINGS_MODULE=kompensation.settings.dev $(PY) -m kompensation.manage demo_data
	DJANGO_SETTINGS_MODULE=kompensation.settings.dev $(PY) -m kompensation.manage runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# Rules and services once more on SQLite: the embedded default must keep working.
test-sqlite: $(STAMP)
	DATABASE_URL=sqlite:///$(CURDIR)/var/test-sqlite.sqlite3 $(PY) -m pytest tests/rules tests/cases tests/payments/test_exactly_once.py tests/payments/test_interpreting_core.py -m "not postgres" -q -p no:cacheprovider -n 2

test-fast: $(STAMP)
	DATABASE_URL=$(DATABASE_URL) $(PY) -m pytest -q -m "not e2e" -n 2

e2e: $(STAMP) chromium
	DATABASE_URL=$(DATABASE_URL) CHROMIUM=$(CHROMIUM) $(PY) -m pytest -q -m e2e

chromium:
	@test -x $(CHROMIUM) || (apt-get install -y chromium >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y chromium >/dev/null)) || (echo "Chromium mangler: installér Debians pakke 'chromium'" && exit 1)

test: lint typecheck test-fast test-sqlite e2e

bench: $(STAMP)
	DATABASE_URL=$(DATABASE_URL) $(PY) bench/foundation.py
	DATABASE_URL=$(DATABASE_URL) $(PY) bench/payments.py
	DATABASE_URL=$(DATABASE_URL) $(PY) bench/load.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
