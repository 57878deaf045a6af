"""Light and dark themes (Fusion palettes), the CJK application font, and the sentiment colours."""

from __future__ import annotations

import logging

import pyqtgraph as pg  # type: ignore[import-untyped]
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from workbench.paths import font_files

log = logging.getLogger(__name__)
SENTIMENT_COLORS = {"negative": "#d9534f", "neutral": "#9aa5b1", "positive": "#3c9d5d", "none": "#c8b273"}
TAG_COLORS = ["#ffd166", "#8ecae6", "#f4a3a8", "#b5e48c", "#cdb4db", "#ffb703", "#90e0ef", "#e9c46a"]
_state = {"theme": "light"}


def register_fonts(app: QApplication) -> list[str]:
    """Register the shipped CJK fonts and make the first family the application font; returns the families."""
    families: list[str] = []
    for path in font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if families:
        font = QFont(families[0], app.font().pointSize() if app.font().pointSize() > 0 else 10)
        font.setFamilies([*families, *app.font().families()])
        app.setFont(font)
    return families


def current_theme() -> str:
    return _state["theme"]


def apply_theme(app: QApplication, theme: str) -> None:
    """Apply 'light' or 'dark' to the whole application, pyqtgraph plots included."""
    theme = "dark" if theme == "dark" else "light"
    _state["theme"] = theme
    app.setStyle("Fusion")
    app.setPalette(_dark_palette() if theme == "dark" else app.style().standardPalette())
    pg.setConfigOptions(background="#232629" if theme == "dark" else "w",
                        foreground="#e6e6e6" if theme == "dark" else "#333333", antialias=True)


def _dark_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2e31", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1f2124", QPalette.ColorRole.AlternateBase: "#292c30",
        QPalette.ColorRole.ToolTipBase: "#2b2e31", QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#33373b",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d7ab8",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Link: "#6cb4ee",
        QPalette.ColorRole.PlaceholderText: "#8a9096",
    }
    for role, color in roles.items():
        p.setColor(role, QColor(color))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#7a7f85"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#7a7f85"))
    return p


def is_dark() -> bool:
    return _state["theme"] == "dark"
