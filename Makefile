# The two commands of the README: `make run` and `make test`. Both set everything up on a
# machine that has only Python 3.11: a virtual environment with the pinned requirements, the
# SQLite database at its newest revision, and the demo data the first time.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test setup venv bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): $(BIN)/python requirements.txt requirements-dev.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(INSTALLED)

venv: $(INSTALLED)

setup: venv
	$(BIN)/python -m qa_app db upgrade
	$(BIN)/python -m qa_app demo --if-empty

run: setup
	$(BIN)/python -m streamlit run qa_app/app.py --server.port $(PORT)

test: setup
	$(BIN)/python -m pytest

bench: venv
	$(BIN)/python benchmarks/import_bench.py

clean:
	rm -rf $(VENV) data
