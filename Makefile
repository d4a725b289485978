# The two set-up commands from the README: `make site` and `make test`.
# Both create .venv and install pirsite into it on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install site check test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

site: install
	$(BIN)/pirsite check
	@echo "pirsite check passed on the example program in incidents/."
	@echo "The static site build lands with the site issue; until then 'make site' stops after the check."

check: install
	$(BIN)/pirsite check

test: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/check_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .pirsite-cache
