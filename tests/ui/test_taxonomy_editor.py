"""Editing the taxonomy from the issue tree's context menu, and refusing a stale edit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog

from tests.ui.sample_project import fill
from ui.windows.main_window import MainWindow
from workbench.project import Project
from workbench.taxonomy import edits
from workbench.taxonomy.repository import list_versions, load_current


@pytest.fixture
def window(make_window: Any) -> MainWindow:
    return make_window(lambda p: fill(p, n=120))  # type: ignore[no-any-return]


def _names(win: MainWindow) -> set[str]:
    return {n.path for n in win.tree.model.nodes()}


def test_menu_offers_split_only_on_leaves(window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))  # the user cancels the name
    leaf = [a.text() for a in window.tree.edit_menu("logistics.delay").actions() if a.isEnabled() and a.text()]
    inner = [a.text() for a in window.tree.edit_menu("logistics").actions() if a.isEnabled() and a.text()]
    # (the last entry, undo, is disabled: nothing has been edited yet)
    assert len(leaf) == 9 and len(inner) == 8 and "拆分…" in leaf and "拆分…" not in inner
    top_menu = [a.text() for a in window.tree.edit_menu(None).actions() if a.text()]
    assert top_menu == ["新增一级节点…", "没有可撤销的修改"]
    with qtbot.waitSignal(window.tree.editRequested) as signal:
        next(a for a in window.tree.edit_menu("logistics").actions() if a.text() == "新增子节点…").trigger()
    assert signal.args == ["add", "logistics"]
    assert window.wait_idle() and len(list_versions(window.project)) == 1  # type: ignore[arg-type]


def test_rename_from_the_tree(window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("运输", True))
    with qtbot.waitSignal(window.taxonomy_editor.edited, timeout=30_000) as signal:
        window.tree.editRequested.emit("rename", "logistics")
    assert signal.args[0].startswith("分类体系版本 2：重命名 物流 → 运输")
    assert window.wait_idle()
    assert {"运输", "运输/配送时效"} <= _names(window) and "物流" not in _names(window)
    root = window.tree.model.item(0, 0)
    counts = {root.child(i, 0).text(): root.child(i, 1).text() for i in range(root.rowCount())}
    assert counts["运输"] == "60"  # tags stayed on the renamed node


def test_merge_and_delete_ask_first(window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([False, True])  # no, then yes (the question's buttons are in the UI's language: ui.i18n.ask)
    monkeypatch.setattr("ui.windows.taxonomy_editor.ask", lambda *a, **k: next(answers))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("物流/配送时效", True))
    window.tree.editRequested.emit("merge", "logistics.damage")  # declined: nothing happens
    assert window.wait_idle() and len(list_versions(window.project)) == 1  # type: ignore[arg-type]
    with qtbot.waitSignal(window.taxonomy_editor.edited, timeout=30_000):
        window.tree.editRequested.emit("merge", "logistics.damage")
    assert window.wait_idle()
    assert "物流/包装破损" not in _names(window)
    monkeypatch.setattr("ui.windows.taxonomy_editor.ask", lambda *a, **k: True)
    with qtbot.waitSignal(window.taxonomy_editor.edited, timeout=30_000):
        window.tree.editRequested.emit("delete", "quality.battery.swell")
    assert window.wait_idle() and "产品质量/电池/鼓包" not in _names(window)


def test_stale_edit_is_refused_and_the_tree_reloads(window: MainWindow, qtbot: Any, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with Project.open(tmp_path / "p.kesheng") as colleague:  # another analyst edits the same project
        edits.rename_node(colleague, "aftersales", "售后服务")
    errors: list[str] = []
    window.runner.errorShown.connect(errors.append)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("运输", True))
    with qtbot.waitSignal(window.taxonomy_editor.stale, timeout=30_000):
        window.tree.editRequested.emit("rename", "logistics")
    assert errors and "在你编辑版本 1 时分类体系已被修改" in errors[0]
    assert window.wait_idle()
    tax = load_current(window.project)  # type: ignore[arg-type]
    assert tax is not None and tax.version_id == 2 and tax.by_path("物流") is not None
    assert "售后服务" in _names(window)  # the tree now shows the colleague's version
    assert window.taxonomy_editor.version == 2


def test_summarise_and_show_from_the_menu(window: MainWindow, qtbot: Any) -> None:
    menu = window.tree.edit_menu("aftersales")
    show, summarise = menu.actions()[0], menu.actions()[1]
    show.trigger()
    assert window.wait_idle() and window.table.model.rowCount() == 30
    window.ask.use_model.setChecked(False)
    summarise.trigger()
    qtbot.waitUntil(lambda: "退款" in window.ask.answer.toPlainText(), timeout=30_000)
    assert window.ask.filter.node_key == "aftersales"


def test_undo_from_the_menu(window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    undo = [a for a in window.tree.edit_menu(None).actions() if a.text()][-1]
    assert not undo.isEnabled()  # nothing to undo yet
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("运输", True))
    with qtbot.waitSignal(window.taxonomy_editor.edited, timeout=30_000):
        window.tree.editRequested.emit("rename", "logistics")
    assert window.wait_idle()
    undo = [a for a in window.tree.edit_menu("logistics").actions() if a.text()][-1]
    assert undo.isEnabled() and undo.text() == "撤销：重命名 物流 → 运输"
    with qtbot.waitSignal(window.taxonomy_editor.edited, timeout=30_000) as signal:
        undo.trigger()
    assert "已撤销" in signal.args[0]
    assert window.wait_idle() and "物流" in _names(window) and "运输" not in _names(window)
