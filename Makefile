# The two commands: `make demo` and `make test`. Each installs what it needs first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test eval bench bench-scale clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "rashomon needs Python 3.11; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

demo: install
	$(BIN)/rashomon analyze examples/ --json ledger.json --html report.html --markdown report.md

# pytest exits 5 when it collects no test: make fails then, as on any other error.
test: install
	bash tests/services.sh
	$(BIN)/pytest -n auto -p no:cacheprovider

eval: install
	$(BIN)/python eval/run.py

bench: install
	$(BIN)/python bench/speed.py

bench-scale: install
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) .services ledger.json report.html report.md
