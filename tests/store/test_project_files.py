"""Corrupt, foreign and newer project files: one clear sentence, a restore offer, and never a changed byte."""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from tests.tagging.conftest import add_records
from workbench.cli import main
from workbench.errors import ProjectError
from workbench.project import Project
from workbench.store import migrations
from workbench.store.backup import backup_project, list_backups


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    path = tmp_path / "shop.kesheng"
    with Project.open(path) as project:
        add_records(project, [f"第{i}单配送太慢" for i in range(30)])
    return path


def _foreign(path: Path, wal: bool) -> None:
    con = sqlite3.connect(path)
    if wal:
        con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    con.commit()
    con.close()


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_another_programs_database_is_refused_and_not_touched(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "places.sqlite"
    _foreign(path, wal)
    before, files = _sha(path), _names(tmp_path)
    with pytest.raises(ProjectError, match="another program's SQLite database \\(tables moz_places\\)"):
        Project.open(path)
    assert _sha(path) == before and _names(tmp_path) == files  # no WAL switch, no -wal/-shm beside it


def test_a_foreign_schema_version_table_is_no_kesheng_marker(tmp_path: Path) -> None:
    path = tmp_path / "flyway.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE schema_version (installed_rank INTEGER, version TEXT, script TEXT)")
    con.execute("INSERT INTO schema_version VALUES (1, '1', 'V1__init.sql')")
    con.commit()
    con.close()
    before = _sha(path)
    with pytest.raises(ProjectError, match="not a Kesheng project"):
        Project.open(path)
    assert _sha(path) == before


def test_newer_project_is_refused_politely_byte_for_byte_unchanged(filled: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    con = sqlite3.connect(filled)
    con.execute("INSERT INTO schema_version VALUES (?, '9.0', '2030-01-01 00:00:00')", (migrations.CURRENT + 5,))
    con.commit()
    con.close()
    before, files = _sha(filled), _names(filled.parent)
    expected = (f"made by a newer Kesheng (schema {migrations.CURRENT + 5}); this version reads up to schema "
                f"{migrations.CURRENT} — update Kesheng")
    with pytest.raises(ProjectError, match=re.escape(expected)):
        Project.open(filled)
    code, out, err = _cli(capsys, "info", str(filled))
    assert code == 1 and out == "" and err.startswith("error: this project was made by a newer Kesheng")
    assert err.count("\n") == 1
    assert _sha(filled) == before and _names(filled.parent) == files


def test_truncated_project_names_its_backup_and_restore_brings_it_back(
        filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    made = backup_project(filled, "manual")
    assert made is not None
    data = filled.read_bytes()
    filled.write_bytes(data[: len(data) // 2])
    truncated = _sha(filled)
    hint = re.escape(made.name) + ".*" + re.escape(f"kesheng backup {filled} --restore")
    with pytest.raises(ProjectError, match=hint):
        Project.open(filled)
    code, _, err = _cli(capsys, "info", str(filled))
    assert code == 1 and err.startswith("error: the project file shop.kesheng is damaged") and err.count("\n") == 1
    assert _sha(filled) == truncated

    code, out, _ = _cli(capsys, "backup", str(filled), "--restore")
    assert code == 0 and f"from {made.name}" in out and "before-restore" in out
    with Project.open(filled) as project:
        assert project.stats().records == 30


@pytest.mark.parametrize("damage", ["garbage-after-header", "not-sqlite"])
def test_garbage_bytes_are_one_clear_sentence(filled: Path, damage: str) -> None:
    backup_project(filled, "manual")
    head = b"SQLite format 3\x00" if damage == "garbage-after-header" else b"PK\x03\x04"
    filled.write_bytes(head + bytes(range(256)) * 40)
    before = _sha(filled)
    with pytest.raises(ProjectError, match=r"(damaged|not a SQLite database).*the latest backup is shop\.kesheng"):
        Project.open(filled)
    assert _sha(filled) == before


def test_without_a_backup_there_is_no_restore_hint(tmp_path: Path) -> None:
    path = tmp_path / "x.kesheng"
    path.write_bytes(b"SQLite format 3\x00" + b"\x01" * 2000)
    with pytest.raises(ProjectError) as caught:
        Project.open(path)
    assert "backup" not in caught.value.message and "damaged" in caught.value.message


def test_project_left_with_a_wal_by_a_killed_process_opens_with_all_commits(filled: Path, tmp_path: Path) -> None:
    writer = sqlite3.connect(filled)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE records SET text = 'committed in the WAL only' WHERE id = 1")
    writer.commit()
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal", "-shm"):  # the files as a kill -9 leaves them
        shutil.copyfile(f"{filled}{suffix}", crashed / f"shop.kesheng{suffix}")
    writer.close()
    with Project.open(crashed / "shop.kesheng") as project, project.read() as conn:
        assert conn.execute(text("SELECT text FROM records WHERE id = 1")).scalar() == "committed in the WAL only"
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_migration_backs_up_the_old_file_first(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def step_2(conn: Connection) -> None:
        conn.execute(text("CREATE TABLE future_feature (id INTEGER PRIMARY KEY)"))

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, step_2])
    monkeypatch.setattr(migrations, "CURRENT", len(migrations.STEPS))
    old = migrations.CURRENT - 1
    with Project.open(filled) as project, project.read() as conn:
        assert conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar() == migrations.CURRENT
    [made] = list_backups(filled)
    assert made.reason == f"before-migration-{old}-to-{migrations.CURRENT}"
    con = sqlite3.connect(made.path)
    assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == old
    assert con.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 30
    con.close()
    Project.open(filled).close()  # already migrated: no second backup
    assert len(list_backups(filled)) == 1


def test_backup_cli_lists_and_refuses_a_bad_number(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(capsys, "backup", str(filled), "--list")[1].startswith("no backups of")
    code, out, _ = _cli(capsys, "backup", str(filled), "--json")
    assert code == 0 and "shop.kesheng.backups" in out
    code, out, _ = _cli(capsys, "backup", str(filled), "--list", "--json")
    assert code == 0 and '"n": 1' in out and '"reason": "manual"' in out
    code, _, err = _cli(capsys, "backup", str(filled), "--restore", "7")
    assert code == 2 and "from 1 to 1" in err
    code, _, err = _cli(capsys, "backup", "postgresql+psycopg://u@127.0.0.1/db")
    assert code == 1 and "pg_dump" in err


def test_a_locked_or_unreadable_file_is_not_called_damaged(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.store import file_probe

    def locked(_: Path) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(file_probe, "_read", locked)
    sentence = re.escape("cannot read shop.kesheng (database is locked); check that")
    with pytest.raises(ProjectError, match=sentence) as caught:
        Project.open(filled)
    assert "damaged" not in caught.value.message


def test_postgresql_migration_logs_that_no_file_backup_is_taken(pg_url: str, monkeypatch: pytest.MonkeyPatch,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    Project.open(pg_url).close()

    def step_2(conn: Connection) -> None:
        conn.execute(text("CREATE TABLE future_feature (id INTEGER PRIMARY KEY)"))

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, step_2])
    monkeypatch.setattr(migrations, "CURRENT", len(migrations.STEPS))
    with caplog.at_level(logging.WARNING, logger="workbench.store.migrations"):
        Project.open(pg_url).close()
    assert "without a file backup" in caplog.text and "pg_dump" in caplog.text
    assert list_backups(pg_url) == []
