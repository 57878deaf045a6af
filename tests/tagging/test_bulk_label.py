"""Label everything a query returns: the dry run's counts, the write (who labelled, the audit), the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.tagging.conftest import add_records, rule_tagged, small_taxonomy
from workbench.cli import main
from workbench.errors import InputError
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.bulk_label import apply_bulk_label, plan_bulk_label
from workbench.tagging.labels import label_records
from workbench.tagging.quality import node_quality
from workbench.taxonomy.repository import save_version
from workbench.types import RecordFilter

TEXTS = ["配送超时了，等了一个小时", "配送太慢了，味道也难吃", "配送员态度还行", "味道很好吃", "客服态度差"]


@pytest.fixture
def target(tmp_path: Path) -> str:
    path = tmp_path / "p.kesheng"
    with Project.open(path) as project:
        rule_tagged(project, TEXTS)
    return str(path)


def _tags(project: Project) -> dict[int, set[tuple[str, str, str | None]]]:
    t = schema.tags
    out: dict[int, set[tuple[str, str, str | None]]] = {}
    with project.read() as conn:
        for rid, path, method, by in conn.execute(select(t.c.record_id, t.c.path, t.c.method, t.c.labelled_by)):
            out.setdefault(int(rid), set()).add((str(path), str(method), by))
    return out


def test_dry_run_counts_match_the_machine_tags_and_write_nothing(target: str) -> None:
    with Project.open(target) as project:
        before = _tags(project)
        plan = plan_bulk_label(project, RecordFilter(text="配送"), ("物流/配送时效",))
        selected = plan.record_ids
        assert len(selected) == 3
        carrying = [rid for rid in selected if ("物流/配送时效", "rule") in {(p, m) for p, m, _ in before.get(rid, ())}
                    or any(p == "物流/配送时效" for p, _, _ in before.get(rid, ()))]
        others = [rid for rid in selected if any(p != "物流/配送时效" for p, _, _ in before.get(rid, ()))]
        assert plan.already_tagged == len(carrying) and plan.gain == 3 - len(carrying)
        assert plan.other_tags == len(others)
        assert plan.untagged == sum(not before.get(rid) for rid in selected)
        assert plan.relabelled == 0 and plan.unchanged == 0 and plan.changes == 3
        assert _tags(project) == before


def test_apply_replaces_the_machine_tags_records_who_and_keeps_the_audit(target: str) -> None:
    with Project.open(target) as project:
        before = _tags(project)
        plan = plan_bulk_label(project, RecordFilter(text="配送"), ("物流/配送时效",), "negative")
        report = apply_bulk_label(project, plan, "alice", "bulk: q=配送")
        assert report.labelled == 3
        after = _tags(project)
        for rid in plan.record_ids:
            assert after[rid] == {("物流/配送时效", "human", "alice")}
        for rid in set(before) - set(plan.record_ids):
            assert after[rid] == before[rid]  # records outside the query are untouched
        with project.read() as conn:
            e = schema.label_events
            events = conn.execute(select(e.c.record_id, e.c.labelled_by, e.c.paths, e.c.machine, e.c.action)).all()
            a = schema.assessments
            sentiments = set(conn.execute(select(a.c.sentiment).where(a.c.record_id.in_(plan.record_ids))).scalars())
        assert sorted(r for r, *_ in events) == list(plan.record_ids)
        assert {(by, action) for _, by, _, _, action in events} == {("alice", "bulk: q=配送")}
        for rid, _, paths, machine, _ in events:
            assert paths == ["物流/配送时效"]
            assert sorted(machine) == sorted(p for p, _, _ in before.get(rid, ()))
        assert sentiments == {"negative"}
        assert any(q.path == "物流/配送时效" for q in node_quality(project))
        again = plan_bulk_label(project, RecordFilter(text="配送"), ("物流/配送时效",), "negative")
        assert (again.unchanged, again.changes, again.relabelled) == (3, 0, 3)


def test_unknown_tag_and_empty_selection_are_one_sentence(target: str) -> None:
    with Project.open(target) as project:
        with pytest.raises(InputError, match="no taxonomy node"):
            plan_bulk_label(project, RecordFilter(), ("物流/没有",))
        empty = plan_bulk_label(project, RecordFilter(text="不存在的词"), ("物流/配送时效",))
        with pytest.raises(InputError, match="selects no record"):
            apply_bulk_label(project, empty, "alice")


def test_cli_dry_run_then_label_with_a_leaf_name_and_abbreviations(target: str,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    args = ["label", target, "--filter", "q=配送, channel=review", "--tag", "配送时效", "--sentiment", "neg",
            "--by", "bob"]
    assert main([*args, "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["dry_run"] is True and dry["records"] == 3 and dry["tags"] == ["物流/配送时效"]
    with Project.open(target) as project:
        assert not any(m == "human" for tags in _tags(project).values() for _, m, _ in tags)
    assert main(args) == 0
    assert "labelled 3 records as 物流/配送时效 (by bob)" in capsys.readouterr().out
    with Project.open(target) as project:
        humans = {by for tags in _tags(project).values() for _, m, by in tags if m == "human"}
    assert humans == {"bob"}


def test_cli_usage_errors(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["label", target, "--filter", "q=配送"]) == 2
    assert "--tag" in capsys.readouterr().err
    assert main(["label", target]) == 2
    assert main(["label", target, "--filter", "q=配送", "--tag", "没有这个"]) == 2
    assert "no taxonomy node" in capsys.readouterr().err


def test_a_label_without_by_records_the_os_user(target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "carol")
    monkeypatch.setenv("USER", "carol")
    with Project.open(target) as project:
        label_records(project, [(1, ("产品/口味",), None)])
        assert _tags(project)[1] == {("产品/口味", "human", "carol")}


def test_more_records_than_sqlite_takes_parameters(tmp_path: Path) -> None:
    with Project.open(tmp_path / "big.kesheng") as project:
        save_version(project, small_taxonomy(), "t")
        add_records(project, [f"配送第{i}单" for i in range(2500)])
        plan = plan_bulk_label(project, RecordFilter(), ("物流/配送时效",))
        assert apply_bulk_label(project, plan, "alice").labelled == 2500
        with project.read() as conn:
            n = conn.execute(select(schema.tags.c.id).where(schema.tags.c.labelled_by == "alice")).all()
        assert len(n) == 2500
