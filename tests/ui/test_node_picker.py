"""The "改为" picker: a searchable tree, keyboard-first, recent choices first, full names."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.tagging.conftest import add_records, small_taxonomy
from ui.views.node_picker_view import NodePickerView
from workbench.cli import main
from workbench.project import Project
from workbench.store import schema
from workbench.taxonomy.model import Node, Taxonomy
from workbench.taxonomy.repository import save_version

LONG = "App与固件升级后蓝牙连接频繁断开且无法重新配对的问题"


def _nodes() -> list[Node]:
    return [*small_taxonomy().nodes, Node("k9", "k1_0", f"产品/{LONG}", LONG, 2)]


@pytest.fixture
def picker(qtbot: QtBot, tmp_path: Path) -> NodePickerView:
    view = NodePickerView(settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(view)
    view.set_nodes(_nodes())
    view.show()
    return view


def _paths(view: NodePickerView) -> list[str]:
    return [str(item.data(0, Qt.ItemDataRole.UserRole)) for item in view.popup.leaves()]


def test_typing_filters_by_name_or_path_and_enter_chooses(picker: NodePickerView, qtbot: QtBot) -> None:
    # Chinese arrives as committed input-method text (insert); QTest.keyClicks aborts on non-Latin-1 keys
    picker.open_picker()
    tree = Taxonomy(_nodes())
    leaves = {n.key for n in tree.leaves()}
    assert _paths(picker) == [n.path for n in tree.preorder() if n.key in leaves]  # the tree's order, all leaves
    assert len(_paths(picker)) == 6
    picker.popup.search.insert("态度")
    assert _paths(picker) == ["服务/客服态度"]
    picker.popup.search.clear()
    picker.popup.search.insert("物流")  # a parent's name shows all its leaves
    assert _paths(picker) == ["物流/配送时效"]
    picker.popup.search.clear()
    qtbot.keyClicks(picker.popup.search, "aPP")  # typed keys, any case
    assert _paths(picker) == [f"产品/{LONG}"]
    picker.popup.search.clear()
    picker.popup.search.insert("产品/")  # part of a path
    assert len(_paths(picker)) == 4
    shown = _paths(picker)
    qtbot.keyClick(picker.popup.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.popup.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.popup.search, Qt.Key.Key_Up)
    with qtbot.waitSignal(picker.changed) as sig:
        qtbot.keyClick(picker.popup.search, Qt.Key.Key_Return)
    assert sig.args == [shown[1]] and picker.currentData() == shown[1]
    assert not picker.popup.isVisible()


def test_no_match_chooses_nothing_and_escape_closes(picker: NodePickerView, qtbot: QtBot) -> None:
    picker.open_picker()
    picker.popup.search.insert("不存在的问题")
    assert _paths(picker) == []
    qtbot.keyClick(picker.popup.search, Qt.Key.Key_Return)
    assert picker.currentData() is None and picker.popup.isVisible()
    qtbot.keyClick(picker.popup.search, Qt.Key.Key_Escape)
    assert not picker.popup.isVisible()


def test_typing_on_the_button_opens_the_search(picker: NodePickerView, qtbot: QtBot) -> None:
    picker.button.setFocus()
    qtbot.keyClicks(picker.button, "f")  # letters go into the search box
    assert picker.popup.isVisible() and picker.popup.search.text() == "f"
    picker.popup.hide()
    qtbot.keyClick(picker.button, Qt.Key.Key_Return)
    assert picker.popup.isVisible() and picker.popup.search.text() == ""


def test_recent_choices_come_first_and_persist(picker: NodePickerView, qtbot: QtBot, tmp_path: Path) -> None:
    picker.choose("服务/客服态度")
    picker.choose("物流/配送时效")
    picker.choose("服务/客服态度")
    again = NodePickerView(settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.set_nodes(_nodes())
    again.open_picker()
    assert _paths(again)[:2] == ["服务/客服态度", "物流/配送时效"]  # the recent group, most recent first
    assert again.popup.tree.currentItem().data(0, Qt.ItemDataRole.UserRole) == "服务/客服态度"
    again.popup.hide()


def test_full_names_are_never_cut(picker: NodePickerView) -> None:
    picker.choose(f"产品/{LONG}")
    assert picker.button.text() == f"产品/{LONG}"
    assert picker.button.minimumSizeHint().width() >= picker.button.fontMetrics().horizontalAdvance(LONG)
    picker.open_picker(LONG[:3])
    tree = picker.popup.tree
    assert tree.textElideMode() == Qt.TextElideMode.ElideNone
    longest = picker.popup.leaves()[0]
    assert longest.text(0) == LONG
    assert tree.columnWidth(0) >= tree.fontMetrics().horizontalAdvance(LONG)
    picker.popup.hide()


def test_fix_in_the_detail_panel_by_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    from sqlalchemy import select

    from ui.views.record_detail_view import RecordDetailView

    target = tmp_path / "p.kesheng"
    with Project.open(target) as project:
        save_version(project, small_taxonomy(), "t")
        ids = add_records(project, ["配送超时了，等了一个小时"])
    assert main(["tag", str(target), "--llm-budget", "0"]) == 0
    view = RecordDetailView(settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(view)
    view.show()
    with Project.open(target) as project:
        view.show_record(project, ids[0])
        view.issue.open_picker()
        view.issue.popup.search.insert("客服")
        qtbot.keyClick(view.issue.popup.search, Qt.Key.Key_Return)
        assert view.issue.currentData() == "服务/客服态度"
        with qtbot.waitSignal(view.labelled):
            view.buttons["fix"].click()
        with project.read() as conn:
            tags = conn.execute(select(schema.tags.c.path, schema.tags.c.method)
                                .where(schema.tags.c.record_id == ids[0])).all()
    assert [(t.path, t.method) for t in tags] == [("服务/客服态度", "human")]
