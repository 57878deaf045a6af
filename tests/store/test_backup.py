"""Backups of project files: taken, listed, pruned and restored; automatic before destructive edits."""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.tagging.conftest import add_records, small_taxonomy
from workbench.errors import ProjectError
from workbench.project import Project
from workbench.store import schema
from workbench.store.backup import PARTIAL, backup_folder, backup_project, list_backups, prune_backups, restore_backup
from workbench.taxonomy.edits import delete_node, merge_nodes, rename_node
from workbench.taxonomy.repository import save_version


def _records(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT COUNT(*) FROM records").fetchone()[0])
    finally:
        con.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    path = tmp_path / "shop.kesheng"
    with Project.open(path) as project:
        add_records(project, [f"第{i}单配送太慢" for i in range(20)])
    return path


def test_backup_is_a_complete_self_contained_copy_taken_while_open(filled: Path) -> None:
    with Project.open(filled) as project:
        add_records(project, ["刚写入还在 WAL 里"])  # committed, maybe not checkpointed
        made = backup_project(project.target, "Before Merge!")
    assert made is not None and made.parent == backup_folder(filled) == filled.with_name("shop.kesheng.backups")
    assert made.name.startswith("shop.kesheng.") and made.name.endswith(".before-merge.kesheng")
    assert _records(made) == 21
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]  # no -wal, no partial file
    [info] = list_backups(filled)
    assert (info.path, info.reason, info.size) == (made, "before-merge", made.stat().st_size)


def test_only_the_newest_backups_are_kept(filled: Path) -> None:
    made = [backup_project(filled, f"step {i}", keep=3) for i in range(5)]
    assert [b.path for b in list_backups(filled)] == list(reversed(made))[:3]
    assert [b.reason for b in list_backups(filled)] == ["step-4", "step-3", "step-2"]


def test_stale_partial_copies_are_removed_and_never_listed(filled: Path) -> None:
    backup_project(filled, "manual")
    folder = backup_folder(filled)
    fresh, stale = folder / f"{PARTIAL}shop.kesheng.fresh", folder / f"{PARTIAL}shop.kesheng.stale"
    for item in (fresh, stale):
        item.write_bytes(b"SQLite format 3\x00half")
    os.utime(stale, (1_000_000, 1_000_000))
    assert len(list_backups(filled)) == 1
    assert prune_backups(filled) == [stale]
    assert fresh.exists() and not stale.exists()


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(filled: Path) -> None:
    made = backup_project(filled, "manual")
    assert made is not None
    with Project.open(filled) as project:
        add_records(project, ["备份之后的新记录"] * 5)
    saved = restore_backup(filled, made)
    assert _records(filled) == 20
    assert saved is not None and saved.name.endswith(".before-restore.kesheng") and _records(saved) == 25
    assert not Path(f"{filled}-wal").exists()
    with Project.open(filled) as project:
        assert project.stats().records == 20


def test_restore_over_a_damaged_file_keeps_its_bytes(filled: Path) -> None:
    made = backup_project(filled, "manual")
    assert made is not None
    filled.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    damaged = _sha(filled)
    saved = restore_backup(filled, made)
    assert saved is not None and saved.name.endswith(".before-restore-raw.kesheng") and _sha(saved) == damaged
    with Project.open(filled) as project:
        assert project.stats().records == 20


def test_a_damaged_backup_is_refused_and_the_project_left_alone(filled: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.kesheng"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 300)
    before = _sha(filled)
    with pytest.raises(ProjectError, match=r"cannot be read|damaged"):
        restore_backup(filled, bad)
    with pytest.raises(ProjectError, match="no backup file"):
        restore_backup(filled, tmp_path / "missing.kesheng")
    assert _sha(filled) == before and list_backups(filled) == []


def test_unwritable_backup_folder_is_one_clear_error(filled: Path) -> None:
    backup_folder(filled).write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(ProjectError, match=r"could not back up shop\.kesheng before manual"):
        backup_project(filled, "manual")


def test_server_databases_get_a_log_line_not_a_file(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="workbench.store.backup"):
        assert backup_project("postgresql+psycopg://kesheng@127.0.0.1/voc", "before-merge") is None
    assert "pg_dump" in caplog.text and "kesheng@" not in caplog.text
    assert list_backups("postgresql+psycopg://kesheng@127.0.0.1/voc") == []
    with pytest.raises(ProjectError, match="pg_restore"):
        restore_backup("postgresql+psycopg://kesheng@127.0.0.1/voc", "x.kesheng")


def test_nothing_to_back_up_for_a_new_project(tmp_path: Path) -> None:
    assert backup_project(tmp_path / "new.kesheng", "manual") is None
    assert not backup_folder(tmp_path / "new.kesheng").exists()


def test_merge_and_delete_back_up_first_rename_does_not(filled: Path) -> None:
    with Project.open(filled) as project:
        save_version(project, small_taxonomy(), "test")
        rename_node(project, "产品/口味", "味道")
        assert list_backups(filled) == []
        merge_nodes(project, "产品/温度", "产品/味道")
        delete_node(project, "产品/包装")
        with project.read() as conn:
            versions = conn.execute(select(func.count()).select_from(schema.taxonomy_versions)).scalar_one()
    reasons = [b.reason for b in list_backups(filled)]
    assert reasons == ["before-delete", "before-merge"] and versions == 4
    con = sqlite3.connect(list_backups(filled)[1].path)  # taken before the merge: two versions then
    assert con.execute("SELECT COUNT(*) FROM taxonomy_versions").fetchone()[0] == 2
    con.close()


def test_an_invalid_edit_takes_no_backup(filled: Path) -> None:
    with Project.open(filled) as project:
        save_version(project, small_taxonomy(), "test")
        with pytest.raises(Exception, match="no node"):
            merge_nodes(project, "没有这个", "产品/口味")
    assert list_backups(filled) == []


def test_retag_all_backs_up_once_not_on_resume_or_normal_runs(filled: Path) -> None:
    from workbench.tagging.run import TagOptions, tag_project

    with Project.open(filled) as project:
        save_version(project, small_taxonomy(), "test")
        tag_project(project, TagOptions(llm_budget=0))
        assert list_backups(filled) == []
        tag_project(project, TagOptions(llm_budget=0, retag=True))
    [made] = list_backups(filled)
    assert made.reason == "before-retag"
    con = sqlite3.connect(made.path)  # the tags of the first run are in it
    assert con.execute("SELECT COUNT(*) FROM assessments").fetchone()[0] == 20
    con.close()
