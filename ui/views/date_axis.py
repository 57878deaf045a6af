"""A time axis whose tick labels follow the UI's language (``3月``, ``12-01``, ``2025年`` in Chinese).

pyqtgraph's ``DateAxisItem`` picks the ticks well but names months and weekdays with ``strftime``, which speaks
the C locale's English on a Chinese screen. :class:`DateAxis` keeps its ticks and zoom levels and words each
tick through the one text table (:func:`tick_text`); it redraws when the language changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pyqtgraph as pg  # type: ignore[import-untyped]
from PySide6.QtGui import QFontMetrics

from ui.i18n import language, on_language_changed
from workbench.texts import text


def tick_text(when: datetime, fmt: str, lang: str) -> str:
    """The label of a tick at ``when`` for one of pyqtgraph's tick formats (``%Y``, ``%b``, ``%d``, ``%a %d``,
    or a clock format such as ``%H:%M``, which has no words), in ``lang``."""
    if fmt == "%Y":
        return text("axis.year", lang, y=when.year)
    if fmt == "%b":
        return text(f"axis.month.{when.month}", lang)
    if fmt == "%d":
        return text("axis.day", lang, m=when.month, d=when.day)
    if fmt == "%a %d":
        return text("axis.weekday_day", lang, weekday=text(f"axis.weekday.{when.weekday()}", lang),
                    m=when.month, d=when.day)
    label = when.strftime(fmt)
    return label[:-3] if "%f" in fmt else label  # milliseconds, as pyqtgraph shows them


class DateAxis(pg.DateAxisItem):  # type: ignore[misc]
    """pyqtgraph's date axis (local time), its tick labels in the UI's language."""

    def __init__(self, orientation: str = "bottom") -> None:
        super().__init__(orientation=orientation)
        self.fontMetrics = QFontMetrics(self.font())  # pyqtgraph sets it when painting; ticks may be asked before
        self._unsubscribe = on_language_changed(self._on_language)

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        fmt = spec.format if spec is not None else "%Y"
        lang = language()
        out = []
        for value in values:
            try:
                out.append(tick_text(datetime.fromtimestamp(value), fmt, lang))
            except (OverflowError, ValueError, OSError):  # outside what the platform's clock can name
                out.append("")
        return out

    def _on_language(self) -> None:
        self.picture = None  # AxisItem caches its drawing; the labels are words
        self.update()
