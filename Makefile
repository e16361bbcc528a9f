# The two commands: `make demo` and `make test`. Each installs what it needs first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test eval eval-real train bench bench-scale clean

# the folder of snapshots that the search tool's `fetch` brought (eval/real/README.md)
MIRROR ?= ../.mirror

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

# real development text: build the cases from the fetched repositories, then score them
eval-real: install
	$(BIN)/python eval/real/build.py --mirror $(MIRROR)
	$(BIN)/python eval/real/report.py --split dev

# the confidence model, from the real training cases (scikit-learn only here)
train: install
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[train]'
	$(BIN)/python eval/real/build.py --mirror $(MIRROR)
	$(BIN)/python eval/real/train.py

bench: install
	$(BIN)/python bench/speed.py

bench-scale: install
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) .services build ledger.json report.html report.md
