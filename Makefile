# summarize: `make run` translates and summarises seeds/; `make test` runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test demo clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/summarize run seeds/

test: install
	$(BIN)/python -m pytest -q

# A one-minute offline demo: tiny models built locally (their output is nonsense, the workings are
# real), the seeds run through them into out/demo.db, an HTML export in out/demo-html/, then the
# web app on http://127.0.0.1:7860 (Ctrl-C to stop).
DEMO_MODELS := --translation-model out/tiny/marian --summary-model out/tiny/mt5
demo: install
	test -f out/tiny/mt5/config.json || $(BIN)/python -m summarize.testing out/tiny
	HF_HUB_OFFLINE=1 $(BIN)/summarize run seeds/ --db out/demo.db $(DEMO_MODELS)
	$(BIN)/summarize export --db out/demo.db --format html -o out/demo-html
	HF_HUB_OFFLINE=1 $(BIN)/summarize serve --db out/demo.db $(DEMO_MODELS)

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis

.PHONY: bench bench-quick bench-stories

# Throughput and memory of each backend, then the folder benchmark (window 8 against one article at a time),
# on the full-size architectures (random weights): ~15 minutes.
bench: install
	$(BIN)/python bench/bench.py --name cpu-2core
	$(BIN)/python bench/folder.py --name folder-cpu-2core

# The translation comparison alone on fewer sentences: ~1 minute; writes bench/results/quick.json.
bench-quick: install
	$(BIN)/python bench/bench.py --quick

# Stories: clustering time and memory on synthetic archives of 2,000 and 20,000 articles (~30 s).
bench-stories: install
	$(BIN)/python bench/stories.py

.PHONY: fidelity

# Cleaning, sentence splitting, the number and the evidence checks on the labelled corpus (no model, < 1 min).
fidelity: install
	$(BIN)/summarize fidelity -o eval/fidelity/results.json
