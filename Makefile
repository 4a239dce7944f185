# The two commands of the README: `make serve` (build and preview the site) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: install serve build check test lint fuzz bench lock clean

$(VENV)/.installed: pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

serve: install  ## build the site and preview it at http://127.0.0.1:8000/kairos/
	$(BIN)/mkdocs serve

build: install  ## strict build into site/, as CI does
	$(BIN)/mkdocs build --strict

check: install  ## check every story's front-matter and consent
	$(BIN)/kairos check stories

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint  ## lint, type-check and run the whole test suite
	$(BIN)/pytest

fuzz: install  ## ten minutes of fuzzing the story loader (not part of CI)
	KAIROS_FUZZ_SECONDS=600 $(BIN)/pytest tests/test_fuzz_story_loader.py -p no:cacheprovider -q

bench: install
	$(PY) bench/check.py

lock: install  ## refresh requirements.lock from pyproject.toml
	$(PY) -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --upgrade -o requirements.lock

clean:
	rm -rf site $(VENV)
