# One task runner: `make run`, `make test`, `make bench`, `make lint`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/reviewer

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(STAMP)
	$(PY) -m tests.benchmarks

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) tests/check_core_imports.py

clean:
	rm -rf $(VENV) build dist *.egg-info
