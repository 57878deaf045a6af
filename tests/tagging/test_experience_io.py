"""Effort, emotion and actionability are stored at tagging time, filled for older projects, exported, filtered."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from sqlalchemy import select

from tests.tagging.conftest import add_records, small_taxonomy
from workbench.exporting import COLUMNS, export_records
from workbench.filters import parse_filters
from workbench.project import Project
from workbench.queries import records
from workbench.store import migrations, schema
from workbench.tagging.run import TagOptions, tag_project
from workbench.taxonomy.repository import save_version

TEXTS = ["打了三次电话，转了好几个人，气死我了，请尽快退款", "东西不错，满意", "收到了"]


def _rows(project: Project) -> dict[int, tuple[int, str, bool]]:
    x = schema.experience
    with project.read() as conn:
        return {int(r): (int(e), str(m), bool(a)) for r, e, m, a in
                conn.execute(select(x.c.record_id, x.c.effort, x.c.emotion, x.c.actionable))}


def test_tagging_writes_every_record_and_filters_select_them(tax_project: Project) -> None:
    ids = add_records(tax_project, TEXTS)
    tag_project(tax_project, TagOptions(llm_budget=0))
    rows = _rows(tax_project)
    assert rows[ids[0]] == (5, "愤怒", True)
    assert rows[ids[1]] == (1, "满意", False)
    assert rows[ids[2]] == (1, "中性", False)
    for expr, want in (("effort>=4", [ids[0]]), ("effort=1..2", ids[1:]), ("emotion=愤怒", [ids[0]]),
                       ("emotion=satisfied", [ids[1]]), ("actionable=yes", [ids[0]]), ("actionable=no", ids[1:]),
                       ("effort<=1, emotion=中性", [ids[2]])):
        assert sorted(records.page_ids(tax_project, parse_filters([expr]), limit=100)) == want, expr


def test_export_has_the_columns_at_the_end(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.kesheng") as project:
        save_version(project, small_taxonomy(), "t")
        add_records(project, TEXTS)
        tag_project(project, TagOptions(llm_budget=0))
        out = tmp_path / "e.csv"
        export_records(project, out, parse_filters(["emotion=愤怒"]))
    assert COLUMNS[-4:] == ("nps", "effort", "emotion", "actionable")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["effort"], r["emotion"], r["actionable"]) for r in rows] == [("5", "愤怒", "yes")]


def test_a_schema_3_project_opens_and_is_filled_without_the_model(tmp_path: Path) -> None:
    path = tmp_path / "old.kesheng"
    with Project.open(path) as project:
        save_version(project, small_taxonomy(), "t")
        ids = add_records(project, TEXTS)
        tag_project(project, TagOptions(llm_budget=0))
    con = sqlite3.connect(path)  # as Kesheng wrote it before schema 4
    con.executescript("DROP TABLE experience; DELETE FROM schema_version WHERE version >= 4;")
    con.commit()
    con.close()
    with Project.open(path, create=False) as project:
        with project.read() as conn:
            assert migrations.current_version(conn) == migrations.CURRENT == 4
        assert _rows(project) == {}  # the migration stays quick: no rows yet
        result = tag_project(project, TagOptions(llm_budget=0))  # nothing to tag, no model: still filled
        assert result.tagged == 0
        assert _rows(project)[ids[0]] == (5, "愤怒", True) and len(_rows(project)) == 3
        with project.write() as conn:
            conn.execute(schema.experience.delete().where(schema.experience.c.record_id == ids[1]))
            conn.execute(schema.experience.update().values(version="old"))
        export_records(project, tmp_path / "x.csv")  # the export fills the missing and the outdated rows
        assert _rows(project)[ids[1]] == (1, "满意", False)
        with project.read() as conn:
            assert set(conn.execute(select(schema.experience.c.version)).scalars()) == {"exp-1"}
    with Project.open(path, create=False) as project, project.read() as conn:  # nothing applied twice
        versions = conn.execute(select(schema.schema_version.c.version)).scalars().all()
    assert sorted(versions) == [1, 2, 3, 4]
