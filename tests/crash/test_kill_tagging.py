"""kill -9 during `tag`, again and again: the run resumes and ends with exactly what an uninterrupted run tags."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.crash.conftest import Bases, copy_project
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
)

TAG = ("--llm-budget", "0")  # rules and the student only: CPU-cheap, and the same model every time

pytestmark = pytest.mark.timeout(TIME_LIMIT)


def _assessed(path: Path) -> set[int]:
    return {int(str(r[0])) for r in query(path, "SELECT record_id FROM assessments")}


def _tags(path: Path) -> set[tuple[object, ...]]:
    return set(query(path, "SELECT record_id, node_key, path FROM tags"))


def _check_partial(path: Path) -> int:
    """After a kill: whole batches only — one assessment per record, tags only with it, no duplicates,
    each run's ``done`` equal to what it wrote. Returns the number of records assessed."""
    integrity(path)
    twice = query(path, "SELECT record_id FROM assessments GROUP BY record_id HAVING COUNT(*) > 1")
    dup = query(path, "SELECT record_id, node_key FROM tags GROUP BY record_id, node_key HAVING COUNT(*) > 1")
    loose = query(path, "SELECT COUNT(*) FROM tags WHERE record_id NOT IN (SELECT record_id FROM assessments)")
    runs = query(path, "SELECT r.id, r.done, (SELECT COUNT(*) FROM assessments a WHERE a.run_id = r.id) FROM runs r")
    assert twice == [] and dup == [] and loose == [(0,)], f"partial batch visible (seed {SEED})"
    assert all(done == written for _, done, written in runs), f"runs.done disagrees: {runs} (seed {SEED})"
    return len(_assessed(path))


def _writing(path: Path) -> Callable[[], bool]:
    """A start signal: the run has written its first batch (checked every 25 ms)."""
    base, last = len(_assessed(path)), [0.0]

    def started() -> bool:
        if time.monotonic() - last[0] < 0.025:
            return False
        last[0] = time.monotonic()
        return len(_assessed(path)) > base

    return started


def _tag_command(episode: int, path: Path) -> list[str]:
    """Even episodes: the product as shipped (a few hundred records are one batch, all or nothing).
    Odd episodes: batches of 40 records, so kills fall between committed batches and the run resumes."""
    if episode % 2 == 0:
        return command("tag", str(path), *TAG)
    return [sys.executable, str(Path(__file__).with_name("tag_driver.py")), "40", "tag", str(path), *TAG]


def test_tagging_killed_repeatedly_then_resumed(bases: Bases, tmp_path: Path) -> None:
    rng, tally = random.Random(SEED), Tally("tagging")
    expected, expected_tags = _assessed(bases.tagged), _tags(bases.tagged)
    span, episode, per_episode = bases.tag_seconds, 0, kills(2, 8)
    while tally.kills < kills(4, 80):
        path = copy_project(bases.untagged, tmp_path / f"episode-{episode}.kesheng")
        partial = False
        for attempt in range(per_episode):
            delay, signal = kill_point(rng, attempt, span, _writing(path), 0.6)
            killed = run_and_kill(_tag_command(episode, path), delay, signal)
            tally.kills += killed
            tally.completed_before_kill += not killed
            done = _check_partial(path)
            tally.checks += 1
            if killed and 0 < done < len(expected):
                tally.bump("kills_between_batches")
                partial = True
            if not killed or done == len(expected):
                break
        run_ok(_tag_command(episode, path))
        _check_partial(path)
        assert _assessed(path) == expected, f"resumed run tagged other records (seed {SEED})"
        assert set(query(path, "SELECT status FROM runs")) == {("complete",)}  # resumed, none left running
        if not partial:  # same input, same model: the very same tags (after partial progress the student
            # is trained on the records still to do, so tags may differ by design)
            assert _tags(path) == expected_tags, f"tags differ from an uninterrupted run's (seed {SEED})"
        tally.checks += 1
        episode += 1
    tally.notes.update(episodes=episode, records=len(expected), uninterrupted_seconds=round(span, 2))
    tally.save()
