"""Qt layout state over QSettings: window geometry, dock state, splitters, and the recent-projects list.

App preferences and per-project state live elsewhere (ARCHITECTURE rule 10); this is only how the window
looked last time.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

MAX_RECENT = 10
LAYOUT_VERSION = 1


def app_settings() -> QSettings:
    """The user's layout settings (an INI file in the user config location)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "kesheng", "kesheng-ui")


def save_window(settings: QSettings, window: QMainWindow, splitters: dict[str, QSplitter] | None = None) -> None:
    """Store geometry, dock/toolbar state and splitter sizes."""
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState(LAYOUT_VERSION))
    for name, splitter in (splitters or {}).items():
        settings.setValue(f"splitter/{name}", splitter.saveState())
    settings.sync()


def restore_window(settings: QSettings, window: QMainWindow, splitters: dict[str, QSplitter] | None = None) -> bool:
    """Restore what :func:`save_window` stored; False when nothing (usable) was stored."""
    geometry, state = settings.value("window/geometry"), settings.value("window/state")
    restored = False
    if isinstance(geometry, QByteArray | bytes):
        restored = window.restoreGeometry(QByteArray(geometry))
    if isinstance(state, QByteArray | bytes):
        restored = window.restoreState(QByteArray(state), LAYOUT_VERSION) and restored
    for name, splitter in (splitters or {}).items():
        value = settings.value(f"splitter/{name}")
        if isinstance(value, QByteArray | bytes):
            splitter.restoreState(QByteArray(value))
    return restored


def recent_projects(settings: QSettings) -> list[str]:
    """Recently opened projects, most recent first."""
    value = settings.value("recent/projects", [])
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value if v] if isinstance(value, list) else []


def add_recent(settings: QSettings, target: str) -> list[str]:
    """Put ``target`` first in the recent list (deduplicated, at most MAX_RECENT); returns the new list."""
    items = [target, *(p for p in recent_projects(settings) if p != target)][:MAX_RECENT]
    settings.setValue("recent/projects", items)
    settings.sync()
    return items


def clear_recent(settings: QSettings) -> None:
    settings.setValue("recent/projects", [])
    settings.sync()


def get_str(settings: QSettings, key: str, default: str) -> str:
    value = settings.value(key, default)
    return str(value) if value else default
