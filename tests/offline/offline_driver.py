"""Runs CLI steps one after another in this process: ``python offline_driver.py STEPS.json RESULT.json``.

The offline end-to-end test starts it inside a network namespace with no network, so that the whole
flow (model load included) pays for one interpreter start instead of one per step. Each step is
``workbench.cli.main(argv)``, exactly what ``main.py`` runs; the first failing step ends the run.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from pathlib import Path
from typing import Any


def run_steps(steps: list[list[str]]) -> list[dict[str, Any]]:
    """``[{"argv", "code", "out", "err", "seconds"}, ...]`` for the steps run (stopping at a failure)."""
    from workbench.cli import main

    results: list[dict[str, Any]] = []
    for argv in steps:
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        results.append({"argv": argv, "code": code, "out": out.getvalue(), "err": err.getvalue(),
                        "seconds": round(time.perf_counter() - started, 2)})
        if code != 0:
            break
    return results


if __name__ == "__main__":
    steps_file, result_file = Path(sys.argv[1]), Path(sys.argv[2])
    result_file.write_text(json.dumps(run_steps(json.loads(steps_file.read_text(encoding="utf-8"))),
                                      ensure_ascii=False), encoding="utf-8")
