# One task runner: `make run`, `make test`, `make bench`, `make lint`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint screenshots clean

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

# The README's screenshots of the real window, under Xvfb when it is installed.
screenshots: $(STAMP)
	if command -v xvfb-run >/dev/null; then xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) tests/screenshots.py; \
	else QT_QPA_PLATFORM=offscreen $(PY) tests/screenshots.py; fi

clean:
	rm -rf $(VENV) build dist *.egg-info
