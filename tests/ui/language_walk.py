"""Collects every string a user can read on a widget tree: labels, buttons, tooltips, titles, headers, menus.

Table and tree cells and the record text (data) are left out: the walk asks what the UI says, not what the
customer said. Data that shows up in labels and lists (channel names, issue names, file paths) is excepted by
the test that calls :func:`foreign`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QSpinBox,
    QTabBar,
    QTextBrowser,
    QToolBar,
    QWidget,
)

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff01-\uff5e]")  # ideographs and CJK/full-width punctuation
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


def plain(text: str) -> str:
    """Rich text as the user reads it."""
    if "<" in text and ">" in text:
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def strings(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of every readable string under ``root`` (``root`` included)."""
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__}({widget.objectName() or type(widget.parent()).__name__})"
        if widget.isWindow() or isinstance(widget, QDockWidget):
            yield where + ".title", widget.windowTitle()
        yield where + ".tooltip", plain(widget.toolTip())
        yield from _own(widget, where)


def _own(widget: QWidget, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(widget, QLabel):
        yield where, plain(widget.text())
    elif isinstance(widget, QAbstractButton):
        yield where, widget.text()
    elif isinstance(widget, QGroupBox):
        yield where, widget.title()
    elif isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield f"{where}[{i}]", widget.itemText(i)
    elif isinstance(widget, QLineEdit):
        yield where + ".placeholder", widget.placeholderText()
    elif isinstance(widget, QAbstractSpinBox):
        yield where + ".special", widget.specialValueText()
        if isinstance(widget, QSpinBox):
            yield where + ".suffix", widget.suffix()
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield f"{where}.tab[{i}]", widget.tabText(i)
    elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QTextBrowser):
        model = widget.model()
        if model is not None:
            for col in range(model.columnCount(QModelIndex()) if not isinstance(model, QAbstractListModel) else 0):
                yield f"{where}.header[{col}]", str(model.headerData(col, Qt.Orientation.Horizontal) or "")
    elif isinstance(widget, (QMenuBar, QMenu, QToolBar)):
        yield from _actions(widget.actions(), where)


DAY = 86_400.0
ZOOMS = {"hours": 2 * DAY, "days": 10 * DAY, "months": 120 * DAY, "years": 6 * 365 * DAY}
"""Spans a time axis is asked to label: weekdays and hours, days, months and days, years and months."""


def axis_strings(axis: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every tick label a date axis (pyqtgraph's ``AxisItem`` API) gives at its own range and at each span of
    :data:`ZOOMS`, as drawn 600 pixels wide."""
    low, high = axis.range
    spans = {"shown": (low, high), **{name: (high - span, high) for name, span in ZOOMS.items()}}
    for name, (a, b) in spans.items():
        for spacing, values in axis.tickValues(a, b, 600):
            for i, label in enumerate(axis.tickStrings(values, 1.0, spacing)):
                yield f"{where}.ticks[{name}][{i}]", label


def _actions(actions: list[QAction], where: str) -> Iterator[tuple[str, str]]:
    for action in actions:
        yield f"{where}>{action.text()}", action.text().replace("&", "")
        yield f"{where}>{action.text()}.tooltip", action.toolTip() if action.toolTip() != action.text() else ""
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield from _actions(menu.actions(), f"{where}>{action.text()}")


def foreign(text: str, lang: str, allowed: set[str]) -> str | None:
    """The part of ``text`` in the other language than ``lang`` (None when there is none)."""
    rest = text
    for word in sorted(allowed, key=len, reverse=True):
        rest = rest.replace(word, " ")
    if lang == "zh":
        return " ".join(LATIN_WORD.findall(rest)) or None
    found = CJK.findall(rest)
    return "".join(found) or None
