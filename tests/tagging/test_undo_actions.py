"""One history for every analyst action: alert rules (add, switch, delete), saved views (save, delete) and
taxonomy edits undo and redo exactly, in order with labels; an undo that a later action depends on is refused
with one sentence and changes nothing — on SQLite and on PostgreSQL, with two analysts on one database."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.tagging.conftest import all_tags, rule_tagged
from workbench.alerts.evaluate import evaluate_alerts
from workbench.alerts.rules import add_rule, delete_rule, list_rules, set_enabled
from workbench.errors import InputError
from workbench.history import entries, next_undo, redo, undo
from workbench.project import Project
from workbench.saved_views import delete_view, list_views, save_view
from workbench.store import schema
from workbench.tagging.labels import label_records
from workbench.taxonomy import edits
from workbench.taxonomy.repository import load_current

TEXTS = ["配送超时了，等了一个小时", "配送太慢了，味道也难吃", "客服态度差，投诉无门", "味道很好吃", "包装洒了"]


def _rows(project: Project, *tables: Any) -> dict[str, list[tuple[tuple[str, str], ...]]]:
    with project.read() as conn:
        return {t.name: sorted(tuple(sorted((k, str(v)) for k, v in r._mapping.items()))
                               for r in conn.execute(select(t))) for t in tables}


def _paths(project: Project) -> list[str]:
    tax = load_current(project)
    assert tax is not None
    return sorted(n.path for n in tax.nodes)


def test_alert_rules_undo_and_redo(project: Project) -> None:
    rule_tagged(project, TEXTS)
    tables = (schema.alert_rules, schema.alerts)
    s0 = _rows(project, *tables)
    add_rule(project, "投诉", "words", {"regex": "投诉"})
    s1 = _rows(project, *tables)
    set_enabled(project, "投诉", False)
    s2 = _rows(project, *tables)
    assert [e.kind for e in entries(project)] == ["alert_off", "alert_add"]
    undo(project)
    assert _rows(project, *tables) == s1 and list_rules(project)[0].enabled
    undo(project)
    assert _rows(project, *tables) == s0 and list_rules(project) == []
    redo(project)
    redo(project)
    assert _rows(project, *tables) == s2
    set_enabled(project, "投诉", True)
    assert [a.rule.name for a in evaluate_alerts(project)] == ["投诉"]
    fired = _rows(project, *tables)
    delete_rule(project, "投诉")
    assert list_rules(project) == []
    undo(project)  # the rule and its fired alerts come back, ids included
    assert _rows(project, *tables) == fired
    redo(project)
    assert list_rules(project) == []


def test_undo_of_a_rule_that_fired_since_is_refused(project: Project) -> None:
    rule_tagged(project, TEXTS)
    add_rule(project, "投诉", "words", {"regex": "投诉"})
    with Project.open(project.target) as colleague:  # another analyst on the same database runs the alerts
        assert len(evaluate_alerts(colleague)) == 1
    before = _rows(project, schema.alert_rules, schema.alerts)
    with pytest.raises(InputError, match=r"^cannot undo “投诉”: it was changed since by a later action"):
        undo(project)
    assert _rows(project, schema.alert_rules, schema.alerts) == before and next_undo(project) is not None


def test_saved_views_undo_and_redo(project: Project) -> None:
    save_view(project, "差评", {"sentiment": "negative"})
    save_view(project, "配送", {"q": "配送"})
    save_view(project, "差评", {"sentiment": "negative", "channel": "app"})  # replaced in place
    delete_view(project, "配送")
    assert [(v.name, v.state) for v in list_views(project)] == [("差评", {"sentiment": "negative", "channel": "app"})]
    undo(project)
    assert [v.name for v in list_views(project)] == ["差评", "配送"]
    undo(project)
    assert list_views(project)[0].state == {"sentiment": "negative"}
    undo(project)
    undo(project)
    assert list_views(project) == []
    for _ in range(4):
        redo(project)
    assert [(v.name, v.state) for v in list_views(project)] == [("差评", {"sentiment": "negative", "channel": "app"})]
    delete_view(project, "没有这个")  # nothing to delete: no history entry
    assert [e.kind for e in entries(project)][:2] == ["view_delete", "view_save"]


def test_taxonomy_edits_undo_and_redo_with_labels(project: Project) -> None:
    rule_tagged(project, TEXTS)
    tags0, paths0 = all_tags(project), _paths(project)
    label_records(project, [(3, ("服务/客服态度",), "negative")], "li")
    tags1 = all_tags(project)
    edits.merge_nodes(project, "产品/温度", "产品/口味")
    edits.rename_node(project, "物流/配送时效", "送达速度")
    edits.delete_node(project, "产品/包装")
    tags4, paths4 = all_tags(project), _paths(project)
    assert "物流/送达速度" in paths4 and "产品/包装" not in paths4
    assert [e.kind for e in entries(project)] == ["taxonomy", "taxonomy", "taxonomy", "label"]
    assert next_undo(project).summary == "delete 产品/包装"  # type: ignore[union-attr]
    for _ in range(3):  # three steps back: the label stays
        undo(project)
    assert _paths(project) == paths0 and all_tags(project) == tags1
    undo(project)
    assert all_tags(project) == tags0
    for _ in range(4):
        redo(project)
    assert _paths(project) == paths4 and all_tags(project) == tags4


def test_undo_of_an_edit_is_refused_after_a_later_taxonomy_edit_outside_the_history(project: Project) -> None:
    rule_tagged(project, TEXTS)
    edits.add_node(project, "产品", "分量")
    with Project.open(project.target) as colleague:
        edits.add_node(colleague, "产品", "价格", history=False)  # a colleague's edit the history doesn't hold
    with pytest.raises(InputError, match="the taxonomy was edited since"):
        undo(project)
    assert "产品/分量" in _paths(project) and "产品/价格" in _paths(project)


def test_the_tree_and_cli_taxonomy_undo_use_the_history(project: Project) -> None:
    from workbench.history import undo_taxonomy_edit as undo_last

    rule_tagged(project, TEXTS)
    paths0 = _paths(project)
    edits.add_node(project, "产品", "分量")
    undo_last(project)  # what the tree's “撤销” and `taxonomy --undo` call
    assert _paths(project) == paths0 and entries(project)[0].undone
    redo(project)
    assert "产品/分量" in _paths(project)


def test_cli_alert_rules_switch_delete_and_undo(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.cli import main

    target = str(tmp_path / "p.kesheng")
    with Project.open(target) as project:
        rule_tagged(project, TEXTS)
    assert main(["alerts", target, "--add-rule", "投诉", "--words", "投诉"]) == 0
    assert main(["alerts", target, "--disable", "投诉"]) == 0
    assert main(["alerts", target, "--delete-rule", "投诉"]) == 0
    assert main(["alerts", target, "--enable", "没有"]) == 1
    assert "no alert rule named '没有'" in capsys.readouterr().err
    assert main(["undo", target]) == 0  # the deleted rule comes back, still off
    with Project.open(target) as project:
        assert [(r.name, r.enabled) for r in list_rules(project)] == [("投诉", False)]
    assert main(["undo", target, "--list", "--json"]) == 0
    listed = capsys.readouterr().out.strip().splitlines()[-1]
    assert '"kind": "alert_off"' in listed and '"kind": "alert_add"' in listed


def test_cli_views_save_list_delete_and_undo(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from workbench.cli import main

    target = str(tmp_path / "p.kesheng")
    with Project.open(target) as project:
        rule_tagged(project, TEXTS)
    assert main(["views", target, "--save", "配送差评", "--filter", "q=配送, sentiment=neg, from=2026-01-01",
                 "--filter", "to=2026-01-31", "--filter", "node=配送时效", "--json"]) == 0
    saved = json.loads(capsys.readouterr().out)
    assert saved == {"name": "配送差评", "state": {"preset": "custom", "from": "2026-01-01", "to": "2026-01-31",
                                                   "channel": None, "product": None, "sentiment": "negative",
                                                   "search": "配送", "node": "k2_3"}}
    assert main(["views", target, "--save", "x", "--filter", "effort>=3"]) == 2
    assert "a saved view holds only" in capsys.readouterr().err
    assert main(["views", target, "--delete", "没有"]) == 1
    assert main(["views", target, "--delete", "配送差评"]) == 0
    assert main(["views", target, "--list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == []
    assert main(["undo", target, "--by", "nobody"]) == 1
    assert "nothing to undo by nobody" in capsys.readouterr().err
    assert main(["undo", target]) == 0
    assert main(["views", target, "--list"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("配送差评: ")


def test_a_cancelled_undo_changes_nothing(project: Project) -> None:
    from workbench.errors import Cancelled
    from workbench.progress import CancelToken

    rule_tagged(project, TEXTS)
    label_records(project, [(3, ("服务/客服态度",), "negative")], "li")
    edits.add_node(project, "产品", "分量")
    before, paths = all_tags(project), _paths(project)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        undo(project, token)
    assert all_tags(project) == before and _paths(project) == paths and not entries(project)[0].undone


def test_two_analysts_undo_at_once(project: Project) -> None:
    """Two analysts press Undo at the same moment on one database: one waits for the other (a lock on
    PostgreSQL, the single writer on SQLite), so the two newest actions are undone, each exactly once."""
    import threading

    rule_tagged(project, TEXTS)
    s0 = all_tags(project)
    label_records(project, [(1, ("服务/客服态度",), "negative")], "li")
    label_records(project, [(2, ("产品/口味",), "negative")], "wang")
    errors: list[BaseException] = []

    def press() -> None:
        try:
            with Project.open(project.target) as mine:
                undo(mine)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=press) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and all_tags(project) == s0
    assert [e.undone for e in entries(project)] == [True, True]


def test_each_analyst_undoes_their_own_and_a_dependent_undo_is_refused(project: Project) -> None:
    """On a shared database: 王芳 labels records 1 and 4, then 李娜 relabels record 1. 王芳's undo of her
    label is refused, naming 李娜's later action; 李娜 undoes hers; then 王芳's goes through."""
    rule_tagged(project, TEXTS)
    s0 = all_tags(project)
    label_records(project, [(1, ("服务/客服态度",), "negative"), (4, ("产品/口味",), "positive")], "王芳")
    with Project.open(project.target) as colleague:
        label_records(colleague, [(1, ("产品/包装",), "negative")], "李娜")
        label_records(colleague, [(5, ("产品/包装",), "negative")], "李娜")
    before = all_tags(project)
    assert next_undo(project, "王芳").summary == "2 → 服务/客服态度, 产品/口味"  # type: ignore[union-attr]
    with pytest.raises(InputError, match=r"^cannot undo “2 → .*”: 李娜's later action “label 1 → 产品/包装” "
                                         r"\(#\d+\) changed the same records; undo that first; nothing was changed$"):
        undo(project, by="王芳")
    assert all_tags(project) == before
    with Project.open(project.target) as colleague:
        assert undo(colleague, by="李娜").entry.summary == "1 → 产品/包装"  # her newest: record 5
        assert undo(colleague, by="李娜").entry.by == "李娜"  # then record 1
    undo(project, by="王芳")
    assert all_tags(project) == s0
    with pytest.raises(InputError, match=r"^nothing to undo by 王芳$"):
        undo(project, by="王芳")


def test_undoing_a_node_that_was_tagged_since_is_refused(project: Project) -> None:
    rule_tagged(project, TEXTS)
    edits.add_node(project, "产品", "分量")
    key = load_current(project).by_path("产品/分量").key  # type: ignore[union-attr]
    with project.write() as conn:  # a tagging run tags a record with the new node (outside the history)
        conn.execute(schema.tags.insert().values(record_id=2, node_key=key, path="产品/分量", method="student"))
    before = all_tags(project)
    with pytest.raises(InputError, match="1 records were tagged with its nodes since"):
        undo(project)
    assert all_tags(project) == before and "产品/分量" in _paths(project)
