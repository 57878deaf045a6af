"""`watch --folder --once`: new exports imported and alerted on once; repeats, overlaps and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.monitor.helpers import (
    alert_rows,
    feedback,
    new_project,
    outbox_messages,
    quoted,
    record_count,
    write_export,
)
from workbench.cli import main
from workbench.monitor.state import monitor_status
from workbench.project import Project


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    inbox, outbox = tmp_path / "drop", tmp_path / "outbox"
    inbox.mkdir()
    return new_project(tmp_path / "p.kesheng"), inbox, outbox


def _cycle(project: Path, inbox: Path, outbox: Path) -> int:
    return main(["watch", str(project), "--folder", str(inbox), "--outbox", str(outbox), "--once",
                 "--llm-budget", "0", "--settle", "0.05"])


def test_new_export_alerts_once_and_the_same_file_again_not_at_all(setup: tuple[Path, Path, Path],
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    project, inbox, outbox = setup
    rows = feedback("a", 30, sensitive=2)
    write_export(inbox / "export-01.csv", rows)
    assert _cycle(project, inbox, outbox) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert "imported 30" in line and "alerts fired 1, delivered 1" in line
    messages = outbox_messages(outbox)
    assert len(messages) == 1 and quoted(messages) == ["a-0000", "a-0001"]
    assert (inbox / "imported" / "export-01.csv").exists() and not (inbox / "export-01.csv").exists()
    with Project.open(project, create=False) as p:
        assert p.stats().tagged == 30  # rules and student tagged every new record (budget 0)

    write_export(inbox / "export-01-again.csv", rows)
    assert _cycle(project, inbox, outbox) == 0
    assert "imported 0 (duplicates 30)" in capsys.readouterr().out
    assert len(outbox_messages(outbox)) == 1 and record_count(project) == 30
    assert [d for _, d in alert_rows(project)] == ["outbox"]


def test_overlapping_export_adds_and_alerts_only_the_new_rows(setup: tuple[Path, Path, Path]) -> None:
    project, inbox, outbox = setup
    write_export(inbox / "day1.csv", feedback("b", 20, sensitive=1))
    _cycle(project, inbox, outbox)
    overlap = feedback("b", 20, sensitive=1)[10:] + feedback("c", 10, sensitive=3)
    write_export(inbox / "day1-and-2.csv", overlap)
    _cycle(project, inbox, outbox)
    assert record_count(project) == 30
    assert quoted(outbox_messages(outbox)) == ["b-0000", "c-0000", "c-0001", "c-0002"]
    status = monitor_status(Project.open(project, create=False))
    assert status.records_today == 30 and status.alerts_today == 2 and status.cycles_today == 2
    assert status.watching is not None and str(inbox) in status.watching


def test_a_bad_file_is_moved_aside_with_its_reason_and_the_good_one_still_imported(
        setup: tuple[Path, Path, Path]) -> None:
    project, inbox, outbox = setup
    (inbox / "broken.xlsx").write_bytes(b"this is not a workbook")
    (inbox / "empty.csv").write_text("编号,时间,内容\n", encoding="utf-8")
    write_export(inbox / "good.csv", feedback("d", 5, sensitive=1))
    (inbox / "notes.pdf").write_bytes(b"%PDF")  # not an export type: left alone
    assert _cycle(project, inbox, outbox) == 0
    rejected = inbox / "rejected"
    assert sorted(p.name for p in rejected.iterdir()) == ["broken.xlsx", "broken.xlsx.reason.txt",
                                                          "empty.csv", "empty.csv.reason.txt"]
    assert "Excel" in (rejected / "broken.xlsx.reason.txt").read_text(encoding="utf-8")
    assert record_count(project) == 5 and len(outbox_messages(outbox)) == 1
    assert (inbox / "notes.pdf").exists()


def test_a_file_still_growing_waits_for_the_next_cycle(setup: tuple[Path, Path, Path]) -> None:
    from workbench.ingest.options import ImportOptions
    from workbench.monitor.folder import FolderSource

    _, inbox, _ = setup
    path = inbox / "growing.csv"
    path.write_text("编号,时间,内容\n", encoding="utf-8")

    def grow(_: float) -> None:  # the exporter appends while the watch waits for the file to settle
        with path.open("a", encoding="utf-8") as fh:
            fh.write("x-1,2026-03-01 10:00,还在写\n")

    source = FolderSource(inbox, ImportOptions(), settle=0.0, sleep=grow)
    assert source.ready() == []
    assert source.ready() == [path]  # unchanged since the last look


def test_usage_errors_exit_2(setup: tuple[Path, Path, Path]) -> None:
    project, inbox, _ = setup
    assert main(["watch", str(project), "--source", str(project)]) == 2  # no --table/--query
    assert main(["watch", str(project), "--folder", str(inbox / "missing"), "--once"]) == 2
    assert main(["watch", str(project), "--folder", str(inbox), "--smtp", "127.0.0.1:25", "--once"]) == 2
    assert main(["watch", str(project), "--folder", str(inbox), "--interval", "0", "--once"]) == 2
