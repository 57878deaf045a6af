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
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import ask, bind, bind_items, language, on_language_changed, tr
from ui.workers.runner import TaskRunner
from workbench.alerts.backtest import Backtest, backtest
from workbench.alerts.delivery import rise_lines
from workbench.alerts.evaluate import FiredAlert, configured_delivery, evaluate_alerts
from workbench.alerts.history import fired_alerts
from workbench.alerts.rules import PERIODS, add_rule, delete_rule, get_rule, list_rules, set_enabled
from workbench.changes import Changes
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.selection import Selection


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
        self.buttons = {k: QPushButton() for k in ("add", "run", "backtest", "toggle", "delete")}
        for key, button in self.buttons.items():
            bind(button.setText, f"alerts.{key}")
        self.last_fired: list[FiredAlert] = []
        self.last_backtest: Backtest | None = None
        self._build()
        unsubscribe = on_language_changed(self.refresh)
        self.destroyed.connect(lambda *_: unsubscribe())

    def _build(self) -> None:
        for kind in ("words", "surge", "dissatisfaction"):
            self.kind.addItem(kind, kind)
        bind_items(self.kind, "alerts.")
        for period in PERIODS:
            self.period.addItem(period, period)
        bind_items(self.period, "alerts.period.")
        form = QFormLayout()
        for key, widget in (("name", self.name), ("kind", self.kind), ("pattern", self.pattern),
                            ("exclude", self.exclude), ("channel", self.channel), ("z", self.z),
                            ("period", self.period)):
            label = QLabel()
            bind(label.setText, f"alerts.{key}")
            form.addRow(label, widget)
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal)
        for title, table in (("alerts.rules", self.rules), ("alerts.fired", self.fired)):
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            heading = QLabel()
            heading.setTextFormat(Qt.TextFormat.RichText)
            bind(lambda text, h=heading: h.setText(f"<b>{text}</b>"), title)
            col.addWidget(heading)
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

    def set_context(self, project: Project | None, selection: Selection) -> None:
        """The rules and fired alerts are the project's, whatever the selection."""
        if project is not self.project:
            self.project = project
            self.refresh()

    def apply_changes(self, changes: Changes) -> None:
        if changes.alerts or changes.records:
            self.refresh()

    def refresh(self) -> None:
        rules = list_rules(self.project) if self.project else []
        self._fill(self.rules, [tr("alerts.name"), tr("alerts.kind"), tr("alerts.params"), ""],
                   [[r.name, tr(f"alerts.{r.kind}"), _params(r.params),
                     tr("alerts.on") if r.enabled else tr("alerts.off")] for r in rules])
        entries = fired_alerts(self.project) if self.project else []
        lang = language()
        self._fill(self.fired, ["#", tr("alerts.name"), tr("alerts.time"), tr("alerts.count"), "→", tr("alerts.what")],
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
        self.runner.broadcast(Changes(alerts=True))  # an undoable action: Edit ▸ Undo names it

    def run(self) -> None:
        if self.project is None:
            return
        project = self.project

        def job(progress: Progress, cancel: CancelToken) -> list[FiredAlert]:
            return evaluate_alerts(project, configured_delivery(project), progress=progress, cancel=cancel)

        self.runner.start(job, title=tr("alerts.title"), on_done=self._on_ran, parent=self, modal=False,
                          changes=Changes(alerts=True))

    def _on_ran(self, fired: list[FiredAlert]) -> None:
        self.last_fired = fired
        self.message.setText(tr("alerts.ran", n=len(fired)))
        self.refresh()

    def run_backtest(self) -> None:
        name = self._selected_rule()
        if self.project is None or name is None:
            return
        project = self.project

        def job(progress: Progress, cancel: CancelToken) -> Backtest:
            return backtest(project, get_rule(project, name), cancel)

        self.runner.start(job, title=tr("alerts.backtest"), on_done=self._on_backtest, parent=self, modal=False)

    def _on_backtest(self, result: Backtest) -> None:
        self.last_backtest = result
        self.message.setText(tr("alerts.bt", rule=result.rule, days=len(result.days), weeks=len(result.weeks),
                                records=result.records))

    def _on_toggle(self) -> None:
        name = self._selected_rule()
        if self.project is not None and name is not None:
            set_enabled(self.project, name, not get_rule(self.project, name).enabled)
            self.refresh()
            self.runner.broadcast(Changes(alerts=True))  # an undoable action: Edit ▸ Undo names it

    def _on_delete(self) -> None:
        name = self._selected_rule()
        if self.project is None or name is None:
            return
        if ask(self, tr("alerts.title"), f"{tr('alerts.delete')} “{name}”?"):
            delete_rule(self.project, name)
            self.refresh()
            self.runner.broadcast(Changes(alerts=True))  # an undoable action: Edit ▸ Undo names it

    def _on_fired(self, row: int, _column: int) -> None:
        item = self.fired.item(row, 0)
        ids = item.data(Qt.ItemDataRole.UserRole) if item else None
        if ids:
            self.recordActivated.emit(int(ids[0]))


def _params(params: dict[str, Any]) -> str:
    shown = {k: v for k, v in params.items() if v not in (None, "") and k != "node_key"}
    return ", ".join(f"{k}={v}" for k, v in shown.items())
