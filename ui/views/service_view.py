"""The Service view: agent scorecards, an SOP heat map, the diagnosis, and the worst conversations.

The analysis runs in the core (``workbench.service.run.analyze_service``) through the task runner;
the view only lays out what comes back. Activating a conversation emits its record id so the main
window can open it in the record detail panel.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import bind, has_text, language, on_language_changed, tr
from ui.models.service_score_model import ServiceScoreModel, SortRole
from ui.workers.runner import TaskRunner
from workbench.changes import Changes
from workbench.progress import CancelToken, Progress
from workbench.project import Project
from workbench.selection import Selection
from workbench.service.run import ServiceResult, analyze_service
from workbench.types import RecordFilter

ITEMS = ("greeting", "identity_check", "empathy", "solution", "confirmation", "closing")


class ServiceView(QWidget):
    """Scorecards over the current filter; emits ``recordActivated(record_id)``."""

    recordActivated = Signal(int)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.project: Project | None = None
        self.filter = RecordFilter()
        self.result: ServiceResult | None = None
        self.model = ServiceScoreModel()
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(SortRole)
        self.table = QTableView()
        self.table.setModel(proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.heat, self.worst = QTableWidget(), QTableWidget()
        self.diagnosis = QLabel(tr("service.empty"))
        self.diagnosis.setWordWrap(True)
        self.by = QComboBox()
        self.run_button = QPushButton(tr("service.run"))
        self._build()
        unsubscribe = on_language_changed(self.retranslate)
        self.destroyed.connect(lambda *_: unsubscribe())

    def _build(self) -> None:
        for key in ("agent", "team", "day"):
            self.by.addItem(tr(f"service.{key}"), key)
        bar = QHBoxLayout()
        bar.addWidget(self.run_button)
        by_label = QLabel()
        bind(by_label.setText, "service.by")
        bar.addWidget(by_label)
        bar.addWidget(self.by)
        bar.addStretch(1)
        lower = QSplitter(Qt.Orientation.Horizontal)
        for title, widget in (("service.sop", self.heat), ("service.worst", self.worst)):
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            heading = QLabel()
            heading.setTextFormat(Qt.TextFormat.RichText)
            bind(lambda text, h=heading: h.setText(f"<b>{text}</b>"), title)
            col.addWidget(heading)
            col.addWidget(widget)
            lower.addWidget(box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.diagnosis)
        layout.addWidget(split, 1)
        self.run_button.clicked.connect(self.analyse)
        self.by.currentIndexChanged.connect(self.analyse)
        self.worst.cellDoubleClicked.connect(self._on_worst)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_worst())
        self.worst.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.heat.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def set_context(self, project: Project | None, selection: Selection) -> None:
        """Scorecards cover the filtered conversations of every node; another project or filter clears them."""
        flt = selection.table_filter().with_(node_key=None)
        if project is not self.project or flt != self.filter:
            self.project, self.filter = project, flt
            self._clear()

    def apply_changes(self, changes: Changes) -> None:
        if changes.records or changes.tags or changes.project:
            self._clear()

    def _clear(self) -> None:
        """Nothing analysed: no scorecards, no heat map, no worst conversations."""
        self.result = None
        self.model.set_rows([])
        self.diagnosis.setText(tr("service.empty"))
        self._update_heat()
        self._update_worst()

    def analyse(self) -> None:
        """Run the analysis on a worker; the UI stays responsive."""
        if self.project is None:
            return
        project, by, flt = self.project, self.by.currentData(), self.filter

        def job(progress: Progress, cancel: CancelToken) -> ServiceResult:
            return analyze_service(project, by, flt, progress, cancel)

        self.run_button.setEnabled(False)
        handle = self.runner.start(job, title=tr("service.title"), on_done=self._update_result, parent=self,
                                   modal=False)
        handle.finished.connect(lambda: self.run_button.setEnabled(True))

    def _update_result(self, result: ServiceResult) -> None:
        self.result = result
        self.model.set_rows(result.rows)
        self.table.resizeColumnsToContents()
        self.diagnosis.setText(result.diagnosis(language()) if result.reports else tr("service.none"))
        self._update_heat()
        self._update_worst()

    def _update_heat(self) -> None:
        rows = self.result.rows if self.result else []
        self.heat.setRowCount(len(rows))
        self.heat.setColumnCount(len(ITEMS))
        self.heat.setHorizontalHeaderLabels([tr(f"service.item.{i}") for i in ITEMS])
        self.heat.setVerticalHeaderLabels([r.key for r in rows])
        for y, row in enumerate(rows):
            for x, item in enumerate(ITEMS):
                rate = row.items.get(item)
                cell = QTableWidgetItem("—" if rate is None else f"{rate:.0%}")
                if rate is not None:
                    cell.setBackground(QColor(int(230 - 130 * rate), int(120 + 110 * rate), 120))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.heat.setItem(y, x, cell)

    def selected_key(self) -> str | None:
        """The agent (team, day) of the selected scorecard row, if any."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.table.model().mapToSource(rows[0])  # type: ignore[attr-defined]
        return self.model.rows[source.row()].key if 0 <= source.row() < len(self.model.rows) else None

    def _update_worst(self) -> None:
        """The worst conversations overall, or of the selected scorecard row (drill-down)."""
        key = self.selected_key()
        ids = set(next((r.record_ids for r in self.model.rows if r.key == key), [])) if key else None
        reports = self.result.worst(10**9) if self.result else []
        worst = [r for r in reports if ids is None or r.conversation.record_id in ids][:50]
        self.worst.setRowCount(len(worst))
        self.worst.setColumnCount(4)
        self.worst.setHorizontalHeaderLabels([tr(f"service.col.{c}") for c in ("id", "agent", "outcome",
                                                                                "dissatisfaction")])
        for y, rep in enumerate(worst):
            status = rep.outcome.status
            values = (rep.conversation.record_id, rep.conversation.primary_agent or "—",
                      tr(f"service.outcome.{status}") if has_text(f"service.outcome.{status}") else status,
                      f"{rep.outcome.dissatisfaction_end:.2f}")
            for x, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setData(Qt.ItemDataRole.UserRole, rep.conversation.record_id)
                self.worst.setItem(y, x, item)

    def _on_worst(self, row: int, _column: int) -> None:
        item = self.worst.item(row, 0)
        if item is not None:
            self.recordActivated.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def retranslate(self) -> None:
        self.run_button.setText(tr("service.run"))
        for i, key in enumerate(("agent", "team", "day")):
            self.by.setItemText(i, tr(f"service.{key}"))
        if self.result is None:
            self._clear()
        else:
            self._update_result(self.result)
