"""The customer view: every record of one customer across channels and time, repeat contacts flagged.

Opened from the customer link in the record detail; double-click a contact to show it there.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ui.i18n import tr
from ui.theme import SENTIMENT_COLORS
from ui.workers.runner import TaskRunner
from workbench.changes import Changes
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.queries.customers import REPEAT_DAYS, CustomerHistory, customer_history
from workbench.selection import Selection

COLUMNS = ("time", "channel", "sentiment", "issues", "repeat", "text")


class CustomerView(QWidget):
    """Call :meth:`show_customer`; emits ``recordActivated(record_id)`` on a double-click."""

    recordActivated = Signal(int)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.history: CustomerHistory | None = None
        self.project: Project | None = None
        self.summary = QLabel(tr("customer.empty"))
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(self._on_double_click)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([tr(f"customer.{c}") for c in COLUMNS])
        if self.history is not None:
            self._fill(self.history)
        else:
            self.summary.setText(tr("customer.empty"))

    def set_context(self, project: Project | None, selection: Selection) -> None:
        """A customer's contacts are the project's, whatever the selection; another project clears them."""
        if project is not self.project:
            self.project, self.history = project, None
            self.table.setRowCount(0)
            self.summary.setText(tr("customer.empty"))

    def apply_changes(self, changes: Changes) -> None:
        if self.history is not None and (changes.records or changes.tags):
            self.show_customer(self.project, self.history.key)

    def show_customer(self, project: Project | None, key: str) -> None:
        """Load the customer's contacts on a worker thread, then show them."""
        if project is None or not key:
            return
        self.project = project

        def job(progress: Progress, cancel: CancelToken) -> CustomerHistory:
            return customer_history(project, key)

        self.runner.start(job, title=key, on_done=self._fill, parent=self, modal=False)

    def _fill(self, history: CustomerHistory) -> None:
        self.history = history
        by_size = sorted(history.channels.items(), key=lambda kv: -kv[1])
        channels = tr("customer.sep").join(f"{k} {v}" for k, v in by_size)
        text = tr("customer.summary", who=history.key, n=history.total, channels=channels, neg=history.negative,
                  rep=history.repeats, days=REPEAT_DAYS)
        if history.total > len(history.contacts):
            text += tr("customer.more", shown=len(history.contacts), total=history.total)
        self.summary.setText(text)
        self.table.setRowCount(len(history.contacts))
        for row, c in enumerate(history.contacts):
            sentiment = tr(f"sent.{c.sentiment}") if c.sentiment else ""
            cells = [f"{c.created_at:%Y-%m-%d %H:%M}" if c.created_at else "", c.channel, sentiment,
                     " | ".join(c.paths), tr("customer.yes") if c.repeat else "", c.text.replace("\n", " ")[:200]]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, c.record_id)
                if col == 2 and c.sentiment:
                    item.setForeground(QColor(SENTIMENT_COLORS.get(c.sentiment, "#888")))
                if col == 4 and c.repeat:
                    item.setForeground(QColor(SENTIMENT_COLORS["negative"]))
                self.table.setItem(row, col, item)

    def _on_double_click(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.recordActivated.emit(int(item.data(Qt.ItemDataRole.UserRole)))
