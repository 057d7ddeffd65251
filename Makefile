# Two commands a newcomer needs: `make demo` and `make test`.  Each sets up what it needs itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup browser demo test lint bench clean

# One core for the select benchmark, where taskset exists.
PIN := $(shell command -v taskset >/dev/null 2>&1 && echo taskset -c 0)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# setuptools warns on every editable install about folders named like the package; quiet.
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# The HTML renderer needs a Chromium.  A headless shell (Chrome's headless mode on its own) starts
# in half the time of the whole browser: as root on Debian we install Debian's
# chromium-headless-shell (once; `chromium` stays the fallback); Playwright's own download is used
# where it exists; elsewhere we say how.
browser:
	@if [ -n "$$QUOTECARDS_CHROMIUM" ] || command -v chromium-headless-shell >/dev/null 2>&1 \
		|| ls $$HOME/.cache/ms-playwright/chromium_headless_shell-*/*/*headless*shell >/dev/null 2>&1; then \
		echo "browser: found a headless shell"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& { apt-cache show chromium-headless-shell >/dev/null 2>&1 \
			|| { apt-get update -qq && apt-cache show chromium-headless-shell >/dev/null 2>&1; }; }; then \
		echo "browser: installing Debian's chromium-headless-shell"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null; \
	elif command -v chromium >/dev/null 2>&1 \
		|| command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 \
		|| ls $$HOME/.cache/ms-playwright/chromium-*/chrome-linux*/chrome >/dev/null 2>&1; then \
		echo "browser: found"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "browser: installing Debian's chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "browser: no Chromium found; install one (sudo apt-get install chromium-headless-shell," \
		     "$(BIN)/python -m playwright install chromium) or set QUOTECARDS_CHROMIUM"; exit 1; \
	fi

demo: setup
	$(BIN)/quotecards demo

test: setup browser
	@# strace watches Chromium's system calls in tests/test_no_network.py (Debian's package).
	@command -v strace >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq strace >/dev/null; } || true
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto -p no:cacheprovider

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	@$(BIN)/python bench/machine.py; uptime
	$(PIN) $(BIN)/python bench/bench_select.py
	$(BIN)/python bench/eval_cornell.py
	$(BIN)/python bench/bench_render.py
	$(BIN)/python bench/bench_coverage.py
	$(BIN)/python bench/bench_html.py
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_scale.py

clean:
	rm -rf $(VENV) output/demo .pytest_cache .ruff_cache
