"""The dashboard (大屏): KPIs, TOP and rising issues, the weekly trend and an issues × channels heat map,
large enough for a meeting-room screen; refreshes after imports and tagging, exports as PNG."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import on_language_changed, pick
from ui.workers.runner import TaskRunner
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.store.dashboard import DashboardData, dashboard_data

TEXT = {"records": ("反馈总量", "Records"), "negative": ("负面占比", "Negative share"),
        "dissatisfaction": ("平均不满度", "Mean dissatisfaction"), "alerts": ("已触发预警", "Alerts fired"),
        "frequent": ("最近完整周期的高频问题", "Most frequent, latest complete period"),
        "rising": ("较上一周期上升最快", "Fastest rising vs the period before"),
        "trend": ("每周反馈量（红色为负面）", "Records per week (red: negative)"),
        "heat": ("问题 × 渠道", "Issues × channels"), "refresh": ("刷新", "Refresh"),
        "png": ("导出 PNG", "Export PNG"),
        "frequent_in": ("高频问题：{grain} {start} ~ {end}", "Most frequent: {grain} {start} – {end}"),
        "rising_vs": ("上升最快：对比 {pstart} ~ {pend}", "Fastest rising: vs {pstart} – {pend}"),
        "partial": ("（本期未满，与此前同样天数对比）", " (partial period, vs the same days before it)"),
        "day": ("日", "day"), "week": ("周", "week"), "month": ("月", "month"),
        "title": ("大屏", "Dashboard"), "none": ("没有显著上升的问题", "No significant rise")}


def _t(key: str, **fmt: object) -> str:
    return pick(TEXT, key, **fmt)


class DashboardView(QWidget):
    """Renders a :class:`DashboardData`; ``data`` holds the last one shown."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self.runner = runner
        self.project: Project | None = None
        self.data: DashboardData | None = None
        self.kpi_values = {k: QLabel("—") for k in ("records", "negative", "dissatisfaction", "alerts")}
        self.kpi_titles = {k: QLabel(_t(k)) for k in self.kpi_values}
        self.frequent, self.rising = QListWidget(), QListWidget()
        self.heat = QTableWidget()
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        self.plot.setBackground("w")
        self.titles = {k: QLabel() for k in ("frequent", "rising", "trend", "heat")}
        self.buttons = {k: QPushButton(_t(k)) for k in ("refresh", "png")}
        self._build()
        self.retranslate()
        unsubscribe = on_language_changed(self.retranslate)
        self.destroyed.connect(lambda *_: unsubscribe())

    def _build(self) -> None:
        big = QFont()
        big.setPointSize(22)
        big.setBold(True)
        kpis = QHBoxLayout()
        for key, value in self.kpi_values.items():
            value.setFont(big)
            box = QVBoxLayout()
            box.addWidget(self.kpi_titles[key])
            box.addWidget(value)
            kpis.addLayout(box)
        kpis.addStretch(1)
        for button in self.buttons.values():
            kpis.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        grid = QGridLayout()
        for col, (key, widget) in enumerate((("frequent", self.frequent), ("rising", self.rising))):
            grid.addWidget(self.titles[key], 0, col)
            grid.addWidget(widget, 1, col)
        grid.addWidget(self.titles["trend"], 0, 2)
        grid.addWidget(self.plot, 1, 2)
        grid.addWidget(self.titles["heat"], 2, 0, 1, 3)
        grid.addWidget(self.heat, 3, 0, 1, 3)
        grid.setColumnStretch(2, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(kpis)
        layout.addLayout(grid, 1)
        self.heat.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.buttons["refresh"].clicked.connect(self.refresh)
        self.buttons["png"].clicked.connect(self._on_png)

    def retranslate(self) -> None:
        for key, label in self.kpi_titles.items():
            label.setText(_t(key))
        for key, label in self.titles.items():
            label.setText(f"<b>{_t(key)}</b>")
        if self.data is not None:
            self._update_captions(self.data)
        for key, button in self.buttons.items():
            button.setText(_t(key))
        if self.data is not None:
            self._show(self.data)

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.refresh()

    def refresh(self) -> None:
        if self.project is None:
            return
        project = self.project

        def job(progress: Progress, cancel: CancelToken) -> DashboardData:
            return dashboard_data(project)

        self.runner.start(job, title=_t("title"), on_done=self._show, parent=self, modal=False)

    def _show(self, data: DashboardData) -> None:
        self.data = data
        k = data.kpis
        self.kpi_values["records"].setText(f"{int(k.get('records') or 0):,}")
        neg = k.get("negative_share")
        self.kpi_values["negative"].setText("—" if neg is None else f"{neg:.1%}")
        dis = k.get("dissatisfaction")
        self.kpi_values["dissatisfaction"].setText("—" if dis is None else f"{dis:.2f}")
        self.kpi_values["alerts"].setText(f"{data.alerts:,}")
        self.frequent.clear()
        for item in data.frequent:
            self.frequent.addItem(f"{item.node}  {item.count:,}  ({item.negative_share:.0%} −)")
        self.rising.clear()
        for item in data.rising:
            self.rising.addItem(f"{item.node}  {item.previous:,} → {item.count:,}")
        if not data.rising:
            self.rising.addItem(_t("none"))
        self._update_trend(data)
        self._update_heat(data)
        self._update_captions(data)

    def _update_captions(self, data: DashboardData) -> None:
        """Name the periods the TOP lists compared (the same choice as `top` and the default report)."""
        result = data.compared
        if result is None:
            return
        p, q = result.period, result.previous
        partial = _t("partial") if result.partial else ""
        self.titles["frequent"].setText("<b>" + _t("frequent_in", grain=_t(result.grain), start=p.start.isoformat(),
                                                   end=p.last_day.isoformat()) + partial + "</b>")
        self.titles["rising"].setText("<b>" + _t("rising_vs", pstart=q.start.isoformat(),
                                                 pend=q.last_day.isoformat()) + "</b>")

    def _update_trend(self, data: DashboardData) -> None:
        from datetime import datetime

        import pyqtgraph as pg

        self.plot.clear()
        xs = [datetime(d.year, d.month, d.day).timestamp() for d, _, _ in data.trend]
        self.plot.plot(xs, [t for _, t, _ in data.trend], pen=pg.mkPen("#2F6DB5", width=2))
        self.plot.plot(xs, [n for _, _, n in data.trend], pen=pg.mkPen("#D9534F", width=2))

    def _update_heat(self, data: DashboardData) -> None:
        self.heat.clear()
        self.heat.setRowCount(len(data.issues))
        self.heat.setColumnCount(len(data.channels))
        self.heat.setVerticalHeaderLabels(data.issues)
        self.heat.setHorizontalHeaderLabels(data.channels)
        top = max(data.heat.values(), default=0) or 1
        for y, issue in enumerate(data.issues):
            for x, channel in enumerate(data.channels):
                n = data.heat.get((issue, channel), 0)
                cell = QTableWidgetItem(f"{n:,}")
                shade = int(255 - 150 * n / top)
                cell.setBackground(QColor(255, shade, shade))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.heat.setItem(y, x, cell)

    def save_png(self, path: str) -> bool:
        return bool(self.grab().save(path, "PNG"))

    def _on_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, _t("png"), "dashboard.png", "PNG (*.png)")
        if path:
            self.save_png(path)
