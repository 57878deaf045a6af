"""The project store: creation, pragmas, migrations, and refusing what is not ours."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from workbench.errors import ProjectError
from workbench.project import Project
from workbench.store import migrations, schema


def test_new_project_is_migrated_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "p.kesheng"
    with Project.open(path) as project, project.read() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        version = conn.execute(select(func.max(schema.schema_version.c.version))).scalar()
        assert version == migrations.CURRENT
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_reopen_applies_no_steps_twice(tmp_path: Path) -> None:
    path = tmp_path / "p.kesheng"
    Project.open(path).close()
    with Project.open(path) as project, project.read() as conn:
        rows = conn.execute(select(schema.schema_version.c.version)).all()
    assert [r[0] for r in rows] == list(range(1, migrations.CURRENT + 1))


def test_a_creation_cut_short_leaves_no_half_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new project whose creation stops half-way (a crash, a kill) keeps none of its tables: opened again, it is
    created afresh instead of being refused as another program's database."""
    path = tmp_path / "p.kesheng"

    def cut(conn: object) -> None:
        raise RuntimeError("killed")

    monkeypatch.setattr(migrations, "STEPS", [migrations.STEPS[0], cut, *migrations.STEPS[2:]])
    with pytest.raises(RuntimeError):
        Project.open(path)
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == []
    monkeypatch.undo()
    with Project.open(path) as project:
        assert project.stats().records == 0


def test_settings_round_trip(project: Project) -> None:
    project.set_setting("pii", {"keep_originals": False})
    project.set_setting("pii", {"keep_originals": True})
    assert project.get_setting("pii") == {"keep_originals": True}
    assert project.get_setting("missing", 7) == 7


def test_failed_write_rolls_back(project: Project) -> None:
    with pytest.raises(RuntimeError), project.write() as conn:
        conn.execute(schema.settings.insert().values(key="k", value=1))
        raise RuntimeError("boom")
    assert project.get_setting("k") is None


def test_foreign_keys_enforced(project: Project) -> None:
    with pytest.raises(Exception, match=r"(?i)foreign key"), project.write() as conn:
        conn.execute(schema.messages.insert().values(record_id=999, turn=1, role="customer", text="x"))


def test_text_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.kesheng"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(ProjectError, match="not a Kesheng project"):
        Project.open(path)
    assert path.read_text(encoding="utf-8") == "hello"


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(ProjectError, match="not a Kesheng project"):
        Project.open(path)
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["customers"]
    con.close()


def test_project_from_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.kesheng"
    Project.open(path).close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_version VALUES (?, '99.0', '2030-01-01 00:00:00')", (migrations.CURRENT + 5,))
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="newer Kesheng"):
        Project.open(path)
    assert path.read_bytes() == before


def test_missing_project_without_create(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no project at"):
        Project.open(tmp_path / "nope.kesheng", create=False)


def test_folder_and_missing_parent_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="is a folder"):
        Project.open(tmp_path)
    with pytest.raises(ProjectError, match="does not exist"):
        Project.open(tmp_path / "no" / "such" / "p.kesheng")


def test_stats_on_empty_project(project: Project) -> None:
    stats = project.stats()
    assert (stats.records, stats.sources, stats.tags, stats.first) == (0, 0, 0, None)
