"""Every panel stays in step after an operation (issue 24): each test failed before the change broadcast."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.service.test_service_cli import write_chats
from tests.tagging.conftest import add_records, small_taxonomy
from tests.ui.sample_project import fill
from ui import i18n
from ui.views.tagging_view import TaggingView
from ui.windows.main_window import MainWindow
from ui.workers.runner import TaskRunner
from workbench.cli import main
from workbench.project import Project
from workbench.selection import Selection
from workbench.taxonomy.repository import save_version


@pytest.fixture(autouse=True)
def _private_preferences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KESHENG_CONFIG", str(tmp_path / "prefs.json"))


def test_a_new_project_empties_the_worst_conversations(qtbot: QtBot, tmp_path: Path) -> None:
    export, target = tmp_path / "chats.xlsx", str(tmp_path / "chats.kesheng")
    write_chats(export)
    assert main(["import", target, str(export), "--channel", "chat"]) == 0
    window = MainWindow(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    window.runner.show_dialogs = False
    qtbot.addWidget(window)
    try:
        assert window.open_project(target)
        assert window.wait_idle()
        window.service.analyse()
        qtbot.waitUntil(lambda: window.service.result is not None, timeout=30_000)
        assert window.service.worst.rowCount() > 0 and window.service.heat.rowCount() > 0
        window.open_project(str(tmp_path / "new.kesheng"))  # what 新建项目 does with the chosen file
        assert window.wait_idle()
        assert window.service.result is None and window.service.model.rowCount() == 0
        assert window.service.worst.rowCount() == 0 and window.service.heat.rowCount() == 0
    finally:
        window.close()


def test_fix_to_another_issue_redraws_the_table_row(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(lambda project: fill(project, n=60))
    column = window.table.model.columns.index("tags")
    window.table.select_row(0)
    record_id = window.table.current_record()
    assert record_id is not None and window.detail.record_id() == record_id
    before = window.table.model.index(0, column).data()
    target = next(p for p in ("物流/配送时效", "售后/退款流程") if p not in before)
    window.detail.issue.set_current(target)
    window.detail.correct(replace=True)  # 改为
    assert window.wait_idle()
    after = window.table.model.index(0, column).data()
    assert "配送时效" in after or "退款流程" in after
    assert after != before
    assert window.table.current_record() == record_id  # the analyst's place in the table stays


def test_the_tagging_bar_is_full_when_the_run_is_done(qtbot: QtBot, tmp_path: Path) -> None:
    runner = TaskRunner()
    view = TaggingView(runner)
    qtbot.addWidget(view)
    with Project.open(tmp_path / "p.kesheng") as project:
        save_version(project, small_taxonomy(), "t")
        add_records(project, ["配送超时了，等了一个小时", "味道很好吃", "客服态度差"] * 5)
        view.set_context(project, Selection())
        view.budget.setValue(0)
        view.start()
        view._on_progress(0.87, "")  # the last progress a throttled run reported
        with qtbot.waitSignal(view.tagged, timeout=60_000):
            pass
        qtbot.waitUntil(lambda: view.start_button.isEnabled(), timeout=10_000)
        assert view.bar.value() == view.bar.maximum() == 1000
    runner.shutdown()


def test_switching_language_keeps_the_trees_expansion_and_selection(qtbot: QtBot,
                                                                     make_window: Callable[..., Any]) -> None:
    window = make_window(lambda project: fill(project, n=120))
    tree = window.tree
    tree.select_key("quality.battery.swell")
    assert window.wait_idle()
    collapsed = tree._proxy_index("logistics")
    assert collapsed is not None
    tree.tree.setExpanded(collapsed, False)
    expanded = tree.expanded_keys()
    assert {"", "quality", "quality.battery"} <= expanded and "logistics" not in expanded
    rows = window.table.model.rowCount()
    with qtbot.assertNotEmitted(tree.nodeSelected):
        i18n.set_language("en" if i18n.language() == "zh" else "zh")
        assert window.wait_idle()
    assert tree.expanded_keys() == expanded
    assert tree.selected_key() == "quality.battery.swell"
    assert tree.tree.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == "quality.battery.swell"
    assert window.selection.node_key == "quality.battery.swell" and window.table.model.rowCount() == rows
