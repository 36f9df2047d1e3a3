# One task runner: `make run`, `make test`, `make bench`, `make lint`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-headless bench lint screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/reviewer

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# The core without Qt: a virtualenv with every dependency but PySide6 runs every test outside tests/ui.
HEADLESS := .venv-headless
test-headless:
	test -x $(HEADLESS)/bin/python || $(PYTHON) -m venv $(HEADLESS)
	$(HEADLESS)/bin/python -m pip install --quiet --no-deps -e .
	$(HEADLESS)/bin/python -m pip install --quiet $$($(PYTHON) tests/headless_requirements.py)
	! $(HEADLESS)/bin/python -c "import PySide6" 2>/dev/null
	$(HEADLESS)/bin/python -m pytest -p no:pytestqt --ignore=tests/ui -q

bench: $(STAMP)
	$(PY) -m tests.benchmarks

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# The README's screenshots of the real window, under Xvfb when it is installed.
screenshots: $(STAMP)
	if command -v xvfb-run >/dev/null; then xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) tests/screenshots.py; \
	else QT_QPA_PLATFORM=offscreen $(PY) tests/screenshots.py; fi

clean:
	rm -rf $(VENV) $(HEADLESS) build dist *.egg-info
