"""A real `main.py watch` process, killed with SIGKILL and started again: nothing imported or alerted twice,
nothing missed; SIGTERM stops it cleanly. Waits poll the outcome (generous limits, no timing asserted)."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.monitor.helpers import (
    alert_rows,
    feedback,
    new_project,
    outbox_messages,
    quoted,
    record_count,
    watch_cmd,
    write_export,
)

LIMIT_S = 120.0
ARGS = ("--interval", "0.3", "--settle", "0.05", "--llm-budget", "0")


def _wait(cond: Callable[[], bool], what: str) -> None:
    end = time.monotonic() + LIMIT_S
    while not cond():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


class Watcher:
    """Starts (and restarts) the watch process; its cycle lines go to a log file."""

    def __init__(self, cmd: list[str], log: Path) -> None:
        self.cmd, self.log = cmd, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(self.cmd, stdout=out, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def cycles(self) -> int:
        return sum(1 for line in self.log.read_text(encoding="utf-8").splitlines() if " files " in line)

    def one_more_cycle(self) -> None:
        n = self.cycles()
        _wait(lambda: self.cycles() >= n + 2, "two more cycles")  # the one under way may have started early


@pytest.fixture
def folder_watch(tmp_path: Path) -> Iterator[tuple[Watcher, Path, Path, Path]]:
    project, drop, outbox = new_project(tmp_path / "p.kesheng"), tmp_path / "drop", tmp_path / "out"
    drop.mkdir()
    watcher = Watcher(watch_cmd(project, "--folder", str(drop), "--outbox", str(outbox), *ARGS),
                      tmp_path / "watch.log")
    yield watcher, project, drop, outbox
    if watcher.proc is not None and watcher.proc.poll() is None:
        watcher.kill()


def _consumed(drop: Path) -> bool:
    return not list(drop.glob("*.csv"))


def test_kill_9_and_restart_handles_the_next_file_and_realerts_nothing(
        folder_watch: tuple[Watcher, Path, Path, Path]) -> None:
    watcher, project, drop, outbox = folder_watch
    watcher.start()
    first = feedback("a", 10, sensitive=1)
    write_export(drop / "a.csv", first)
    _wait(lambda: len(outbox_messages(outbox)) == 1, "the first alert")
    watcher.kill()

    watcher.start()
    write_export(drop / "a-again.csv", first)
    write_export(drop / "b.csv", feedback("b", 10, sensitive=1))
    _wait(lambda: _consumed(drop) and len(outbox_messages(outbox)) >= 2, "the second alert")
    watcher.one_more_cycle()
    assert quoted(outbox_messages(outbox)) == ["a-0000", "b-0000"]
    assert record_count(project) == 20
    assert [d for _, d in alert_rows(project)] == ["outbox", "outbox"]


def test_random_kills_while_files_flow_lose_and_repeat_nothing(
        folder_watch: tuple[Watcher, Path, Path, Path]) -> None:
    watcher, project, drop, outbox = folder_watch
    rng = random.Random()
    labels = [f"k{i}" for i in range(5)]
    for label in labels:
        watcher.start()
        write_export(drop / f"{label}.csv", feedback(label, 8, sensitive=1))
        time.sleep(rng.uniform(0.0, 1.5))  # a kill point anywhere in the cycle: listing, import, alert, mail
        watcher.kill()
    watcher.start()
    expected = sorted(f"{label}-0000" for label in labels)
    # a killed cycle's records may be alerted together with the next file's: one quote per record is the rule
    _wait(lambda: _consumed(drop) and set(quoted(outbox_messages(outbox))) >= set(expected), "every alert")
    watcher.one_more_cycle()
    assert sorted(quoted(outbox_messages(outbox))) == expected
    assert record_count(project) == 8 * len(labels)


def test_sigterm_stops_cleanly(folder_watch: tuple[Watcher, Path, Path, Path]) -> None:
    watcher, _, drop, outbox = folder_watch
    watcher.start()
    write_export(drop / "a.csv", feedback("a", 5, sensitive=1))
    _wait(lambda: len(outbox_messages(outbox)) == 1, "the alert")
    assert watcher.proc is not None
    watcher.proc.send_signal(signal.SIGTERM)
    assert watcher.proc.wait(timeout=LIMIT_S) == 0
    assert "stopping after the current step" in watcher.log.read_text(encoding="utf-8")


def test_kill_9_with_a_sqlite_source_that_gains_rows(tmp_path: Path) -> None:
    project, source, outbox = new_project(tmp_path / "p.kesheng"), tmp_path / "crm.db", tmp_path / "out"
    with sqlite3.connect(source) as conn:
        conn.execute("CREATE TABLE feedback (id INTEGER PRIMARY KEY, 编号 TEXT, 时间 TEXT, 内容 TEXT)")

    def add(rows: list[tuple[str, str, str]]) -> None:
        with sqlite3.connect(source) as conn:
            conn.executemany("INSERT INTO feedback (编号, 时间, 内容) VALUES (?, ?, ?)", rows)

    watcher = Watcher(watch_cmd(project, "--source", str(source), "--table", "feedback", "--outbox", str(outbox),
                                *ARGS), tmp_path / "watch.log")
    try:
        watcher.start()
        add(feedback("s", 10, sensitive=1))
        _wait(lambda: len(outbox_messages(outbox)) == 1, "the first alert")
        watcher.kill()
        add(feedback("t", 10, sensitive=1))  # arrives while the watch is down
        watcher.start()
        _wait(lambda: len(outbox_messages(outbox)) >= 2, "the second alert")
        watcher.one_more_cycle()
    finally:
        if watcher.proc is not None and watcher.proc.poll() is None:
            watcher.kill()
    assert quoted(outbox_messages(outbox)) == ["s-0000", "t-0000"]
    assert record_count(project) == 20
