"""The main window's actions, menus and toolbar, rebuilt whenever the UI language changes."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar

from ui import state
from ui.i18n import language, tr
from ui.theme import current_theme

if TYPE_CHECKING:
    from ui.windows.main_window import MainWindow

SHORTCUTS: dict[str, QKeySequence.StandardKey | str] = {
    "new": QKeySequence.StandardKey.New, "open": QKeySequence.StandardKey.Open, "quit": QKeySequence.StandardKey.Quit,
    "refresh": QKeySequence.StandardKey.Refresh, "import": "Ctrl+I", "export": "Ctrl+E", "search": "Ctrl+F",
    "reset_filters": "Ctrl+Shift+X", "undo": QKeySequence.StandardKey.Undo, "redo": "Ctrl+Shift+Z",
}
ICONS = {"new": QStyle.StandardPixmap.SP_FileIcon, "open": QStyle.StandardPixmap.SP_DialogOpenButton,
         "import": QStyle.StandardPixmap.SP_ArrowDown, "export": QStyle.StandardPixmap.SP_DialogSaveButton,
         "refresh": QStyle.StandardPixmap.SP_BrowserReload, "reset_filters": QStyle.StandardPixmap.SP_DialogResetButton}


def build(window: MainWindow) -> dict[str, QAction]:
    """Create (or re-create) the menu bar and toolbar of ``window``; returns the actions by name."""
    handlers = {
        "new": window.new_project, "open": window.open_project_dialog, "open_url": window.open_url_dialog,
        "open_bundle": window.open_bundle_dialog,
        "import": lambda: window.open_import_wizard([]), "export": window.export, "quit": window.close,
        "refresh": window.refresh_all, "reset_filters": window.reset_filters, "search": window.focus_search,
        "reset_layout": window.reset_layout, "about": window.about, "demo": window.open_demo,
        "bulk_label": window.bulk_label, "undo": window.undo, "redo": window.redo,
    }
    acts: dict[str, QAction] = {}
    for name, handler in handlers.items():
        act = QAction(tr(f"act.{name}"), window)
        if name in SHORTCUTS:
            act.setShortcut(QKeySequence(SHORTCUTS[name]))
        if name in ICONS:
            act.setIcon(window.style().standardIcon(ICONS[name]))
        act.triggered.connect(handler)
        acts[name] = act
    bar = window.menuBar()
    for old in bar.findChildren(QMenu):  # clear() leaves the menus it made; they would keep the old language
        old.deleteLater()
    bar.clear()
    _file_menu(window, bar.addMenu(tr("menu.file")), acts)
    edit = bar.addMenu(tr("menu.edit"))
    edit.addAction(acts["undo"])
    edit.addAction(acts["redo"])
    edit.aboutToShow.connect(window.update_history_actions)
    _view_menu(window, bar.addMenu(tr("menu.view")), acts)
    tools = bar.addMenu(tr("menu.tools"))
    for key in ("top", "service", "ask", "report", "tagging", "review", "alerts"):
        tools.addAction(tr(f"panel.{key}"), partial(window.show_panel, key))
    tools.addSeparator()
    tools.addAction(acts["bulk_label"])
    tools.addAction(tr("act.taxonomy"), window.open_taxonomy)
    tools.addAction(tr("panel.settings") + "…", window.open_settings)
    help_menu = bar.addMenu(tr("menu.help"))
    help_menu.addAction(acts["about"])
    _toolbar(window, acts)
    return acts


def _file_menu(window: MainWindow, menu: QMenu, acts: dict[str, QAction]) -> None:
    for name in ("new", "open", "open_url", "open_bundle", "demo"):
        menu.addAction(acts[name])
    recent = menu.addMenu(tr("menu.recent"))
    for target in state.recent_projects(window.settings):
        recent.addAction(target, partial(window.open_project, target))
    recent.addSeparator()
    recent.addAction(tr("act.clear_recent"), window.clear_recent)
    menu.addSeparator()
    menu.addAction(acts["import"])
    menu.addAction(acts["export"])
    menu.addSeparator()
    menu.addAction(acts["quit"])


def _view_menu(window: MainWindow, menu: QMenu, acts: dict[str, QAction]) -> None:
    panels = menu.addMenu(tr("menu.panels"))
    for dock in window.docks.values():
        panels.addAction(dock.toggleViewAction())
    menu.addAction(acts["reset_layout"])
    menu.addSeparator()
    menu.addAction(acts["refresh"])
    menu.addAction(acts["search"])
    menu.addAction(acts["reset_filters"])
    theme = menu.addMenu(tr("menu.theme"))
    for key in ("light", "dark"):
        act = theme.addAction(tr(f"act.{key}"), partial(window.set_theme, key))
        act.setCheckable(True)
        act.setChecked(current_theme() == key)
    lang = menu.addMenu(tr("menu.language"))
    for code, label in (("zh", "中文"), ("en", "English")):
        act = lang.addAction(label, partial(window.set_language, code))
        act.setCheckable(True)
        act.setChecked(language() == code)


def _toolbar(window: MainWindow, acts: dict[str, QAction]) -> None:
    bar = window.findChild(QToolBar, "mainToolbar")
    if bar is None:
        bar = window.addToolBar("main")
        bar.setObjectName("mainToolbar")
    bar.clear()
    bar.setWindowTitle(tr("menu.tools"))
    for name in ("open", "import", "export", "refresh", "reset_filters"):
        bar.addAction(acts[name])
