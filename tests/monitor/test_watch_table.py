"""`watch --source`: a SQLite (and PostgreSQL) table that gains rows; a source that is down is retried."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.monitor.helpers import feedback, new_project, outbox_messages, quoted, record_count
from workbench.cli import main
from workbench.ingest.options import ImportOptions
from workbench.monitor.state import CycleReport
from workbench.monitor.table import TableSource
from workbench.project import Project

CREATE = "CREATE TABLE feedback (id INTEGER PRIMARY KEY, 编号 TEXT, 时间 TEXT, 内容 TEXT)"


def _add(source: Path, rows: list[tuple[str, str, str]]) -> None:
    with sqlite3.connect(source) as conn:
        conn.executemany("INSERT INTO feedback (编号, 时间, 内容) VALUES (?, ?, ?)", rows)


def _cycle(project: Path, source: str, outbox: Path, *extra: str) -> int:
    return main(["watch", str(project), "--source", source, "--table", "feedback", "--outbox", str(outbox),
                 "--once", "--llm-budget", "0", *extra])


def test_a_sqlite_table_that_gains_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, source, outbox = new_project(tmp_path / "p.kesheng"), tmp_path / "crm.db", tmp_path / "out"
    with sqlite3.connect(source) as conn:
        conn.execute(CREATE)
    _add(source, feedback("s", 10, sensitive=1))
    assert _cycle(project, str(source), outbox) == 0
    assert record_count(project) == 10 and quoted(outbox_messages(outbox)) == ["s-0000"]

    assert _cycle(project, str(source), outbox) == 0  # nothing new: no import, no alert
    assert "imported 0 (duplicates 0)" in capsys.readouterr().out.splitlines()[-1]

    _add(source, feedback("t", 5, sensitive=2))
    _cycle(project, str(source), outbox)
    assert record_count(project) == 15
    assert quoted(outbox_messages(outbox)) == ["s-0000", "t-0000", "t-0001"]


def test_a_query_source_with_a_time_mark(tmp_path: Path) -> None:
    project, source, outbox = new_project(tmp_path / "p.kesheng"), tmp_path / "crm.db", tmp_path / "out"
    with sqlite3.connect(source) as conn:
        conn.execute(CREATE)
    _add(source, feedback("q", 8, sensitive=1))
    args = ["watch", str(project), "--source", str(source), "--query", "SELECT 编号, 时间, 内容 FROM feedback",
            "--mark", "时间", "--outbox", str(outbox), "--once", "--llm-budget", "0"]
    assert main(args) == 0 and main(args) == 0
    _add(source, [("late", "2026-04-01 09:00", "要曝光你们，订单 late-0000")])
    assert main(args) == 0
    assert record_count(project) == 9 and quoted(outbox_messages(outbox)) == ["q-0000", "late-0000"]


def test_a_source_that_is_down_is_reported_and_retried_with_back_off(tmp_path: Path) -> None:
    from workbench.monitor.watch import Watch

    project_path, source = new_project(tmp_path / "p.kesheng"), tmp_path / "later.db"
    now = [0.0]
    with Project.open(project_path, create=False) as project:
        watch = Watch(project, TableSource(str(source), "feedback", None, "id", ImportOptions()), None, None,
                      interval=10, clock=lambda: now[0])
        first = watch.cycle()
        assert any("cannot be read" in p or "does not exist" in p for p in first.problems)
        now[0] = 5.0
        assert any("retry in 5s" in p for p in watch.cycle().problems)  # not tried again yet
        now[0] = 10.0
        assert any("retry in 20s" in p for p in watch.cycle().problems)  # tried, failed: the wait doubles
        with sqlite3.connect(source) as conn:
            conn.execute(CREATE)
        _add(source, feedback("u", 3))
        now[0] = 31.0
        report = watch.cycle()
        assert report.imported == 3 and report.problems == []


def test_a_postgresql_table_that_gains_rows(tmp_path: Path, pg_url: str) -> None:
    project, outbox = new_project(tmp_path / "p.kesheng"), tmp_path / "out"
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE feedback (id SERIAL PRIMARY KEY, 编号 TEXT, 时间 TEXT, 内容 TEXT)"))

    def add(rows: list[tuple[str, str, str]]) -> None:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO feedback (编号, 时间, 内容) VALUES (:a, :b, :c)"),
                         [{"a": a, "b": b, "c": c} for a, b, c in rows])

    add(feedback("p", 6, sensitive=1))
    assert _cycle(project, pg_url, outbox) == 0 and _cycle(project, pg_url, outbox) == 0
    add(feedback("r", 4, sensitive=1))
    assert _cycle(project, pg_url, outbox) == 0
    engine.dispose()
    assert record_count(project) == 10 and quoted(outbox_messages(outbox)) == ["p-0000", "r-0000"]


def test_cycle_report_line_names_every_count() -> None:
    from datetime import datetime

    line = CycleReport(datetime(2026, 3, 1, 9), files=2, imported=7, fired=1, delivered=1,
                       problems=["x"]).line()
    assert line.startswith("2026-03-01 09:00:00 files 2") and "imported 7" in line and line.endswith("; x")
