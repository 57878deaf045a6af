"""Schema 2 (who labelled): a project made before it opens, gains the column and the table, and its label
audit becomes label events; a newer project is refused as before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import inspect, select

from tests.tagging.conftest import add_records, small_taxonomy
from workbench.project import Project
from workbench.store import migrations, schema
from workbench.tagging.labels import label_records
from workbench.taxonomy.repository import save_version


def _make_schema_1_project(path: Path) -> list[int]:
    """A project as Kesheng wrote it before schema 2: no labelled_by, no label_events, a label audit setting."""
    with Project.open(path) as project:
        save_version(project, small_taxonomy(), "t")
        ids = add_records(project, ["配送超时了", "味道很好吃", "客服态度差"])
        label_records(project, [(ids[0], ("物流/配送时效",), "negative")])
    con = sqlite3.connect(path)
    con.executescript("""
        DROP INDEX ix_label_events_record; DROP TABLE label_events; ALTER TABLE tags DROP COLUMN labelled_by;
        DROP TABLE history; DROP TABLE experience; DELETE FROM schema_version WHERE version >= 2;
        UPDATE settings SET value = json_set(value, '$."999"', json('{"machine": [], "human": ["产品/口味"]}'))
            WHERE key = 'tagging.label_audit';
    """)
    con.commit()
    con.close()
    return ids


def test_a_schema_1_project_opens_and_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.kesheng"
    ids = _make_schema_1_project(path)
    con = sqlite3.connect(path)
    assert con.execute("SELECT MAX(version) FROM schema_version").fetchone() == (1,)
    con.close()
    with Project.open(path, create=False) as project:
        with project.read() as conn:
            assert migrations.current_version(conn) == migrations.CURRENT == 4
            assert "labelled_by" in {c["name"] for c in inspect(conn).get_columns("tags")}
            e = schema.label_events
            events = conn.execute(select(e.c.record_id, e.c.labelled_by, e.c.paths, e.c.action)).all()
            old_human = conn.execute(select(schema.tags.c.labelled_by).where(
                schema.tags.c.record_id == ids[0])).scalars().all()
        # the audit's label became an event of an unknown analyst; the audit entry of a deleted record did not
        assert [(r, by, paths) for r, by, paths, _ in events] == [(ids[0], "", ["物流/配送时效"])]
        assert old_human == [None]
        label_records(project, [(ids[1], ("产品/口味",), "positive")], "dave")
        with project.read() as conn:
            by = conn.execute(select(schema.tags.c.labelled_by).where(schema.tags.c.record_id == ids[1])).scalar()
        assert by == "dave"
    backups = list((tmp_path / "old.kesheng.backups").iterdir())
    assert len(backups) == 1 and "before-migration-1-to-4" in backups[0].name
    con = sqlite3.connect(backups[0])  # the backup is the project as it was: schema 1
    assert con.execute("SELECT MAX(version) FROM schema_version").fetchone() == (1,)
    con.close()


def test_a_new_project_is_created_at_schema_2_in_one_go(tmp_path: Path) -> None:
    with Project.open(tmp_path / "new.kesheng") as project, project.read() as conn:
        versions = conn.execute(select(schema.schema_version.c.version)).scalars().all()
        assert versions == [1, 2, 3, 4]
        assert conn.execute(select(schema.label_events.c.id)).all() == []
