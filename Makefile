# The two commands of the README: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The day the example content is checked as of is data/policy.yml's `checked_as_of:` (one line a centre
# deletes), so `make site`, a plain `ustaz check` and the workflows agree.

.PHONY: setup site test check system-deps node-deps bench lint clean

setup: $(VENV)/.installed

# uv installs the pinned tree (constraints.txt, the one lock: see content/en/reference/development.md) in a few
# seconds where pip takes half a minute; uv itself comes from PyPI at the version pinned there too, installed by
# the interpreter's own pip into a venv made without pip (ensurepip alone costs seconds). The build back end
# (setuptools) is pinned by the same file. `make setup INSTALLER=pip` is the slow, plain-pip way.
INSTALLER ?= uv
PIP_QUIET := --quiet --disable-pip-version-check
$(VENV)/.installed: pyproject.toml constraints.txt
	rm -rf $(VENV)
ifeq ($(INSTALLER),pip)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_QUIET) -c constraints.txt -e '.[test]'
else
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python install $(PIP_QUIET) -c constraints.txt uv \
		|| { $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install $(PIP_QUIET) -c constraints.txt uv; }
	$(BIN)/uv pip install --quiet --python $(BIN)/python -c constraints.txt --build-constraints constraints.txt \
		-e '.[test]'
endif
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

# TESTS= a few test files (the default: the whole suite)
test: setup system-deps node-deps
	$(BIN)/python -m pytest -q $(TESTS)

bench: setup system-deps
	$(BIN)/python -m bench

lint: setup
	$(BIN)/ruff check ustaz tests bench
	$(BIN)/mypy

clean:
	rm -rf site .pytest_cache
