# Two commands for a fresh machine:
#   make run   - create .venv, install GluteDesk, launch it on the default database
#   make test  - create .venv, install with test tools, run ruff, the layer contracts and all tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint contracts demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/glutedesk

demo: $(STAMP)
	$(BIN)/glutedesk demo

lint: $(STAMP)
	$(BIN)/ruff check glutedesk tests scripts diagrams/tools
	$(BIN)/ruff format --check glutedesk tests scripts diagrams/tools

contracts: $(STAMP)
	$(BIN)/lint-imports

.PHONY: types
types: $(STAMP)
	$(BIN)/mypy

test: lint contracts types
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/glutedesk bench

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
