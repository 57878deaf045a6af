"""The verbatim table: a QTableView over :class:`RecordTableModel`; emits the current record id."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView, QVBoxLayout, QWidget

from ui.i18n import tr
from ui.models.record_table_model import DEFAULT_COLUMNS, RecordTableModel
from workbench.changes import Changes
from workbench.project import Project
from workbench.queries import records
from workbench.selection import Selection


class RecordTableView(QWidget):
    """Emits ``recordSelected(record_id)`` (None when the selection is cleared)."""

    recordSelected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RecordTableModel()
        self._project: Project | None = None
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.model.modelReset.connect(self._update_widths)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self._update_widths()

    def set_context(self, project: Project | None, selection: Selection) -> None:
        """The rows arrive from the window's queries; another project empties the table until they do."""
        if project is not self._project:
            self._project = project
            self.model.set_query(None, selection.table_filter(), 0)

    def apply_changes(self, changes: Changes) -> None:
        """Tags of known records changed: redraw those rows in place (the selection and scroll stay)."""
        if changes.tags and changes.record_ids and not changes.records:
            self.model.refresh_records(changes.record_ids)

    def retranslate(self) -> None:
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(self.model.columnCount() - 1, 0))

    def current_record(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.recordSelected.emit(self.model.record_id(current.row()) if current.isValid() else None)

    def _update_widths(self) -> None:
        widths = {"created_at": 128, "channel": 80, "sentiment": 56, "tags": 170, "text": 520, "id": 56, "rating": 48}
        for i, name in enumerate(self.model.columns):
            self.table.setColumnWidth(i, widths.get(name, 80))

    def _on_header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        shown = set(self.model.columns)
        for name in records.COLUMNS:
            action = QAction(tr(f"col.{name}"), menu)
            action.setCheckable(True)
            action.setChecked(name in shown)
            action.toggled.connect(lambda on, n=name: self._toggle_column(n, on))
            menu.addAction(action)
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _toggle_column(self, name: str, on: bool) -> None:
        cols = [c for c in self.model.columns if c != name]
        if on:
            order = list(records.COLUMNS)
            cols.append(name)
            cols.sort(key=lambda c: (DEFAULT_COLUMNS.index(c) if c in DEFAULT_COLUMNS else 99, order.index(c)))
        if cols:
            self.model.set_columns(tuple(cols))
