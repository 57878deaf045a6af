# Kesheng: the two commands a user needs are `make run` and `make test`; each does all set-up.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CACHE := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/kesheng
LLAMA_VERSION := 0.3.36
STAMP := $(VENV)/.deps-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DEMO := resources/demo/demo.kesheng
export QT_QPA_PLATFORM_THEME :=

.PHONY: run test setup venv deps model-default model-fast fonts lint types contracts pytest demo stress offline clean-venv

run: setup model-default
	@bash scripts/qt_runtime.sh $(BIN)/python
	@test -f $(DEMO) || $(BIN)/python main.py demo --project $(DEMO)
	LD_LIBRARY_PATH="$(CACHE)/qtlibs:$$LD_LIBRARY_PATH" $(BIN)/python main.py gui $(DEMO)

test: setup model-fast
	$(MAKE) --no-print-directory lint types contracts pytest

setup: deps fonts

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# llama-cpp-python compiles from source (~10 min on 2 cores): the built wheel is cached outside the repo.
$(STAMP): pyproject.toml | $(BIN)/python
	@mkdir -p $(CACHE)/wheels
	@ls $(CACHE)/wheels/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1 || { \
	  echo "building llama-cpp-python $(LLAMA_VERSION) (once per machine, about 10 minutes)"; \
	  CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(BIN)/python -m pip wheel --no-deps \
	    llama-cpp-python==$(LLAMA_VERSION) -w $(CACHE)/wheels; }
	$(BIN)/python -m pip install --quiet $(CACHE)/wheels/llama_cpp_python-$(LLAMA_VERSION)-*.whl
	$(BIN)/python -m pip install --quiet -e '.[dev]'
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
