# Two commands a newcomer needs: `make demo` and `make test`.  Each sets up what it needs itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/quotecards demo

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto -p no:cacheprovider

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python bench/bench_select.py
	$(BIN)/python bench/eval_cornell.py

clean:
	rm -rf $(VENV) output/demo .pytest_cache .ruff_cache
