"""The app's own executable as its helper processes: a frozen app (the PyInstaller bundle) has no ``python -m``.

A bundle's ``kesheng`` executable is ``main.py`` frozen, so the processes the app starts for itself start it
again with a hidden first argument: ``--llm-worker`` (the model worker, :mod:`workbench.llm.worker`) and
``--cpu-probe FAMILY...`` (the throw-away process of :func:`workbench.llm.cpu_runtime.probe_families`). From a
source checkout the same processes are ``python -m workbench.llm.worker`` and ``python -I -c PROBE``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from workbench.llm.cpu_runtime import CPU_PROBE, PROBE_SOURCE, probe_command
from workbench.paths import is_frozen

LLM_WORKER = "--llm-worker"


def helper_command(flag: str, *args: str) -> list[str]:
    """How to start helper ``flag`` (one of :data:`LLM_WORKER`, :data:`CPU_PROBE`) with ``args``."""
    if is_frozen():
        return [sys.executable, flag, *args]
    if flag == LLM_WORKER:
        return [sys.executable, "-m", "workbench.llm.worker", *args]
    if flag == CPU_PROBE:
        return probe_command(*args)
    raise ValueError(f"unknown helper {flag}")


def run_helper(argv: Sequence[str]) -> int | None:
    """Run the helper that ``argv`` names and return its exit code, or None when ``argv`` names none."""
    if argv[:1] == [LLM_WORKER]:
        from workbench.llm.worker import main as worker_main

        worker_main()
        return 0
    if argv[:1] == [CPU_PROBE]:
        sys.argv = ["cpu-probe", *argv[1:]]
        try:
            exec(compile(PROBE_SOURCE, "<cpu-probe>", "exec"), {"__name__": "__main__"})
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 1
        return 0
    return None
