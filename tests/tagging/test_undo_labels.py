"""Undo / redo of labels (the record detail's fix, a bulk label, a label file): an exact restore of tags,
sentiment and the label audit, refused when a later change touched the records; the CLI; schema 3."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.tagging.conftest import add_records, rule_tagged, small_taxonomy
from workbench.cli import main
from workbench.errors import InputError
from workbench.history import entries, next_redo, next_undo, redo, undo
from workbench.project import Project
from workbench.store import migrations, schema
from workbench.tagging.bulk_label import apply_bulk_label, plan_bulk_label
from workbench.tagging.labels import label_records
from workbench.tagging.quality import AUDIT_SETTING
from workbench.taxonomy.repository import save_version
from workbench.types import RecordFilter

TEXTS = ["配送超时了，等了一个小时", "配送太慢了，味道也难吃", "配送员态度还行", "味道很好吃", "客服态度差"]


def _state(project: Project) -> dict[str, Any]:
    """Everything a label touches, every column: tags, assessments, label events."""
    out: dict[str, Any] = {}
    with project.read() as conn:
        for table in (schema.tags, schema.assessments, schema.label_events):
            out[table.name] = sorted(tuple(sorted((k, str(v)) for k, v in r._mapping.items()))
                                     for r in conn.execute(select(table)))
        out["audit"] = conn.execute(select(schema.settings.c.value).where(
            schema.settings.c.key == AUDIT_SETTING)).scalar()
    return out


@pytest.fixture
def target(tmp_path: Path) -> str:
    path = tmp_path / "p.kesheng"
    with Project.open(path) as project:
        rule_tagged(project, TEXTS)
    return str(path)


def test_three_steps_back_and_forward_restore_exactly(target: str) -> None:
    with Project.open(target) as project:
        s0 = _state(project)
        label_records(project, [(1, ("服务/客服态度",), "negative")], "li")  # a fix in the record detail
        s1 = _state(project)
        apply_bulk_label(project, plan_bulk_label(project, RecordFilter(text="配送"), ("物流/配送时效",), "negative"),
                         labelled_by="wang")
        s2 = _state(project)
        label_records(project, [(4, ("产品/口味",), "positive")], "li")
        s3 = _state(project)
        assert len({repr(s) for s in (s0, s1, s2, s3)}) == 4 and s0["audit"] is None and s3["audit"]
        assert [e.summary for e in entries(project)] == ["1 → 产品/口味", "3 → 物流/配送时效", "1 → 服务/客服态度"]
        assert next_undo(project).summary == "1 → 产品/口味"  # type: ignore[union-attr]
        for expected in (s2, s1, s0):
            undo(project)
            assert _state(project) == expected
        with pytest.raises(InputError, match="nothing to undo"):
            undo(project)
        assert next_redo(project).summary == "1 → 服务/客服态度"  # type: ignore[union-attr]
        for expected in (s1, s2, s3):
            redo(project)
            assert _state(project) == expected
        with pytest.raises(InputError, match="nothing to redo"):
            redo(project)


def test_a_new_action_drops_the_redo_stack(target: str) -> None:
    with Project.open(target) as project:
        label_records(project, [(1, ("服务/客服态度",), "negative")], "li")
        label_records(project, [(2, ("产品/口味",), "negative")], "li")
        undo(project)
        label_records(project, [(3, ("产品/包装",), "neutral")], "li")
        assert next_redo(project) is None
        assert [(e.summary, e.undone) for e in entries(project)] == [("1 → 产品/包装", False),
                                                                     ("1 → 服务/客服态度", False)]


def test_undo_is_refused_when_a_later_change_touched_the_records(target: str) -> None:
    with Project.open(target) as project:
        label_records(project, [(1, ("服务/客服态度",), "negative")], "li")
        with project.write() as conn:  # someone else's later change to the same record, outside the history
            conn.execute(schema.tags.update().where(schema.tags.c.record_id == 1).values(path="产品/口味",
                                                                                        node_key="k2_0"))
        before = _state(project)
        with pytest.raises(InputError, match="were changed since by a later action"):
            undo(project)
        assert _state(project) == before and next_undo(project) is not None


def test_cli_undo_list_redo(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["label", target, "--filter", "q=配送", "--tag", "配送时效", "--by", "wang"]) == 0
    capsys.readouterr()
    assert main(["undo", target, "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(e["kind"], e["summary"], e["by"], e["undone"]) for e in listed] == \
        [("label", "3 → 物流/配送时效", "wang", False)]
    assert main(["undo", target]) == 0
    assert "undid #1: label 3 → 物流/配送时效" in capsys.readouterr().out
    with Project.open(target) as project, project.read() as conn:
        assert conn.execute(select(schema.tags.c.id).where(schema.tags.c.method == "human")).all() == []
    assert main(["undo", target]) == 1
    assert "nothing to undo" in capsys.readouterr().err
    assert main(["redo", target, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["records"] == 3
    assert main(["undo", target, "--list"]) == 0
    assert "done" in capsys.readouterr().out


def test_a_schema_2_project_opens_at_the_current_schema_and_records_history(tmp_path: Path) -> None:
    path = tmp_path / "old.kesheng"
    with Project.open(path) as project:
        save_version(project, small_taxonomy(), "t")
        add_records(project, TEXTS[:2])
    con = sqlite3.connect(path)
    # what a schema-2 file holds: neither the history (step 3) nor anything a later step added
    con.executescript("DROP TABLE history; DROP TABLE IF EXISTS experience; "
                      "DELETE FROM schema_version WHERE version >= 3;")
    con.commit()
    assert con.execute("SELECT MAX(version) FROM schema_version").fetchone() == (2,)
    con.close()
    with Project.open(path, create=False) as project:
        with project.read() as conn:
            assert migrations.current_version(conn) == migrations.CURRENT >= 3
        label_records(project, [(1, ("产品/口味",), "negative")], "li")
        undo(project)
        assert entries(project)[0].undone
    with Project.open(path, create=False) as project, project.write() as conn:
        migrations.STEPS[2](conn)  # idempotent: running the step again on a schema-3 project is harmless
        assert conn.execute(select(schema.history.c.id)).all() == [(1,)]


def test_undo_and_redo_on_both_backends(project: Project) -> None:
    """The same exact restore on PostgreSQL (explicit ids back into serial columns, JSON payloads)."""
    rule_tagged(project, TEXTS)
    s0 = _state(project)
    apply_bulk_label(project, plan_bulk_label(project, RecordFilter(text="配送"), ("物流/配送时效",), "negative"),
                     labelled_by="wang")
    s1 = _state(project)
    undo(project)
    assert _state(project) == s0
    redo(project)
    assert _state(project) == s1
    label_records(project, [(5, ("服务/客服态度",), "negative")], "li")  # new ids after restored ones: no clash
    undo(project)
    assert _state(project) == s1
