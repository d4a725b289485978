# The two set-up commands from the README: `make site` and `make test`.
# Both create .venv and install pirsite into it from the committed lock on first use.
PYTHON ?= python3
VENV ?= .venv
LOCK ?= requirements/dev.txt
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
# uv resolves the locks; universal (every platform and Python >= 3.11), hashes for every file.
COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes

.PHONY: install site browser check test test-lowest lock lint bench clean

# Exactly the locked versions, hash-checked; then pirsite itself, with the locked setuptools.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
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

# The whole suite against the lowest versions pyproject.toml allows (CI runs it after `make test`).
test-lowest: browser
	$(MAKE) VENV=.venv-lowest LOCK=requirements/lowest.txt install
	.venv-lowest/bin/python -m pytest -p no:cacheprovider

# Refresh the locks after changing a dependency range in pyproject.toml (needs the registry).
lock: install
	$(COMPILE) pyproject.toml requirements/tools.in --extra test --extra bench -o requirements/dev.txt
	$(COMPILE) pyproject.toml requirements/tools.in --extra test --resolution lowest-direct -o requirements/lowest.txt
	$(COMPILE) pyproject.toml -o src/pirsite/skeleton/runtime-requirements.txt

bench: install
	$(BIN)/python benchmarks/check_speed.py
	$(BIN)/python benchmarks/findings_speed.py
	$(BIN)/python benchmarks/site_speed.py
	$(BIN)/python benchmarks/history_speed.py
	$(BIN)/python benchmarks/metrics_speed.py
	$(BIN)/python benchmarks/obligations_speed.py
	$(BIN)/python benchmarks/scan_quality.py
	$(BIN)/python benchmarks/names_accuracy.py

clean:
	rm -rf $(VENV) .venv-lowest .pytest_cache .ruff_cache .hypothesis .pirsite-cache site site-restricted
