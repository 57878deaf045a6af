"""kill -9 during taxonomy edits (`taxonomy --rename/--merge/--delete`): each edit is applied fully or not at all.

An uninterrupted run of the same edits on a copy gives the state after each one; after every kill the
project must equal the state before the edit or the state after it, never anything in between. Merge
and delete back the file up first: a kill during that copy must leave no backup that looks complete.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.crash.conftest import Bases, copy_project
from tests.crash.harness import (
    SEED,
    TIME_LIMIT,
    Tally,
    command,
    file_appears,
    integrity,
    kill_point,
    kills,
    query,
    run_and_kill,
    run_ok,
    wal_grew,
)
from workbench.store.backup import KEEP, backup_folder, list_backups

EDITS: tuple[tuple[str, ...], ...] = (
    ("--merge", "配送服务/送达状态", "配送服务/配送时效"),
    ("--rename", "配送服务/骑手服务", "骑手"),
    ("--delete", "餐品质量/分量规格"),
    ("--merge", "售后与客服", "平台体验"),
    ("--delete", "门店堂食"),
    ("--rename", "价格与优惠", "价格优惠"),
)

pytestmark = pytest.mark.timeout(TIME_LIMIT)


def _state(path: Path) -> str:
    """A digest of everything a taxonomy edit changes: the current tree, versions, tags, pending re-tags."""
    parts = [
        query(path, "SELECT key, parent_key, path, name, keywords FROM taxonomy_nodes WHERE version_id = "
                    "(SELECT id FROM taxonomy_versions WHERE is_current) ORDER BY key"),
        query(path, "SELECT id, parent_id, note, is_current FROM taxonomy_versions ORDER BY id"),
        query(path, "SELECT id, record_id, node_key, path, taxonomy_version_id FROM tags ORDER BY id"),
        query(path, "SELECT value FROM settings WHERE key = 'taxonomy.retag_record_ids'"),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _backups_whole(path: Path) -> int:
    """Every listed backup is a complete database; at most KEEP are kept. Returns how many there are."""
    found = list_backups(path)
    for info in found:
        con = sqlite3.connect(f"{info.path.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok", f"{info.path.name} (seed {SEED})"
        finally:
            con.close()
    assert len(found) <= KEEP
    return len(found)


def _started(path: Path) -> Callable[[], bool]:
    backups = backup_folder(path)
    backups.mkdir(exist_ok=True)
    grew, copying = wal_grew(path), file_appears(backups, ".partial-")
    return lambda: grew() or copying()


def test_taxonomy_edits_killed_at_random_points(bases: Bases, tmp_path: Path) -> None:
    rng, tally = random.Random(SEED), Tally("taxonomy_edit")
    ref = copy_project(bases.tagged, tmp_path / "reference.kesheng")
    states, spans = [_state(ref)], []
    for edit in EDITS:
        spans.append(run_ok(command("taxonomy", str(ref), *edit)))
        states.append(_state(ref))
    assert len(set(states)) == len(states), "every edit must change the project"
    episode, attempt = 0, 0
    while tally.kills < kills(4, 60):
        path = copy_project(bases.tagged, tmp_path / f"episode-{episode}.kesheng")
        for step, edit in enumerate(EDITS):
            while _state(path) == states[step]:
                delay, signal = kill_point(rng, attempt, spans[step], _started(path), spans[step] * 0.3)
                killed = run_and_kill(command("taxonomy", str(path), *edit), delay, signal)
                attempt += 1
                tally.kills += killed
                tally.completed_before_kill += not killed
                integrity(path)
                now = _state(path)
                assert now in (states[step], states[step + 1]), \
                    f"{' '.join(edit)} half applied after a kill (seed {SEED})"
                outcome = "kills_before_commit" if now == states[step] else "kills_after_commit"
                tally.bump(outcome, killed)
                _backups_whole(path)
                tally.checks += 1
            if tally.kills >= kills(4, 60):
                break
        episode += 1
    tally.notes.update(episodes=episode, edits=[" ".join(e) for e in EDITS])
    tally.save()
