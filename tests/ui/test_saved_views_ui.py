"""Saved views from the filters bar: save the selection, change it, bring it back, delete it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog

from tests.ui.sample_project import fill
from ui.windows.main_window import MainWindow
from workbench.saved_views import list_views


@pytest.fixture
def window(make_window: Any) -> MainWindow:
    return make_window(lambda p: fill(p, n=120))  # type: ignore[no-any-return]


def _menu_texts(window: MainWindow) -> list[str]:
    menu = window.filters.views.menu()
    assert menu is not None
    return [a.text() for a in menu.actions() if a.text()]


def test_save_apply_delete(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    filters = window.filters
    filters.sentiment.setCurrentIndex(filters.sentiment.findData("negative"))
    filters.channel.setCurrentIndex(filters.channel.findData("工单"))
    window.tree.select_key("logistics")
    assert window.wait_idle()
    shown = window.table.model.rowCount()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("物流负面·工单", True))
    filters.saveViewRequested.emit()
    assert _menu_texts(window)[0] == "物流负面·工单"
    assert list_views(window.project)[0].state["node"] == "logistics"  # type: ignore[arg-type]
    window.reset_filters()
    assert window.wait_idle() and window.table.model.rowCount() == 120
    filters.viewChosen.emit("物流负面·工单")
    assert window.wait_idle()
    assert window.table.model.rowCount() == shown > 0
    assert filters.current_filter().sentiments == ("negative",) and filters.current_filter().channels == ("工单",)
    assert window.tree.selected_key() == "logistics"
    filters.deleteViewRequested.emit("物流负面·工单")
    assert "物流负面·工单" not in _menu_texts(window) and list_views(window.project) == []  # type: ignore[arg-type]


def test_a_view_saved_by_the_cli_opens_in_the_window(window: MainWindow) -> None:
    """`main.py views --save` writes the filters bar's own state: the window shows the same selection."""
    from datetime import datetime

    from workbench.cli import main

    assert window.project is not None
    assert main(["views", window.project.target, "--save", "工单负面", "--filter",
                 "channel=工单, sentiment=negative, node=物流, from=2025-01-01, to=2025-01-31"]) == 0
    window.saved_views.load()
    assert _menu_texts(window)[0] == "工单负面"
    window.filters.viewChosen.emit("工单负面")
    assert window.wait_idle()
    flt = window.filters.current_filter()
    assert flt.channels == ("工单",) and flt.sentiments == ("negative",)
    assert (flt.date_from, flt.date_to) == (datetime(2025, 1, 1), datetime(2025, 2, 1))
    assert window.tree.selected_key() == "logistics"
