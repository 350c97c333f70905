# The two commands of the README: `make run` and `make test`. Both set everything up on a
# machine that has only Python 3.11: a virtual environment with the pinned requirements, the
# SQLite database at its newest revision, and the demo data the first time.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PORT ?= 8501
ADDRESS ?= 127.0.0.1

CHROMIUM := /usr/bin/chromium

.PHONY: run test setup venv browser security lint bench clean

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

# One queue worker runs beside the app (transcription, pre-scoring, scheduled duties) and
# stops with it. More workers, on this or other machines: see "Scaling out" in the README.
# qa_app/web/server.py serves the app with its session cookie, recording route and headers.
run: setup
	$(BIN)/python -m qa_app worker & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python -m streamlit run qa_app/web/server.py --server.port $(PORT) \
	  --server.address $(ADDRESS)

# The end-to-end tests drive Debian's chromium (never a browser downloaded by Playwright).
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "installing Debian's chromium for the end-to-end tests"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

test: setup browser
	$(BIN)/python -m pytest -n auto

# Static security checks: bandit fails on any high-severity finding; pip-audit reports
# known vulnerabilities where its vulnerability service is reachable.
security: venv
	$(BIN)/bandit -r qa_app -q --severity-level high
	$(BIN)/pip-audit --local --progress-spinner off || \
	  echo "pip-audit: vulnerability service unreachable or findings above; see its output"

# The gates of .ci/run: ruff (style, import order, bugbear), mypy (strict on the domain),
# import-linter (the layer contracts of pyproject.toml).
lint: venv
	$(BIN)/ruff check qa_app tests tools benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: venv
	$(BIN)/python benchmarks/import_bench.py

clean:
	rm -rf $(VENV) data
