"""UI tests run headless: the offscreen Qt platform, set before any QApplication exists."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _keep_the_ui_language() -> Iterator[None]:
    """A test that switches the UI language (zh/en checks) never leaks it into the tests after it."""
    from ui import i18n

    before = i18n.language()
    yield
    i18n.set_language(before)


@pytest.fixture(autouse=True)
def _collect_qt_garbage(qtbot: object) -> Iterator[None]:
    """Collect each test's Qt wrappers while its QApplication still runs, not at interpreter exit."""
    yield
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        app.processEvents()
    gc.collect()


@pytest.fixture
def make_window(qtbot: Any, tmp_path: Path) -> Iterator[Callable[[Callable[[Any], object]], Any]]:
    """Opens a main window on a new project that ``populate(project)`` filled; closes it after the test."""
    from PySide6.QtCore import QSettings

    from ui.windows.main_window import MainWindow
    from workbench.project import Project

    windows: list[MainWindow] = []

    def make(populate: Callable[[Project], object]) -> MainWindow:
        project = Project.open(tmp_path / "p.kesheng")
        populate(project)
        win = MainWindow(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        win.runner.show_dialogs = False
        qtbot.addWidget(win)
        win.set_project(project)
        win.show()
        assert win.wait_idle()
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.close()
