"""How fast the model judges records here: measured by the runs that used it, not assumed.

Every tag run that asked the model stores the records it judged and the seconds the model took for them
(``params["llm_timed"]``, see :func:`workbench.tagging.store_io.finish_run`), and adds the same pair to a
small per-machine file in the user's cache folder, so a new project on this laptop inherits the laptop's
speed. :func:`measured` prefers this project's runs (same taxonomy, same machine), then this machine's
runs with the model, and only without either the benchmark figure of :mod:`workbench.tagging.estimate`,
saying which it used.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select

from workbench.store import schema
from workbench.store.handle import Project
from workbench.tagging.estimate import seconds_per_record

Basis = Literal["project", "machine", "benchmark"]
MIN_RECORDS = 5  # fewer timed records say more about loading the model than about its speed
KEEP = 20  # measurements kept per model in the machine's file


@dataclass(frozen=True)
class Throughput:
    """Seconds per record the model needs; ``records``: how many judged records the figure rests on."""

    seconds_per_record: float
    basis: Basis
    records: int = 0


def _file() -> Path:
    override = os.environ.get("KESHENG_THROUGHPUT_FILE")
    if override:
        return Path(override)
    from workbench.paths import cache_dir

    return cache_dir() / "throughput.json"


def _key(model: str | None, long_taxonomy: bool) -> str:
    return f"{model or 'default'}|{'long' if long_taxonomy else 'short'}"


def _read() -> dict[str, list[list[float]]]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(model: str | None, long_taxonomy: bool, records: int, seconds: float) -> None:
    """Add one run's measurement to this machine's file (never fails the run: a write error is ignored)."""
    if records <= 0 or seconds <= 0:
        return
    data = _read()
    entries = [e for e in data.get(_key(model, long_taxonomy), []) if isinstance(e, list) and len(e) == 2]
    data[_key(model, long_taxonomy)] = [*entries, [records, round(seconds, 3)]][-KEEP:]
    path = _file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


def _project_runs(project: Project, model: str | None) -> tuple[int, float]:
    runs = schema.runs
    stmt = select(runs.c.model, runs.c.params).where(runs.c.kind == "tag").order_by(runs.c.id.desc())
    records, seconds = 0, 0.0
    with project.read() as conn:
        for name, params in conn.execute(stmt):
            timed: Any = (params or {}).get("llm_timed")
            if not timed or (name or "default") != (model or "default"):
                continue
            records += int(timed.get("records", 0))
            seconds += float(timed.get("seconds", 0.0))
    return records, seconds


def measured(project: Project | None, model: str | None, leaves: int, full_list_limit: int = 40) -> Throughput:
    """The model's seconds per record: this project's runs, else this machine's, else the benchmark's figure."""
    if project is not None:
        records, seconds = _project_runs(project, model)
        if records >= MIN_RECORDS:
            return Throughput(seconds / records, "project", records)
    entries = _read().get(_key(model, leaves > full_list_limit), [])
    records, seconds = int(sum(e[0] for e in entries)), float(sum(e[1] for e in entries))
    if records >= MIN_RECORDS:
        return Throughput(seconds / records, "machine", records)
    return Throughput(seconds_per_record(model, leaves, full_list_limit), "benchmark")
