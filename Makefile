# summarize: `make run` translates and summarises seeds/; `make test` runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/summarize run seeds/

test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis

.PHONY: bench bench-quick

# Throughput and memory of each backend, then the folder benchmark (window 8 against one article at a time),
# on the full-size architectures (random weights): ~15 minutes.
bench: install
	$(BIN)/python bench/bench.py --name cpu-2core
	$(BIN)/python bench/folder.py --name folder-cpu-2core

# The translation comparison alone on fewer sentences: ~1 minute; writes bench/results/quick.json.
bench-quick: install
	$(BIN)/python bench/bench.py --quick

.PHONY: fidelity

# Cleaning, sentence splitting, the number and the evidence checks on the labelled corpus (no model, < 1 min).
fidelity: install
	$(BIN)/summarize fidelity -o eval/fidelity/results.json
