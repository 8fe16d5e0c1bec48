# quotes: `make demo` and `make test` work on a fresh machine; everything else builds on `install`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
GOLD ?= $(SHARED)/data/polnear/dev.jsonl
REGISTRY_DATA ?= $(SHARED)/data/registry

.PHONY: install test lint demo eval bench registry clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check quotes tests bench

demo: install
	@echo "== quotes extract: every quotation and its speaker in a bundled UK article"
	$(BIN)/quotes extract fixtures/articles/01_labour_wins_westminster.txt --format table
	@echo "== the same as JSON Lines (the contract other tools read), first record"
	$(BIN)/quotes extract fixtures/articles/02_johnson_reelected_mayor.txt | head -c 600; echo

eval: install
	$(BIN)/quotes eval $(GOLD) --speaker-by mention

bench: install
	$(BIN)/python bench/bench.py --gold $(GOLD)

registry: install
	$(BIN)/python -m quotes.people.build_registry $(REGISTRY_DATA) quotes/people/registry.jsonl.gz

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
