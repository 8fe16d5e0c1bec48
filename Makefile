# quotes: `make demo` and `make test` work on a fresh machine; everything else builds on `install`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
GOLD ?= $(SHARED)/data/polnear/dev.jsonl
REGISTRY_DATA ?= $(SHARED)/data/registry

.PHONY: install test lint demo eval bench registry train-claims train-frames train-reported clean

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
	$(BIN)/mypy

demo: install
	@mkdir -p out && rm -f out/demo.db*
	@echo "== quotes ingest: 14 bundled UK articles into out/demo.db (SQLite)"
	$(BIN)/quotes ingest --db out/demo.db fixtures/articles/*.txt
	@echo "== quotes said: everything Keir Starmer said, newest first, with his role at the time"
	$(BIN)/quotes said "Sir Keir" --db out/demo.db
	@echo "== the same person through a surname; shared surnames are never merged"
	-$(BIN)/quotes said "Johnson" --db out/demo.db
	$(BIN)/quotes said "Boris Johnson" --db out/demo.db --format jsonl | head -n 2
	@echo "== quotes search: full text with phrases, prefixes and operators"
	$(BIN)/quotes search '"cost of living" OR budget*' --db out/demo.db
	@echo "== quotes verify: did they really say that? (exit 3: worded differently)"
	-$(BIN)/quotes verify "We will keep talking in good faith and hope the EU does the same" --db out/demo.db
	@echo "== quotes extract needs no database"
	$(BIN)/quotes extract fixtures/articles/10_sausage_war_truce.txt --format table
	@echo "== browse it: $(BIN)/quotes serve --db out/demo.db, then open http://127.0.0.1:8001/quotes"

eval: install
	$(BIN)/quotes eval $(GOLD) --speaker-by mention
	$(BIN)/quotes eval $(SHARED)/data/uk_dev/gold.jsonl --speaker-by name
	$(BIN)/quotes eval-claims --fixtures fixtures/claims \
		--checkworthy $(SHARED)/data/checkworthy/CT24_checkworthy_english_dev.tsv \
		--gold $(SHARED)/data/uk_dev/gold.jsonl

train-claims: install
	$(BIN)/python -m quotes.claims.train --out quotes/claims/model/ \
		--train $(SHARED)/data/checkworthy/CT24_checkworthy_english_train.tsv \
		--dev $(SHARED)/data/checkworthy/CT24_checkworthy_english_dev.tsv

train-frames: install
	$(BIN)/python -m quotes.nlp.train_frames --train $(SHARED)/data/polnear/train.jsonl \
		--out quotes/nlp/model/frames.json

train-reported: install
	$(BIN)/python -m quotes.nlp.train_reported --train $(SHARED)/data/polnear/train.jsonl \
		--out quotes/nlp/model/reported.json

bench: install
	$(BIN)/python bench/bench.py --gold $(GOLD)
	$(BIN)/python bench/bench_db.py --gold $(GOLD)
	$(BIN)/python bench/bench_serve.py --gold $(GOLD)
	$(BIN)/python bench/bench_patho.py
	$(BIN)/python bench/bench_verify.py --gold $(GOLD) --train $(SHARED)/data/polnear/train.jsonl
	$(BIN)/python bench/bench_ray.py --gold $(GOLD)
	$(BIN)/python bench/bench_web.py --gold $(GOLD)

registry: install
	$(BIN)/python -m quotes.people.build_registry $(REGISTRY_DATA) quotes/people/registry.jsonl.gz

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
