"""The Alerts panel: rules (add, enable, delete), run now, back-test, and the alerts that fired.

Every action is a core call (``workbench.alerts``) run through the task runner; double-clicking a fired
alert opens its first record.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import language, on_language_changed, pick
from ui.workers.runner import TaskRunner
from workbench.alerts.backtest import Backtest, backtest
from workbench.alerts.delivery import rise_lines
from workbench.alerts.evaluate import FiredAlert, configured_delivery, evaluate_alerts
from workbench.alerts.history import fired_alerts
from workbench.alerts.rules import PERIODS, add_rule, delete_rule, get_rule, list_rules, set_enabled
from workbench.progress import CancelToken, Progress
from workbench.project import Project

TEXT = {
    "bt": ("“{rule}”在历史数据上会触发 {days} 次（分布在 {weeks} 周），涉及 {records} 条记录。",
           "“{rule}” would have fired {days} times (in {weeks} weeks), over {records} records."),
    "name": ("规则名", "Name"),
    "kind": ("类型", "Kind"),
    "words": ("敏感词 / 正则", "Words / regex"),
    "surge": ("激增（问题路径）", "Surge (issue path)"),
    "dissatisfaction": ("不满度激增", "Dissatisfaction spike"),
    "pattern": ("正则或问题路径", "Regex or issue path"),
    "exclude": ("排除（正则，可空）", "Exclude (regex, optional)"),
    "channel": ("渠道（可空）", "Channel (optional)"),
    "z": ("阈值 z", "Threshold z"),
    "add": ("添加规则", "Add rule"),
    "run": ("立即运行", "Run now"),
    "backtest": ("回测所选规则", "Back-test selected"),
    "toggle": ("启用/停用", "Enable/disable"),
    "delete": ("删除", "Delete"),
    "title": ("预警", "Alerts"),
    "rules": ("规则", "Rules"),
    "fired": ("已触发（双击打开记录）", "Fired (double-click to open a record)"),
    "ran": ("触发 {n} 条预警。", "{n} alert(s) fired."),
    "on": ("启用", "on"),
    "off": ("停用", "off"),
    "params": ("参数", "Parameters"),
    "period": ("对比周期", "Compare by"),
    "auto": ("自动（按数据跨度）", "Auto (from the data's span)"),
    "day": ("日", "Day"), "week": ("周", "Week"), "month": ("月", "Month"),
    "time": ("时间", "Time"), "n": ("条数", "Records"), "what": ("内容", "What rose"),
}


def _t(key: str, **fmt: object) -> str:
    return pick(TEXT, key, **fmt)


class AlertsView(QWidget):
    """Emits ``recordActivated(record_id)`` when a fired alert is opened."""

    recordActivated = Signal(int)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.project: Project | None = None
        self.name, self.pattern, self.exclude, self.channel = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.kind, self.z, self.period = QComboBox(), QDoubleSpinBox(), QComboBox()
        self.z.setRange(1.0, 10.0)
        self.z.setValue(3.0)
        self.rules, self.fired = QTableWidget(), QTableWidget()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = {k: QPushButton(_t(k)) for k in ("add", "run", "backtest", "toggle", "delete")}
        self.last_fired: list[FiredAlert] = []
        self.last_backtest: Backtest | None = None
        self._build()
        unsubscribe = on_language_changed(self.refresh)
        self.destroyed.connect(lambda *_: unsubscribe())

    def _build(self) -> None:
        for kind in ("words", "surge", "dissatisfaction"):
            self.kind.addItem(_t(kind), kind)
        for period in PERIODS:
            self.period.addItem(_t(period), period)
        form = QFormLayout()
        for key, widget in (("name", self.name), ("kind", self.kind), ("pattern", self.pattern),
                            ("exclude", self.exclude), ("channel", self.channel), ("z", self.z),
                            ("period", self.period)):
            form.addRow(_t(key), widget)
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal)
        for title, table in ((_t("rules"), self.rules), (_t("fired"), self.fired)):
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.addWidget(QLabel(f"<b>{title}</b>"))
            col.addWidget(table)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
            split.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self.buttons["add"].clicked.connect(self.add)
        self.buttons["run"].clicked.connect(self.run)
        self.buttons["backtest"].clicked.connect(self.run_backtest)
        self.buttons["toggle"].clicked.connect(self._on_toggle)
        self.buttons["delete"].clicked.connect(self._on_delete)
        self.fired.cellDoubleClicked.connect(self._on_fired)

    def set_project(self, project: Project | None) -> None:
        if project is not self.project:
            self.project = project
            self.refresh()

    def refresh(self) -> None:
        rules = list_rules(self.project) if self.project else []
        self._fill(self.rules, [_t("name"), _t("kind"), _t("params"), ""],
                   [[r.name, _t(r.kind), _params(r.params), _t("on") if r.enabled else _t("off")] for r in rules])
        entries = fired_alerts(self.project) if self.project else []
        lang = language()
        self._fill(self.fired, ["#", _t("name"), _t("time"), _t("n"), "→", _t("what")],
                   [[e.alert_id, e.rule, e.fired_at.strftime("%Y-%m-%d %H:%M"), len(e.record_ids), e.delivered or "—",
                     " ".join(rise_lines(e.detail, lang))] for e in entries], data=[e.record_ids for e in entries])

    @staticmethod
    def _fill(table: QTableWidget, headers: list[str], rows: list[list[Any]], data: list[Any] | None = None) -> None:
        table.clear()
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(rows))
        for y, row in enumerate(rows):
            for x, value in enumerate(row):
                item = QTableWidgetItem(str(value))
                if data is not None:
                    item.setData(Qt.ItemDataRole.UserRole, data[y])
                table.setItem(y, x, item)
        table.resizeColumnsToContents()

    def _selected_rule(self) -> str | None:
        row = self.rules.currentRow()
        item = self.rules.item(row, 0) if row >= 0 else None
        return item.text() if item else None

    def add(self) -> None:
        if self.project is None:
            return
        kind, pattern = self.kind.currentData(), self.pattern.text().strip()
        params: dict[str, Any] = {"z": self.z.value(), "period": self.period.currentData()}
        if kind == "words":
            params = {"regex": pattern, "exclude": self.exclude.text().strip() or None,
                      "channel": self.channel.text().strip() or None}
        elif pattern:
            params["node"] = pattern
        try:
            add_rule(self.project, self.name.text().strip(), kind, params)
        except Exception as exc:
            self.runner.report_error(exc, self)
            return
        self.refresh()

    def run(self) -> None:
        if self.project is None:
            return
        project = self.project

        def job(progress: Progress, cancel: CancelToken) -> list[FiredAlert]:
            return evaluate_alerts(project, configured_delivery(project), progress=progress, cancel=cancel)

        self.runner.start(job, title=_t("title"), on_done=self._on_ran, parent=self, modal=False)

    def _on_ran(self, fired: list[FiredAlert]) -> None:
        self.last_fired = fired
        self.message.setText(_t("ran", n=len(fired)))
        self.refresh()

    def run_backtest(self) -> None:
        name = self._selected_rule()
        if self.project is None or name is None:
            return
        project = self.project

        def job(progress: Progress, cancel: CancelToken) -> Backtest:
            return backtest(project, get_rule(project, name), cancel)

        self.runner.start(job, title=_t("backtest"), on_done=self._on_backtest, parent=self, modal=False)

    def _on_backtest(self, result: Backtest) -> None:
        self.last_backtest = result
        self.message.setText(_t("bt", rule=result.rule, days=len(result.days), weeks=len(result.weeks),
                                records=result.records))

    def _on_toggle(self) -> None:
        name = self._selected_rule()
        if self.project is not None and name is not None:
            set_enabled(self.project, name, not get_rule(self.project, name).enabled)
            self.refresh()

    def _on_delete(self) -> None:
        name = self._selected_rule()
        if self.project is None or name is None:
            return
        if QMessageBox.question(self, _t("title"), f"{_t('delete')} “{name}”?") == QMessageBox.StandardButton.Yes:
            delete_rule(self.project, name)
            self.refresh()

    def _on_fired(self, row: int, _column: int) -> None:
        item = self.fired.item(row, 0)
        ids = item.data(Qt.ItemDataRole.UserRole) if item else None
        if ids:
            self.recordActivated.emit(int(ids[0]))


def _params(params: dict[str, Any]) -> str:
    shown = {k: v for k, v in params.items() if v not in (None, "") and k != "node_key"}
    return ", ".join(f"{k}={v}" for k, v in shown.items())
