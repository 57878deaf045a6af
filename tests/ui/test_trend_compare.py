"""Comparing up to five issues in the trend plot, one line each."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg  # type: ignore[import-untyped]
import pytest

from tests.ui.sample_project import fill
from ui.windows.main_window import MainWindow


@pytest.fixture
def window(make_window: Any) -> MainWindow:
    return make_window(lambda p: fill(p, n=120))  # type: ignore[no-any-return]


def _lines(window: MainWindow) -> list[Any]:
    return [i for i in window.trend.plot.listDataItems() if isinstance(i, pg.PlotDataItem)]


def test_compare_two_issues_then_stop(window: MainWindow) -> None:
    menu = window.tree.edit_menu("logistics")
    next(a for a in menu.actions() if a.text() == "加入趋势对比").trigger()
    window.tree.compareRequested.emit("aftersales")
    window.tree.compareRequested.emit("aftersales")  # twice: compared once
    assert window.wait_idle()
    names = [name for name, _ in window.trend.comparison]
    assert names == ["物流", "售后"]
    assert [sum(s.totals) for _, s in window.trend.comparison] == [60, 30]
    assert len(_lines(window)) == 2 and window.trend.stop_compare.isVisible()
    window.filters.sentiment.setCurrentIndex(window.filters.sentiment.findData("negative"))  # follows the filters
    assert window.wait_idle()
    negative = [sum(s.totals) for _, s in window.trend.comparison]
    assert 0 < negative[0] < 60 and 0 < negative[1] < 30
    window.trend.stop_compare.click()
    assert window.wait_idle()
    assert window.trend.comparison == [] and not _lines(window) and not window.trend.stop_compare.isVisible()


def test_at_most_five(window: MainWindow) -> None:
    keys = ["logistics", "logistics.delay", "logistics.damage", "aftersales", "quality", "quality.battery"]
    for key in keys:
        window.compare_node(key)
    assert window.wait_idle()
    assert list(window.selection.compare_keys) == keys[:5] and len(window.trend.comparison) == 5
    assert "最多" in window.statusBar().currentMessage()
