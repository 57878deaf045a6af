"""The main window over a real project: opens, drills down, shows details, persists layout, closes cleanly."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.ui.sample_project import fill
from ui import i18n
from ui.windows.main_window import MainWindow
from workbench.project import Project


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, settings: QSettings) -> Iterator[MainWindow]:
    project = Project.open(tmp_path / "p.kesheng")
    fill(project, n=300)
    win = MainWindow(settings)
    win.runner.show_dialogs = False
    qtbot.addWidget(win)
    win.set_project(project)
    win.show()
    assert win.wait_idle()
    yield win
    win.close()


def test_opens_on_project_with_counts(window: MainWindow) -> None:
    assert window.table.model.rowCount() == 300
    assert "300" in window._status_records.text()
    assert window.tree.model.rowCount() == 1  # "all issues"
    root = window.tree.model.item(0, 0)
    assert root.rowCount() == 3
    counts = {root.child(i, 0).text(): root.child(i, 1).text() for i in range(root.rowCount())}
    assert counts == {"物流": "150", "售后": "75", "产品质量": "75"}
    assert window.trend.series is not None and sum(window.trend.series.totals) == 300
    assert window.detail.record_id() is not None  # the first row is shown


def test_selecting_a_node_filters_table_and_trend(qtbot: Any, window: MainWindow) -> None:
    window.tree.select_key("quality")
    assert window.wait_idle()
    assert window.table.model.rowCount() == 75
    assert window.table.model.filter.node_key == "quality"
    assert sum(window.trend.series.totals) == 75  # type: ignore[union-attr]
    assert "电池" in window.detail.browser.toPlainText()
    assert "产品质量" in window.tree.breadcrumb.text()
    window.tree.select_key(None)
    assert window.wait_idle()
    assert window.table.model.rowCount() == 300


def test_tree_click_selects_node(qtbot: Any, window: MainWindow) -> None:
    view = window.tree.tree
    root = view.model().index(0, 0)
    child = view.model().index(0, 0, root)
    key = child.data(Qt.ItemDataRole.UserRole + 1)
    rect = view.visualRect(child)
    with qtbot.waitSignal(window.tree.nodeSelected, timeout=3000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [key]
    assert window.wait_idle()
    assert window.table.model.filter.node_key == key


def test_filters_combine_with_node_and_period(qtbot: Any, window: MainWindow) -> None:
    window.filters.channel.setCurrentIndex(window.filters.channel.findData("工单"))
    assert window.wait_idle()
    assert window.table.model.rowCount() == 100
    window.tree.select_key("logistics")
    assert window.wait_idle()
    assert window.table.model.rowCount() == 50
    window.trend.select_bucket(0)
    assert window.wait_idle()
    flt = window.table.model.filter
    assert flt.date_from is not None and flt.date_to is not None
    assert window.table.model.rowCount() < 50
    window.reset_filters()
    assert window.wait_idle()
    assert window.table.model.rowCount() == 300


def test_search_is_debounced_and_filters(qtbot: Any, window: MainWindow) -> None:
    window.filters.search.setText("电池鼓包")
    qtbot.waitUntil(lambda: window.table.model.filter.text == "电池鼓包", timeout=3000)
    assert window.wait_idle()
    assert window.table.model.rowCount() == 75


def test_selecting_a_row_shows_the_conversation(qtbot: Any, window: MainWindow) -> None:
    model = window.table.model
    row = next(r for r in range(model.rowCount()) if (model.record_id(r) or 0) % 3 == 0)
    window.table.select_row(row)
    text = window.detail.browser.toPlainText()
    assert "非常抱歉" in text and "客户反馈.xlsx" in text


def test_sorting_requeries(qtbot: Any, window: MainWindow) -> None:
    model = window.table.model
    col = model.columns.index("created_at")
    model.sort(col, Qt.SortOrder.AscendingOrder)
    first = model.data(model.index(0, col))
    model.sort(col, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, col)) > first


def test_language_switch_at_run_time(window: MainWindow) -> None:
    before = i18n.language()
    try:
        window.set_language("en")
        assert window.docks["tree"].windowTitle() == "Issue tree"
        assert window.menuBar().actions()[0].text() == "&File"
        window.set_language("zh")
        assert window.docks["tree"].windowTitle() == "问题树"
        assert window.tree.model.item(0, 0).text() == "全部问题"
    finally:
        i18n.set_language(before)


def test_theme_switch(qtbot: Any, window: MainWindow) -> None:
    window.set_theme("dark")
    qtbot.waitUntil(lambda: window.palette().window().color().lightness() < 100, timeout=3000)
    assert window.settings.value("ui/theme") == "dark"
    window.set_theme("light")
    qtbot.waitUntil(lambda: window.palette().window().color().lightness() > 150, timeout=3000)


def test_layout_and_recent_persist(qtbot: Any, tmp_path: Path, settings: QSettings) -> None:
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.set_project(Project.open(tmp_path / "a.kesheng"))
    win.show()
    win.docks["trend"].hide()
    win.close()
    again = MainWindow(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show()
    assert not again.docks["trend"].isVisible()
    assert again.docks["tree"].isVisible()
    from ui import state
    assert state.recent_projects(again.settings)[0].endswith("a.kesheng")
    again.reset_layout()
    assert again.docks["trend"].isVisible()
    again.close()


def test_drop_files_opens_import_wizard(qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    opened: list[list[str]] = []
    monkeypatch.setattr(window, "open_import_wizard", opened.append)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "x.xlsx"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: bool(opened), timeout=3000)
    assert opened == [[str(tmp_path / "x.xlsx")]]


def test_close_leaves_no_threads(qtbot: Any, tmp_path: Path, settings: QSettings) -> None:
    before = threading.active_count()
    project = Project.open(tmp_path / "c.kesheng")
    fill(project, n=50)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.set_project(project)
    win.show()
    win.close()
    assert win.runner._pool.activeThreadCount() == 0
    assert win.project is None
    qtbot.waitUntil(lambda: threading.active_count() <= before + 0, timeout=5000)


def test_empty_project(qtbot: Any, tmp_path: Path, settings: QSettings) -> None:
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.set_project(Project.open(tmp_path / "empty.kesheng"))
    win.show()
    assert win.wait_idle()
    assert win.table.model.rowCount() == 0
    assert win.tree.empty.isVisible()
    assert win.trend.series is not None and win.trend.series.starts == []
    win.close()


def test_top_list_rows_drill_into_the_tree(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.top.model.rowCount() > 0, timeout=5000)
    model = window.top.model
    keys = [model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(model.rowCount())]
    assert keys and all(keys)
    view = window.top.table
    row = 0
    window.docks["top"].raise_()
    qtbot.waitUntil(view.isVisible, timeout=3000)
    with qtbot.waitSignal(window.tree.nodeSelected, timeout=3000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model.index(row, 1)).center())
    assert window.wait_idle()
    assert window.table.model.filter.node_key == keys[0]
    window.top.by.setCurrentIndex(window.top.by.findData("negative"))
    assert window.wait_idle()
    assert window.top.model.rowCount() > 0


def test_dragging_the_trend_band_filters_whole_periods(qtbot: Any, window: MainWindow) -> None:
    import time as _time
    from datetime import datetime as _dt

    trend = window.trend
    assert trend.series is not None
    lo = _time.mktime(_dt(2025, 1, 10, 12).timetuple())
    hi = _time.mktime(_dt(2025, 1, 12, 3).timetuple())
    with qtbot.waitSignal(trend.periodSelected, timeout=3000) as blocker:
        trend.region.setRegion((lo, hi))
        trend.region.sigRegionChangeFinished.emit(trend.region)
    assert blocker.args == [_dt(2025, 1, 10), _dt(2025, 1, 13)]  # snapped to whole days
    assert window.wait_idle()
    assert window.table.model.filter.date_from == _dt(2025, 1, 10)
    expected = sum(trend.series.totals[9:12])
    assert window.table.model.rowCount() == expected


def test_ask_the_llm_about_the_record_shown(qtbot: Any, window: MainWindow,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The detail panel's "Ask the LLM": the model (the test stand-in) judges that one record, in the
    background; the record's tags now say so."""
    from sqlalchemy import select

    from workbench.store import schema

    monkeypatch.setenv("KESHENG_FAKE_LLM", "1")
    rid = window.detail.record_id()
    assert rid is not None and window.detail.buttons["llm"].isEnabled()
    window.detail.buttons["llm"].click()
    assert window.wait_idle()
    project = window.project
    assert project is not None
    with project.read() as conn:
        method = conn.execute(select(schema.assessments.c.method)
                              .where(schema.assessments.c.record_id == rid)).scalar_one()
        others = conn.execute(select(schema.assessments.c.method)
                              .where(schema.assessments.c.record_id != rid)).scalars().all()
    assert method == "llm" and "llm" not in others  # that record only
