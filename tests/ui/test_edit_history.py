"""Edit ▸ Undo / Redo in the window: the menu names what it will undo, Ctrl+Z / Ctrl+Shift+Z step through
the project's history, zh and en text."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.tagging.conftest import add_records, small_taxonomy
from ui.i18n import language, set_language
from workbench.project import Project
from workbench.store import schema
from workbench.tagging.labels import label_records
from workbench.taxonomy.repository import save_version


def _populate(project: Project) -> None:
    save_version(project, small_taxonomy(), "t")
    add_records(project, ["配送超时了，等了一个小时", "味道很好吃"])


def _human(project: Project) -> list[tuple[int, str]]:
    t = schema.tags
    with project.read() as conn:
        return [(int(r), str(p)) for r, p in conn.execute(select(t.c.record_id, t.c.path).where(t.c.method == "human"))]


def test_undo_and_redo_from_the_edit_menu(make_window: Any, qtbot: QtBot) -> None:
    before = language()
    set_language("zh")
    try:
        win = make_window(_populate)
        undo_act, redo_act = win.acts["undo"], win.acts["redo"]
        assert undo_act.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
        assert redo_act.shortcut() == QKeySequence("Ctrl+Shift+Z")
        win.update_history_actions()
        assert not undo_act.isEnabled() and undo_act.text() == "撤销"
        win.detail.show_record(win.project, 1)
        win.detail.issue.set_current("服务/客服态度")
        with qtbot.waitSignal(win.detail.labelled):
            win.detail.buttons["fix"].click()
        label_records(win.project, [(2, ("产品/口味",), "positive")], "li")
        win.update_history_actions()
        assert undo_act.isEnabled() and undo_act.text() == "撤销：标注 1 → 产品/口味"
        assert _human(win.project) == [(1, "服务/客服态度"), (2, "产品/口味")]
        undo_act.trigger()
        assert win.wait_idle()
        assert _human(win.project) == [(1, "服务/客服态度")]
        assert win.statusBar().currentMessage() == "已撤销：标注 1 → 产品/口味"
        assert undo_act.text() == "撤销：标注 1 → 服务/客服态度" and redo_act.text() == "重做：标注 1 → 产品/口味"
        undo_act.trigger()
        assert win.wait_idle()
        assert _human(win.project) == [] and not undo_act.isEnabled()
        set_language("en")
        win.update_history_actions()
        assert win.acts["redo"].text() == "Redo: label 1 → 服务/客服态度"
        win.acts["redo"].trigger()
        assert win.wait_idle()
        assert _human(win.project) == [(1, "服务/客服态度")]
        assert win.statusBar().currentMessage() == "Redone: label 1 → 服务/客服态度"
        assert win.acts["redo"].text() == "Redo: label 1 → 产品/口味"
    finally:
        set_language(before)


def test_every_action_in_one_history_through_the_window(make_window: Any, qtbot: QtBot,
                                                        monkeypatch: Any) -> None:
    """A taxonomy edit from the tree, an alert rule from the Alerts panel and a saved view from the filters bar:
    Edit ▸ Undo names each in Chinese and takes them back newest first; the panels follow; Ctrl+Z works at once."""
    from PySide6.QtWidgets import QInputDialog

    from tests.ui.sample_project import fill
    from workbench.alerts.rules import list_rules
    from workbench.saved_views import list_views

    set_language("zh")
    win = make_window(lambda p: fill(p, n=120))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("运输", True))
    with qtbot.waitSignal(win.taxonomy_editor.edited, timeout=30_000):
        win.tree.editRequested.emit("rename", "logistics")
    assert win.wait_idle()
    assert win.acts["undo"].isEnabled() and win.acts["undo"].text() == "撤销：分类体系 重命名 物流 → 运输"
    win.alerts.name.setText("电池预警")
    win.alerts.pattern.setText("鼓包")
    win.alerts.buttons["add"].click()
    assert win.acts["undo"].text() == "撤销：新增预警规则 电池预警"
    win.saved_views.save("差评视图")
    assert win.acts["undo"].text() == "撤销：保存视图 差评视图"
    undo_act = win.acts["undo"]
    undo_act.trigger()
    assert win.wait_idle()
    assert list_views(win.project) == [] and win.statusBar().currentMessage() == "已撤销：保存视图 差评视图"
    undo_act.trigger()
    assert win.wait_idle()
    assert list_rules(win.project) == [] and win.alerts.rules.rowCount() == 0
    undo_act.trigger()
    assert win.wait_idle()
    assert "物流" in {n.path for n in win.tree.model.nodes()} and "运输" not in {n.path for n in win.tree.model.nodes()}
    assert win.acts["redo"].text() == "重做：分类体系 重命名 物流 → 运输"
    win.acts["redo"].trigger()
    assert win.wait_idle() and "运输" in {n.path for n in win.tree.model.nodes()}
