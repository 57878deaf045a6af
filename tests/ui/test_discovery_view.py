"""The Discover panel: find proposals in the current selection, accept one (the tree grows), dismiss one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.analysis.test_discover_project import plant
from ui.windows.main_window import MainWindow
from workbench.taxonomy.retag import pending_retag


@pytest.fixture
def window(make_window: Any) -> MainWindow:
    return make_window(plant)  # type: ignore[no-any-return]


def test_find_accept_dismiss(window: MainWindow, qtbot: Any) -> None:
    view = window.discovery
    view.use_model.setChecked(False)
    view.find()
    qtbot.waitUntil(lambda: view.list.count() == 3, timeout=120_000)
    assert view.name.text() and "例句" in view.detail.toPlainText()
    first = view.proposals[0]
    view.name.setText("开票问题")
    view.parent_box.setCurrentIndex(view.parent_box.findData("售后"))
    with qtbot.waitSignal(view.taxonomyChanged, timeout=30_000) as signal:
        view.accept_current()
    assert "开票问题" in signal.args[0]
    assert window.wait_idle()
    assert "售后/开票问题" in {n.path for n in window.tree.model.nodes()}
    assert set(first.cluster.record_ids) <= pending_retag(window.project)  # type: ignore[arg-type]
    assert view.list.count() == 2
    view.dismiss_current()
    assert view.list.count() == 1
    view.list.clear()
    view.find()
    assert window.wait_idle(120)
    assert view.list.count() == 1  # the accepted cluster awaits re-tagging, the dismissed one stays hidden
