"""The Review panel's agreement table: κ per node, analyst vs machine and analyst vs analyst.

Double-clicking a row lists the records where the two sides disagree on that node; clicking one of them
emits ``recordActivated(id)`` (the detail panel shows it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ui.i18n import tr
from workbench.project import Project
from workbench.tagging.agreement import Agreement, NodeAgreement, Pairs, agreement, disagreements

COLUMNS = ("pairs", "issue", "kappa", "agreement", "differ", "records")


def _k(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


class AgreementView(QWidget):
    """Emits ``recordActivated(id)`` for a disagreeing record the analyst picked."""

    recordActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.rows: list[NodeAgreement] = []
        self.title, self.overall = QLabel(), QLabel()
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.records_title, self.records = QLabel(), QListWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.overall, self.table, self.records_title, self.records):
            layout.addWidget(widget)
        self.table.cellDoubleClicked.connect(self._on_row_activated)
        self.records.itemActivated.connect(self._on_record)
        self.records.itemClicked.connect(self._on_record)

    def refresh(self, project: Project | None) -> None:
        """Recompute from the label history (reads only; runs on the GUI thread: it is small)."""
        self.project = project
        result: Agreement | None = agreement(project) if project is not None else None
        self.rows = result.per_node if result else []
        self.title.setText(tr("agreement.title"))
        if result is None or not result.n:
            self.overall.setText(tr("agreement.none"))
        else:
            text = tr("agreement.overall", k=_k(result.kappa), n=result.n)
            if result.analyst_n:
                text += tr("agreement.analysts", k=_k(result.analyst_kappa), a=_k(result.analyst_alpha),
                           n=result.analyst_n)
            self.overall.setText(text)
        self.table.setHorizontalHeaderLabels([tr(f"agreement.col.{c}") for c in COLUMNS])
        self.table.setRowCount(len(self.rows))
        for r, q in enumerate(self.rows):
            cells = (tr(f"agreement.{q.pairs}"), q.node, _k(q.kappa), f"{q.agreement:.0%}", f"{q.disagreements:,}",
                     f"{q.n:,}")
            for c, value in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.records.clear()
        self.records_title.clear()

    def show_disagreements(self, row: int) -> list[int]:
        """List the records where the sides of ``row`` disagree; returns their ids."""
        if self.project is None or not 0 <= row < len(self.rows):
            return []
        q = self.rows[row]
        pairs: Pairs = q.pairs
        ids = disagreements(self.project, q.node, pairs)
        self.records_title.setText(tr("agreement.records", node=q.node, n=len(ids)))
        self.records.clear()
        for rid in ids:
            item = QListWidgetItem(f"#{rid}")
            item.setData(Qt.ItemDataRole.UserRole, rid)
            self.records.addItem(item)
        return ids

    def _on_row_activated(self, row: int, _column: int) -> None:
        self.show_disagreements(row)

    def _on_record(self, item: QListWidgetItem) -> None:
        self.recordActivated.emit(int(item.data(Qt.ItemDataRole.UserRole)))
