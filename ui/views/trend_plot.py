"""The trend plot (pyqtgraph): records per day/week/month, stacked bars or lines by sentiment.

Hovering shows the period's values; clicking a bar or dragging the band selects a period, emitted as
``periodSelected(date_from, date_to)`` (``date_to`` exclusive; both None when cleared). With up to
:data:`MAX_COMPARE` issues to compare (:meth:`set_comparison`), it draws one line per issue instead.
"""

from __future__ import annotations

import time
from datetime import date, datetime

import pyqtgraph as pg  # type: ignore[import-untyped]
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr
from ui.theme import SENTIMENT_COLORS
from ui.views.date_axis import DateAxis
from workbench.queries.records import Period, TrendSeries

ORDER = ("negative", "neutral", "positive", "none")
MAX_COMPARE = 5
COMPARE_COLORS = ("#3b7dd8", "#e8833a", "#2ca02c", "#9467bd", "#d62728")


def _ts(d: date) -> float:
    return time.mktime(d.timetuple())  # local midnight: the date axis labels in local time


class TrendPlot(QWidget):
    """Emits ``periodSelected(datetime | None, datetime | None)`` and ``granularityChanged(period)``."""

    periodSelected = Signal(object, object)
    granularityChanged = Signal(str)
    compareCleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: TrendSeries | None = None
        self.comparison: list[tuple[str, TrendSeries]] = []
        self.selected: tuple[datetime, datetime] | None = None
        self.plot = pg.PlotWidget(axisItems={"bottom": DateAxis(orientation="bottom")})
        self.plot.setMenuEnabled(False)
        self.plot.showGrid(y=True, alpha=0.2)
        self.plot.setMouseEnabled(x=True, y=False)
        self.legend = self.plot.addLegend(offset=(10, 5))
        self.region = pg.LinearRegionItem(brush=pg.mkBrush(61, 122, 184, 50))
        self.region.setZValue(10)
        self.region.setVisible(False)
        self.region.sigRegionChangeFinished.connect(self._on_region)
        self.hover = QLabel()
        self.period, self.mode = QComboBox(), QComboBox()
        self.clear = QPushButton()
        self.clear.clicked.connect(lambda: self.select_period(None, None))
        self.stop_compare = QPushButton()
        self.stop_compare.setVisible(False)
        self.stop_compare.clicked.connect(self.compareCleared.emit)
        self.period.currentIndexChanged.connect(lambda _: self.granularityChanged.emit(self.granularity()))
        self.mode.currentIndexChanged.connect(lambda _: self._update_plot())
        self.plot.scene().sigMouseMoved.connect(self._on_move)
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        self._layout()
        self.retranslate()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        for w in (self.period, self.mode, self.clear, self.stop_compare):
            bar.addWidget(w)
        bar.addWidget(self.hover, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.plot, 1)

    def retranslate(self) -> None:
        for combo, items in ((self.period, ("day", "week", "month")), (self.mode, ("stacked", "lines"))):
            current = combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            for key in items:
                combo.addItem(tr(f"trend.{key}"), key)
            combo.setCurrentIndex(max(current, 0))
            combo.blockSignals(False)
        self.clear.setText(tr("trend.clear"))
        self.stop_compare.setText(tr("trend.stop_compare"))
        self.hover.setText(tr("trend.hint"))
        self._update_plot()

    def granularity(self) -> Period:
        value = self.period.currentData()
        return "week" if value == "week" else "month" if value == "month" else "day"

    def set_series(self, series: TrendSeries, comparison: list[tuple[str, TrendSeries]] | None = None) -> None:
        """Show ``series``; with ``comparison`` also replace the compared issues (drawn once for both)."""
        self.series = series
        if comparison is not None:
            self._set_comparison(comparison)
        self._update_plot()

    def set_comparison(self, series: list[tuple[str, TrendSeries]]) -> None:
        """Compare these issues (name, series) as one line each; an empty list goes back to sentiment."""
        self._set_comparison(series)
        self._update_plot()

    def _set_comparison(self, series: list[tuple[str, TrendSeries]]) -> None:
        self.comparison = list(series[:MAX_COMPARE])
        self.stop_compare.setVisible(bool(self.comparison))

    def _draw_comparison(self) -> None:
        for (name, series), color in zip(self.comparison, COMPARE_COLORS, strict=False):
            if not series.starts:
                continue
            xs = [(_ts(a) + _ts(b)) / 2 for a, b in _spans(series)]
            ys = [float(v) for v in series.totals]
            self.plot.addItem(pg.PlotDataItem(xs, ys, pen=pg.mkPen(color, width=2), symbol="o", symbolSize=4,
                                              symbolBrush=color, symbolPen=None, name=name))

    def _update_plot(self) -> None:
        self.plot.clear()
        self.legend.clear()
        s = self.series
        if s is None or not s.starts:
            self.plot.setTitle(tr("trend.empty") if s is not None else None)
            return
        self.plot.setTitle(None)
        if self.comparison:
            self._draw_comparison()
            self.plot.addItem(self.region)
            self.plot.enableAutoRange()
            return
        edges = self._edges()
        xs = [(a + b) / 2 for a, b in edges]  # each bar covers its own period [start, end)
        width = [0.8 * (b - a) for a, b in edges]
        base = [0.0] * len(xs)
        for key in (k for k in ORDER if k in s.by_sentiment):
            ys = [float(v) for v in s.by_sentiment[key]]
            color, name = SENTIMENT_COLORS[key], tr(f"sent.{key}")
            if self.mode.currentData() == "lines":
                self.plot.addItem(pg.PlotDataItem(xs, ys, pen=pg.mkPen(color, width=2), name=name))
            else:
                item = pg.BarGraphItem(x=xs, height=ys, y0=base, width=width, brush=color, pen=pg.mkPen(None))
                self.plot.addItem(item)
                self.legend.addItem(item, name)
                base = [b + y for b, y in zip(base, ys, strict=True)]
        self.plot.addItem(self.region)
        self.plot.enableAutoRange()

    def _edges(self) -> list[tuple[float, float]]:
        assert self.series is not None
        return [(_ts(a.date()), _ts(b.date())) for a, b in (self._bounds(i) for i in range(len(self.series.starts)))]

    def bucket_at(self, x: float) -> int | None:
        """The index of the period [start, end) that contains timestamp ``x``, or None outside the plot."""
        if self.series is None or not self.series.starts:
            return None
        for i, (lo, hi) in enumerate(self._edges()):
            if lo <= x < hi:
                return i
        return None

    def _bounds(self, i: int) -> tuple[datetime, datetime]:
        assert self.series is not None
        starts = self.series.starts
        start = starts[i]
        if i + 1 < len(starts):
            end = starts[i + 1]
        else:
            step = {"day": 1, "week": 7}.get(self.series.period)
            end = (date.fromordinal(start.toordinal() + step) if step else
                   date(start.year + start.month // 12, start.month % 12 + 1, 1))
        return datetime(start.year, start.month, start.day), datetime(end.year, end.month, end.day)

    def select_bucket(self, i: int) -> None:
        self.select_period(*self._bounds(i))

    def select_period(self, start: datetime | None, end: datetime | None) -> None:
        """Show the band over [start, end) and emit; (None, None) clears the selection."""
        self.selected = None if start is None or end is None else (start, end)
        self.region.blockSignals(True)
        if self.selected is not None:
            self.region.setRegion((time.mktime(start.timetuple()), time.mktime(end.timetuple())))  # type: ignore[union-attr]
        self.region.setVisible(self.selected is not None)
        self.region.blockSignals(False)
        self.periodSelected.emit(start, end)

    def _on_region(self) -> None:
        """Snap the dragged band to whole periods; emit only when the snapped period changed."""
        if self.series is None or not self.series.starts:
            return
        edges = self._edges()
        lo, hi = (float(v) for v in self.region.getRegion())
        lo, hi = max(lo, edges[0][0]), min(hi, edges[-1][1])
        first, last = self.bucket_at(lo), self.bucket_at(hi - 1.0)
        if first is None or last is None or last < first:
            return
        start, end = self._bounds(first)[0], self._bounds(last)[1]
        if self.selected == (start, end):
            return
        self.select_period(start, end)

    def _on_click(self, event: object) -> None:
        pos = event.scenePos()  # type: ignore[attr-defined]
        if not self.plot.sceneBoundingRect().contains(pos) or getattr(event, "double", lambda: False)():
            return
        i = self.bucket_at(self.plot.plotItem.vb.mapSceneToView(pos).x())
        if i is not None:
            self.select_bucket(i)

    def _on_move(self, pos: QPointF) -> None:
        if self.series is None or not self.plot.sceneBoundingRect().contains(pos):
            return
        i = self.bucket_at(self.plot.plotItem.vb.mapSceneToView(pos).x())
        if i is None:
            return
        s = self.series
        values = " · ".join(f"{tr('sent.' + k)} {s.by_sentiment[k][i]:,}" for k in ORDER if k in s.by_sentiment)
        if self.comparison:
            at = s.starts[i]
            values = " · ".join(f"{name} {dict(zip(c.starts, c.totals, strict=True)).get(at, 0):,}"
                                for name, c in self.comparison)
        self.hover.setText(f"{s.starts[i].isoformat()}  {tr('col.count')} {s.totals[i]:,}  ({values})")
        self.hover.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _spans(series: TrendSeries) -> list[tuple[date, date]]:
    """Each period of ``series`` as [start, end)."""
    out = []
    for i, start in enumerate(series.starts):
        if i + 1 < len(series.starts):
            end = series.starts[i + 1]
        elif series.period == "month":
            end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        else:
            end = date.fromordinal(start.toordinal() + (7 if series.period == "week" else 1))
        out.append((start, end))
    return out
