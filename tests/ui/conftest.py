"""UI tests run headless: the offscreen Qt platform, set before any QApplication exists."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _collect_qt_garbage(qtbot: object) -> Iterator[None]:
    """Collect each test's Qt wrappers while its QApplication still runs, not at interpreter exit."""
    yield
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        app.processEvents()
    gc.collect()
