"""The dashboard (大屏): KPI tiles with their change against the period before, the weekly trend with its surges
marked, TOP and rising issues as bars, negative share by issue × channel, the latest fired alerts. F11 puts it on
the whole screen (readable from three metres at 1920×1080); it refreshes itself whenever another task of the
runner (an import, a tagging run) finishes, and exports as PNG."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import has_text, language, on_language_changed, tr
from ui.views.wall_widgets import AMBER, BLUE, GREEN, GROUND, INK, MUTED, PANEL, RED, Bar, BarsView, HeatView
from ui.views.wall_widgets import pixel_font as _px
from ui.workers.runner import TaskHandle, TaskRunner
from workbench.changes import Changes
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.queries.dashboard import DashboardData, dashboard_data
from workbench.selection import Selection

KPIS = ("records", "negative", "dissatisfaction", "alerts")
BAD_WHEN_UP = {"records": False, "negative": True, "dissatisfaction": True, "alerts": True}
AUTO_REFRESH_MS = 20_000  # while another task runs (tagging writes batch by batch)


def channel_name(channel: str) -> str:
    key = f"ch.{channel.lower()}"
    return tr(f"dashboard.{key}") if has_text(f"dashboard.{key}") else channel


class DashboardView(QWidget):
    """Renders a :class:`DashboardData`; ``data`` holds the last one shown, ``board`` is the wall itself."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self.runner = runner
        self.project: Project | None = None
        self.data: DashboardData | None = None
        self.refreshed_at: datetime | None = None
        self._handle: TaskHandle[Any] | None = None
        self._pending = False
        self.board = QFrame()
        self.board.setObjectName("wall")
        self.board.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.full_window: QWidget | None = None
        self.headline, self.period_label, self.updated = QLabel(), QLabel(), QLabel()
        self.kpi_titles = {k: QLabel() for k in KPIS}
        self.kpi_values = {k: QLabel("—") for k in KPIS}
        self.kpi_deltas = {k: QLabel("") for k in KPIS}
        self.kpi_notes = {k: QLabel("") for k in KPIS}
        self.titles = {k: QLabel() for k in ("frequent", "rising", "trend", "heat", "latest", "impact")}
        self.frequent, self.rising, self.heat, self.impact = BarsView(), BarsView(), HeatView(), BarsView()
        self.alert_rows = [(QLabel(), QLabel()) for _ in range(5)]
        self.legend = QLabel()
        self.plot = pg.PlotWidget()
        self.buttons = {k: QPushButton() for k in ("refresh", "png", "full")}
        self._scale = 1.0
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(AUTO_REFRESH_MS)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start()
        runner.taskFinished.connect(self._on_task_finished)
        # one shortcut on the board, which is inside whichever window shows the wall (two would be ambiguous)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self.board, self.toggle_full_screen,
                  context=Qt.ShortcutContext.ApplicationShortcut)
        self.retranslate()
        unsubscribe = on_language_changed(self.retranslate)
        self.destroyed.connect(lambda *_: unsubscribe())

    # -- layout ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        head = QHBoxLayout()
        head.addWidget(self.headline)
        head.addSpacing(24)
        head.addWidget(self.period_label, 1)
        head.addWidget(self.updated)
        for button in self.buttons.values():
            head.addWidget(button)
        kpis = QHBoxLayout()
        for key in KPIS:
            kpis.addWidget(self._tile(key), 1)
        middle = QHBoxLayout()
        trend_box = QVBoxLayout()
        trend_head = QHBoxLayout()
        trend_head.addWidget(self.titles["trend"])
        trend_head.addStretch(1)
        trend_head.addWidget(self.legend)
        trend_box.addLayout(trend_head)
        trend_box.addWidget(self.plot, 1)
        alerts_box = QVBoxLayout()
        alerts_box.addWidget(self.titles["latest"])
        for name, when in self.alert_rows:
            alerts_box.addWidget(name)
            alerts_box.addWidget(when)
        alerts_box.addStretch(1)
        impact_box = QVBoxLayout()
        impact_box.addWidget(self.titles["impact"])
        impact_box.addWidget(self.impact, 1)
        middle.addWidget(self._panel(trend_box), 5)
        middle.addWidget(self._panel(impact_box), 3)
        middle.addWidget(self._panel(alerts_box), 2)
        bottom = QHBoxLayout()
        for key, widget in (("frequent", self.frequent), ("rising", self.rising), ("heat", self.heat)):
            box = QVBoxLayout()
            box.addWidget(self.titles[key])
            box.addWidget(widget, 1)
            bottom.addWidget(self._panel(box), 4 if key == "heat" else 3)
        grid = QGridLayout(self.board)
        grid.setContentsMargins(16, 12, 16, 16)
        grid.addLayout(head, 0, 0)
        grid.addLayout(kpis, 1, 0)
        grid.addLayout(middle, 2, 0)
        grid.addLayout(bottom, 3, 0)
        grid.setRowStretch(2, 4)
        grid.setRowStretch(3, 5)
        self.board.setStyleSheet(f"QFrame#wall {{ background: {GROUND}; }} QLabel {{ color: {INK}; }}"
                                 f" QFrame[panel='1'] {{ background: {PANEL}; border-radius: 10px; }}")
        self.plot.setBackground(PANEL)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.board)
        self.buttons["refresh"].clicked.connect(self.refresh)
        self.buttons["png"].clicked.connect(self._on_png)
        self.buttons["full"].clicked.connect(self.toggle_full_screen)
        for label in self.alert_rows[0] + (self.period_label,):
            label.setWordWrap(False)

    def _panel(self, layout: QVBoxLayout) -> QFrame:
        frame = QFrame()
        frame.setProperty("panel", "1")
        layout.setContentsMargins(18, 12, 18, 12)
        frame.setLayout(layout)
        return frame

    def _tile(self, key: str) -> QFrame:
        box = QVBoxLayout()
        for label in (self.kpi_titles[key], self.kpi_values[key], self.kpi_deltas[key], self.kpi_notes[key]):
            box.addWidget(label)
        return self._panel(box)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_scale(self.board.height())

    def _apply_scale(self, height: int) -> None:
        """Font sizes follow the wall's height: at 1080 px, KPI figures are 72 px and every text ≥ 22 px."""
        s = max(0.45, height / 1080)
        if abs(s - self._scale) < 0.01 and self.data is not None:
            return
        self._scale = s
        self.headline.setFont(_px(38 * s, bold=True))
        for label in (self.period_label, self.updated, self.legend):
            label.setFont(_px(24 * s))
        for key in KPIS:
            self.kpi_titles[key].setFont(_px(28 * s, bold=True))
            self.kpi_values[key].setFont(_px(72 * s, bold=True))
            self.kpi_deltas[key].setFont(_px(28 * s, bold=True))
            self.kpi_notes[key].setFont(_px(22 * s))
        for label in self.titles.values():
            label.setFont(_px(30 * s, bold=True))
        for name, when in self.alert_rows:
            name.setFont(_px(26 * s, bold=True))
            when.setFont(_px(22 * s))
        for button in self.buttons.values():
            button.setFont(_px(18 * s))
        for axis in ("left", "bottom"):
            item = self.plot.getPlotItem().getAxis(axis)
            item.setStyle(tickFont=_px(20 * s), tickTextOffset=int(8 * s))
            item.setTextPen(INK)
            item.setPen(MUTED)
        self.plot.getPlotItem().getAxis("bottom").setHeight(int(44 * s))
        self.plot.getPlotItem().getAxis("left").setWidth(int(80 * s))

    # -- language -------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.headline.setText(tr("dashboard.headline"))
        self.legend.setText(tr("dashboard.legend"))
        for key in KPIS:
            self.kpi_titles[key].setText(tr(f"dashboard.{key}"))
        for key, label in self.titles.items():
            label.setText(tr(f"dashboard.{key}"))
        for key, button in self.buttons.items():
            button.setText(tr(f"dashboard.{key}"))
        if self.data is not None:
            self._show(self.data)

    # -- data -----------------------------------------------------------------------------------------
    def set_context(self, project: Project | None, selection: Selection) -> None:
        """The wall shows the whole project, whatever the selection."""
        if project is not self.project:
            self.project = project
            self.refresh()

    def apply_changes(self, changes: Changes) -> None:
        if changes.counts or changes.alerts:
            self.refresh()

    def refresh(self) -> None:
        """Recompute on a worker thread; a refresh asked while one runs happens once it is done."""
        if self.project is None:
            return
        if self._handle is not None and self._handle.running:
            self._pending = True
            return
        project = self.project

        def job(progress: Progress, cancel: CancelToken) -> DashboardData:
            return dashboard_data(project)

        self._handle = self.runner.start(job, title=tr("dashboard.title"), on_done=self._show, parent=self, modal=False)

    def _on_task_finished(self, handle: TaskHandle[Any]) -> None:
        if handle is self._handle:
            self._handle = None
            if self._pending:
                self._pending = False
                self.refresh()

    def _on_tick(self) -> None:
        if any(h is not self._handle for h in self.runner.active()) and self.isVisible():
            self.refresh()

    def _show(self, data: DashboardData) -> None:
        self.data = data
        self.refreshed_at = datetime.now()
        self._apply_scale(self.board.height())
        self.updated.setText(tr("dashboard.updated", time=self.refreshed_at.strftime("%H:%M:%S")))
        self._update_period(data)
        self._update_kpis(data)
        self._update_bars(data)
        self._update_trend(data)
        self._update_heat(data)
        self._update_alerts(data)

    def _update_period(self, data: DashboardData) -> None:
        result = data.compared
        if result is None:
            self.period_label.setText("")
            return
        p, q = result.period, result.previous
        self.period_label.setText(tr("dashboard.period", grain=tr(f"dashboard.{result.grain}"),
                                     start=p.start.isoformat(),
                                     end=p.last_day.isoformat(), pstart=q.start.isoformat(),
                                     pend=q.last_day.isoformat()) + (tr("dashboard.partial") if result.partial else ""))

    def _update_kpis(self, data: DashboardData) -> None:
        cur, prev = data.current or data.kpis, data.previous
        values: dict[str, tuple[float | None, float | None]] = {
            "records": (cur.get("records"), prev.get("records")),
            "negative": (cur.get("negative_share"), prev.get("negative_share")),
            "dissatisfaction": (cur.get("dissatisfaction"), prev.get("dissatisfaction")),
            "alerts": (float(data.alerts_current), float(data.alerts_previous) if data.compared else None)}
        for key, (now, before) in values.items():
            self.kpi_values[key].setText(kpi_text(key, now))
            text, colour = delta_text(key, now, before)
            self.kpi_deltas[key].setText(text)
            self.kpi_deltas[key].setStyleSheet(f"color: {colour};")
        total = int(data.kpis.get("records") or 0)
        self.kpi_notes["records"].setText(tr("dashboard.total", n=f"{total:,}"))
        self.kpi_notes["negative"].setText(tr("dashboard.of_tagged", n=f"{int(cur.get('tagged') or 0):,}"))
        self.kpi_notes["dissatisfaction"].setText(tr("dashboard.of_tagged", n=f"{int(cur.get('tagged') or 0):,}"))
        self.kpi_notes["alerts"].setText(tr("dashboard.fired_all", n=f"{data.alerts:,}"))
        for label in self.kpi_notes.values():
            label.setStyleSheet(f"color: {MUTED};")

    def _update_bars(self, data: DashboardData) -> None:
        lang = language()
        self.frequent.set_bars([Bar(data.name(i.node, lang), i.count,
                                    f"{i.count:,}  " + tr("dashboard.negative_of", share=i.negative_share),
                                    i.negative_share) for i in data.frequent[:6]])
        self.rising.set_bars([Bar(data.name(i.node, lang), i.count, f"{i.previous:,} → {i.count:,}", 0.0,
                                  float(i.previous)) for i in data.rising[:6]], tr("dashboard.none"))
        self.impact.set_bars([Bar(data.name(b.node, lang), b.impact,
                                  tr("dashboard.impact_bar", v=b.impact, lo=b.low, hi=b.high),
                                  1.0 if b.low > 0 else 0.0) for b in data.impact[:4]], tr("dashboard.no_impact"))

    def _update_trend(self, data: DashboardData) -> None:
        import pyqtgraph as pg

        self.plot.clear()
        if not data.trend:
            return
        xs = [datetime(d.year, d.month, d.day).timestamp() for d, _, _ in data.trend]
        s = self._scale
        self.plot.plot(xs, [t for _, t, _ in data.trend], pen=pg.mkPen(BLUE, width=5 * s),
                       fillLevel=0, brush=pg.mkBrush(78, 168, 255, 40))
        self.plot.plot(xs, [n for _, _, n in data.trend], pen=pg.mkPen(RED, width=5 * s))
        totals = {d: t for d, t, _ in data.trend}
        rising = dict(data.rising_trend)
        if rising and data.rising_surge_weeks:  # the fastest-rising issue, where its surge shows
            self.plot.plot(xs, [rising.get(d, 0) for d, _, _ in data.trend], pen=pg.mkPen(AMBER, width=4 * s))
        self._mark_surges([(d, totals[d]) for d in data.surge_weeks], tr("dashboard.surge"))
        leaf = data.name(data.rising_node or "", language()).rsplit("/", 1)[-1]
        if data.rising_node and data.rising_surge_weeks:
            self._mark_surges([(d, rising.get(d, 0)) for d in data.rising_surge_weeks],
                              tr("dashboard.surge_of", node=leaf))
        self.legend.setText(tr("dashboard.legend") + (tr("dashboard.legend_rising", node=leaf)
                                                      if data.rising_node and data.rising_surge_weeks else ""))
        self.plot.setYRange(0, max(totals.values()) * 1.2, padding=0)
        months = sorted({d.replace(day=1) for d, _, _ in data.trend if d.day <= 7})
        self.plot.getPlotItem().getAxis("bottom").setTicks(
            [[(datetime(m.year, m.month, 1).timestamp(), tr("dashboard.month_tick", m=m.month,
                                                            y=m.year)) for m in months]])
        self.plot.getPlotItem().showGrid(y=True, alpha=0.15)

    def _mark_surges(self, points: list[tuple[Any, int]], text: str) -> None:
        """Diamonds on the weeks that rose like for like, the text over the highest one."""
        import pyqtgraph as pg

        if not points:
            return
        s = self._scale
        xy = [(datetime(d.year, d.month, d.day).timestamp(), float(y)) for d, y in points]
        self.plot.addItem(pg.ScatterPlotItem([x for x, _ in xy], [y for _, y in xy], symbol="d", size=26 * s,
                                             brush=pg.mkBrush(AMBER), pen=pg.mkPen(GROUND, width=2)))
        peak = max(xy, key=lambda p: p[1])
        xs = [datetime(d.year, d.month, d.day).timestamp() for d, _, _ in (self.data.trend if self.data else [])]
        span = (max(xs) - min(xs)) if len(xs) > 1 else 0.0
        # anchored by where the peak sits, so a label near either edge stays inside the plot
        label = pg.TextItem(text, color=AMBER, anchor=((peak[0] - min(xs)) / span if span else 0.5, 1.3))
        label.setFont(_px(26 * s, bold=True))
        label.setPos(*peak)
        self.plot.addItem(label)

    def _update_heat(self, data: DashboardData) -> None:
        self.heat.set_grid([data.name(i, language()) for i in data.issues], [channel_name(c) for c in data.channels],
                           [[data.heat_share(i, c) for c in data.channels] for i in data.issues])

    def _update_alerts(self, data: DashboardData) -> None:
        rows = data.latest_alerts[:len(self.alert_rows)]
        for i, (name, when) in enumerate(self.alert_rows):
            if i < len(rows):
                alert = rows[i]
                name.setText(f"<span style='color:{RED}'>●</span> {alert.rule}")
                when.setText(tr("dashboard.alert_line", time=alert.fired_at.strftime("%Y-%m-%d %H:%M"),
                                n=f"{alert.records:,}"))
                when.setStyleSheet(f"color: {MUTED};")
            else:
                name.setText(tr("dashboard.no_alerts") if i == 0 and not rows else "")
                when.setText("")

    # -- full screen, PNG -----------------------------------------------------------------------------
    def is_full_screen(self) -> bool:
        return self.full_window is not None

    def toggle_full_screen(self) -> None:
        """F11: the board alone on the whole screen; F11 or Esc brings it back into its panel."""
        if self.full_window is None:
            window = QWidget()
            window.setWindowTitle(tr("dashboard.headline"))
            window.setStyleSheet(f"background: {GROUND};")
            layout = QVBoxLayout(window)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.board)
            QShortcut(QKeySequence(Qt.Key.Key_Escape), window, self.toggle_full_screen)
            self.full_window = window
            window.showFullScreen()
            self.board.setFocus()
        else:
            window, self.full_window = self.full_window, None
            self.layout().addWidget(self.board)
            window.close()
            window.deleteLater()
        self._apply_scale(self.board.height())

    def save_png(self, path: str) -> bool:
        return bool(self.board.grab().save(path, "PNG"))

    def _on_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("dashboard.png"), "dashboard.png", "PNG (*.png)")
        if path:
            self.save_png(path)


def kpi_text(key: str, value: float | None) -> str:
    """A KPI tile's figure, as the wall shows it."""
    if value is None:
        return "—"
    if key == "negative":
        return f"{value:.1%}"
    if key == "dissatisfaction":
        return f"{value:.2f}"
    return f"{int(value):,}"


def delta_text(key: str, now: float | None, before: float | None) -> tuple[str, str]:
    """The change against the previous period and its colour (red when it got worse, green when better)."""
    if now is None or before is None:
        return "", MUTED
    diff = now - before
    if abs(diff) < (0.005 if key == "dissatisfaction" else 1e-12):
        return tr("dashboard.flat"), MUTED
    arrow = "▲" if diff > 0 else "▼"
    worse = (diff > 0) == BAD_WHEN_UP[key]
    colour = (RED if worse else GREEN) if key != "records" else BLUE
    if key == "negative":
        return tr("dashboard.vs_pp", arrow=arrow, v=abs(diff) * 100), colour
    if key == "records":
        return (tr("dashboard.vs_pct", arrow=arrow, v=abs(diff) / before) if before else tr("dashboard.new")), colour
    if key == "dissatisfaction":
        return tr("dashboard.vs_abs", arrow=arrow, v=f"{abs(diff):.2f}"), colour
    return tr("dashboard.vs_abs", arrow=arrow, v=f"{int(abs(diff)):,}"), colour


