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

# every figure of issue 15, each measured as ratios in one run (bench/README.md): speed
# and first result against the bare parse, a Dask cluster against one process, a day's
# feed; then, when the snapshots are there, against the peer (the SFU Gender Gap
# Tracker, in a virtualenv of its own) on PolNeAR's dev articles. About an hour.
GGT := $(MIRROR)/sfu-discourse-lab+GenderGapTracker/repo
bench: install
	$(BIN)/python bench/speed.py
	$(BIN)/python bench/cluster.py
	$(BIN)/python bench/feed.py
	@if [ -d "$(GGT)" ] && [ -d "$(MIRROR)/networkdynamics+PolNeAR" ]; then \
		$(BIN)/python eval/real/build.py --mirror $(MIRROR) && \
		$(BIN)/python bench/peer.py --ggt $(GGT); \
	else echo "bench/peer.py skipped: fetch github:sfu-discourse-lab/GenderGapTracker and github:networkdynamics/PolNeAR into $(MIRROR)"; fi

bench-scale: install
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) .services build ledger.json report.html report.md
