# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test lint bench mutate clean

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "relbot needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

demo: $(BIN)/.installed
	$(BIN)/relbot demo

lint: $(BIN)/.installed
	$(BIN)/ruff check relbot standin tests bench tools
	$(BIN)/ruff format --check relbot standin tests bench tools
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(BIN)/.installed
	$(BIN)/python -m bench

# Mutation testing of the rules that matter, area by area: tests/mutation/areas.toml.
mutate: $(BIN)/.installed
	$(BIN)/python tools/mutate.py $(AREAS)

clean:
	rm -rf $(VENV) relbot-demo build/mutate .pytest_cache .mypy_cache .ruff_cache
