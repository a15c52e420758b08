# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
# Both create .venv and install the project with the versions in constraints.txt.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEMO_DIR := data/demo

.PHONY: venv demo test lint bench schemas constraints clean browser dashboard

# A local BigQuery API emulator for the BigQuery tests, in its own environment: it needs
# DuckDB 1.5.5 with the spatial extension from its wheel (it cannot download extensions
# offline), which the project's DuckDB 2.0 must not be mixed with.
BQ_EMULATOR := .bqemulator
BQ_INSTALLED := $(BQ_EMULATOR)/.installed

$(BQ_INSTALLED):
	$(PYTHON) -m venv $(BQ_EMULATOR)
	$(BQ_EMULATOR)/bin/pip install --quiet bqemulator==1.4.0 duckdb==1.5.5 \
		duckdb-extension-spatial==1.5.5 numpy==2.4.6
	touch $@

# checkov (Terraform policy checks) in its own environment too: it brings a fork of hcl2 and
# an older `packaging` that would break the project's own.
CHECKOV := .checkov
CHECKOV_INSTALLED := $(CHECKOV)/.installed

$(CHECKOV_INSTALLED):
	$(PYTHON) -m venv $(CHECKOV)
	$(CHECKOV)/bin/pip install --quiet checkov==3.3.30
	touch $@

$(INSTALLED): setup.py constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,agent,dashboard]'
	touch $@

venv: $(INSTALLED)

# The streaming job on the Pub/Sub emulator, sessions into DuckDB, a summary at the end
# (falls back to the batch path where no emulator is installed).
demo: venv
	$(BIN)/python -m pipeline.demo --out $(DEMO_DIR)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/python -m schemas.bigquery_schema
	$(BIN)/python -m schemas.salesforce_metadata

CHROMEDRIVER := /usr/bin/chromedriver
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# Headless Chromium for tests/test_dashboard_browser.py: Debian's packages, no browser download.
$(CHROMEDRIVER):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver

browser: $(CHROMEDRIVER)

# The local dashboard over the demo's warehouse (make demo first).
dashboard: venv
	$(BIN)/voice-analytics dashboard --duckdb_path $(DEMO_DIR)/warehouse.duckdb --now latest

test: lint $(BQ_INSTALLED) $(CHECKOV_INSTALLED) $(CHROMEDRIVER)
	$(BIN)/pytest

bench: venv
	$(BIN)/voice-analytics bench generate --count 10000
	$(BIN)/voice-analytics bench validate --count 2000
	$(BIN)/voice-analytics bench sinks --count 1000
	$(BIN)/voice-analytics bench dashboard

# After changing schemas/tables.py or schemas/salesforce_fields.py.
schemas: venv
	$(BIN)/python -m schemas.bigquery_schema --write
	$(BIN)/python -m schemas.salesforce_metadata --write

# After changing requirements in setup.py: re-resolve and lock.
constraints:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip && .venv-lock/bin/pip install --quiet -e '.[dev,agent,dashboard]'
	{ sed -n '1,3p' constraints.txt; .venv-lock/bin/pip freeze --exclude-editable; } > constraints.new
	mv constraints.new constraints.txt && rm -rf .venv-lock

clean:
	rm -rf $(VENV) $(BQ_EMULATOR) $(CHECKOV) data build *.egg-info
