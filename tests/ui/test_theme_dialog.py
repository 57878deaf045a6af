"""Themes by example in the window: from the Tools menu or the table's selection, preview (runner, progress),
untick a record, re-preview after an edit, apply as one undoable action, undo and redo from the Edit menu."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.tagging.conftest import add_records, small_taxonomy
from tests.tagging.test_theme import EXAMPLES, FILLER, PLANTED
from ui.i18n import set_language
from ui.windows.main_window import MainWindow
from ui.windows.theme_dialog import ThemeDialog
from workbench.project import Project
from workbench.store import schema
from workbench.taxonomy.repository import load_current, save_version


def _populate(project: Project) -> None:
    save_version(project, small_taxonomy(), "t")
    add_records(project, FILLER)
    add_records(project, PLANTED)


def _theme_tags(project: Project) -> list[int]:
    t = schema.tags
    with project.read() as conn:
        return sorted(int(r) for r in conn.execute(select(t.c.record_id).where(t.c.path == "服务/发票")).scalars())


def _preview(dialog: ThemeDialog, qtbot: QtBot, win: MainWindow) -> None:
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.preview_result is not None, timeout=60_000)
    assert win.wait_idle()


def test_define_preview_edit_apply_undo(make_window: Any, qtbot: QtBot) -> None:
    set_language("zh")
    win = make_window(_populate)
    planted = list(range(len(FILLER) + 1, len(FILLER) + len(PLANTED) + 1))
    menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "工具(&T)")
    act = next(a for a in menu.actions() if a.text() == "用示例定义主题…")
    act.trigger()
    dialog = win.findChild(ThemeDialog)
    assert dialog is not None and dialog.windowTitle() == "用示例定义主题" and not dialog.ok.isEnabled()
    dialog.name.setText("发票")
    dialog.parent_node.setCurrentIndex(dialog.parent_node.findData("服务"))
    dialog.description.setText("开发票难、发票错")
    dialog.examples.setPlainText("\n".join(EXAMPLES))
    _preview(dialog, qtbot, win)
    assert dialog.preview_result is not None and set(dialog.preview_result.record_ids) == set(planted)
    assert dialog.summary.text().startswith(f"“服务/发票”将归入 {len(planted)} / {len(FILLER) + len(PLANTED)} 条记录")
    assert dialog.table.rowCount() == len(planted) and "发票" in dialog.keywords.text()
    assert dialog.ok.text() == f"应用到 {len(planted)} 条记录"
    dialog.description.setText("开发票难")  # an edit makes the preview stale: apply waits for a new one
    assert not dialog.ok.isEnabled() and dialog.summary.text() == "定义已改变，请重新预览。"
    _preview(dialog, qtbot, win)
    dropped = int(dialog.table.item(0, 0).data(Qt.ItemDataRole.UserRole))  # type: ignore[union-attr]
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)  # type: ignore[union-attr]
    assert dialog.ok.text() == f"应用到 {len(planted) - 1} 条记录"
    with qtbot.waitSignal(dialog.applied, timeout=60_000):
        dialog.ok.click()
    assert win.wait_idle()
    assert _theme_tags(win.project) == sorted(set(planted) - {dropped})
    assert "服务/发票" in {n.path for n in win.tree.model.nodes()}
    assert win.acts["undo"].text() == f"撤销：定义主题 {len(planted) - 1} → 服务/发票 (+)"
    win.acts["undo"].trigger()
    assert win.wait_idle()
    assert _theme_tags(win.project) == [] and load_current(win.project).by_path("服务/发票") is None  # type: ignore[union-attr]
    assert "服务/发票" not in {n.path for n in win.tree.model.nodes()}
    win.acts["redo"].trigger()
    assert win.wait_idle() and len(_theme_tags(win.project)) == len(planted) - 1


def test_from_the_tables_selection_in_english(make_window: Any, qtbot: QtBot) -> None:
    set_language("en")
    win = make_window(_populate)
    model, view = win.table.model, win.table.table
    rows = [r for r in range(model.rowCount()) if model.record_id(r) in (len(FILLER) + 1, len(FILLER) + 2)]
    view.clearSelection()
    for r in rows:
        view.selectionModel().select(model.index(r, 0), view.selectionModel().SelectionFlag.Select
                                     | view.selectionModel().SelectionFlag.Rows)
    menu = win.table.context_menu()
    act = menu.actions()[0]
    assert act.text() == "Define a theme from the selected records… (2)" and act.isEnabled()
    act.trigger()
    dialog = win.findChild(ThemeDialog)
    assert dialog is not None and sorted(dialog.example_records) == [len(FILLER) + 1, len(FILLER) + 2]
    assert dialog.records_label.text().startswith("2 selected: #")
    dialog.name.setText("发票")
    _preview(dialog, qtbot, win)
    assert dialog.preview_result is not None
    assert {len(FILLER) + 1, len(FILLER) + 2} <= set(dialog.preview_result.record_ids)
    assert dialog.summary.text().startswith("“发票” would take")
    dialog.reject()


def test_cancel_a_preview(make_window: Any, qtbot: QtBot) -> None:
    """Cancel (the progress dialog's button calls the task's cancel): no preview, the dialog stays usable."""
    from workbench.errors import Cancelled

    set_language("zh")
    win = make_window(_populate)
    dialog = win.define_theme([])
    assert dialog is not None
    dialog.name.setText("发票")
    dialog.examples.setPlainText("\n".join(EXAMPLES))
    errors: list[str] = []
    win.runner.errorShown.connect(errors.append)
    dialog.preview_button.click()
    handle = next(h for h in win.runner.active() if h.title == "正在预览主题")
    handle.cancel()
    assert win.wait_idle()
    assert isinstance(handle.error, Cancelled) and dialog.preview_result is None
    assert dialog.preview_button.isEnabled() and not dialog.ok.isEnabled() and errors == []
    _preview(dialog, qtbot, win)  # and it previews again  (a cancelled apply: tests/tagging/test_theme.py)
    assert dialog.ok.isEnabled() and dialog.isVisible()
