"""The application seam's own operations: offering and restoring backups of a damaged project file."""

from __future__ import annotations

from pathlib import Path

from tests.tagging.conftest import add_records
from workbench.project import EVERYTHING, Project, backups_to_offer, restore_and_open
from workbench.store.backup import backup_project


def test_a_damaged_file_is_offered_its_backups_and_the_restore_reopens_it(tmp_path: Path) -> None:
    path = tmp_path / "shop.kesheng"
    with Project.open(path) as project:
        add_records(project, ["配送太慢"] * 10)
        assert backups_to_offer(path) == []  # a sound file needs no restore
        backup_project(project.target, "manual")
    path.write_bytes(b"SQLite format 3\x00" + b"\xee" * 8192)
    offered = backups_to_offer(path)
    assert [b.reason for b in offered] == ["manual"]
    project, changes = restore_and_open(path, offered[0])
    with project:
        assert project.stats().records == 10
    assert changes == EVERYTHING and changes.records and changes.taxonomy and changes.settings
    assert len(backups_to_offer(tmp_path / "missing.kesheng")) == 0
    assert backups_to_offer("postgresql://127.0.0.1:9/none") == []
