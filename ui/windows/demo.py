"""File ▸ Open demo project: open the bundled demo project, building it first if needed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ui.i18n import tr
from workbench.demo.build import build_demo_project
from workbench.paths import DEMO_DIR

if TYPE_CHECKING:
    from ui.windows.main_window import MainWindow

DEMO_PROJECT = DEMO_DIR / "demo.kesheng"


def open_demo_project(window: MainWindow, on_ready: Callable[[], object] | None = None) -> None:
    """Open the demo project, building it first (through the runner, with progress and Cancel) if needed."""
    if DEMO_PROJECT.exists():
        window.open_project(str(DEMO_PROJECT))
        if on_ready:
            on_ready()
        return

    def done(_: object) -> None:
        window.open_project(str(DEMO_PROJECT))
        if on_ready:
            on_ready()

    window.runner.start(lambda progress, cancel: build_demo_project(DEMO_PROJECT, progress, cancel),
                        title=tr("dlg.building_demo"), on_done=done, parent=window, modal=True)
