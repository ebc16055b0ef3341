# Everything installs into .venv with the python3 first on PATH; nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= ../shared/data

.PHONY: demo test install dev bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[html]'

dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'

## demo: summarize the bundled example cluster (four fictional articles, one of them HTML)
demo: install
	$(BIN)/newsum summarize examples/ferry.jsonl

## test: the whole test suite (tests on ../shared/data skip when it is absent)
test: dev
	$(BIN)/python -m pytest

## bench: ROUGE on DUC-2004, newsum against every baseline in the same run (~17 min); report in bench-report/
bench: dev
	$(BIN)/newsum eval $(DATA)/duc2004/clusters.jsonl --words 100 --baselines all --report bench-report

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .hypothesis
