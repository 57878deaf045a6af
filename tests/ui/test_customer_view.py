"""The customer view: opened from the record detail's customer link, double-click goes back to a record."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QUrl

from tests.ui.sample_project import fill
from ui.windows.main_window import MainWindow


@pytest.fixture
def window(make_window: Any) -> MainWindow:
    return make_window(lambda p: fill(p, n=120))  # type: ignore[no-any-return]


def test_customer_link_opens_every_contact(window: MainWindow, qtbot: Any) -> None:
    window.detail.show_record(window.project, 7)
    assert 'href="customer:C007"' in window.detail.browser.toHtml()
    window.detail.browser.anchorClicked.emit(QUrl("customer:C007"))
    qtbot.waitUntil(lambda: window.customer.table.rowCount() == 3, timeout=30_000)
    assert "C007" in window.customer.summary.text() and "3" in window.customer.summary.text()
    assert window.docks["customer"].isVisible()
    ids = [window.customer.table.item(r, 0).data(0x0100) for r in range(3)]
    assert ids == [7, 87, 47]
    assert "鼓包" in window.customer.table.item(0, 5).text()
    with qtbot.waitSignal(window.customer.recordActivated) as signal:
        window.customer.table.cellDoubleClicked.emit(2, 1)
    assert signal.args == [47]
    qtbot.waitUntil(lambda: window.detail.record_id() == 47, timeout=10_000)
