"""The kill -9 harness: run a real `main.py` command, SIGKILL it at a random point, record what survived.

Kill points are drawn two ways, alternately: a random delay over the command's whole measured run
(start-up included, as a user's crash would fall), and "as soon as it starts writing, plus a random
extra" (a file appears or grows), so that kills land inside the critical window too. A command that
finishes before its kill counts as completed, not as a kill.

``KESHENG_STRESS=1`` turns the fast slice (a few kills per operation) into the long run (hundreds in all);
``KESHENG_CRASH_SEED`` replays a failure (every assertion message names the seed). Counts go to
``.stress/crash_counts.json`` (one entry per operation).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.paths import ROOT

STRESS = os.environ.get("KESHENG_STRESS") == "1"
SEED = int(os.environ.get("KESHENG_CRASH_SEED") or int.from_bytes(os.urandom(4), "big"))
COUNTS = ROOT / ".stress" / "crash_counts.json"
LIMIT_S = 300.0  # no single command may run longer (a hang fails the test)
TIME_LIMIT = 4 * 3600 if STRESS else 900  # per test (pytest-timeout), seconds


def kills(fast: int, stress: int) -> int:
    """How many kills an operation gets in this mode."""
    return stress if STRESS else fast


def command(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), *args]


def child_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONHASHSEED": "0", **extra}


@dataclass
class Tally:
    """Kills (and checks passed after them) of one operation."""

    operation: str
    kills: int = 0
    completed_before_kill: int = 0
    checks: int = 0
    notes: dict[str, object] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)

    def bump(self, outcome: str, by: int = 1) -> None:
        """Count one more kill of a kind (e.g. before / after the commit)."""
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + by

    def save(self) -> None:
        """Merge this operation's counts into ``.stress/crash_counts.json``."""
        COUNTS.parent.mkdir(exist_ok=True)
        try:
            data = json.loads(COUNTS.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        ops = data.get("operations", {})
        ops[self.operation] = {"kills_survived": self.kills, "completed_before_kill": self.completed_before_kill,
                               "checks_passed": self.checks, "mode": "stress" if STRESS else "fast",
                               "seed": SEED, **self.outcomes, **self.notes}
        total = sum(int(v.get("kills_survived", 0)) for v in ops.values())
        COUNTS.write_text(json.dumps({"operations": ops, "total_kills_survived": total}, ensure_ascii=False,
                                     indent=1), encoding="utf-8")


def run_ok(args: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Run a command to completion; returns its wall time. Fails on a non-zero exit."""
    start = time.monotonic()
    out = subprocess.run(list(args), env=env or child_env(), capture_output=True, text=True, timeout=LIMIT_S)
    assert out.returncode == 0, f"{args[2:4]} failed (seed {SEED}): {out.stderr[-2000:]}"
    return time.monotonic() - start


def run_and_kill(args: Sequence[str], delay: float, started: Callable[[], bool] | None = None,
                 env: dict[str, str] | None = None) -> bool:
    """Start ``args`` and SIGKILL it ``delay`` seconds after start, or after ``started()`` turns true.

    Returns True if the process was killed, False if it had finished first (it must then have
    succeeded). The process never outlives this call.
    """
    proc = subprocess.Popen(list(args), env=env or child_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        t0 = time.monotonic()
        if started is not None:
            while proc.poll() is None and not started() and time.monotonic() - t0 < LIMIT_S:
                time.sleep(0.002)
            t0 = time.monotonic()
        while proc.poll() is None and time.monotonic() - t0 < delay:
            time.sleep(0.002)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            return True
        err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        assert proc.returncode == 0, f"{args[2:4]} failed before its kill (seed {SEED}): {err[-2000:]}"
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()


def integrity(path: Path) -> None:
    """``PRAGMA integrity_check`` is ok and the full-text index agrees with its table."""
    con = sqlite3.connect(path)
    try:
        result = [r[0] for r in con.execute("PRAGMA integrity_check")]
        assert result == ["ok"], f"integrity_check after a kill (seed {SEED}): {result[:5]}"
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "records_fts" in tables:
            con.execute("INSERT INTO records_fts(records_fts) VALUES('integrity-check')")
    finally:
        con.close()


def query(path: Path, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return [tuple(r) for r in con.execute(sql, tuple(params))]
    finally:
        con.close()


def wal_grew(path: Path) -> Callable[[], bool]:
    """A start signal: the project's -wal file grew past its size now (the command began writing)."""
    wal = Path(f"{path}-wal")
    base = wal.stat().st_size if wal.exists() else 0
    return lambda: wal.exists() and wal.stat().st_size > base


def file_appears(folder: Path, prefix: str) -> Callable[[], bool]:
    """A start signal: a file named ``prefix*`` appeared in ``folder``."""
    before = {p.name for p in folder.glob(prefix + "*")}
    return lambda: any(p.name not in before for p in folder.glob(prefix + "*"))


def kill_point(rng: random.Random, i: int, span: float, signal_fn: Callable[[], bool] | None,
               window: float) -> tuple[float, Callable[[], bool] | None]:
    """Kill ``i``: odd ones wait for the start signal then ``U(0, window)``; even ones ``U(0, span)``."""
    if i % 2 and signal_fn is not None:
        return rng.uniform(0.0, window), signal_fn
    return rng.uniform(0.0, span), None
