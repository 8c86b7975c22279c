# The two commands of the README: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The day the example content is checked as of is data/policy.yml's `checked_as_of:` (one line a centre
# deletes), so `make site`, a plain `ustaz check` and the workflows agree.

.PHONY: setup site test check system-deps node-deps bench lint clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

check: setup
	$(BIN)/ustaz check

# the build checks what it publishes (programs, data, content) and stops on errors; `make check` adds the private tree
site: setup
	$(BIN)/ustaz build --site-dir site

system-deps:
	bash scripts/install-system-deps.sh

# the tests' independent credential verifier (Digital Bazaar's VC libraries, tests/node/): the locked versions
node-deps: tests/node/node_modules/.package-lock.json

tests/node/node_modules/.package-lock.json: tests/node/package.json tests/node/package-lock.json
	cd tests/node && npm ci --no-audit --no-fund --loglevel=error

test: setup system-deps node-deps
	$(BIN)/python -m pytest -q

bench: setup system-deps
	$(BIN)/python -m bench

lint: setup
	$(BIN)/ruff check ustaz tests bench
	$(BIN)/mypy

clean:
	rm -rf site .pytest_cache
