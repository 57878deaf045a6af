"""The app bundle's executable as its own helper processes (there is no `python -m` in a frozen app): the model
worker and the CPU probe start through `kesheng --llm-worker` / `--cpu-probe` when frozen, and main.py serves
them. Here main.py under this interpreter stands in for the frozen executable; `make bundle-test` runs the
real bundle."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workbench.llm import cpu_runtime, frozen
from workbench.llm.worker_backend import WorkerBackend, worker_command
from workbench.paths import ROOT

MAIN = str(ROOT / "main.py")


def test_from_sources_the_helpers_are_python_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert worker_command() == [sys.executable, "-m", "workbench.llm.worker"]
    probe = frozen.helper_command(frozen.CPU_PROBE, "avx2")
    assert probe[:3] == [sys.executable, "-I", "-c"] and probe[-1] == "avx2"


def test_frozen_the_helpers_are_the_executable_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert worker_command() == [sys.executable, "--llm-worker"]
    assert frozen.helper_command(frozen.CPU_PROBE, "avx2", "amx") == [sys.executable, "--cpu-probe", "avx2", "amx"]


def test_main_serves_the_model_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workbench.llm.worker_backend.worker_command", lambda: [sys.executable, MAIN, "--llm-worker"])
    monkeypatch.setenv("KESHENG_FAKE_LLM", "worker")
    backend = WorkerBackend(None, fake=True, timeout=60)
    try:
        schema = {"type": "object", "properties": {"c": {"type": "string", "enum": ["配送", "口味"]}},
                  "required": ["c"]}
        assert backend.complete_json("sys", "文本：\n<<<\n配送太慢了\n>>>", schema, 20) == {"c": "配送"}
        assert backend.pid is not None
    finally:
        backend.close()


def test_main_runs_the_cpu_probe_as_the_interpreter_does() -> None:
    flags = cpu_runtime.cpu_flags()
    wanted = [name for name, needs in (("avx2", ("avx2",)), ("avx512", ("avx512f",))) if all(f in flags for f in needs)]
    if not wanted:
        pytest.skip("this CPU lists neither AVX2 nor AVX-512")
    via_main = subprocess.run([sys.executable, MAIN, "--cpu-probe", *wanted], capture_output=True, text=True,
                              timeout=60)
    via_python = subprocess.run(frozen.helper_command(frozen.CPU_PROBE, *wanted), capture_output=True, text=True,
                                timeout=60)
    assert via_main.returncode == via_python.returncode == 0
    assert via_main.stdout.split() == via_python.stdout.split() == wanted


def test_an_unknown_first_argument_is_no_helper() -> None:
    assert frozen.run_helper(["tag", "x.kesheng"]) is None
    assert frozen.run_helper([]) is None
