# pressextract — developer entry points. `make setup run` then `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SHARED ?= ../shared
# Optional: path to the official Destatis register (GV100AD txt) to import during setup.
GV100AD ?=

.PHONY: setup run test wheel lint eval eval-dates bench bench-scale train-ner eval-ner diff review clean

setup: $(VENV)/.installed
	@if [ -n "$(GV100AD)" ]; then $(PY) -m extract.cli gazetteer import "$(GV100AD)"; fi

# `make setup`: what a user needs (no test tools); the NER model package installs from the repo.
$(VENV)/.installed: pyproject.toml setup.py packages/de_pressextract_ner/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e . ./packages/de_pressextract_ner
	rm -f $(VENV)/.dev-installed
	touch $@

# `make test` adds the dev extra (pytest, ruff, selenium, pgserver) on top.
$(VENV)/.dev-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

run: setup
	$(PY) -m extract.cli run corpus --out output

test: setup $(VENV)/.dev-installed
	$(VENV)/bin/ruff check extract tests scripts training
	$(PY) -m pytest

# a wheel of pressextract and one of the model package, into dist/
wheel: setup
	$(PY) -m pip wheel --quiet --no-deps -w dist . ./packages/de_pressextract_ner

lint: setup $(VENV)/.dev-installed
	$(VENV)/bin/ruff check extract tests scripts training

# the held-out set (eval/heldout, ours) first, then the shared dev gold, then our sets of real
# releases (eval/*/README.md says how each was made and which were held out)
OWN_EVAL = eval/real-facts eval/real-facts-2 eval/real-facts-3 eval/real-facts-4 eval/real-facts-5 eval/real-facts-6 eval/real-facts-7 eval/real-places eval/real-places-2 \
	eval/real-places-3 eval/real-places-4 eval/real-dates eval/real-dates-2 eval/real-dates-3 \
	eval/real-dates-4 eval/real-dates-5 eval/real-meta eval/real-meta-2 eval/real-roles eval/real-roles-2 \
	eval/real-places-5 eval/real-places-6 eval/real-meta-3 eval/real-meta-4 \
	eval/real-meta-5 eval/real-meta-6 eval/real-places-7 eval/real-dates-6 eval/real-dates-6-heldout eval/real-meta-7 eval/real-meta-8 eval/real-facts-8 eval/real-facts-9 eval/real-dates-7 eval/real-dates-7-heldout \
	eval/real-dates-8 eval/real-dates-8-heldout \
	eval/real-roles-3 eval/real-roles-3-heldout \
	eval/real-facts-10 eval/real-facts-11 \
	eval/real-places-8 eval/real-places-8-heldout \
	eval/real-meta-9 eval/real-meta-10 \
	eval/real-meta-11 eval/real-meta-11-heldout \
	eval/real-amounts eval/real-amounts-heldout \
	eval/real-roles-4 eval/real-roles-4-heldout
eval: setup
	$(PY) -m extract.cli eval eval/heldout --no-details
	$(PY) -m extract.cli eval $(SHARED)/eval/dev
	$(PY) -m extract.cli eval $(OWN_EVAL) --no-details

bench: setup
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) scripts/bench.py
	$(PY) scripts/bench_dates.py $(SHARED)/eval/dev eval/heldout
	$(PY) scripts/eval_dates_external.py --external $(SHARED)/eval/external

# wall time, docs/s and peak memory at 1k and 10k documents, reconcile vs distinct names (long: about an hour)
bench-scale: setup
	$(PY) scripts/bench_scale.py --sizes 1000 10000

# Value / span F1 and ms/doc of pressextract, dateparser and (when installed, on a sample) HeidelTime
# on the external German TIMEX gold ($(SHARED)/eval/external: KRAUTS, Recognizers-Text, Duckling).
eval-dates: setup
	$(PY) scripts/eval_dates_external.py --external $(SHARED)/eval/external

# Train the German NER on GermEval 2014 train (needs $(SHARED)/data/ner) and ship it into extract/models/.
train-ner: setup
	$(PY) training/ner/train.py --shared $(SHARED)

# Strict entity-level P/R/F1 per label on GermEval 2014 test and the out-of-domain sets, words/s, size.
eval-ner: setup
	$(PY) training/ner/evaluate.py --shared $(SHARED)

diff: setup
	$(PY) -m extract.cli diff --dataset output --registry registry.db --out output/review

review: setup
	$(PY) -m extract.cli review --registry registry.db --diff output/review

clean:
	rm -rf output/*.csv output/*.json output/*.parquet output/parquet .pytest_cache
