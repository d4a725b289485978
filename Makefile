# The two set-up commands from the README: `make site` and `make test`.
# Both create .venv and install pirsite into it on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install site browser check test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

site: install
	$(BIN)/pirsite build

# The browser test drives Debian's chromium; install it when missing (needs root/apt).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser test needs Debian's chromium: sudo apt-get install chromium"; exit 1; \
	  fi; }

check: install
	$(BIN)/pirsite check

test: install browser
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/check_speed.py
	$(BIN)/python benchmarks/site_speed.py
	$(BIN)/python benchmarks/history_speed.py
	$(BIN)/python benchmarks/metrics_speed.py
	$(BIN)/python benchmarks/scan_quality.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .pirsite-cache site site-restricted
