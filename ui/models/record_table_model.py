"""A lazy table model over record ids: pages of ids and rows are fetched only as rows become visible.

ARCHITECTURE rule 6: the model knows the row count of the current filter; ids arrive a block at a time
(ordered by the sort column, ties by id) and their rows by primary key. Sorting re-queries; nothing is
sorted in memory. Blocks are cached in a small LRU so scrolling back is free and memory stays flat at
any table size.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.i18n import tr
from ui.theme import SENTIMENT_COLORS
from workbench.project import Project
from workbench.queries import records
from workbench.types import RecordFilter

Index = QModelIndex | QPersistentModelIndex
DEFAULT_COLUMNS = ("created_at", "channel", "product", "sentiment", "tags", "text")
BLOCK = 200
MAX_BLOCKS = 64
RecordIdRole = Qt.ItemDataRole.UserRole + 1


class RecordTableModel(QAbstractTableModel):
    """Rows are the records of a :class:`RecordFilter`; columns are names from ``records.COLUMNS``."""

    def __init__(self, project: Project | None = None, columns: tuple[str, ...] = DEFAULT_COLUMNS) -> None:
        super().__init__()
        self._project = project
        self._columns = tuple(c for c in columns if c in records.COLUMNS)
        self._filter = RecordFilter()
        self._order: tuple[str, bool] = ("created_at", True)
        self._total = 0
        self._blocks: OrderedDict[int, list[int]] = OrderedDict()
        self._rows: dict[int, dict[str, Any]] = {}
        self.fetches = 0  # how many block queries ran (tests and the benchmark read it)

    # -- query --------------------------------------------------------------------------------------
    def set_query(self, project: Project | None, flt: RecordFilter, total: int,
                  first: tuple[tuple[str, bool], list[int], dict[int, dict[str, Any]]] | None = None) -> None:
        """Show the ``total`` records of ``flt`` (the count comes from a background query).

        ``first`` = (order, ids, rows) seeds block 0 when it was read off the GUI thread in that same order.
        """
        self.beginResetModel()
        self._project, self._filter, self._total = project, flt, max(total, 0) if project else 0
        self._clear_cache()
        if first is not None and first[0] == self._order and all(
                set(self._columns) <= set(row) for row in first[2].values()):
            self._blocks[0] = first[1]
            self._rows.update(first[2])
        self.endResetModel()

    def shape(self) -> tuple[tuple[str, bool], tuple[str, ...], int]:
        """(order, columns, block size): what a background query needs to pre-read block 0."""
        return self._order, self._columns, BLOCK

    @property
    def filter(self) -> RecordFilter:
        return self._filter

    @property
    def columns(self) -> tuple[str, ...]:
        return self._columns

    def set_columns(self, columns: tuple[str, ...]) -> None:
        self.beginResetModel()
        self._columns = tuple(c for c in columns if c in records.COLUMNS)
        self._rows.clear()
        self.endResetModel()

    def record_id(self, row: int) -> int | None:
        """The record id shown on ``row`` (fetching its block if needed)."""
        if not 0 <= row < self._total:
            return None
        ids = self._block(row // BLOCK)
        offset = row % BLOCK
        return ids[offset] if offset < len(ids) else None

    @property
    def project(self) -> Project | None:
        return self._project

    def refresh_records(self, record_ids: Iterable[int]) -> None:
        """Read the cached rows of ``record_ids`` again (their tags changed) and repaint them in place."""
        cached = {rid for rid in record_ids if rid in self._rows}
        if self._project is None or not cached:
            return
        self._rows.update(records.fetch_rows(self._project, sorted(cached), ("id", *self._columns)))
        rows = [offset + number * BLOCK for number, ids in self._blocks.items()
                for offset, rid in enumerate(ids) if rid in cached]
        last = max(len(self._columns) - 1, 0)
        for row in rows:
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def refresh(self) -> None:
        """Drop cached rows (after tags changed) and repaint."""
        self.beginResetModel()
        self._clear_cache()
        self.endResetModel()

    def _clear_cache(self) -> None:
        self._blocks.clear()
        self._rows.clear()

    def _block(self, number: int) -> list[int]:
        ids = self._blocks.get(number)
        if ids is not None:
            self._blocks.move_to_end(number)
            return ids
        assert self._project is not None
        order, desc = self._order
        ids = records.page_ids(self._project, self._filter, order, desc, number * BLOCK, BLOCK)
        self._rows.update(records.fetch_rows(self._project, ids, ("id", *self._columns)))
        self.fetches += 1
        self._blocks[number] = ids
        while len(self._blocks) > MAX_BLOCKS:
            _, old = self._blocks.popitem(last=False)
            for rid in old:
                self._rows.pop(rid, None)
        return ids

    # -- Qt model -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return tr(f"col.{self._columns[section]}")
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._total or not 0 <= index.column() < len(self._columns):
            return None
        rid = self.record_id(index.row())
        if rid is None:
            return None
        if role == RecordIdRole:
            return rid
        row = self._rows.get(rid)
        if row is None:
            return None
        name = self._columns[index.column()]
        return _cell(name, row.get(name), role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns) or self._columns[column] not in records.SORTABLE:
            return
        self.beginResetModel()
        self._order = (self._columns[column], order == Qt.SortOrder.DescendingOrder)
        self._clear_cache()
        self.endResetModel()

    def sort_order(self) -> tuple[str, bool]:
        return self._order


def _cell(name: str, value: Any, role: int) -> Any:
    if role == Qt.ItemDataRole.DisplayRole:
        return _display(name, value)
    if role == Qt.ItemDataRole.ToolTipRole and name in ("text", "tags") and value:
        return str(value)[:1000]
    if role == Qt.ItemDataRole.ForegroundRole and name == "sentiment" and value in SENTIMENT_COLORS:
        from PySide6.QtGui import QColor
        return QColor(SENTIMENT_COLORS[value])
    if role == Qt.ItemDataRole.TextAlignmentRole and name in ("id", "rating", "dissatisfaction", "confidence"):
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return None


def _display(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if name == "sentiment":
        return tr(f"sent.{value}")
    if name == "text":
        return " ".join(str(value).split())[:300]
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, bool):
        return "✓" if value else ""
    return str(value)
