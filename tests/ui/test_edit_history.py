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
        assert _human(win.project) == [(1, "服务/客服态度")]
        assert win.statusBar().currentMessage() == "已撤销：标注 1 → 产品/口味"
        assert undo_act.text() == "撤销：标注 1 → 服务/客服态度" and redo_act.text() == "重做：标注 1 → 产品/口味"
        undo_act.trigger()
        assert _human(win.project) == [] and not undo_act.isEnabled()
        set_language("en")
        win.update_history_actions()
        assert win.acts["redo"].text() == "Redo: label 1 → 服务/客服态度"
        win.acts["redo"].trigger()
        assert _human(win.project) == [(1, "服务/客服态度")]
        assert win.statusBar().currentMessage() == "Redone: label 1 → 服务/客服态度"
        assert win.acts["redo"].text() == "Redo: label 1 → 产品/口味"
    finally:
        set_language(before)
