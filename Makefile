# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# uv installs the same requirements as pip from the same registry, in parallel: ~30 s of a fresh clone's set-up
# instead of ~80 s. --compile-bytecode as pip does: without it every test worker, Ray worker and subprocess compiles
# the same modules at its first import (~25 s more pytest). pip does it where uv cannot be installed or resolve.
# constraints.txt pins every package to the versions the tests and the recorded figures ran with (why: in its header).
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	( $(BIN)/python -m pip install --quiet uv && \
	  $(BIN)/python -m uv pip install --quiet --compile-bytecode --python $(BIN)/python -c constraints.txt -e '.[test]' ) || \
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/harrier demo

# Tests run in parallel (pytest-xdist): one worker more than there are cores, because some tests mostly wait (a
# 30 s webhook outage, a browser, subprocesses) and a worker that waits leaves its core idle; each worker's BLAS uses
# cores // workers threads, at least 1 (tests/conftest.py). `--dist loadgroup`: tests marked with one xdist group
# (the Ray tests) run one after another in one worker; all others are spread as usual.
# `make test PYTEST_WORKERS=0` runs them in one process.
PYTEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))

test: $(VENV)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup -rs

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) harrier-data
