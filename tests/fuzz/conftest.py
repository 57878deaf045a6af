"""Hypothesis profiles for the fuzzers and the count of inputs tried.

``make test`` runs the fast profile (few examples, derandomised so a run is repeatable); ``KESHENG_STRESS=1``
(``make stress``) runs the stress profile (thousands of random examples). At the end of the session the
examples tried and failures found per area are written to ``.stress/fuzz_counts.json`` and printed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.fuzz.support import CORPUS, STRESS, TALLY

OUT = Path(__file__).resolve().parents[2] / ".stress" / "fuzz_counts.json"


def _summary() -> dict[str, Any]:
    exits = {area.split(":", 1)[1]: n for area, n in sorted(TALLY.examples.items()) if area.startswith("cli-exit:")}
    areas = {area: {"examples": n, "failures": TALLY.failures.get(area, 0)}
             for area, n in sorted(TALLY.examples.items()) if not area.startswith("cli-exit:")}
    corpus = {d.name: sum(1 for _ in d.iterdir()) for d in sorted(CORPUS.iterdir()) if d.is_dir()}
    return {"profile": "stress" if STRESS else "fast", "total_examples": sum(a["examples"] for a in areas.values()),
            "total_failures": sum(TALLY.failures.values()), "areas": areas, "cli_exit_codes": exits,
            "corpus_cases": corpus}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not TALLY.examples:
        return
    summary = _summary()
    try:
        OUT.parent.mkdir(exist_ok=True)
        OUT.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError:
        pass
    if os.environ.get("KESHENG_FUZZ_QUIET") != "1":
        terminalreporter.write_line("fuzz counts: " + json.dumps(summary, ensure_ascii=False))
