"""The GUI entry: QApplication set-up (CJK font, theme, language) and the project the window opens.

``run_gui(args)`` is called by ``main.py gui`` with ``args.project`` (optional), ``args.smoke_test`` and
``args.screenshot``; ``entry()`` backs the ``kesheng-gui`` script. With no project the demo project
(resources/demo/demo.kesheng) opens, built on first run through the task runner.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ui import i18n, state, theme
from ui.display_libs import DisplayLibrariesMissing, check_display_libraries
from ui.windows.demo import DEMO_PROJECT, open_demo_project
from ui.windows.main_window import MainWindow
from workbench.errors import KeshengError
from workbench.project import Project

log = logging.getLogger(__name__)
__all__ = ["DEMO_PROJECT", "make_app", "open_demo_project", "run_gui"]


def make_app(settings: QSettings) -> QApplication:
    """The application object with fonts, theme and language applied (reuses an existing one)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Kesheng")
    app.setOrganizationName("kesheng")
    app.setApplicationDisplayName("客声 Kesheng")
    theme.register_fonts(app)
    theme.apply_theme(app, state.get_str(settings, "ui/theme", "light"))
    i18n.set_language(state.get_str(settings, "ui/language", i18n.system_language()))
    return app


def _initial_project(args: argparse.Namespace, headless: bool) -> Project | None:
    target = getattr(args, "project", None)
    if target:
        return Project.open(target)
    if DEMO_PROJECT.exists():
        return Project.open(DEMO_PROJECT)
    return None


def run_gui(args: argparse.Namespace) -> int:
    """Open the workbench; in smoke-test / screenshot mode render every view once and return 0."""
    smoke, shots = bool(getattr(args, "smoke_test", False)), getattr(args, "screenshot", None)
    headless = smoke or bool(shots)
    try:
        check_display_libraries()
    except DisplayLibrariesMissing as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    settings = _headless_settings() if headless else state.app_settings()
    app = make_app(settings)
    window = MainWindow(settings)
    try:
        project = _initial_project(args, headless)
    except KeshengError as exc:
        if headless:
            print(f"error: {exc.message}", file=sys.stderr)
            window.close()
            return 1
        from ui.dialogs.restore_dialog import offer_restore  # damaged file: offer its backups

        project = offer_restore(window, str(getattr(args, "project", None) or DEMO_PROJECT), exc)
    window.set_project(project)
    if project is None and not getattr(args, "project", None):
        open_demo_project(window)
    if not headless:
        window.show()
        return int(app.exec())
    return _run_headless(window, Path(shots) if shots else None)


def _run_headless(window: MainWindow, shots: Path | None) -> int:
    from ui.windows.snapshots import exercise, save_screenshots

    window.wait_idle(600)
    if window.project is None:
        print("error: no project could be opened for the smoke test.", file=sys.stderr)
        window.close()
        return 1
    if shots is not None:
        for path in save_screenshots(window, shots):
            print(path)
    else:
        exercise(window)
    window.close()
    return 0


def _headless_settings() -> QSettings:
    """Throw-away layout settings so smoke tests and screenshots neither read nor change the user's."""
    folder = Path(tempfile.mkdtemp(prefix="kesheng-ui-"))
    return QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)


def entry() -> None:
    """The ``kesheng-gui`` script: the GUI on an optional project path."""
    from workbench.logs import setup_file_logging

    setup_file_logging()  # `main.py gui` gets it from the CLI entry; this script needs its own
    parser = argparse.ArgumentParser(prog="kesheng-gui")
    parser.add_argument("project", nargs="?")
    parser.add_argument("--smoke-test", action="store_true")
    parser.add_argument("--screenshot")
    sys.exit(run_gui(parser.parse_args()))
