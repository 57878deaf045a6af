"""kill -9 during `import`: the store stays intact and a source is there with all its records or not at all."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.crash.conftest import write_csv, write_xlsx
from tests.crash.harness import (
    SEED,
    TIME_LIMIT,
    Tally,
    command,
    integrity,
    kill_point,
    kills,
    query,
    run_and_kill,
    run_ok,
    wal_grew,
)
from workbench.project import Project

ROWS = 1500

pytestmark = pytest.mark.timeout(TIME_LIMIT)


def _file(folder: Path, n: int) -> Path:
    """The n-th source to import: csv and xlsx in turn, each with its own texts."""
    if n % 2:
        return write_xlsx(folder / f"feedback-{n}.xlsx", ROWS, f"f{n}", SEED + n)
    return write_csv(folder / f"feedback-{n}.csv", ROWS, f"f{n}", SEED + n)


def _committed_sources(path: Path) -> dict[str, int]:
    """Each source's file name → its record count, after checking the sources agree with the records."""
    if not path.exists() or path.stat().st_size == 0:
        return {}
    integrity(path)
    tables = {r[0] for r in query(path, "SELECT name FROM sqlite_master WHERE type='table'")}
    if "sources" not in tables:  # killed while the new project was being created
        return {}
    found: dict[str, int] = {}
    for sid, src, status, counts in query(path, "SELECT id, path, status, counts FROM sources"):
        n = query(path, "SELECT COUNT(*) FROM records WHERE source_id = ?", (sid,))[0][0]
        imported = json.loads(str(counts)).get("imported")
        assert status == "complete" and n == imported == ROWS, \
            f"half-imported source {src}: status {status}, {n} records, counts say {imported} (seed {SEED})"
        found[Path(str(src)).name] = int(str(n))
    orphans = query(path, "SELECT COUNT(*) FROM records WHERE source_id NOT IN (SELECT id FROM sources)")[0][0]
    assert orphans == 0, f"{orphans} records without a source (seed {SEED})"
    return found


def test_import_killed_at_random_points(tmp_path: Path) -> None:
    rng, tally = random.Random(SEED), Tally("import")
    spans = [run_ok(command("import", str(tmp_path / f"ref{k}.kesheng"), str(_file(tmp_path, -1 - k))))
             for k in (0, 1)]  # csv, xlsx: one uninterrupted import each, to spread kill points over
    path = tmp_path / "crash.kesheng"
    attempt, n, src = 0, 0, _file(tmp_path, 0)
    while tally.kills < kills(4, 60):
        span = spans[n % 2]
        # The import is one transaction held in memory: the -wal grows when it commits, so the signalled
        # kills fall inside or just after the commit.
        delay, signal = kill_point(rng, attempt, span, wal_grew(path) if path.exists() else None, 0.05)
        killed = run_and_kill(command("import", str(path), str(src)), delay, signal)
        tally.kills += killed
        tally.completed_before_kill += not killed
        attempt += 1
        sources = _committed_sources(path)
        assert set(sources) <= {f"feedback-{k}.{'xlsx' if k % 2 else 'csv'}" for k in range(n + 1)}
        tally.checks += 1
        if killed:
            tally.bump("kills_after_commit" if src.name in sources else "kills_before_commit")
        if src.name in sources:  # committed (before or despite the kill): the next source
            n += 1
            src = _file(tmp_path, n)
    tally.notes.update(sources_committed=n, rows_per_source=ROWS, import_seconds=[round(s, 2) for s in spans])
    run_ok(command("import", str(path), str(src)))
    assert len(_committed_sources(path)) == n + 1
    with Project.open(path, create=False) as project:
        assert project.stats().records == ROWS * (n + 1)
    tally.save()
